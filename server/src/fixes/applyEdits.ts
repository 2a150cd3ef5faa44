// Merging fixes for fix-all and `arm64-port fix`: only mechanical ('fix') fixes, one per finding,
// edits in one file never overlapping (a later overlapping fix waits for the next run).
import * as path from 'node:path';
import type { Finding, TextEdit } from '../engine/types';

export function collectFixEdits(findings: Finding[]): Map<string, { edits: TextEdit[]; skipped: number }> {
  const byFile = new Map<string, { edits: TextEdit[]; skipped: number }>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.kind === 'fix');
    if (!fix) continue;
    const groups = new Map<string, TextEdit[]>();
    for (const e of fix.edits) {
      const file = path.resolve(e.file ?? f.file);
      groups.set(file, [...(groups.get(file) ?? []), e]);
    }
    // A fix is applied whole or not at all.
    const fits = [...groups].every(([file, edits]) => !edits.some((e) => (byFile.get(file)?.edits ?? []).some((o) => overlaps(o, e))));
    for (const [file, edits] of groups) {
      const entry = byFile.get(file) ?? { edits: [], skipped: 0 };
      if (fits) entry.edits.push(...edits); else entry.skipped++;
      byFile.set(file, entry);
    }
  }
  return byFile;
}

export function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start === b.start) || (b.start === b.end && b.start === a.start);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
