// go.mod and go.work, read as text: enough to map import paths to directories.

export interface GoMod {
  module: string;
  goVersion?: string;
  requires: Map<string, string>;
  /** Module path -> local directory (relative replacements) or path@version. */
  replaces: Map<string, { path: string; version?: string }>;
}

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
  const module = unquote(directiveLines(text, 'module')[0]?.split(/\s+/)[0] ?? '');
  const goVersion = directiveLines(text, 'go')[0]?.split(/\s+/)[0];
  const requires = new Map<string, string>();
  for (const r of directiveLines(text, 'require')) {
    const [p, v] = r.split(/\s+/);
    if (p && v) requires.set(unquote(p), v);
  }
  const replaces = new Map<string, { path: string; version?: string }>();
  for (const r of directiveLines(text, 'replace')) {
    const m = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?/.exec(r);
    if (m) replaces.set(unquote(m[1]), { path: unquote(m[2]), version: m[3] });
  }
  return { module, goVersion, requires, replaces };
}

export function parseGoWorkUses(text: string): string[] {
  return directiveLines(text, 'use').map((u) => unquote(u.split(/\s+/)[0]));
}

/** Module cache path escaping: upper-case letters become '!' + lower case. */
export function escapeModulePath(p: string): string { return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase()); }
