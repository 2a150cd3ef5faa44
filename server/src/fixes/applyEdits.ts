// Merging fixes for fix-all and `arm64-port fix`: only mechanical ('fix') fixes, one per finding, edits in one file
// never overlapping (a later overlapping fix waits for the next round, fixes/fixAll.ts). Two fixes that insert the
// same declaration insert it once, and fixes never empty a collection in one round (see TextEdit).
import * as path from 'node:path';
import type { Finding, TextEdit } from '../core/types';

export interface FileFixes {
  edits: TextEdit[];
  /** Fixes taken (whole) for this file. */
  fixes: number;
  /** The findings whose fixes were taken. */
  taken: Finding[];
  /** Fixes left out because they overlap one already taken (the next round applies them). */
  skipped: number;
}

export function collectFixEdits(findings: Finding[]): Map<string, FileFixes> {
  const byFile = new Map<string, FileFixes>();
  const entryOf = (file: string) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, e = { edits: [], fixes: 0, taken: [], skipped: 0 });
    return e;
  };
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.kind === 'fix');
    if (!fix) continue;
    const groups = new Map<string, TextEdit[]>();
    for (const e of fix.edits) {
      const file = path.resolve(e.file ?? f.file);
      groups.set(file, [...(groups.get(file) ?? []), e]);
    }
    // A fix is applied whole or not at all.
    const fits = [...groups].every(([file, edits]) => edits.every((e) => fitsWith(entryOf(file).edits, e)));
    for (const [file, edits] of groups) {
      const entry = entryOf(file);
      if (!fits) { entry.skipped++; continue; }
      entry.fixes++;
      entry.taken.push(f);
      for (const e of edits) take(entry.edits, e);
    }
  }
  return byFile;
}

/** Whether an edit can join those already taken in its file. */
function fitsWith(taken: TextEdit[], e: TextEdit): boolean {
  if (taken.some((o) => same(o, e) || coveredBy(o, e))) return true;
  if (e.removesItemOf) {
    const { collection, items } = e.removesItemOf;
    if (taken.filter((o) => o.removesItemOf?.collection === collection).length + 1 >= items) return false;
  }
  return !taken.some((o) => overlaps(o, e));
}

function take(taken: TextEdit[], e: TextEdit): void {
  if (taken.some((o) => same(o, e) || coveredBy(o, e))) return;
  // An earlier insertion of the same declaration makes the later ones redundant.
  if (e.declares) for (let i = taken.length - 1; i >= 0; i--) if (coveredBy(e, taken[i])) taken.splice(i, 1);
  taken.push(e);
}

/** The same change (two findings sharing one fix). */
function same(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** `e` inserts a declaration that `o` already inserts at or before it. */
function coveredBy(o: TextEdit, e: TextEdit): boolean {
  return e.declares !== undefined && o.declares === e.declares && o.start <= e.start;
}

export function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start === b.start) || (b.start === b.end && b.start === a.start);
}

/** Applies non-overlapping edits; insertions at one offset appear in the order given (as in LSP). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  let out = text;
  for (const { e } of order) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
