// Go and module version comparisons for the go.mod rules (go.mod itself is read by lang/go/gomod.ts).

/** Compares Go versions "1.16", "1.21.3", "1.22rc1" by their numeric parts; undefined when unreadable. */
export function compareGoVersion(a: string, b: string): number | undefined {
  const pa = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(a), pb = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(b);
  if (!pa || !pb) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Compares module versions (semver with a leading v; pre-release and pseudo-versions sort before the release). */
export function compareSemver(a: string, b: string): number | undefined {
  const re = /^v(\d+)\.(\d+)\.(\d+)(-[^+]*)?/;
  const pa = re.exec(a), pb = re.exec(b);
  if (!pa || !pb) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  if (pa[4] && !pb[4]) return -1;
  if (!pa[4] && pb[4]) return 1;
  return 0;
}
