// Fixes as file changes: the text before and after and a unified diff per file. Shared by
// `arm64-port fix`, the MCP server's preview_fix/apply_fix and the editor's agent tools.
import * as path from 'node:path';
import type { EngineConfig } from '../engine/config';
import { scanWorkspaceParallel } from '../engine/parallelScan';
import type { Finding, TextEdit } from '../engine/types';
import { nodeFileSystem, OverlayFileSystem, type FileSystem } from '../engine/workspace';
import { applyEdits, collectFixEdits } from '../fixes/applyEdits';
import { unifiedDiff } from '../fixes/diff';
import { fixToFixedPointAsync, type FixAllResult } from '../fixes/fixAll';
import { GO_ENV_KEY } from '../lang/go/context';
import type { GoEnv } from '../lang/go/env';
import type { Rule } from '../rules/rule';

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
 * `arm64-port fix`: the mechanical fixes of the files under `paths`, round after round until they settle
 * (fixes/fixAll.ts). Nothing is written: each round scans the files as fixed so far, held in memory, with the
 * workspace scan (worker threads, the fixed texts laid over the disk) that `arm64-port scan` runs.
 */
export function fixWorkspace(opts: FixWorkspaceOptions): Promise<FixAllResult> {
  // Each round's scan starts with a fresh memo (keeping one across rounds, as the language server does across
  // edits, saved 6% of the CPU time on nats-server).
  return fixToFixedPointAsync(async (files, texts) => {
    const onDisk = opts.fs === nodeFileSystem;
    const fs = onDisk ? nodeFileSystem : new OverlayFileSystem(opts.fs);
    if (!onDisk) for (const [file, text] of texts) (fs as OverlayFileSystem).set(file, text);
    const { findings } = await scanWorkspaceParallel({
      root: opts.root, paths: files ?? opts.paths, config: opts.config, fs, overlay: onDisk ? texts : undefined, rules: opts.rules,
      sharedSeed: { [GO_ENV_KEY]: opts.goEnv },
    });
    opts.onScan?.(findings);
    return findings;
  }, (file) => opts.fs.readText(file), opts.maxRounds);
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
