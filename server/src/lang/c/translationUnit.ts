// Parsing a C/C++ file and the headers it includes (quotes, -I dirs): trees and the definitions they contain.
import * as path from 'node:path';
import type { FileSystem } from '../../engine/workspace';
import { parseText, type SyntaxNode } from '../../parsing/treeSitter';

export const RECORD_NODES = new Set(['struct_specifier', 'union_specifier', 'class_specifier']);

/** One parsed file: tree and the definitions found in it (target-independent). */
export interface ParsedFile {
  path: string;
  text: string;
  lang: 'c' | 'cpp';
  root: SyntaxNode;
  records: SyntaxNode[];
  enums: SyntaxNode[];
  typedefs: SyntaxNode[];
  /** Nodes with parse errors, by start offset (a member declaration overlapping one is unresolved). */
  errors: { start: number; end: number }[];
  delete(): void;
}

export function parseFile(filePath: string, text: string): ParsedFile {
  const lang = /\.(hpp|hh|hxx|cc|cpp|cxx|c\+\+|ipp|tpp)$/i.test(filePath) ? 'cpp' : 'c';
  const tree = parseText(lang, blankGrammarTraps(text));
  const records: SyntaxNode[] = [];
  const enums: SyntaxNode[] = [];
  const typedefs: SyntaxNode[] = [];
  const errors: { start: number; end: number }[] = [];
  const walk = (n: SyntaxNode) => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'ERROR') errors.push({ start: c.startIndex, end: c.endIndex });
      if (RECORD_NODES.has(c.type) && c.childForFieldName('body')) records.push(c);
      else if (c.type === 'enum_specifier' && c.childForFieldName('body')) enums.push(c);
      else if (c.type === 'type_definition') typedefs.push(c);
      // Everything but function bodies: C has one tag scope, so `struct T {...}` inside a member's sizeof counts.
      if (c.type !== 'compound_statement' && c.type !== 'parameter_list') walk(c);
    }
  };
  walk(tree.rootNode);
  return { path: filePath, text, lang, root: tree.rootNode, records, enums, typedefs, errors, delete: () => tree.delete() };
}

/**
 * tree-sitter-c mis-reads `enum __attribute__((packed)) E {...}` (and `union __attribute__...`) as a function definition that swallows the rest of
 * the file. The attribute is blanked (same length, offsets unchanged) for the grammar only; enumType reads it from
 * the original text, recordInfo from the record's head.
 */
function blankGrammarTraps(text: string): string {
  const out = text
    .replace(/\b(enum|union)(\s+)(__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\))/g, (_m, kw: string, ws: string, attr: string) => `${kw}${ws}${' '.repeat(attr.length)}`)
    // `struct PACKED name {`: never valid C unless PACKED is a macro; the grammar gets `struct        name {`.
    .replace(/\b(struct|union|class)(\s+)([A-Za-z_]\w*)(\s+)(?=[A-Za-z_]\w*\s*(?::[^:;{]*)?\{)/g, (m, kw: string, ws: string, id: string, ws2: string) =>
      /^(final|alignas|__attribute__|__declspec)$/.test(id) ? m : `${kw}${ws}${' '.repeat(id.length)}${ws2}`);
  return blankBareMacroLines(out);
}

/**
 * A top-level line holding only a macro name or call without ';' (`__BEGIN_DECLS`, `G_BEGIN_DECLS`,
 * `PACK_BEGIN`, `EXTERN_C_BEGIN(x)`) makes tree-sitter read the next struct as a function definition. Such lines
 * are blanked for the grammar (offsets unchanged). Only macro-style names (upper case or leading underscores).
 */
function blankBareMacroLines(text: string): string {
  let depth = 0;
  let inBlock = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (depth === 0 && !inBlock && !line.trimStart().startsWith('#')) {
      const m = /^\s*([A-Z_][A-Z0-9_]*)\s*(\([^;{}]*\))?\s*(\/\/.*|\/\*.*\*\/\s*)?$/.exec(line);
      if (m) { lines[i] = ' '.repeat(line.length); continue; }
      // `ALIGN16 struct S {...}` / `typedef PACKED struct {...} T;` at top level: a macro-style name right before the
      // keyword hides the record from the grammar. The layout code reads it back from the original text.
      lines[i] = line.replace(/^(\s*(?:(?:typedef|static|extern|const)\s+)*)([A-Z_][A-Z0-9_]*)(?=[ \t]+(?:struct|union|enum)\b)/, (all: string, lead: string, w: string) =>
        /^_(Atomic|Alignas|Thread_local|Static_assert|Noreturn|Bool|Complex|Generic)$/.test(w) ? all : lead + ' '.repeat(w.length));
    }
    // Track braces outside comments and strings (roughly: enough to know "top level").
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (inBlock) { if (c === '*' && line[k + 1] === '/') { inBlock = false; k++; } continue; }
      if (c === '/' && line[k + 1] === '*') { inBlock = true; k++; continue; }
      if (c === '/' && line[k + 1] === '/') break;
      if (c === '"' || c === '\'') { const q = c; k++; while (k < line.length && line[k] !== q) { if (line[k] === '\\') k++; k++; } continue; }
      if (c === '#' && line.slice(0, k).trim() === '') break;
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Parsed headers shared between files: a header included by many files (a project's common headers,
 * or thousands of C++ headers including each other) is parsed once, not once per includer. Trees are
 * never changed after parsing; delete() releases a reference, and an unreferenced tree is freed when it
 * leaves the cache (least recently used first).
 */
const HEADER_CACHE_SIZE = 128;
const headerCache = new Map<string, { text: string; parsed: ParsedFile; refs: number }>();

function sharedHeader(abs: string, text: string): ParsedFile {
  let entry = headerCache.get(abs);
  if (entry && entry.text !== text) {
    if (entry.refs === 0) entry.parsed.delete();
    headerCache.delete(abs);
    entry = undefined;
  }
  if (!entry) {
    entry = { text, parsed: parseFile(abs, text), refs: 0 };
  } else {
    headerCache.delete(abs); // re-insert: most recently used last
  }
  headerCache.set(abs, entry);
  entry.refs++;
  for (const [k, e] of headerCache) {
    if (headerCache.size <= HEADER_CACHE_SIZE) break;
    if (e.refs === 0) { e.parsed.delete(); headerCache.delete(k); }
  }
  const held = entry;
  let released = false;
  return {
    ...held.parsed,
    delete: () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs === 0 && headerCache.get(abs) !== held) held.parsed.delete();
    },
  };
}

/** The file and the headers it includes with quotes or via include dirs (system headers are never read). */
export function loadTranslationUnit(mainPath: string, text: string, fs: FileSystem, includeDirs: string[], maxFiles = 64): ParsedFile[] {
  const files: ParsedFile[] = [parseFile(mainPath, text)];
  const seen = new Set([path.resolve(mainPath)]);
  for (let i = 0; i < files.length && files.length < maxFiles; i++) {
    const f = files[i];
    const re = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]/gm;
    for (const m of f.text.matchAll(re)) {
      const rel = m[2];
      const candidates = m[1] === '"' ? [path.join(path.dirname(f.path), rel), ...includeDirs.map((d) => path.join(d, rel))] : includeDirs.map((d) => path.join(d, rel));
      for (const c of candidates) {
        const abs = path.resolve(c);
        if (seen.has(abs)) break;
        const t = fs.readText(abs);
        if (t === undefined) continue;
        seen.add(abs);
        files.push(sharedHeader(abs, t));
        break;
      }
      if (files.length >= maxFiles) break;
    }
  }
  return files;
}
