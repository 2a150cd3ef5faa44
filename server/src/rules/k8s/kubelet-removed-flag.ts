// Flags the kubelet no longer knows: it exits at start with "unknown flag".
import type { Rule } from '../rule';
import { REMOVED_FLAGS } from '../../lang/kubelet/flags';
import { kubeletSettings } from '../../lang/kubelet/settings';
import { declaredK8sVersion } from '../../lang/kubelet/version';
import { KUBELET_KINDS } from './kubeletCommon';

const BY_FLAG = new Map(REMOVED_FLAGS.map((r) => [r.flag, r]));

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'kubelet-removed-flag', defaultSeverity: 'error', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'fix',
    description: 'Kubelet flags removed from Kubernetes: the kubelet exits with "unknown flag".',
  },
  prefilter: new RegExp(REMOVED_FLAGS.map((r) => r.flag).join('|')),
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const seen = new Set<number>();
    // Read once: it searches the whole file (and maybe the workspace).
    let version: { v: ReturnType<typeof declaredK8sVersion> } | undefined;
    for (const s of ks.settings) {
      const r = s.flag ? BY_FLAG.get(s.flag) : undefined;
      if (!r || seen.has(s.start)) continue;
      seen.add(s.start);
      version ??= { v: declaredK8sVersion(ctx) };
      const v = version.v;
      const extra = r.flag === 'pod-infra-container-image'
        ? '; set the pause image in the runtime instead (containerd sandbox_image / pinned_images sandbox, CRI-O pause_image)' : '';
      const fixes = s.remove ? [{ title: `Remove --${r.flag}`, kind: 'fix' as const, edits: [s.remove] }] : [];
      if (v && v.minor < r.removedIn) {
        // Still accepted by the declared version; only the announced 1.35 removal is worth a note.
        if (r.removedIn === 35 && v.minor >= 27) {
          ctx.report({ start: s.start, end: s.end, severity: 'info', fixes,
            message: `--${r.flag} is deprecated and removed in Kubernetes 1.35 (workspace declares ${v.text} in ${v.source})${extra}.` });
        }
        continue;
      }
      const where = v ? `Kubernetes ${v.text} (declared in ${v.source})` : `Kubernetes ≥ 1.${r.removedIn}`;
      ctx.report({
        start: s.start, end: s.end, fixes,
        severity: !v && r.removedIn === 35 ? 'warning' : 'error',
        message: `The kubelet exits on ${where}: unknown flag --${r.flag} (removed in 1.${r.removedIn}); remove it${extra}.`,
        data: { removedIn: `1.${r.removedIn}` },
      });
    }
  },
};
