// A Go main module that ships in a container but declares go < 1.25: GOMAXPROCS ignores the CPU limit.
import * as path from 'node:path';
import type { FileSystem } from '../../engine/workspace';
import type { Rule } from '../rule';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', 'testdata', 'third_party', '.cache', 'dist', 'build']);
// Lines start with `^[ \t]*`, not `^\s*`: with /m, `\s*` would run over all the blank lines after every line start.
const WORKLOAD = /^[ \t]*kind:\s*["']?(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)["']?\s*$/m;

interface ModuleFacts { hasMain: boolean; setsProcs: boolean }
interface WorkspaceFacts { containers: string[]; setsProcs: boolean }

/** Walks a folder breadth-first with a file budget, calling visit on every file. */
function walk(fs: FileSystem, dir: string, maxDepth: number, visit: (file: string, name: string) => boolean | void): void {
  let budget = 5000;
  const queue: [string, number][] = [[dir, 0]];
  while (queue.length && budget > 0) {
    const [d, depth] = queue.shift()!;
    for (const e of fs.readDir(d)) {
      if (--budget <= 0) return;
      const p = path.join(d, e.name);
      if (e.isDir) { if (depth < maxDepth && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push([p, depth + 1]); }
      else if (e.isFile && visit(p, e.name) === true) return;
    }
  }
}

function moduleFacts(fs: FileSystem, dir: string): ModuleFacts {
  const facts: ModuleFacts = { hasMain: false, setsProcs: false };
  walk(fs, dir, 6, (file, name) => {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) return;
    const t = fs.readText(file) ?? '';
    if (/^package\s+main\b/m.test(t)) facts.hasMain = true;
    if (/automaxprocs|maxprocs\.Set|GOMAXPROCS\s*\(\s*[^0)]/.test(t)) facts.setsProcs = true;
  });
  return facts;
}

function workspaceFacts(fs: FileSystem, root: string): WorkspaceFacts {
  const facts: WorkspaceFacts = { containers: [], setsProcs: false };
  walk(fs, root, 5, (file, name) => {
    const lower = name.toLowerCase();
    const docker = lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile';
    const yaml = /\.ya?ml$/.test(lower);
    if (!docker && !yaml) return;
    const t = fs.readText(file) ?? '';
    if (docker || WORKLOAD.test(t)) {
      facts.containers.push(file);
      if (/GOMAXPROCS/.test(t)) facts.setsProcs = true;
    }
  });
  return facts;
}

export const rule: Rule = {
  meta: {
    id: 'go-gomaxprocs-container', defaultSeverity: 'info', category: 'container', kinds: ['gomod'], fixable: 'suggest',
    description: 'Go main module shipped in a container with go < 1.25 and no automaxprocs/GOMAXPROCS: one P per host core against a small CPU limit.',
  },
  prefilter: /^[ \t]*go\s+1\.(?:[0-9]|1[0-9]|2[0-4])(?:\.\d+)?\s*$/m,
  check(ctx) {
    const m = ctx.text.match(/^([ \t]*go\s+)(1\.(\d+)(?:\.\d+)?)\s*$/m);
    if (!m || Number(m[3]) >= 25) return;
    if (/go\.uber\.org\/automaxprocs/.test(ctx.text)) return;
    if (/^[ \t]*godebug\b[^\n]*containermaxprocs/m.test(ctx.text)) return;
    const dir = path.dirname(ctx.path);
    const mod = ctx.shared(`gomaxprocs.module:${dir}`, () => moduleFacts(ctx.fs, dir));
    if (!mod.hasMain || mod.setsProcs) return;
    const ws = ctx.shared('gomaxprocs.workspace', () => workspaceFacts(ctx.fs, ctx.root));
    if (ws.containers.length === 0 || ws.setsProcs) return;
    const start = m.index! + m[1].length;
    const shown = path.relative(ctx.root, ws.containers[0]) || ws.containers[0];
    ctx.report({
      start, end: start + m[2].length,
      message: `go ${m[2]} keeps the pre-1.25 GOMAXPROCS default: in the container (${shown}) the runtime runs one P per host core (64–192 on Arm servers) against a CPU limit of a few, and is throttled. Declare go 1.25 (container-aware default) or import go.uber.org/automaxprocs.`,
      fixes: [{ title: 'Declare go 1.25 (container-aware GOMAXPROCS; needs a Go 1.25 toolchain)', kind: 'suggest', edits: [{ start, end: start + m[2].length, newText: '1.25' }] }],
    });
  },
};
