// `arm64-port-disable-next-line <id>[, <id>]` and `arm64-port-disable-file <id>` in any comment syntax
// (//, /* */, #). With no id, every rule is silenced.

const DIRECTIVE = /arm64-port-disable-(next-line|line|file)\b([^\n*]*)/g;

export interface Suppressions {
  file: Set<string> | 'all' | null;
  /** 0-based line -> ids (or 'all') silenced on that line. */
  lines: Map<number, Set<string> | 'all'>;
}

function parseIds(rest: string): Set<string> | 'all' {
  const ids = rest.replace(/--.*$/, '').split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length ? new Set(ids) : 'all';
}

function merge(a: Set<string> | 'all' | null | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('arm64-port-disable')) return result;
  let line = 0, lastIndex = 0;
  for (const m of text.matchAll(DIRECTIVE)) {
    for (let i = lastIndex; i < m.index!; i++) if (text.charCodeAt(i) === 10) line++;
    lastIndex = m.index!;
    const ids = parseIds(m[2]);
    if (m[1] === 'file') result.file = merge(result.file, ids);
    else {
      const target = m[1] === 'next-line' ? line + 1 : line;
      result.lines.set(target, merge(result.lines.get(target), ids));
    }
  }
  return result;
}

/** `line0` may be left out when no line is suppressed (only the file-wide directives apply). */
export function isSuppressed(s: Suppressions, ruleId: string, line0: number | undefined): boolean {
  if (s.file === 'all' || (s.file && s.file.has(ruleId))) return true;
  if (line0 === undefined) return false;
  const l = s.lines.get(line0);
  return l === 'all' || (!!l && l.has(ruleId));
}
