// go.mod and go.work, read as text: enough to map import paths to directories, and (with offsets) for the
// rules that report on go.mod's own lines. The one go.mod reader of the project.

/** A `require` line: the module path and version, with offsets of the entry and of its version. */
export interface GoModRequire { path: string; version: string; start: number; end: number; versionStart: number }

export interface GoMod {
  module: string;
  /** The `go` directive's version and where it is. */
  go?: { version: string; start: number; end: number };
  goVersion?: string;
  /** Module path -> required version (the last line wins, as in a Map). */
  requires: Map<string, string>;
  /** Every require line in order, with offsets. */
  requireLines: GoModRequire[];
  /** Module path -> local directory (relative replacements) or path@version. */
  replaces: Map<string, { path: string; version?: string }>;
}

/** The entries of a directive, single-line or in a ( ) block, comments removed and trimmed (go.work's `use`). */
function directiveLines(text: string, directive: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/\/\/.*$/gm, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === `${directive} (` || line === `${directive}(`) {
      for (i++; i < lines.length && lines[i].trim() !== ')'; i++) if (lines[i].trim()) out.push(lines[i].trim());
    } else if (line.startsWith(directive + ' ') || line.startsWith(directive + '\t')) {
      out.push(line.slice(directive.length).trim());
    }
  }
  return out;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');

export function parseGoMod(text: string): GoMod {
  const out: GoMod = { module: '', requires: new Map(), requireLines: [], replaces: new Map() };
  let block: string | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    // Offsets stay those of the raw line: only the comment's own text is removed.
    const line = raw.replace(/\/\/.*$/m, '');
    const trimmed = line.trim();
    if (block) {
      if (trimmed === ')') { block = undefined; continue; }
      entry(block, line, lineStart);
      continue;
    }
    const m = /^\s*(go|require|replace|exclude|retract|module|toolchain|godebug|tool|ignore)\b\s*(\(?)/.exec(line);
    if (!m) continue;
    if (m[2] === '(') { block = m[1]; continue; }
    entry(m[1], line.slice(m.index + m[0].length), lineStart + m.index + m[0].length);
  }
  out.goVersion = out.go?.version;
  return out;

  function entry(kind: string, body: string, bodyStart: number): void {
    if (kind === 'go') {
      const v = /^(\s*)(\S+)/.exec(body);
      if (v && !out.go) out.go = { version: v[2], start: bodyStart + v[1].length, end: bodyStart + v[1].length + v[2].length };
    } else if (kind === 'module') {
      const v = /^\s*(\S+)/.exec(body);
      if (v && !out.module) out.module = unquote(v[1]);
    } else if (kind === 'require') {
      const r = /^(\s*)(\S+)(\s+)(v\S+)/.exec(body);
      if (!r) return;
      const start = bodyStart + r[1].length;
      const versionStart = start + r[2].length + r[3].length;
      const req = { path: unquote(r[2]), version: r[4], start, end: versionStart + r[4].length, versionStart };
      out.requireLines.push(req);
      out.requires.set(req.path, req.version);
    } else if (kind === 'replace') {
      const r = /^\s*(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?/.exec(body);
      if (r) out.replaces.set(unquote(r[1]), { path: unquote(r[2]), version: r[3] });
    }
  }
}

export function parseGoWorkUses(text: string): string[] {
  return directiveLines(text, 'use').map((u) => unquote(u.split(/\s+/)[0]));
}

/** Module cache path escaping: upper-case letters become '!' + lower case. */
export function escapeModulePath(p: string): string { return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase()); }
