// cgroupfs driver where systemd manages cgroups, or a kubelet/containerd driver mismatch.
import * as path from 'node:path';
import type { Rule } from '../rule';
import type { FileSystem } from '../../core/workspace';
import { walkWorkspace } from '../../core/walker';
import { defineFact } from '../../core/facts';
import { effective, kubeletSettings } from '../../lang/kubelet/settings';
import { declaredK8sVersion } from '../../lang/kubelet/version';
import { KUBELET_KINDS, label, setValueEdit, versionNote } from './kubeletCommon';

export interface ContainerdCgroup { file: string; systemd: boolean; configVersion: number | undefined }

/** containerd config.toml files of the workspace that state SystemdCgroup for runc. */
export function containerdConfigs(fs: FileSystem, root: string): ContainerdCgroup[] {
  const out: ContainerdCgroup[] = [];
  walkWorkspace(fs, root, { maxDepth: 5, maxEntries: 2000 }, (p, name) => {
    if (!name.endsWith('.toml') || (fs.size(p) ?? 0) > 128 * 1024) return;
    const t = fs.readText(p);
    if (!t || !/io\.containerd/.test(t)) return;
    // `[ \t]*`, not `\s*`: with /m, `^\s*` would run over every blank line after each line start.
    const m = /^[ \t]*SystemdCgroup[ \t]*=[ \t]*(true|false)[ \t]*\r?$/m.exec(t);
    if (!m) return;
    const v = /^[ \t]*version[ \t]*=[ \t]*(\d+)/m.exec(t);
    out.push({ file: path.relative(root, p), systemd: m[1] === 'true', configVersion: v ? Number(v[1]) : undefined });
  });
  return out;
}

/** The containerd configurations of the workspace and their cgroup driver. */
const CONTAINERD_CGROUP = defineFact<ContainerdCgroup[], string>({ name: 'k8s:containerd-cgroup', scope: 'workspace', reads: ['*.toml'], lists: true });

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'kubelet-cgroup-driver', defaultSeverity: 'warning', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'suggest',
    description: 'cgroupfs cgroup driver on systemd hosts, or a kubelet/containerd cgroup driver mismatch.',
  },
  prefilter: /cgroup-driver|cgroupDriver/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const drv = effective(ks, 'cgroupDriver');
    if (!drv || (drv.value !== 'cgroupfs' && drv.value !== 'systemd')) return;
    const runtimes = ctx.fact(CONTAINERD_CGROUP, ctx.root, () => containerdConfigs(ctx.fs, ctx.root));
    const mismatch = runtimes.find((r) => r.systemd !== (drv.value === 'systemd'));
    if (mismatch) {
      const rtDriver = mismatch.systemd ? 'systemd' : 'cgroupfs';
      const v = declaredK8sVersion(ctx);
      const containerd2 = mismatch.configVersion !== undefined && mismatch.configVersion >= 3;
      if (containerd2 && v && v.minor >= 31) return; // the kubelet takes the driver from containerd ≥ 2.0 and ignores cgroupDriver
      const base = `${label(drv)} ${drv.value} but containerd (${mismatch.file}) uses SystemdCgroup = ${mismatch.systemd}${versionNote(v)}`;
      ctx.report({
        start: drv.valueStart, end: drv.valueEnd, severity: containerd2 ? 'info' : 'warning',
        fixes: [{ title: `Set cgroup driver to ${rtDriver}`, kind: 'suggest', edits: [setValueEdit(ctx.text, drv, rtDriver)] }],
        message: containerd2
          ? `${base}; Kubernetes ≥ 1.31 reads the driver from containerd 2.x and ignores cgroupDriver, older kubelets use the mismatched driver.`
          : `${base}: kubelet and runtime must use the same cgroup driver (containerd 1.x config); pods fail to start or the node is unstable. Use ${rtDriver} on both.`,
      });
      return;
    }
    if (drv.value === 'cgroupfs') {
      ctx.report({
        start: drv.valueStart, end: drv.valueEnd,
        fixes: [{ title: 'Set cgroup driver to systemd (and SystemdCgroup = true in containerd)', kind: 'suggest', edits: [setValueEdit(ctx.text, drv, 'systemd')] }],
        message: `${label(drv)} cgroupfs: where systemd is init (kubeadm nodes, most distributions) and cgroup v2 is used, the Kubernetes docs require the systemd driver, otherwise two cgroup managers compete; use systemd in the kubelet and the runtime.`,
      });
    }
  },
};
