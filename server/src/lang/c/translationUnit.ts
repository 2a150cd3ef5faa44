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
  /** Ids of the records that are inside another record (C++ reports those with their parent). */
  nestedRecords: Set<number>;
  /** Parent and previous sibling of each record and enum: tree-sitter finds a parent by walking down from the root. */
  context: Map<number, { parent: SyntaxNode; previous: SyntaxNode | null }>;
  delete(): void;
}

export function parseFile(filePath: string, text: string): ParsedFile {
  const lang = /\.(hpp|hh|hxx|cc|cpp|cxx|c\+\+|ipp|tpp)$/i.test(filePath) ? 'cpp' : 'c';
  const tree = parseText(lang, blankGrammarTraps(text));
  const records: SyntaxNode[] = [];
  const enums: SyntaxNode[] = [];
  const typedefs: SyntaxNode[] = [];
  const errors: { start: number; end: number }[] = [];
  const nestedRecords = new Set<number>();
  const context: ParsedFile['context'] = new Map();
  const isSpecifier = (c: SyntaxNode | null) => !!c && (RECORD_NODES.has(c.type) || c.type === 'enum_specifier');
  // Document order, with an explicit stack: the nesting depth is the input's to choose.
  const stack: { node: SyntaxNode; inRecord: boolean }[] = [];
  const pushChildren = (n: SyntaxNode, inRecord: boolean) => {
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) stack.push({ node: c, inRecord }); }
    if (!kids.some(isSpecifier)) return;
    let previous: SyntaxNode | null = null;
    for (const c of n.children) {
      if (c && isSpecifier(c)) context.set(c.id, { parent: n, previous });
      previous = c;
    }
  };
  pushChildren(tree.rootNode, false);
  while (stack.length) {
    const { node: c, inRecord } = stack.pop()!;
    if (c.type === 'ERROR') errors.push({ start: c.startIndex, end: c.endIndex });
    const isRecord = RECORD_NODES.has(c.type);
    if (isRecord && c.childForFieldName('body')) {
      records.push(c);
      if (inRecord) nestedRecords.add(c.id);
    } else if (c.type === 'enum_specifier' && c.childForFieldName('body')) enums.push(c);
    else if (c.type === 'type_definition') typedefs.push(c);
    // Everything but function bodies: C has one tag scope, so `struct T {...}` inside a member's sizeof counts.
    if (c.type !== 'compound_statement' && c.type !== 'parameter_list') pushChildren(c, inRecord || isRecord);
  }
  return { path: filePath, text, lang, root: tree.rootNode, records, enums, typedefs, errors, nestedRecords, context, delete: () => tree.delete() };
}

/** A record's or enum's parent (recorded by parseFile; tree-sitter's own costs the node's depth). */
export function parentOf(file: ParsedFile, node: SyntaxNode): SyntaxNode | null {
  const c = file.context.get(node.id);
  return c ? c.parent : node.parent;
}

/** A record's previous sibling, named or not. */
export function previousSiblingOf(file: ParsedFile, node: SyntaxNode): SyntaxNode | null {
  const c = file.context.get(node.id);
  return c ? c.previous : node.previousSibling;
}

const lineStartsCache = new WeakMap<ParsedFile, number[]>();
/** Offsets where the file's lines start (computed once per file). */
function lineStarts(file: ParsedFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < file.text.length; i++) if (file.text.charCodeAt(i) === 10) starts.push(i + 1);
    lineStartsCache.set(file, starts);
  }
  return starts;
}

/** 0-based index of the line holding the offset (binary search: no scan along a long line). */
export function lineIndexAt(file: ParsedFile, offset: number): number {
  const starts = lineStarts(file);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
  return lo;
}

/** Where the line holding the offset starts. */
export function lineStartOf(file: ParsedFile, offset: number): number { return lineStarts(file)[lineIndexAt(file, offset)]; }

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
      if (isBareMacroLine(line)) { lines[i] = ' '.repeat(line.length); continue; }
      // `ALIGN16 struct S {...}` / `typedef PACKED struct {...} T;` at top level: a macro-style name right before the
      // keyword hides the record from the grammar. The layout code reads it back from the original text.
      lines[i] = line.replace(/^(\s*(?:(?:typedef|static|extern|const)\s+)*)([A-Z_][A-Z0-9_]*)(?=[ \t]+(?:struct|union|enum)\b)/, (all: string, lead: string, w: string) =>
        /^_(Atomic|Alignas|Thread_local|Static_assert|Noreturn|Bool|Complex|Generic)$/.test(w) ? all : lead + ' '.repeat(w.length));
    }
    // Track braces outside comments and strings (roughly: enough to know "top level").
    const firstNonSpace = line.search(/\S/);
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (inBlock) { if (c === '*' && line[k + 1] === '/') { inBlock = false; k++; } continue; }
      if (c === '/' && line[k + 1] === '*') { inBlock = true; k++; continue; }
      if (c === '/' && line[k + 1] === '/') break;
      if (c === '"' || c === '\'') { const q = c; k++; while (k < line.length && line[k] !== q) { if (line[k] === '\\') k++; k++; } continue; }
      if (c === '#' && k === firstNonSpace) break; // a directive
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
    }
  }
  return lines.join('\n');
}

/**
 * Whether the line is `NAME` or `NAME(args)` and at most a comment, exactly as
 * /^\s*([A-Z_][A-Z0-9_]*)\s*(\([^;{}]*\))?\s*(\/\/.*|\/\*.*\*\/\s*)?$/ matches it; written out because that
 * regex backtracks quadratically on a long line.
 */
export function isBareMacroLine(line: string): boolean {
  const name = /^\s*[A-Z_][A-Z0-9_]*/.exec(line);
  if (!name) return false;
  const end = line.trimEnd().length;
  // `.` matches no line terminator, so a comment must not contain \r, \u2028 or \u2029.
  const lastTerminator = (before: number) => Math.max(line.lastIndexOf('\r', before - 1), line.lastIndexOf('\u2028', before - 1), line.lastIndexOf('\u2029', before - 1));
  const lastInLine = lastTerminator(line.length);
  const lastInBlock = lastTerminator(end - 2);
  const isSpace = (k: number) => k < line.length && /\s/.test(line[k]);
  // Whether line[from...] is blank or a single comment.
  const restIsComment = (from: number): boolean => {
    let k = from;
    while (k < end && isSpace(k)) k++;
    if (k >= end) return true;
    if (line.startsWith('//', k)) return lastInLine < k;
    return line.startsWith('/*', k) && end - 2 >= k + 2 && line.startsWith('*/', end - 2) && lastInBlock < k;
  };
  let i = name[0].length;
  if (restIsComment(i)) return true;
  while (isSpace(i)) i++;
  if (line[i] !== '(') return false;
  // Any ')' before the first ';', '{' or '}' may close the arguments.
  for (let p = i + 1; p < line.length && !';{}'.includes(line[p]); p++) if (line[p] === ')' && restIsComment(p + 1)) return true;
  return false;
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
    const re = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]/gm;
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
