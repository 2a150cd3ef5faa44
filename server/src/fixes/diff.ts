// A small unified diff (line-based LCS) for `fix --dry-run`, and the same change as line edits for the editor.
import type { TextEdit } from '../core/types';

// A last line without a newline gets a marker, so it differs from the same text with one and is
// printed with "\\ No newline at end of file", as patch and git apply expect.
const NO_EOL = '\u0000no-eol';
function diffLines(t: string): string[] {
  if (t === '') return [];
  const lines = t.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); else lines[lines.length - 1] += NO_EOL;
  return lines;
}

/** Longest-common-subsequence edit script of two line lists (common prefix and suffix trimmed first). */
function lineOps(x: string[], y: string[], maxTable = Infinity): { t: ' ' | '-' | '+'; s: string }[] {
  const n = x.length, m = y.length;
  // Trim common prefix and suffix so the LCS table stays small.
  let pre = 0;
  while (pre < n && pre < m && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && x[n - 1 - suf] === y[m - 1 - suf]) suf++;
  const xs = x.slice(pre, n - suf), ys = y.slice(pre, m - suf);
  const ops: { t: ' ' | '-' | '+'; s: string }[] = x.slice(0, pre).map((s) => ({ t: ' ' as const, s }));
  if (xs.length * ys.length > maxTable) {
    // Too far apart for the table: one change from the first differing line to the last.
    ops.push(...xs.map((s) => ({ t: '-' as const, s })), ...ys.map((s) => ({ t: '+' as const, s })));
  } else {
    const dp: number[][] = Array.from({ length: xs.length + 1 }, () => new Array(ys.length + 1).fill(0));
    for (let i = xs.length - 1; i >= 0; i--) for (let j = ys.length - 1; j >= 0; j--) {
      dp[i][j] = xs[i] === ys[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
    let i = 0, j = 0;
    while (i < xs.length || j < ys.length) {
      if (i < xs.length && j < ys.length && xs[i] === ys[j]) { ops.push({ t: ' ', s: xs[i] }); i++; j++; }
      else if (i < xs.length && (j === ys.length || dp[i + 1][j] >= dp[i][j + 1])) { ops.push({ t: '-', s: xs[i] }); i++; }
      else { ops.push({ t: '+', s: ys[j] }); j++; }
    }
  }
  ops.push(...x.slice(n - suf).map((s) => ({ t: ' ' as const, s })));
  return ops;
}

/** Cells of the LCS table at most for editor edits (4 M: 2,000 changed lines against 2,000). */
const MAX_EDIT_TABLE = 4_000_000;

/**
 * The change from `a` to `b` as edits of whole lines of `a` (for an editor: what did not change keeps its
 * place, its markers and the cursor).
 */
export function lineEdits(a: string, b: string): TextEdit[] {
  const lines = (t: string) => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const edits: TextEdit[] = [];
  let offset = 0;
  let cur: TextEdit | undefined;
  for (const op of lineOps(lines(a), lines(b), MAX_EDIT_TABLE)) {
    if (op.t === ' ') { cur = undefined; offset += op.s.length; continue; }
    if (!cur) edits.push(cur = { start: offset, end: offset, newText: '' });
    if (op.t === '-') { offset += op.s.length; cur.end = offset; } else cur.newText += op.s;
  }
  return edits;
}

export function unifiedDiff(name: string, a: string, b: string, context = 3): string {
  const ops = lineOps(diffLines(a), diffLines(b));
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') { k++; continue; }
    const start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length) {
      if (ops[end].t !== ' ') { end++; continue; }
      let run = 0;
      while (end + run < ops.length && ops[end + run].t === ' ') run++;
      if (run > 2 * context || end + run === ops.length) { end = Math.min(ops.length, end + context); break; }
      end += run;
    }
    const hunk = ops.slice(start, end);
    const aStart = ops.slice(0, start).filter((o) => o.t !== '+').length + 1;
    const bStart = ops.slice(0, start).filter((o) => o.t !== '-').length + 1;
    const aLen = hunk.filter((o) => o.t !== '+').length, bLen = hunk.filter((o) => o.t !== '-').length;
    // An empty side is addressed by the line before it (`-0,0` for an empty file).
    out.push(`@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@`);
    out.push(...hunk.map((o) => o.s.endsWith(NO_EOL) ? `${o.t}${o.s.slice(0, -NO_EOL.length)}\n\\ No newline at end of file` : o.t + o.s));
    k = end;
  }
  return out.join('\n');
}
