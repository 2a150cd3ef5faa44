// A small unified diff (line-based LCS) for `fix --dry-run`.
export function unifiedDiff(name: string, a: string, b: string, context = 3): string {
  const x = a.split('\n'), y = b.split('\n');
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
    else if (j < ys.length && (i === xs.length || dp[i][j + 1] >= dp[i + 1][j])) { ops.push({ t: '+', s: ys[j] }); j++; }
    else { ops.push({ t: '-', s: xs[i] }); i++; }
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
    out.push(`@@ -${aStart},${hunk.filter((o) => o.t !== '+').length} +${bStart},${hunk.filter((o) => o.t !== '-').length} @@`);
    out.push(...hunk.map((o) => o.t + o.s));
    k = end;
  }
  return out.join('\n');
}
