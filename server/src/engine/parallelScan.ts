// The workspace scan of the CLI, the language server and the tests (the only one: a small scan runs in this
// thread, file after file, through the same code), computed in worker threads with an optional on-disk cache keyed by content hash (see cache.ts). Async and
// cancellable: workers report each file as it completes (progress), and an abort terminates them, so
// the language server's thread stays free for the open documents while a report runs.
//
// The main thread discovers the files and hands whole directories to the workers, because Go struct
// rules resolve types across a package: one worker then builds that package's index once. Each worker
// owns a contiguous run of directories (neighbours import each other) and steals when it runs out. Results carry their discovery
// index, so findings, skipped files and notes come out in discovery order, whatever the number of workers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createFileScanner, workspaceFingerprint, type FileResult } from './cache';
import { discoverFiles, type DiscoveredFile, type SkippedFile } from './discover';
import { mergeMissingModules } from './missingModules';
import { sortFindings, type ScanOptions, type ScanResult } from './scan';
import type { Finding } from '../core/types';
import { nodeFileSystem, OverlayFileSystem, textCachingFileSystem, type FileSystem } from '../core/workspace';
import type { BatchMessage, DiscoverMessage, DiscoverReply, WorkerReply, WorkerSetup } from './worker';
import { initTreeSitter } from '../parsing/treeSitter';
import { ruleById } from '../rules/index';

export interface ParallelScanOptions extends Omit<ScanOptions, 'fs' | 'sharedCache'> {
  fs: ScanOptions['fs'];
  /** Worker threads (default: number of CPUs, at most 8). 1 = in this thread. */
  jobs?: number;
  /** Folder for the per-file result cache (content hash + rule set + config); none when undefined. */
  cacheDir?: string;
  /** Seeds each worker's shared cache (e.g. the Go environment). */
  sharedSeed?: Record<string, unknown>;
  /** Texts that shadow the files on disk (the editor's unsaved buffers), by absolute path; `fs` must be nodeFileSystem. */
  overlay?: ReadonlyMap<string, string>;
  /** Aborting stops the scan at once: the workers are terminated, not asked. */
  signal?: AbortSignal;
  /** Keep this thread free (the language server): the files go to workers however few they are, when a worker file exists. */
  offThread?: boolean;
  /** The bundled worker (default: worker.js next to this bundle). */
  workerFile?: string;
}

export interface ParallelScanStats {
  /** Threads that analysed files (1 = in this thread). */
  jobs: number;
  /** The files were analysed in worker threads (false: in this thread). */
  inWorkers: boolean;
  cacheHits: number;
  cacheMisses: number;
}

/** Files per message: a directory bigger than this is sent in parts, all to the same worker. */
const CHUNK = 200;
/** Workers that may die (crash, out of memory) before the rest is scanned in this thread. */
const MAX_RESPAWNS = 8;
/**
 * A batch's answer is awaited for its files' time budgets plus this margin (loading packages, slow
 * machines); a worker silent for longer is stopped as hung, and its files are retried one at a time.
 */
const WATCHDOG_MARGIN_MS = 60_000;

export function defaultJobs(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cpus, 8));
}

/** The bundled worker next to this file (dist/worker.js), or undefined when running from sources. */
function workerFile(): string | undefined {
  if (__filename.endsWith('.ts')) return undefined;
  const f = path.join(__dirname, 'worker.js');
  return fs.existsSync(f) ? f : undefined;
}

/** `fs` with the overlay's texts in front. */
function withOverlay(fs: FileSystem, overlay: ReadonlyMap<string, string> | undefined): FileSystem {
  if (!overlay?.size) return fs;
  const o = new OverlayFileSystem(fs);
  for (const [file, text] of overlay) o.set(file, text);
  return o;
}

/**
 * The files to scan and their sizes, found in a worker (a large workspace takes this thread ~0.5 s), or
 * undefined when aborted.
 */
function discoverInWorker(file: string, setup: WorkerSetup, paths: string[], signal?: AbortSignal): Promise<DiscoverReply | undefined> {
  const w = new Worker(file, { workerData: setup });
  return new Promise<DiscoverReply | undefined>((resolve, reject) => {
    const abort = () => resolve(undefined);
    signal?.addEventListener('abort', abort);
    w.once('message', (m: DiscoverReply) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`discovery worker exited with code ${code}`)));
    w.postMessage({ type: 'discover', paths } satisfies DiscoverMessage);
  }).finally(() => { void w.terminate(); });
}

export async function scanWorkspaceParallel(opts: ParallelScanOptions): Promise<ScanResult & { cancelled: boolean; stats: ParallelScanStats }> {
  const roots = opts.paths.length ? opts.paths : [opts.root];
  const file = opts.workerFile ?? workerFile();
  const registered = opts.rules.every((r) => ruleById(r.meta.id) === r);
  const canUseWorkers = !!file && registered && opts.fs === nodeFileSystem;
  const overlay = opts.overlay?.size ? Object.fromEntries(opts.overlay) : undefined;
  const baseSetup = { root: opts.root, config: opts.config, ruleIds: opts.rules.map((r) => r.meta.id), sharedSeed: opts.sharedSeed, cacheDir: opts.cacheDir, overlay };
  let discovered: { files: DiscoveredFile[]; skipped: SkippedFile[]; sizes?: (number | undefined)[] };
  if (opts.offThread && canUseWorkers) {
    // A worker that fails to start leaves discovery to this thread.
    const r = await discoverInWorker(file!, baseSetup, roots, opts.signal).catch(() => discoverFiles(roots, withOverlay(opts.fs, opts.overlay), opts.config, opts.root));
    if (!r) return { root: opts.root, findings: [], filesScanned: 0, bytesScanned: 0, skipped: [], incomplete: [], notes: ['scan cancelled before any file was found'], missingModules: [], cancelled: true, stats: { jobs: 1, inWorkers: true, cacheHits: 0, cacheMisses: 0 } };
    discovered = r;
  } else {
    discovered = discoverFiles(roots, withOverlay(opts.fs, opts.overlay), opts.config, opts.root);
  }
  const { files, skipped } = discovered;
  const sizeOf = new Map<string, number | undefined>(discovered.sizes ? files.map((f, i) => [f.path, discovered.sizes![i]]) : []);
  const selected = opts.only ? files.filter((f) => opts.only!.has(path.resolve(f.path))) : files;
  const workspace = opts.cacheDir ? workspaceFingerprint(opts.root, opts.cacheDir) : undefined;

  const results: (FileResult | undefined)[] = new Array(selected.length);
  let done = 0, cancelled = false;
  const stats: ParallelScanStats = { jobs: 1, inWorkers: false, cacheHits: 0, cacheMisses: 0 };
  const aborted = () => opts.signal?.aborted === true;
  const record = (r: FileResult): boolean => {
    if (cancelled || aborted()) return true;
    if (results[r.index]) return false;
    results[r.index] = r;
    done++;
    return !!opts.onProgress?.(done, selected.length);
  };

  // Starting a worker costs ~100 ms (tree-sitter set-up): small scans stay in this thread unless asked.
  const jobs = opts.jobs ?? Math.min(defaultJobs(), Math.max(1, Math.ceil(selected.length / 50)));
  const pending = selected.map((f, index) => ({ index, file: f }));

  let leftover = pending;
  if ((jobs > 1 || opts.offThread) && pending.length && canUseWorkers && !aborted()) {
    stats.jobs = jobs;
    stats.inWorkers = true;
    const setup: WorkerSetup = { ...baseSetup, workspace };
    const size = (f: string) => (sizeOf.has(f) ? sizeOf.get(f) : nodeFileSystem.size(f));
    const out = await runWorkers(file!, jobs, setup, pending, record, stats, opts.signal, size);
    cancelled = out.cancelled;
    leftover = out.leftover;
  }
  if (!cancelled && !aborted() && leftover.length) {
    await initTreeSitter();
    // Files read from disk do not change during the scan: later reads of the same file are served from memory.
    const fs = withOverlay(opts.fs === nodeFileSystem ? textCachingFileSystem(nodeFileSystem) : opts.fs, opts.overlay);
    const scanner = createFileScanner({ root: opts.root, config: opts.config, fs, rules: opts.rules, sharedSeed: opts.sharedSeed, cacheDir: opts.cacheDir, workspace });
    for (const { index, file: f } of leftover) {
      let r: FileResult;
      try { r = scanner.scan(f, index); } catch (e) {
        r = { index, findings: [], bytes: 0, incomplete: `analysis failed: ${(e as Error)?.message ?? String(e)}`, notes: [] };
      }
      if (record(r)) { cancelled = true; break; }
      // In this thread, a cancel (and anything else waiting) gets its turn between files.
      if (opts.signal) await new Promise((resolve) => setImmediate(resolve));
    }
    stats.cacheHits += scanner.cache?.hits ?? 0;
    stats.cacheMisses += scanner.cache?.misses ?? 0;
  }
  if (aborted()) cancelled = true;

  const findings: Finding[] = [];
  const notes: string[] = [];
  const incomplete: SkippedFile[] = [];
  let bytes = 0;
  results.forEach((r, i) => {
    if (!r) return;
    if (r.skipped) skipped.push({ path: selected[i].path, reason: r.skipped });
    if (r.incomplete) incomplete.push({ path: selected[i].path, reason: r.incomplete });
    findings.push(...r.findings);
    notes.push(...r.notes);
    bytes += r.bytes;
  });
  const missingModules = mergeMissingModules(results.map((r) => r?.missingModules));
  if (cancelled) notes.push(`scan cancelled after ${done} of ${selected.length} files`);
  return { root: opts.root, findings: sortFindings(findings), filesScanned: done, bytesScanned: bytes, skipped, incomplete, notes, missingModules, cancelled, stats };
}

const YOUNG_GENERATION_MB = 32;

/**
 * A worker's old-generation limit. What a worker keeps is bounded (the Go workspace's text budget, the
 * scan memo's directories) except the package it is analysing, which it holds whole: so the limit is a
 * floor plus a share for the largest directory (its text, declarations and scans, about six times its
 * bytes). Without a limit V8 lets the heap grow with the workspace even when little of it is live.
 */
export function oldGenerationLimitMb(largestDirectoryBytes: number): number {
  return Math.ceil(KEPT_BY_DESIGN_MB + (6 * largestDirectoryBytes) / 1e6);
}

/**
 * What a worker keeps by design: the Go workspace's text budget (lang/go/packages.ts DEFAULT_TEXT_BUDGET,
 * 96M characters) with its declarations and scans, about four bytes a character, and 256 MB for the rest
 * (grammars, rules, the scan memo, the batch in flight). A test checks it against the budget.
 */
export const KEPT_BY_DESIGN_MB = 256 + 4 * 96;

type Job = { index: number; file: DiscoveredFile };

/**
 * Directories in discovery order (each cut into chunks), split into one contiguous run per worker of
 * about equal bytes. Neighbouring directories import each other (cmd/compile/internal/...), so a worker
 * that owns a run loads fewer packages that another worker loads too; a worker that runs out steals
 * from the end of the longest remaining run.
 */
function directoryRuns(pending: Job[], jobs: number, size: (file: string) => number | undefined): { runs: Job[][][][]; largest: number } {
  const byDir = new Map<string, Job[]>();
  for (const j of pending) {
    const d = path.dirname(j.file.path);
    let list = byDir.get(d);
    if (!list) byDir.set(d, (list = []));
    list.push(j);
  }
  const weighed = [...byDir.values()].map((list) => {
    let w = 0;
    for (const j of list) w += size(j.file.path) ?? 0;
    const chunks: Job[][] = [];
    for (let i = 0; i < list.length; i += CHUNK) chunks.push(list.slice(i, i + CHUNK));
    return { chunks, w };
  });
  const total = weighed.reduce((a, d) => a + d.w, 0);
  const runs: Job[][][][] = Array.from({ length: jobs }, () => []);
  let acc = 0;
  for (const d of weighed) {
    const k = Math.min(jobs - 1, Math.floor((acc * jobs) / Math.max(1, total)));
    runs[k].push(d.chunks);
    acc += d.w;
  }
  return { runs, largest: weighed.reduce((a, d) => Math.max(a, d.w), 0) };
}

async function runWorkers(
  file: string, jobs: number, setup: WorkerSetup, pending: Job[], record: (r: FileResult) => boolean, stats: ParallelScanStats,
  signal: AbortSignal | undefined, size: (file: string) => number | undefined,
): Promise<{ cancelled: boolean; leftover: Job[] }> {
  const { runs, largest } = directoryRuns(pending, jobs, size);
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: oldGenerationLimitMb(largest) };
  let nextBatchId = 0, respawns = 0, cancelled = false, live = 0;
  const workers = new Set<Worker>();
  const retried = new WeakSet<Job[]>();

  return new Promise((resolve) => {
    let finished = false;
    // Resolved once every worker has exited: a cancelled scan leaves no thread running.
    const finish = (leftover: Job[]) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', abort);
      const exits = [...workers].map((w) => w.terminate().catch(() => 0));
      workers.clear();
      void Promise.all(exits).then(() => resolve({ cancelled, leftover }));
    };
    const abort = () => { cancelled = true; finish([]); };
    signal?.addEventListener('abort', abort);
    const remaining = (): Job[] => runs.flat(3);
    const nextDir = (k: number): Job[][] | undefined => {
      if (runs[k].length) return runs[k].shift();
      let longest = -1;
      for (let i = 0; i < runs.length; i++) if (runs[i].length && (longest < 0 || runs[i].length > runs[longest].length)) longest = i;
      return longest < 0 ? undefined : runs[longest].pop();
    };

    const start = (k: number) => {
      // A bounded young generation keeps peak RSS down; a scan's garbage is short-lived parse and walk results.
      // 32 MB, not 12: at 12 the C scan of /usr/include spent 19% of its CPU collecting garbage (a profile of
      // 2026-12-07); at 32 it took 90 s CPU and 882 MB, at 64 87 s and 936 MB.
      const w = new Worker(file, { workerData: setup, resourceLimits });
      workers.add(w);
      live++;
      // The directory this worker owns (its remaining chunks) and the batch in flight (its files not yet answered).
      let own: Job[][] = [];
      let inFlight: { id: number; jobs: Job[]; retry: boolean } | undefined;
      let gone = false;
      let watchdog: NodeJS.Timeout | undefined;

      const feed = () => {
        if (cancelled || finished) return;
        if (own.length === 0) own = nextDir(k) ?? [];
        const chunk = own.shift();
        if (!chunk) { inFlight = undefined; retire(); return; }
        inFlight = { id: nextBatchId++, jobs: chunk, retry: retried.has(chunk) };
        w.postMessage({ type: 'batch', id: inFlight.id, files: chunk } satisfies BatchMessage);
        const waitMs = chunk.length * setup.config.scanBudgetMs + WATCHDOG_MARGIN_MS;
        watchdog = setTimeout(() => died(`no answer within ${Math.round(waitMs / 1000)} s, stopped as hung`), waitMs);
      };
      const retire = () => {
        if (gone) return;
        gone = true;
        clearTimeout(watchdog);
        workers.delete(w);
        void w.terminate();
        if (--live === 0) finish(remaining());
      };
      const died = (why: string) => {
        if (gone || finished) return;
        // Its unfinished work goes back to the queue; a replacement (or this thread) takes it. The
        // batch in flight is retried one file at a time, and a file that kills a worker again is skipped.
        const back: Job[][] = [...own];
        if (inFlight?.retry) {
          for (const j of inFlight.jobs) record({ index: j.index, findings: [], bytes: 0, incomplete: `not analysed: ${why}`, notes: [] });
        } else if (inFlight) {
          for (const j of inFlight.jobs) { const single = [j]; retried.add(single); back.unshift(single); }
        }
        if (back.length) runs[k].unshift(back);
        inFlight = undefined; own = [];
        retire();
        if (!finished && !cancelled && runs.some((r) => r.length) && respawns < MAX_RESPAWNS) { respawns++; start(k); }
        else if (!finished && live === 0) finish(remaining());
      };

      w.on('message', (m: WorkerReply) => {
        if (finished || !inFlight || m.id !== inFlight.id) return;
        if (m.type === 'file') {
          // Each file as it completes: progress is live, and a worker that dies loses only the files not yet answered.
          inFlight.jobs = inFlight.jobs.filter((j) => j.index !== m.result.index);
          if (record(m.result)) { cancelled = true; finish([]); }
          return;
        }
        clearTimeout(watchdog);
        if (m.type === 'failed') { died(m.message); return; }
        stats.cacheHits += m.cacheHits;
        stats.cacheMisses += m.cacheMisses;
        feed();
      });
      w.on('error', (e) => died(e.message));
      w.on('exit', (code) => { if (!finished && !gone) died(`worker exited with code ${code}`); });
      feed();
    };

    const started = runs.filter((r) => r.length).length;
    if (started === 0) { finish([]); return; }
    for (let k = 0; k < jobs; k++) if (runs[k].length) start(k);
  });
}
