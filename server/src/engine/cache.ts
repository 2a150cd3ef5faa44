// Per-file scan results kept on disk between CLI runs (--cache DIR), keyed by what they depend on.
//
// Key of an entry: sha256(path, kind, text) + a salt covering the rule ids, the config, the tool
// version and the seed of the shared cache (Go environment). That is enough for a file whose rules
// only read the file itself. Some rules read OTHER files: Go struct layouts resolve types across the
// package and its imports, the reorder fix looks for positional literals anywhere in the workspace,
// go-gomaxprocs-container reads Dockerfiles and manifests. Such rules say so (meta.readsOtherFiles; a test
// fails for one that reads other files without it): an entry made by one of them is cross-file and valid
// only while the workspace fingerprint (every file under the root: relative path, size, mtime) is
// unchanged. So a change to any file re-analyses the cross-file results (correct, not minimal) while
// single-file results still hit.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineConfig } from '../core/config';
import type { DiscoveredFile } from './discover';
import type { Finding, MissingModule } from '../core/types';
import { anyDownloadedSince } from './missingModules';
import type { FileSystem } from '../core/workspace';
import { scanOneFile } from './scan';
import { ScanMemo } from '../core/sharedMemo';
import type { Rule } from '../rules/rule';
import { TOOL_VERSION } from '../core/version';

export const CACHE_FORMAT = 1;

/** What a scan of one file produced (also the message a worker sends back). */
export interface FileResult {
  index: number;
  findings: Finding[];
  bytes: number;
  skipped?: string;
  incomplete?: string;
  notes: string[];
  missingModules?: MissingModule[];
}

interface CacheEntry {
  format: number;
  crossFile: boolean;
  /** Workspace fingerprint the entry was computed against (cross-file entries only). */
  workspace?: string;
  findings: Finding[];
  bytes: number;
  skipped?: string;
  notes: string[];
  /** Modules not downloaded when the entry was made: the entry is out of date once one of them is. */
  missingModules?: MissingModule[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Everything besides a file's own text that every result depends on. */
export function cacheSalt(rules: readonly Rule[], config: EngineConfig, seed: Record<string, unknown> | undefined): string {
  return sha256(JSON.stringify([CACHE_FORMAT, TOOL_VERSION, rules.map((r) => r.meta.id), config, seed ?? {}]));
}

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

/**
 * Relative path, size and mtime of every file under the root (symlinks not followed; at most
 * maxFiles files, after which the fingerprint is marked partial and never matches a later one).
 */
export function workspaceFingerprint(root: string, cacheDir?: string, maxFiles = 300_000): string {
  const exclude = cacheDir ? path.resolve(cacheDir) : undefined;
  const h = createHash('sha256');
  let count = 0, partial = false;
  const walk = (dir: string, depth: number) => {
    if (depth > 64 || partial) return;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      // The cache's own folder (it changes while we scan) and VCS metadata do not count.
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name) && p !== exclude) walk(p, depth + 1); continue; }
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      if (++count > maxFiles) { partial = true; return; }
      try {
        const st = fs.statSync(p);
        h.update(`${path.relative(root, p)}\0${st.size}\0${st.mtimeMs}\n`);
      } catch { h.update(`${path.relative(root, p)}\0-\n`); }
    }
  };
  walk(root, 0);
  return partial ? `partial:${Date.now()}:${Math.random()}` : h.digest('hex');
}

/** The on-disk store: one small JSON file per entry, written atomically (workers write concurrently). */
export class ResultCache {
  hits = 0;
  misses = 0;
  constructor(readonly dir: string) {}

  private fileOf(key: string): string { return path.join(this.dir, key.slice(0, 2), key + '.json'); }

  get(key: string, workspace: string | undefined): CacheEntry | undefined {
    let entry: CacheEntry;
    try { entry = JSON.parse(fs.readFileSync(this.fileOf(key), 'utf8')); } catch { this.misses++; return undefined; }
    if (entry.format !== CACHE_FORMAT || (entry.crossFile && (!workspace || entry.workspace !== workspace))) { this.misses++; return undefined; }
    this.hits++;
    return entry;
  }

  set(key: string, entry: CacheEntry): void {
    const file = this.fileOf(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, file);
    } catch { /* a cache that cannot be written is only slower */ }
  }
}

export interface FileScannerOptions {
  root: string;
  config: EngineConfig;
  fs: FileSystem;
  rules: readonly Rule[];
  sharedSeed?: Record<string, unknown>;
  /** Enables the on-disk cache. */
  cacheDir?: string;
  /** Workspace fingerprint (see workspaceFingerprint); required for cross-file entries to hit. */
  workspace?: string;
}

/**
 * One scanner per thread: its own workspace-wide memo (seeded), and, with a cache folder, the cache
 * look-up around scanOneFile. The same code runs in the workers and in the in-thread fallback.
 */
export function createFileScanner(opts: FileScannerOptions): { scan(f: DiscoveredFile, index: number): FileResult; cache?: ResultCache } {
  const seed = Object.entries(opts.sharedSeed ?? {});
  if (!opts.cacheDir) {
    const shared = new ScanMemo<unknown>(seed);
    return {
      scan(f, index) {
        const notes: string[] = [];
        return { index, ...scanOneFile(f, opts, shared, notes), notes };
      },
    };
  }
  const cache = new ResultCache(opts.cacheDir);
  const salt = cacheSalt(opts.rules, opts.config, opts.sharedSeed);
  const shared = new ScanMemo<unknown>(seed);
  return {
    cache,
    scan(f, index) {
      const abs = path.resolve(f.path);
      const text = f.kind === 'binary' ? undefined : opts.fs.readText(abs);
      const key = sha256(`${salt}\0${abs}\0${f.kind}\0${text ?? `size:${opts.fs.size(abs)}`}`);
      let hit = text === undefined && f.kind !== 'binary' ? undefined : cache.get(key, opts.workspace);
      // The workspace fingerprint does not cover the module cache: a module downloaded since makes the entry stale.
      if (hit && anyDownloadedSince(hit.missingModules, opts.fs)) { cache.hits--; cache.misses++; hit = undefined; }
      if (hit) return { index, findings: hit.findings, bytes: hit.bytes, skipped: hit.skipped, notes: hit.notes, ...(hit.missingModules ? { missingModules: hit.missingModules } : {}) };
      const notes: string[] = [];
      const r = scanOneFile(f, opts, shared, notes, f.kind === 'binary' ? undefined : { text });
      // An incomplete result depends on the machine's speed (the time budget) or on a bug: never kept.
      if ((text !== undefined || f.kind === 'binary') && !r.incomplete) {
        cache.set(key, {
          format: CACHE_FORMAT, crossFile: !!r.crossFile, workspace: r.crossFile ? opts.workspace : undefined,
          findings: r.findings, bytes: r.bytes, skipped: r.skipped, notes, ...(r.missingModules ? { missingModules: r.missingModules } : {}),
        });
      }
      return { index, ...r, notes };
    },
  };
}
