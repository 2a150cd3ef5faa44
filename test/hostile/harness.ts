// Hostile inputs, made by code (never stored as big files): every series grows one dimension of the
// input (nesting depth, continuation lines, fields, files, line length) and is run through every rule
// by the real engine. The tests assert what comes out (findings, unresolved reasons, "stopped"
// notices); bench/entry.ts `hostile` prints the time of each doubling so growth is visible.
import * as path from 'node:path';
import { analyzeFile } from '../../server/src/engine/analyze';
import { configSchema, type EngineConfig } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/types';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { fileKindOf } from '../../server/src/core/fileKind';
import { ALL_RULES } from '../../server/src/rules/index';

export const HOSTILE_ROOT = '/hostile';

export interface HostileSeries {
  /** What grows, e.g. "go: structs nested by value". */
  name: string;
  /** The workspace for size n: relative path -> text. The first file is the one analysed. */
  files(n: number): Record<string, string>;
  /** Sizes the bench doubles through (each twice the one before). */
  bench: number[];
}

export interface HostileRun {
  findings: Finding[];
  /** Log lines of the engine and rules (a failing rule is logged here). */
  log: string[];
  /** Rules that failed or were stopped on the file (from the log): must be empty for a sound analysis. */
  failures: string[];
  ms: number;
}

/** Analyses every file of the workspace with every rule; `only` limits it to some of the files. */
export function runHostile(files: Record<string, string>, opts: { config?: Partial<EngineConfig>; only?: string[] } = {}): Map<string, HostileRun> {
  const abs: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) abs[path.resolve(HOSTILE_ROOT, k)] = v;
  const fs = memoryFileSystem(abs);
  const config = configSchema.parse(opts.config ?? {});
  const sharedCache = new Map<string, unknown>();
  const out = new Map<string, HostileRun>();
  for (const rel of opts.only ?? Object.keys(files)) {
    const file = path.resolve(HOSTILE_ROOT, rel);
    const kind = fileKindOf(file);
    if (!kind) continue;
    const log: string[] = [];
    const t0 = performance.now();
    const findings = analyzeFile({ path: file, text: abs[file], kind, config, root: HOSTILE_ROOT, fs, rules: ALL_RULES, sharedCache, log: (m) => log.push(m) });
    const ms = performance.now() - t0;
    out.set(rel, { findings, log, failures: log.filter((l) => /\bfailed\b|\bstopped\b/.test(l)), ms });
  }
  return out;
}

/** runHostile for the first file of a series at size n. */
export function runSeries(s: HostileSeries, n: number, config?: Partial<EngineConfig>): HostileRun {
  const files = s.files(n);
  const first = Object.keys(files)[0];
  return runHostile(files, { config, only: [first] }).get(first)!;
}
