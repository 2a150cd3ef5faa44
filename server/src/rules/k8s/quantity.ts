// Kubernetes resource quantities (`100m`, `1Gi`, `2G`, `1.5`) as numbers, for comparisons and sums.
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function parseQuantity(v: string): number | undefined {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?([a-zA-Z]{0,2})\s*$/.exec(v);
  if (!m) return undefined;
  const mult = SUFFIX[m[3]];
  if (mult === undefined) return undefined;
  return Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1) * mult;
}
