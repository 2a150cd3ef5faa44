// Minimal go.mod reading: the `go` directive and `require` entries with their offsets.

export interface GoModRequire { path: string; version: string; start: number; end: number; versionStart: number }

export interface GoMod {
  go?: { version: string; start: number; end: number };
  requires: GoModRequire[];
  replaced: Set<string>;
}

export function parseGoMod(text: string): GoMod {
  const out: GoMod = { requires: [], replaced: new Set() };
  let block: string | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\/\/.*$/, '');
    const trimmed = line.trim();
    if (block) {
      if (trimmed === ')') { block = undefined; continue; }
      handle(block, line, lineStart);
      continue;
    }
    const m = /^\s*(go|require|replace|exclude|retract|module|toolchain|godebug|tool|ignore)\b\s*(\(?)/.exec(line);
    if (!m) continue;
    if (m[2] === '(') { block = m[1]; continue; }
    if (m[1] === 'go') {
      const v = /^(\s*go\s+)(\S+)/.exec(line);
      if (v) out.go = { version: v[2], start: lineStart + v[1].length, end: lineStart + v[1].length + v[2].length };
      continue;
    }
    handle(m[1], line.slice(m.index + m[0].length), lineStart + m.index + m[0].length);
  }
  return out;

  function handle(kind: string, body: string, bodyStart: number): void {
    if (kind === 'require') {
      const r = /^(\s*)(\S+)(\s+)(v\S+)/.exec(body);
      if (!r) return;
      const start = bodyStart + r[1].length;
      const versionStart = start + r[2].length + r[3].length;
      out.requires.push({ path: r[2], version: r[4], start, end: versionStart + r[4].length, versionStart });
    } else if (kind === 'replace') {
      const r = /^\s*(\S+)/.exec(body);
      if (r) out.replaced.add(r[1]);
    }
  }
}

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
