// Fixes as file changes: the text before and after and a unified diff per file. Shared by
// `arm64-port fix`, the MCP server's preview_fix/apply_fix and the editor's agent tools.
import * as path from 'node:path';
import type { Finding, TextEdit } from '../engine/types';
import type { FileSystem } from '../engine/workspace';
import { applyEdits, collectFixEdits } from '../fixes/applyEdits';
import { unifiedDiff } from '../fixes/diff';

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
export function planDiff(plan: FilePlan, base: string): string {
  return unifiedDiff(path.relative(base, plan.file).split(path.sep).join('/') || path.basename(plan.file), plan.before, plan.after);
}
