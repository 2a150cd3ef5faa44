// The Kubernetes minor version the workspace declares (kubeadm `kubernetesVersion`, a kubelet package pin
// in a Dockerfile/script, the pkgs.k8s.io repository path), so version-dependent rules can say which
// version they judged against. Conflicting declarations give no version (the rules then stay generic).
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import { walkWorkspace } from '../../core/walker';
import { defineFact } from '../../core/facts';
import type { FileContext } from '../fileContext';

export interface K8sVersion { minor: number; text: string; source: string }

const PATTERNS: RegExp[] = [
  /kubernetesVersion:\s*["']?v?1\.(\d+)(?:\.\d+)?/g,
  /\bkubelet[=-]v?1\.(\d+)\.\d+/g,
  /\bkubelet_1\.(\d+)\.\d+/g,
  /pkgs\.k8s\.io\/core:\/stable:\/v1\.(\d+)\//g,
  /\bKUBE(?:RNETES|LET)?_VERSION[=:]\s*["']?v?1\.(\d+)(?:\.\d+)?\b/g,
];

/** Versions declared in one text. */
export function versionsInText(text: string, source: string): K8sVersion[] {
  const out: K8sVersion[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ minor: Number(m[1]), text: `1.${m[1]}`, source });
  }
  return out;
}

const MAX_FILES = 400;

function interesting(name: string): boolean {
  const l = name.toLowerCase();
  return /\.(ya?ml|sh|bash|env|conf|json)$/.test(l) || l === 'dockerfile' || l.startsWith('dockerfile.') || l.endsWith('.dockerfile') || l === 'makefile';
}

/** Scans the workspace (depth ≤ 4, a few hundred small files) once per workspace. */
export function workspaceVersions(fs: FileSystem, root: string): K8sVersion[] {
  const out: K8sVersion[] = [];
  let files = 0;
  walkWorkspace(fs, root, { maxDepth: 4, maxEntries: 50_000 }, (p, name) => {
    if (!interesting(name) || (fs.size(p) ?? 0) > 256 * 1024) return;
    const t = fs.readText(p);
    if (t) out.push(...versionsInText(t, path.relative(root, p) || name));
    return ++files >= MAX_FILES;
  });
  return out;
}

/** The Kubernetes versions the workspace's manifests, scripts and configuration files name. */
const WORKSPACE_VERSIONS = defineFact<K8sVersion[], string>({
  name: 'k8s:versions', scope: 'workspace', reads: ['*.yaml', '*.yml', '*.sh', '*.bash', '*.env', '*.conf', '*.json', 'Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Makefile'], lists: true,
});

type Ctx = Pick<FileContext, 'text' | 'path' | 'root' | 'fs' | 'fact'>;

/** The one Kubernetes version the file or else the workspace declares, or undefined. */
export function declaredK8sVersion(ctx: Ctx): K8sVersion | undefined {
  const pick = (vs: K8sVersion[]): K8sVersion | undefined => {
    const minors = new Set(vs.map((v) => v.minor));
    return minors.size === 1 ? vs[0] : undefined;
  };
  const own = versionsInText(ctx.text, path.basename(ctx.path));
  if (own.length > 0) return pick(own);
  return pick(ctx.fact(WORKSPACE_VERSIONS, ctx.root, () => workspaceVersions(ctx.fs, ctx.root)));
}
