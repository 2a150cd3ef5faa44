// Which headers a project installs for other programs to compile against, read from the install rules its build
// files declare: CMake `install(FILES|DIRECTORY ...)`, `PUBLIC_HEADER` and `FILE_SET HEADERS`; automake
// `*_HEADERS` (all but `noinst_`/`check_`); meson `install_headers(...)`/`install_subdir(...)`; install or cp
// recipe lines of a Makefile. Pure: texts in, path patterns out; the caller reads the files.
import * as path from 'node:path';

/** One path an install rule names, relative to `base` (or ending a path anywhere when `base` is null). */
export interface InstallPattern {
  /** Absolute directory the pattern is relative to; null when it starts with a variable we do not know. */
  base: string | null;
  /** Path with `/` separators; may hold `*` globs. */
  rel: string;
  /** A directory: every header below it is installed. */
  directory: boolean;
  /** The build file and line that names it, for the reason text. */
  source: string;
}

/** Build files read in each directory, in this order. */
export const BUILD_FILES = ['CMakeLists.txt', 'Makefile.am', 'meson.build', 'Makefile', 'GNUmakefile'] as const;

const HEADER_TOKEN = /\.(?:h|hh|hpp|hxx|h\+\+|inl)$/i;

/** The install patterns of one build file. `file` is its absolute path, `root` the workspace root. */
export function installPatterns(file: string, text: string, root: string): InstallPattern[] {
  const name = path.basename(file);
  if (name === 'CMakeLists.txt' || name.endsWith('.cmake')) return cmakePatterns(file, text, root);
  if (name === 'Makefile.am') return automakePatterns(file, text, root);
  if (name === 'meson.build') return mesonPatterns(file, text, root);
  return makefilePatterns(file, text, root);
}

function cmakePatterns(file: string, text: string, root: string): InstallPattern[] {
  const src = stripComments(text, '#');
  const vars = assignments(src, /\b(?:set|list\s*\(\s*APPEND|file\s*\(\s*GLOB(?:_RECURSE)?)\s*\(?\s*([A-Za-z_][\w]*)\b/gi);
  const out: InstallPattern[] = [];
  for (const call of calls(src, /\b(install|set_target_properties|set_property|target_sources)\s*\(/gi)) {
    const cmd = call.name.toLowerCase();
    const body = call.body;
    const where = `${rel(root, file)}:${lineOf(src, call.start)}`;
    if (cmd === 'install') {
      const dir = /^\s*DIRECTORY\b/i.test(body);
      if (!dir && !/^\s*FILES\b/i.test(body)) continue;
      for (const t of tokens(body, vars)) {
        if (/^(FILES|DIRECTORY|DESTINATION|PERMISSIONS|COMPONENT|RENAME|OPTIONAL|FILES_MATCHING|PATTERN|REGEX|EXCLUDE|TYPE|CONFIGURATIONS)$/i.test(t)) {
          if (/^(DESTINATION|PERMISSIONS|COMPONENT|RENAME|FILES_MATCHING|PATTERN|REGEX|TYPE|CONFIGURATIONS)$/i.test(t)) break;
          continue;
        }
        const p = pattern(t, path.dirname(file), root, where, dir, CMAKE_HERE, CMAKE_TOP);
        if (p && (dir || HEADER_TOKEN.test(p.rel))) out.push(p);
      }
    } else if (/\bPUBLIC_HEADER\b/.test(body) || (cmd === 'target_sources' && /\bFILE_SET\b/.test(body) && /\bHEADERS\b/.test(body))) {
      for (const t of tokens(body, vars)) {
        const p = HEADER_TOKEN.test(t) ? pattern(t, path.dirname(file), root, where, false, CMAKE_HERE, CMAKE_TOP) : null;
        if (p) out.push(p);
      }
    }
  }
  return out;
}

function automakePatterns(file: string, text: string, root: string): InstallPattern[] {
  const src = joinContinuations(stripComments(text, '#'));
  const vars = new Map<string, string>();
  for (const m of src.matchAll(/^[ \t]*([A-Za-z_][\w]*)[ \t]*\+?=(.*)$/gm)) vars.set(m[1], (vars.get(m[1]) ?? '') + ' ' + m[2]);
  const out: InstallPattern[] = [];
  for (const m of src.matchAll(/^[ \t]*([A-Za-z_][\w]*)_HEADERS[ \t]*\+?=(.*)$/gm)) {
    // noinst_HEADERS and check_HEADERS are not installed; every other prefix names an install directory.
    if (/(^|_)(noinst|check|EXTRA)$/.test(m[1])) continue;
    const where = `${rel(root, file)}:${lineOf(src, m.index!)}`;
    for (const t of expand(m[2], vars, /\$[({]([A-Za-z_]\w*)[)}]/g)) {
      const p = HEADER_TOKEN.test(t) ? pattern(t, path.dirname(file), root, where, false, MAKE_HERE, MAKE_TOP) : null;
      if (p) out.push(p);
    }
  }
  return out;
}

function mesonPatterns(file: string, text: string, root: string): InstallPattern[] {
  const src = stripComments(text, '#');
  const vars = new Map<string, string>();
  for (const m of src.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*\+?=/gm)) {
    const rhs = statementFrom(src, m.index! + m[0].length);
    vars.set(m[1], (vars.get(m[1]) ?? '') + ' ' + rhs);
  }
  const out: InstallPattern[] = [];
  for (const call of calls(src, /\b(install_headers|install_subdir)\s*\(/g)) {
    const where = `${rel(root, file)}:${lineOf(src, call.start)}`;
    const dir = call.name === 'install_subdir';
    // Positional arguments only (strings and variables), up to the first `keyword:`.
    const positional = call.body.split(/\b[a-z_]+\s*:/)[0];
    const quoted = [...positional.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    const named = [...positional.replace(/'[^']*'/g, ' ').matchAll(/\b([A-Za-z_]\w*)\b/g)]
      .filter((m) => m[1] !== 'files').flatMap((m) => [...(vars.get(m[1]) ?? '').matchAll(/'([^']*)'/g)].map((q) => q[1]));
    for (const t of [...quoted, ...named]) {
      const p = pattern(t, path.dirname(file), root, where, dir, [], []);
      if (p && (dir || HEADER_TOKEN.test(p.rel))) out.push(p);
    }
  }
  return out;
}

function makefilePatterns(file: string, text: string, root: string): InstallPattern[] {
  const src = joinContinuations(text);
  const out: InstallPattern[] = [];
  for (const m of src.matchAll(/^\t[^\n]*$/gm)) {
    const line = m[0];
    // A recipe line that copies files: install(1), $(INSTALL...), cp.
    if (!/(^|[\s;&|@-])(install|cp)\s|\$[({]INSTALL\w*[)}]/.test(line)) continue;
    const where = `${rel(root, file)}:${lineOf(src, m.index!)}`;
    for (const t of line.split(/[\s;&|'"]+/)) {
      const p = HEADER_TOKEN.test(t) ? pattern(t, path.dirname(file), root, where, false, MAKE_HERE, MAKE_TOP) : null;
      if (p) out.push(p);
    }
  }
  return out;
}

/** Does an install pattern name this header (absolute path)? */
export function patternNames(p: InstallPattern, header: string): boolean {
  const h = header.split(path.sep).join('/');
  const tail = p.directory ? '/.*' : '';
  if (p.base === null) return new RegExp(`(^|/)${globBody(p.rel)}${tail}$`).test(h);
  const full = path.posix.normalize(path.posix.join(p.base.split(path.sep).join('/'), p.rel));
  return new RegExp(`^${globBody(full)}${tail}$`).test(h);
}

// Variables that mean "this build file's directory" and "the top of the source tree".
const CMAKE_HERE = ['CMAKE_CURRENT_SOURCE_DIR', 'CMAKE_CURRENT_LIST_DIR'];
const CMAKE_TOP = ['CMAKE_SOURCE_DIR', 'PROJECT_SOURCE_DIR'];
const MAKE_HERE = ['srcdir', 'abs_srcdir', 'CURDIR'];
const MAKE_TOP = ['top_srcdir', 'abs_top_srcdir'];

function pattern(token: string, dir: string, root: string, source: string, directory: boolean, here: string[], top: string[]): InstallPattern | null {
  let t = token.replace(/^["']|["']$/g, '').trim();
  if (!t || /^-/.test(t)) return null;
  let base: string | null = dir;
  const lead = /^(?:\$[({]([A-Za-z_]\w*)[)}]|@([A-Za-z_]\w*)@)\/?/.exec(t);
  if (lead) {
    const v = lead[1] ?? lead[2];
    base = here.includes(v) ? dir : top.includes(v) ? root : null;
    t = t.slice(lead[0].length);
  }
  // What is left must be a plain path (globs allowed); a path still built from variables names no file we can see.
  if (!t || /[$@{}()]/.test(t)) return null;
  if (path.isAbsolute(t)) return null;
  return { base, rel: t.replace(/\\/g, '/'), directory, source };
}

function globBody(p: string): string {
  return p.replace(/\/+$/, '').split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
}

function stripComments(text: string, mark: string): string {
  return text.split('\n').map((l) => {
    let quote = '';
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (quote) { if (c === quote) quote = ''; else if (c === '\\') i++; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === mark) return l.slice(0, i);
    }
    return l;
  }).join('\n');
}

function joinContinuations(text: string): string {
  // Keeps the line count (an empty line for each joined one would not): joined lines end up on the first.
  return text.replace(/\\\r?\n/g, ' ');
}

function calls(src: string, re: RegExp): { name: string; body: string; start: number }[] {
  const out: { name: string; body: string; start: number }[] = [];
  for (const m of src.matchAll(re)) {
    const open = m.index! + m[0].length;
    out.push({ name: m[1], body: balancedFrom(src, open), start: m.index! });
  }
  return out;
}

/** Text from `open` (just after an opening bracket) to its matching close, or to the end of the line when unbalanced. */
function balancedFrom(src: string, open: number): string {
  let depth = 1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') { if (--depth === 0) return src.slice(open, i); }
    else if (c === '"' || c === "'") { const end = src.indexOf(c, i + 1); if (end > 0) i = end; }
  }
  const eol = src.indexOf('\n', open);
  return src.slice(open, eol < 0 ? src.length : eol);
}

/** Text from `from` to the end of its line, or further while brackets opened on it are open (a meson right-hand side). */
function statementFrom(src: string, from: number): string {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === "'") { const end = src.indexOf(c, i + 1); if (end > 0) i = end; }
    else if (c === '\n' && depth <= 0) return src.slice(from, i);
  }
  return src.slice(from);
}

/** CMake `set(VAR a b)` / `list(APPEND VAR a b)` / `file(GLOB VAR a/*.h)`: VAR -> its words. */
function assignments(src: string, re: RegExp): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of src.matchAll(re)) {
    const open = src.lastIndexOf('(', m.index! + m[0].length) + 1;
    const body = balancedFrom(src, open).replace(/^\s*((APPEND|GLOB|GLOB_RECURSE)\s+)?[A-Za-z_]\w*/, '');
    vars.set(m[1], (vars.get(m[1]) ?? '') + ' ' + body);
  }
  return vars;
}

/** The words of a CMake argument list, `${VAR}` replaced by VAR's words (two levels), split on `;` too. */
function tokens(body: string, vars: Map<string, string>): string[] {
  return expand(body, vars, /\$\{([A-Za-z_]\w*)\}/g);
}

function expand(text: string, vars: Map<string, string>, ref: RegExp, depth = 0): string[] {
  const out: string[] = [];
  for (const word of text.split(/[\s;]+/).map((w) => w.replace(/^["']|["']$/g, '')).filter(Boolean)) {
    const whole = new RegExp(`^${ref.source}$`).exec(word);
    if (whole && vars.has(whole[1]) && depth < 2) out.push(...expand(vars.get(whole[1])!, vars, ref, depth + 1));
    else out.push(word);
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function rel(root: string, file: string): string {
  const r = path.relative(root, file);
  return (r && !r.startsWith('..') ? r : file).split(path.sep).join('/');
}
