// One file of a scan (scanOneFile: read, skip what is not source, analyzeFile), the scan's options and result
// types and its order. The scan itself is parallelScan.ts, for the CLI, the language server and the tests alike.
import type { EngineConfig } from '../core/config';
import { analyzeFile } from './analyze';
import { isGeneratedText, textSkipReason, type DiscoveredFile, type SkippedFile } from './discover';
import type { Finding, MissingModule } from '../core/types';
import { addMissingModule } from './missingModules';
import type { FileSystem } from '../core/workspace';
import type { Rule } from '../rules/rule';

export interface ScanResult {
  root: string;
  findings: Finding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkippedFile[];
  /** Files analysed only in part (a rule failed, or the time budget ran out), with why. */
  incomplete: SkippedFile[];
  notes: string[];
  /** Modules go.mod requires that the module cache does not hold, with the structs left unanalysed because of them. */
  missingModules: MissingModule[];
}

export interface ScanOptions {
  root: string;
  paths: string[];
  config: EngineConfig;
  fs: FileSystem;
  rules: readonly Rule[];
  sharedCache?: Map<string, unknown>;
  /** Called after each file; return true to cancel. */
  onProgress?: (done: number, total: number) => boolean | void;
  /** Only these files (absolute paths), e.g. from --changed-since. */
  only?: Set<string>;
}

/**
 * What scanning one file gave: `skipped` when it was not analysed, `incomplete` when only in part,
 * `missingModules` when some of its structs need modules that are not downloaded.
 */
/** `crossFile`: a rule that reads other files ran on it (meta.readsOtherFiles), so its findings depend on them too. */
export interface OneFileResult { findings: Finding[]; bytes: number; skipped?: string; incomplete?: string; missingModules?: MissingModule[]; crossFile?: true }

/**
 * Reads and analyses one discovered file; a file that cannot be analysed is recorded as skipped. `read`: its text
 * when the caller has read it already (the result cache, for its key), so it is not read twice.
 */
export function scanOneFile(f: DiscoveredFile, opts: Pick<ScanOptions, 'root' | 'config' | 'fs' | 'rules'>, shared: Map<string, unknown>, notes: string[], read?: { text: string | undefined }): OneFileResult {
  const log = (m: string) => notes.push(m);
  const reasons: string[] = [];
  const missing: MissingModule[] = [];
  let crossFile = false;
  const analyze = (text: string): OneFileResult => {
    const findings = analyzeFile({
      path: f.path, text, kind: f.kind, config: opts.config, root: opts.root, fs: opts.fs, rules: opts.rules, sharedCache: shared, log,
      budgetMs: opts.config.scanBudgetMs, incomplete: (r) => reasons.push(r), missingModule: (m) => addMissingModule(missing, m),
      readsOtherFiles: () => { crossFile = true; },
    });
    return {
      findings, bytes: f.kind === 'binary' ? opts.fs.size(f.path) ?? 0 : text.length,
      ...(reasons.length ? { incomplete: reasons.join('; ') } : {}), ...(missing.length ? { missingModules: missing } : {}),
      ...(crossFile ? { crossFile: true as const } : {}),
    };
  };
  // Cheapest prefilter: a file no enabled rule reads is not even opened.
  if (!opts.rules.some((r) => r.meta.kinds.includes(f.kind) && opts.config.rules[r.meta.id] !== 'off')) return { findings: [], bytes: 0 };
  if (f.kind === 'binary') return analyze('');
  const text = read ? read.text : opts.fs.readText(f.path);
  const unfit = textSkipReason(text);
  if (unfit || text === undefined) return { findings: [], bytes: 0, skipped: unfit };
  if (!opts.config.includeVendored && isGeneratedText(text)) return { findings: [], bytes: 0, skipped: 'generated file' };
  return analyze(text);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
