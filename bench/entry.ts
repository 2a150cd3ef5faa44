// Benchmark probes, bundled by bench/run.mjs into bench/.out/bench.js (next to the scan worker) and run
// one per process so each reports its own peak RSS:
//   scan DIR [--jobs N] [--cache DIR]   the engine's parallel scan (what `arm64-port scan` runs); --rules a,b, --without a,b
//                                       and --targets t1,t2 narrow it, to see what a rule or a target costs
//   parse DIR [--jobs N]                tree-sitter alone on the same files, same thread count
//   edit FILE [--edits N]               per-edit latency through the language server's Service
//   hostile [NAME]                     the hostile-input series: time per doubling (bench/hostile.ts)
// Each prints one JSON line on stdout (hostile: one per series).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { defaultConfig } from '../server/src/core/config';
import { discoverFiles, isGeneratedText, looksBinary } from '../server/src/engine/discover';
import { defaultJobs, scanWorkspaceParallel } from '../server/src/engine/parallelScan';
import { nodeFileSystem } from '../server/src/core/workspace';
import type { FileKind } from '../server/src/core/types';
import { goEnvFromEnvironment, goEnvFromGoCommand } from '../server/src/lang/go/env';
import { GO_ENV_KEY } from '../server/src/lang/go/context';
import { initTreeSitter, parseText, type GrammarId } from '../server/src/parsing/treeSitter';
import { ALL_RULES } from '../server/src/rules/index';
import { Service } from '../server/src/lsp/service';
import { ALL_SERIES, timeSeries } from './hostile';

const GRAMMAR_OF: Partial<Record<FileKind, GrammarId>> = { go: 'go', c: 'c', cpp: 'cpp', makefile: 'make', shell: 'bash', yaml: 'yaml' };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** CPU time of the whole process (all threads), in ms: less sensitive than wall time to a busy machine. */
const cpuMs = () => { const u = process.cpuUsage(); return Math.round((u.user + u.system) / 1000); };

function goEnv() {
  const env = goEnvFromEnvironment();
  return env.goroot && env.gomodcache ? env : { ...env, ...goEnvFromGoCommand() };
}

/** The positional arguments after the mode (stops at the first --flag). */
function targets(): string[] {
  const out: string[] = [];
  for (const a of process.argv.slice(3)) { if (a.startsWith('--')) break; out.push(path.resolve(a)); }
  return out;
}

function commonRoot(paths: string[]): string {
  let root = paths[0];
  while (!paths.every((p) => p === root || p.startsWith(root + path.sep))) root = path.dirname(root);
  return root;
}

async function scan(dir: string) {
  const paths = targets();
  const root = paths.length > 1 ? commonRoot(paths) : path.resolve(dir);
  const jobs = arg('--jobs') ? Number(arg('--jobs')) : undefined;
  const t0 = performance.now();
  const only = arg('--rules')?.split(',');
  const without = arg('--without')?.split(',') ?? [];
  const rules = (only ? ALL_RULES.filter((r) => only.includes(r.meta.id)) : ALL_RULES).filter((r) => !without.includes(r.meta.id));
  const config = arg('--targets') ? { ...defaultConfig, targets: arg('--targets')!.split(',') as typeof defaultConfig.targets } : defaultConfig;
  const r = await scanWorkspaceParallel({
    root, paths, config, fs: nodeFileSystem, rules, jobs,
    cacheDir: arg('--cache'), sharedSeed: { [GO_ENV_KEY]: goEnv() },
    onProgress: arg('--cancel-after') ? (done) => done >= Number(arg('--cancel-after')) : undefined,
  });
  const wallMs = performance.now() - t0;
  const skippedBy: Record<string, number> = {};
  for (const s of r.skipped) { const k = s.reason.replace(/^.*\/ is not/, 'x/ is not'); skippedBy[k] = (skippedBy[k] ?? 0) + 1; }
  return {
    mode: 'scan', dir: paths.join(' '), jobs: r.stats.jobs, files: r.filesScanned, bytes: r.bytesScanned, wallMs: Math.round(wallMs),
    findings: r.findings.length, skipped: r.skipped.length, cancelled: r.cancelled, skippedBy, cacheHits: r.stats.cacheHits, cacheMisses: r.stats.cacheMisses,
    cpuMs: cpuMs(), peakRssMB: peakRssMB(),
    ...(process.argv.includes('--findings') ? { result: { findings: r.findings, skipped: r.skipped, filesScanned: r.filesScanned, bytesScanned: r.bytesScanned } } : {}),
  };
}

/** The files the scan reads that have a grammar: what a parse-only pass would parse. */
function parseList(dir: string): { path: string; grammar: GrammarId }[] {
  const root = path.resolve(dir);
  const { files } = discoverFiles([root], nodeFileSystem, defaultConfig, root);
  return files.flatMap((f) => (GRAMMAR_OF[f.kind] ? [{ path: f.path, grammar: GRAMMAR_OF[f.kind]! }] : []));
}

async function parseFiles(list: { path: string; grammar: GrammarId }[]): Promise<{ files: number; bytes: number }> {
  await initTreeSitter();
  let bytes = 0, files = 0;
  for (const f of list) {
    const text = nodeFileSystem.readText(f.path);
    // The scan does not analyse these either (scanOneFile skips them before any rule runs).
    if (text === undefined || looksBinary(text) || isGeneratedText(text)) continue;
    parseText(f.grammar, text).delete();
    bytes += text.length; files++;
  }
  return { files, bytes };
}

async function parseOnly() {
  const jobs = Number(arg('--jobs') ?? defaultJobs());
  const t0 = performance.now();
  const paths = targets();
  const list = paths.flatMap((p) => parseList(p));
  // Same split as the scan would do at best: equal shares, one thread each.
  const shares: (typeof list)[] = Array.from({ length: jobs }, () => []);
  list.forEach((f, i) => shares[i % jobs].push(f));
  const parts = await Promise.all(shares.map((share) => new Promise<{ files: number; bytes: number }>((resolve, reject) => {
    const w = new Worker(__filename, { workerData: share });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const wallMs = performance.now() - t0;
  return {
    mode: 'parse', dir: targets().join(' '), jobs, files: parts.reduce((a, p) => a + p.files, 0), bytes: parts.reduce((a, p) => a + p.bytes, 0),
    wallMs: Math.round(wallMs), cpuMs: cpuMs(), peakRssMB: peakRssMB(),
  };
}

/** A one-character edit (type a space, delete it) at many places of a big Go file, through the real Service. */
async function edit(file: string) {
  await initTreeSitter();
  const abs = path.resolve(file);
  const text = fs.readFileSync(abs, 'utf8');
  const edits = Number(arg('--edits') ?? 40);
  const svc = new Service(path.dirname(abs), true, () => {});
  const uri = 'file://' + abs;
  let t0 = performance.now();
  let d = svc.store.open(uri, 'go', 1, text)!;
  const first = svc.analyze(d);
  const coldMs = performance.now() - t0;
  // Edit positions: the start of evenly spread lines (inside comments, code and struct bodies alike).
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const times: number[] = [];
  const cpu: number[] = [];
  let version = 1;
  // Each place gets two timed one-character edits: type a space, then delete it again.
  for (let k = 0; k < edits; k += 2) {
    const line = Math.floor(((k + 0.5) * (lineStarts.length - 1)) / edits);
    const at = { line, character: 0 }, after = { line, character: 1 };
    for (const change of [{ range: { start: at, end: at }, text: ' ' }, { range: { start: at, end: after }, text: '' }]) {
      t0 = performance.now();
      const c0 = process.cpuUsage();
      d = svc.store.change(uri, ++version, [change])!;
      svc.fileChanged(d.path);
      svc.analyze(d);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return {
    mode: 'edit', file: abs, lines: lineStarts.length, findings: first.findings.length, coldMs: Math.round(coldMs),
    editMedianMs: +median.toFixed(2), editP90Ms: +times[Math.floor(times.length * 0.9)].toFixed(2), editCpuMedianMs: +cpu[Math.floor(cpu.length / 2)].toFixed(2), edits, peakRssMB: peakRssMB(),
  };
}

/** One JSON line per hostile series (test/hostile/generators) whose name contains `filter`. */
async function hostile(filter: string | undefined) {
  await initTreeSitter();
  for (const s of ALL_SERIES.filter((x) => !filter || x.name.includes(filter))) process.stdout.write(JSON.stringify(timeSeries(s)) + '\n');
}

if (!isMainThread) {
  void parseFiles(workerData).then((r) => parentPort!.postMessage(r));
} else {
  const [mode, target] = process.argv.slice(2);
  const fail = (e: unknown) => { process.stderr.write(String((e as Error)?.stack ?? e) + '\n'); process.exit(1); };
  const run = mode === 'scan' ? scan : mode === 'parse' ? parseOnly : mode === 'edit' ? edit : undefined;
  if (mode === 'hostile') hostile(target).then(() => process.exit(0), fail);
  else if (!run || !target) { process.stderr.write('usage: bench.js scan|parse|edit PATH [--jobs N] [--cache DIR] [--edits N] | hostile [NAME]\n'); process.exit(2); }
  else run(target).then((r) => { process.stdout.write(JSON.stringify(r) + '\n'); process.exit(0); }, fail);
}
