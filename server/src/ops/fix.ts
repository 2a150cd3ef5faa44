// Fixes as file changes: the text before and after and a unified diff per file. Shared by
// `arm64-port fix`, the MCP server's preview_fix/apply_fix and the editor's agent tools.
import * as path from 'node:path';
import type { EngineConfig } from '../core/config';
import { Engine, sortFindings, type GoEnv } from '../engine/engine';
import type { Rule } from '../engine/catalogue';
import type { Finding, TextEdit } from '../core/types';
import { nodeFileSystem, OverlayFileSystem, type FileSystem } from '../core/workspace';
import { applyEdits, collectFixEdits } from '../fixes/applyEdits';
import { unifiedDiff } from '../fixes/diff';
import { fixToFixedPointAsync, type FixAllResult } from '../fixes/fixAll';

export interface FilePlan {
  /** Absolute path. */
  file: string;
  before: string;
  after: string;
  edits: TextEdit[];
  /** Fixes left out because they overlap one already taken (a second run applies them). */
  skipped: number;
}

/** Mechanical ('fix' kind) fixes of these findings, merged per file without overlaps (fix-all). */
export function planMechanicalFixes(findings: Finding[], fs: FileSystem): FilePlan[] {
  return plansOf(collectFixEdits(findings), fs);
}

export interface FixWorkspaceOptions {
  root: string;
  /** Absolute paths of the files and folders to fix. */
  paths: string[];
  config: EngineConfig;
  rules: readonly Rule[];
  goEnv: GoEnv;
  fs: FileSystem;
  /** Told the findings of each round's scan. */
  onScan?: (findings: Finding[]) => void;
  /** Rounds at most (default: until the files settle, within fixes/fixAll.ts's bound). */
  maxRounds?: number;
}

/**
 * A file whose analysis ran out of its time budget gave only part of its findings: it is analysed again once,
 * alone, with this many times the budget. (Not a file whose worker was stopped as hung: in this thread it could
 * hang the command.)
 */
const RETRY_BUDGET_FACTOR = 10;
const timedOut = (reason: string) => reason.includes('analysis stopped after');

/** A file not completely analysed in the last round that read it: its fixes may be partial. */
export interface IncompleteFile { path: string; reason: string }

/**
 * `arm64-port fix`: the mechanical fixes of the files under `paths`, round after round until they settle
 * (fixes/fixAll.ts). Nothing is written: each round scans the files as fixed so far, held in memory, with the
 * workspace scan (worker threads, the fixed texts laid over the disk) that `arm64-port scan` runs.
 */
export async function fixWorkspace(opts: FixWorkspaceOptions): Promise<FixAllResult & { incomplete: IncompleteFile[] }> {
  // Why each file was last analysed only in part (absolute path); a later complete analysis clears it.
  const partial = new Map<string, string>();
  // Each round's scan starts with a fresh memo (keeping one across rounds, as the language server does across
  // edits, saved 6% of the CPU time on nats-server).
  const result = await fixToFixedPointAsync(async (files, texts) => {
    const onDisk = opts.fs === nodeFileSystem;
    const fs = onDisk ? nodeFileSystem : new OverlayFileSystem(opts.fs);
    if (!onDisk) for (const [file, text] of texts) (fs as OverlayFileSystem).set(file, text);
    const engine = new Engine({ root: opts.root, fs, goEnv: opts.goEnv });
    const scan = (paths: string[], config: EngineConfig) => engine.scan({
      paths, config, fs, overlay: onDisk ? texts : undefined, rules: opts.rules,
    });
    const first = await scan(files ?? opts.paths, opts.config);
    let findings = first.findings, incomplete = first.incomplete;
    // A file cut short by the time budget (a loaded machine) would look settled with the fixes found so far,
    // and a second `fix` would find the rest: it is analysed again before its findings count.
    const retry = new Set(incomplete.filter((f) => timedOut(f.reason)).map((f) => path.resolve(f.path)));
    if (retry.size) {
      const again = await scan([...retry], { ...opts.config, scanBudgetMs: opts.config.scanBudgetMs * RETRY_BUDGET_FACTOR });
      findings = sortFindings([...findings.filter((f) => !retry.has(path.resolve(f.file))), ...again.findings]);
      incomplete = [...incomplete.filter((f) => !retry.has(path.resolve(f.path))), ...again.incomplete];
    }
    for (const f of files ?? []) partial.delete(path.resolve(f));
    if (!files) partial.clear();
    for (const f of incomplete) partial.set(path.resolve(f.path), f.reason);
    opts.onScan?.(findings);
    return findings;
  }, (file) => opts.fs.readText(file), opts.maxRounds);
  return { ...result, incomplete: [...partial].map(([p, reason]) => ({ path: p, reason })) };
}

/** One fix of one finding (any kind), whole. */
export function planOneFix(finding: Finding, fixIndex: number, fs: FileSystem): FilePlan[] {
  const fix = finding.fixes[fixIndex];
  const byFile = new Map<string, { edits: TextEdit[]; skipped: number }>();
  for (const e of fix?.edits ?? []) {
    const file = path.resolve(e.file ?? finding.file);
    const entry = byFile.get(file) ?? { edits: [], skipped: 0 };
    entry.edits.push(e);
    byFile.set(file, entry);
  }
  return plansOf(byFile, fs);
}

function plansOf(byFile: Map<string, { edits: TextEdit[]; skipped: number }>, fs: FileSystem): FilePlan[] {
  const plans: FilePlan[] = [];
  for (const [file, { edits, skipped }] of byFile) {
    const before = fs.readText(file);
    if (before === undefined) continue;
    const after = applyEdits(before, edits);
    if (after === before) continue;
    plans.push({ file, before, after, edits, skipped });
  }
  return plans;
}

/** The unified diff of a plan, with the file named relative to `base` (`git apply` reads it). */
export function planDiff(plan: Pick<FilePlan, 'file' | 'before' | 'after'>, base: string): string {
  return unifiedDiff(path.relative(base, plan.file).split(path.sep).join('/') || path.basename(plan.file), plan.before, plan.after);
}
