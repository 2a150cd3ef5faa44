// A small unified diff (line-based LCS) for `fix --dry-run`.
// A last line without a newline gets a marker, so it differs from the same text with one and is
// printed with "\\ No newline at end of file", as patch and git apply expect.
const NO_EOL = '\u0000no-eol';
function diffLines(t: string): string[] {
  if (t === '') return [];
  const lines = t.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); else lines[lines.length - 1] += NO_EOL;
  return lines;
}

export function unifiedDiff(name: string, a: string, b: string, context = 3): string {
  const x = diffLines(a), y = diffLines(b);
  const n = x.length, m = y.length;
  // Trim common prefix and suffix so the LCS table stays small.
  let pre = 0;
  while (pre < n && pre < m && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && x[n - 1 - suf] === y[m - 1 - suf]) suf++;
  const xs = x.slice(pre, n - suf), ys = y.slice(pre, m - suf);
  const dp: number[][] = Array.from({ length: xs.length + 1 }, () => new Array(ys.length + 1).fill(0));
  for (let i = xs.length - 1; i >= 0; i--) for (let j = ys.length - 1; j >= 0; j--) {
    dp[i][j] = xs[i] === ys[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const ops: { t: ' ' | '-' | '+'; s: string }[] = x.slice(0, pre).map((s) => ({ t: ' ' as const, s }));
  let i = 0, j = 0;
  while (i < xs.length || j < ys.length) {
    if (i < xs.length && j < ys.length && xs[i] === ys[j]) { ops.push({ t: ' ', s: xs[i] }); i++; j++; }
    else if (i < xs.length && (j === ys.length || dp[i + 1][j] >= dp[i][j + 1])) { ops.push({ t: '-', s: xs[i] }); i++; }
    else { ops.push({ t: '+', s: ys[j] }); j++; }
  }
  ops.push(...x.slice(n - suf).map((s) => ({ t: ' ' as const, s })));
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
