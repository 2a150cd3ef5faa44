// CI jobs from GitHub Actions workflows and .gitlab-ci.yml: runner architecture, steps, QEMU set-up,
// target platforms and script text, with source ranges. Parsed once per file (ctx.memo).
import * as path from 'node:path';
import {
  get, getIn, isMap, isScalar, isSeq, str, yamlFile, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq,
} from '../yaml/documents';

export type RunnerArch = 'x86' | 'arm' | 'mixed' | 'unknown';

export interface CiStep {
  index: number;
  node: YAMLMap;
  uses?: string;
  usesNode?: Scalar;
  with?: YAMLMap;
  run?: Scalar;
}

export interface Span { start: number; end: number }

export interface PlatformUse extends Span {
  platforms: string[];
  step?: CiStep;
  /** `load: true` pair (build-push-action) or `--load` in a buildx command. */
  load?: Span;
  /** Dockerfile the step builds, relative to the workspace root, when known. */
  dockerfile?: string;
}

export interface CiJob {
  ci: 'github' | 'gitlab';
  id: string;
  node: YAMLMap;
  keyNode: Scalar;
  runner: RunnerArch;
  runsOnNode?: Scalar;
  steps: CiStep[];
  stepsSeq?: YAMLSeq;
  /** Source spans of shell text (run:, script:) and of build inputs (with:, env:, variables:). */
  scriptSpans: Span[];
  inputSpans: Span[];
  qemu: (Span & { what: string; step?: CiStep })[];
  platforms: PlatformUse[];
}

export interface CiFile { ci: 'github' | 'gitlab' | undefined; jobs: CiJob[]; workflowEnv: Span[] }

interface Ctx { text: string; path: string; memo<T>(k: string, f: () => T): T; log(m: string): void }

export function isGithubWorkflow(p: string): boolean {
  return /[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(p);
}
export function isGitlabCi(p: string): boolean {
  return /(^|[\\/])\.gitlab-ci\.ya?ml$/.test(p) || /[\\/]\.gitlab[\\/]ci[\\/].+\.ya?ml$/.test(p);
}

export function ciFile(ctx: Ctx): CiFile {
  return ctx.memo('ci:file', () => {
    const ci = isGithubWorkflow(ctx.path) ? 'github' : isGitlabCi(ctx.path) ? 'gitlab' : undefined;
    const out: CiFile = { ci, jobs: [], workflowEnv: [] };
    if (!ci) return out;
    const doc = yamlFile(ctx).docs[0];
    const root = doc?.contents;
    if (!isMap(root)) return out;
    if (ci === 'github') github(ctx.text, root, out);
    else gitlab(ctx.text, root, out);
    return out;
  });
}

function span(n: Node | null | undefined): Span | undefined {
  return n?.range ? { start: n.range[0], end: n.range[1] } : undefined;
}

/** Runner architecture of one label. */
export function labelArch(label: string): RunnerArch {
  const l = label.toLowerCase();
  if (/arm|aarch64/.test(l)) return 'arm';
  if (/^(ubuntu|windows)-/.test(l) || l === 'x64' || /amd64|x86/.test(l)) return 'x86';
  return 'unknown';
}

function combine(archs: RunnerArch[]): RunnerArch {
  const set = new Set(archs);
  if (set.size === 0) return 'unknown';
  if (set.has('unknown')) return set.has('arm') ? 'mixed' : 'unknown';
  if (set.size > 1) return 'mixed';
  return archs[0];
}

/** Values a `${{ matrix.x }}` or `${{ matrix.x.y }}` expression can take. */
function matrixValues(job: YAMLMap, keyPath: string): string[] {
  const m = get(get(job, 'strategy'), 'matrix');
  const [key, ...rest] = keyPath.split('.');
  const vals: string[] = [];
  // Lists of lists are read with an explicit stack: their depth is the input's to choose.
  const add = (n: unknown) => {
    const stack: unknown[] = [n];
    while (stack.length) {
      let cur = stack.pop();
      if (rest.length > 0 && isMap(cur)) cur = getIn(cur, rest);
      if (isScalar(cur)) vals.push(str(cur) ?? '');
      else if (isSeq(cur)) for (let i = cur.items.length - 1; i >= 0; i--) stack.push(cur.items[i]);
      else if (cur !== undefined && cur !== null) vals.push('?');
    }
  };
  add(get(m, key));
  const inc = get(m, 'include');
  if (isSeq(inc)) for (const it of inc.items) add(get(it, key));
  return vals;
}

function runnerOf(job: YAMLMap): { arch: RunnerArch; node?: Scalar } {
  const ro = get(job, 'runs-on');
  const labels: string[] = [];
  // `runs-on: {labels: ...}` may nest: followed with a loop, not recursion.
  for (let n: unknown = ro; n !== undefined && n !== null; n = isMap(n) ? get(n, 'labels') : undefined) {
    if (isScalar(n)) {
      const s = str(n) ?? '';
      const m = /\$\{\{\s*matrix\.([\w.-]+)\s*\}\}/.exec(s);
      if (m) for (const v of matrixValues(job, m[1])) labels.push(v);
      else if (/\$\{\{/.test(s)) labels.push('?');
      else labels.push(s);
    } else if (isSeq(n)) {
      // self-hosted label sets: one arch label decides.
      const ls = n.items.map((x) => str(x) ?? '');
      const arch = ls.map(labelArch).find((a) => a !== 'unknown');
      labels.push(arch === 'arm' ? 'arm64' : arch === 'x86' ? 'x64' : '?');
    }
  }
  if (labels.length === 0) return { arch: 'unknown' };
  return { arch: combine(labels.map(labelArch)), node: isScalar(ro) ? ro : undefined };
}

const QEMU_IN_SHELL = /tonistiigi\/binfmt|linuxkit\/binfmt|multiarch\/qemu-user-static|qemu-user-static|update-binfmts|binfmt-support|docker\/binfmt/;

function splitPlatforms(s: string): string[] {
  return s.split(/[,\s]+/).map((x) => x.trim()).filter((x) => x && !x.startsWith('#'));
}

function github(text: string, root: YAMLMap, out: CiFile): void {
  const wenv = span(get(root, 'env'));
  if (wenv) out.workflowEnv.push(wenv);
  const jobs = get(root, 'jobs');
  if (!isMap(jobs)) return;
  for (const jp of jobs.items) {
    const job = jp.value;
    if (!isMap(job) || !isScalar(jp.key)) continue;
    const r = runnerOf(job);
    const j: CiJob = {
      ci: 'github', id: String(jp.key.value), node: job, keyNode: jp.key as Scalar, runner: r.arch, runsOnNode: r.node,
      steps: [], scriptSpans: [], inputSpans: [], qemu: [], platforms: [],
    };
    for (const k of ['env', 'strategy']) { const s = span(get(job, k)); if (s) j.inputSpans.push(s); }
    const steps = get(job, 'steps');
    if (isSeq(steps)) {
      j.stepsSeq = steps;
      steps.items.forEach((it, index) => {
        if (!isMap(it)) return;
        const usesN = get(it, 'uses');
        const w = get(it, 'with');
        const run = get(it, 'run');
        const step: CiStep = { index, node: it, uses: str(usesN), usesNode: isScalar(usesN) ? usesN : undefined, with: isMap(w) ? w : undefined, run: isScalar(run) ? run : undefined };
        j.steps.push(step);
        for (const k of ['with', 'env']) { const s = span(get(it, k)); if (s) j.inputSpans.push(s); }
        const uses = (step.uses ?? '').toLowerCase();
        if (/^docker\/setup-qemu-action@/.test(uses) || /(^|\/)qus@|dbhi\/qus/.test(uses)) j.qemu.push({ ...span(usesN)!, what: step.uses!, step });
        if (/^uraimo\/run-on-arch-action@/.test(uses)) {
          const arch = str(get(w, 'arch')) ?? '';
          if (/aarch64|arm64/.test(arch)) {
            j.qemu.push({ ...span(usesN)!, what: step.uses!, step });
            j.platforms.push({ ...span(get(w, 'arch'))!, platforms: ['linux/arm64'], step });
          }
        }
        if (/^docker\/build-push-action@/.test(uses) && isMap(w)) {
          const pn = get(w, 'platforms');
          const ps = str(pn);
          const loadP = w.items.find((p) => isScalar(p.key) && p.key.value === 'load') as Pair<Scalar, Node> | undefined;
          const outP = w.items.find((p) => isScalar(p.key) && p.key.value === 'outputs') as Pair<Scalar, Node> | undefined;
          const load = loadP && /^true$/i.test(str(loadP.value) ?? '') ? { start: (loadP.key as Node).range![0], end: (loadP.value as Node).range![1] }
            : outP && /(^|[\s,])type=docker\b/.test(str(outP.value) ?? '') ? { start: (outP.key as Node).range![0], end: (outP.value as Node).range![1] } : undefined;
          const ctxDir = str(get(w, 'context'));
          const file = str(get(w, 'file'));
          const dockerfile = file ?? (ctxDir && !/[$:]/.test(ctxDir) ? path.posix.join(ctxDir, 'Dockerfile') : ctxDir ? undefined : 'Dockerfile');
          if (ps && pn?.range) j.platforms.push({ start: pn.range[0], end: pn.range[1], platforms: splitPlatforms(ps), step, load, dockerfile: dockerfile && !/\$\{\{/.test(dockerfile) ? dockerfile : undefined });
          else j.platforms.push({ ...span(usesN)!, platforms: [], step, load, dockerfile });
        }
        if (/^docker\/bake-action@/.test(uses) && isMap(w)) {
          const set = get(w, 'set');
          const m = set?.range ? /\*?\.?platform=([^\s"']+)/.exec(text.slice(set.range[0], set.range[1])) : null;
          if (m && set?.range) {
            const s = set.range[0] + m.index + m[0].length - m[1].length;
            j.platforms.push({ start: s, end: s + m[1].length, platforms: splitPlatforms(m[1]), step });
          }
        }
        if (step.run?.range) shellSpan(text, { start: step.run.range[0], end: step.run.range[1] }, j, step);
      });
    }
    out.jobs.push(j);
  }
}

/** Records a shell span and what it reveals: QEMU installs and `docker ... --platform` uses. */
function shellSpan(text: string, s: Span, j: CiJob, step?: CiStep): void {
  j.scriptSpans.push(s);
  const src = text.slice(s.start, s.end);
  const q = QEMU_IN_SHELL.exec(src);
  if (q) j.qemu.push({ start: s.start + q.index, end: s.start + q.index + q[0].length, what: q[0], step });
  // docker build/buildx build/run with --platform, one use per logical (backslash-continued) command line.
  for (const cmd of commandLines(src)) {
    if (!/\bdocker\b/.test(cmd.text)) continue;
    const uses = [...cmd.text.matchAll(/--platform[= ]+["']?([^\s"'\\]+)/g)];
    if (uses.length === 0) continue;
    const first = uses[0];
    const vs = s.start + cmd.start + first.index! + first[0].length - first[1].length;
    // --load, or an explicit docker exporter (`--output type=docker`, `-o type=docker`), loads into Docker.
    const lm = /\s(--load\b|(?:--output|-o)[= ]+["']?type=docker\b)/.exec(cmd.text);
    j.platforms.push({
      start: vs, end: vs + first[1].length, platforms: uses.flatMap((u) => splitPlatforms(u[1])), step,
      load: lm ? { start: s.start + cmd.start + lm.index + 1, end: s.start + cmd.start + lm.index + lm[0].length } : undefined,
    });
  }
}

/** Logical command lines of a script (lines joined over trailing backslashes), with offsets into `src`. */
function commandLines(src: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const start = i;
    let e = i;
    for (;;) {
      const nl = src.indexOf('\n', e);
      if (nl < 0) { e = src.length; break; }
      if (/\\\r?$/.test(src.slice(e, nl))) { e = nl + 1; continue; }
      e = nl;
      break;
    }
    out.push({ start, text: src.slice(start, e) });
    i = e + 1;
  }
  return out;
}

const GITLAB_KEYWORDS = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services',
  'before_script', 'after_script', 'cache', 'pages']);

function gitlab(text: string, root: YAMLMap, out: CiFile): void {
  const vars = span(get(root, 'variables'));
  if (vars) out.workflowEnv.push(vars);
  const defaultTags = get(get(root, 'default'), 'tags');
  // The global/default scripts, looked up once (a look-up reads all the top-level keys, one per job).
  const globalScript = new Map<string, Node | null | undefined>();
  for (const k of ['before_script', 'after_script']) globalScript.set(k, get(get(root, 'default'), k) ?? get(root, k));
  for (const p of root.items) {
    if (!isScalar(p.key) || !isMap(p.value)) continue;
    const id = String(p.key.value);
    if (GITLAB_KEYWORDS.has(id)) continue;
    const job = p.value;
    if (!get(job, 'script') && !get(job, 'extends')) continue;
    const tags = get(job, 'tags') ?? defaultTags;
    const labels = isSeq(tags) ? tags.items.map((x) => str(x) ?? '') : [];
    const arch = labels.map(labelArch).find((a) => a !== 'unknown') ?? 'unknown';
    const j: CiJob = { ci: 'gitlab', id, node: job, keyNode: p.key as Scalar, runner: arch, steps: [], scriptSpans: [], inputSpans: [], qemu: [], platforms: [] };
    const v = span(get(job, 'variables'));
    if (v) j.inputSpans.push(v);
    for (const k of ['before_script', 'script', 'after_script']) {
      // A job's own before_script replaces the global/default one.
      const s = span(get(job, k) ?? globalScript.get(k));
      if (s) shellSpan(text, s, j);
    }
    out.jobs.push(j);
  }
}

/** True when any platform other than amd64/386 is built (needs arm64 hardware or emulation on x86). */
export function foreignPlatforms(ps: string[]): string[] {
  return ps.filter((p) => !/^(linux\/)?(amd64|386|x86_64)(\/v\d)?$/.test(p) && !/\$\{\{|\$/.test(p));
}

export function isArm64Platform(p: string): boolean {
  return /^(linux\/)?(arm64|aarch64)(\/v8)?$/.test(p);
}
