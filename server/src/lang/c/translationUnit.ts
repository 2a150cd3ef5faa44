// Parsing a C/C++ file and the headers it includes (quotes, -I dirs): trees and the definitions they contain.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import { acquireTree } from '../../parsing/sharedTrees';
import { cLanguageByName, cLanguageOf } from './language';
import { memoOn } from './memoOn';
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';

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
  /** Parent and previous sibling of records and enums, once asked (tree-sitter finds a parent by walking down from the root). */
  context: Map<number, { parent: SyntaxNode | null; previous: Pick<SyntaxNode, 'endIndex'> | null }>;
  /** The files of this translation unit that this file includes, by the offset of the '#' of each #include. */
  includes?: { at: number; file: ParsedFile }[];
  /** Set by sharedParse: a digest of the language and the text (equal digests, equal trees). */
  digest?: string;
  delete(): void;
}

export function parseFile(filePath: string, text: string): ParsedFile {
  const lang = cLanguageOf(filePath, text);
  // Shared with the rules' tree of the same file when the grammar traps changed nothing (analyze.ts).
  const handle = acquireTree(lang, blankGrammarTraps(text));
  const tree = handle.tree;
  const defs = definitionsOf(tree);
  return { path: filePath, text, lang, root: tree.rootNode, ...defs, delete: () => handle.release() };
}

type Definitions = Pick<ParsedFile, 'records' | 'enums' | 'typedefs' | 'errors' | 'nestedRecords' | 'context'>;

/** What definitionsOf asks tree-sitter for: the definitions, and the places whose insides it leaves out. */
const LEFT_OUT = new Set(['compound_statement', 'parameter_list']);
const DEFINITION_QUERY = [...RECORD_NODES, 'enum_specifier', 'type_definition', ...LEFT_OUT];

/**
 * The records, enums and typedefs of a tree in document order, its errors, and which records are inside another:
 * everything but the insides of function bodies and parameter lists (C has one tag scope, so `struct T {...}` inside
 * a member's sizeof counts). descendantsOfType walks the tree inside tree-sitter and returns only those nodes, in
 * document order with each node before its descendants (a cursor walk from JavaScript, five calls into WebAssembly
 * per node, was a third of the parse time); containment is read from the offsets, with a stack, so the nesting
 * depth costs nothing. Parents and previous siblings are asked of tree-sitter when needed (`context`).
 */
export function definitionsOf(tree: Tree): Definitions {
  const out: Definitions = { records: [], enums: [], typedefs: [], errors: [], nestedRecords: new Set(), context: new Map() };
  // The end of the last left-out node; the ends of the records around the current node.
  let leftOutEnd = -1;
  const records: number[] = [];
  for (const node of tree.rootNode.descendantsOfType(DEFINITION_QUERY)) {
    if (!node) continue;
    const start = node.startIndex;
    if (start < leftOutEnd) continue;
    const type = node.type;
    if (LEFT_OUT.has(type)) { leftOutEnd = node.endIndex; continue; }
    while (records.length && records[records.length - 1] <= start) records.pop();
    if (RECORD_NODES.has(type)) {
      if (node.childForFieldName('body')) { out.records.push(node); if (records.length) out.nestedRecords.add(node.id); }
      records.push(node.endIndex);
    } else if (type === 'enum_specifier') {
      if (node.childForFieldName('body')) out.enums.push(node);
    } else out.typedefs.push(node);
  }
  // ERROR in a separate call: web-tree-sitter 0.25 puts its symbol (65535) first in a list that the WebAssembly side
  // reads as sorted, so with other types only ERROR nodes come back. Every one counts, even in a function body:
  // error recovery makes ranges that overlap their neighbours', so an offset test could drop one that matters.
  const root = tree.rootNode;
  if (root.hasError) {
    for (const node of root.descendantsOfType('ERROR')) {
      // The root itself is among them when the whole file is an ERROR node.
      if (node && node.id !== root.id) out.errors.push({ start: node.startIndex, end: node.endIndex });
    }
  }
  return out;
}

/**
 * What `compute` (a module-level function: it is the key) reads from a file's text and tree, once per parse: one
 * parse serves every translation unit that includes the file. It must not depend on the unit (includes, path).
 */
export function oncePerParse<T>(file: ParsedFile, compute: (file: ParsedFile) => T): T {
  return memoOn(file.root, compute, file);
}

/** A record's or enum's parent (each asked of tree-sitter once: it walks down from the root to find it). */
export function parentOf(file: ParsedFile, node: SyntaxNode): SyntaxNode | null {
  return contextOf(file, node).parent;
}

/** A record's previous sibling, named or not. */
export function previousSiblingOf(file: ParsedFile, node: SyntaxNode): Pick<SyntaxNode, 'endIndex'> | null {
  return contextOf(file, node).previous;
}

function contextOf(file: ParsedFile, node: SyntaxNode): { parent: SyntaxNode | null; previous: Pick<SyntaxNode, 'endIndex'> | null } {
  let c = file.context.get(node.id);
  if (!c) file.context.set(node.id, c = { parent: node.parent, previous: node.previousSibling });
  return c;
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
 *
 * Inside a struct or union body the same kind of line is a macro that writes members (`UV_HANDLE_FIELDS`):
 * without a ';' the grammar loses the record and the rest of the file. It gets a ';' for the grammar; the layout
 * code reads the members from the original text, whatever the grammar makes of them.
 */
function blankBareMacroLines(text: string): string {
  let inBlock = false;
  // One entry per open brace: whether it opens a struct/union/class body, or an `extern "C" {` block (whose
  // contents are at file scope).
  const braces: (boolean | 'linkage')[] = [];
  let openOtherThanLinkage = 0;
  // Code since the last ';', '{' or '}' (comments, strings and directives left out): what a '{' opens.
  let recent = '';
  // Whether the code before the current line ended a declaration (';', '{', '}', a directive or nothing).
  let atDeclarationStart = true;
  const lines = text.split('\n');
  const mergeWithNext: boolean[] = [];
  // Whether the previous line was a directive continued with a backslash.
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (continued || (!inBlock && line.trimStart().startsWith('#'))) {
      // Comments inside a multi-line #define end the directive for the grammar, and the rest of the macro body
      // is read as code (libuv's UV_REQ_FIELDS): blanked.
      const wasContinued = continued;
      const blanked = blankDirectiveComments(line, inBlock);
      inBlock = blanked.inBlock;
      // A block comment running on continues the directive too (it becomes one space).
      continued = /\\\s*$/.test(line) || inBlock;
      // Only multi-line directives: a one-line `#define X /* empty */` blanked would end in spaces, which the
      // grammar reads as a define whose value starts on the next line.
      if (wasContinued || continued) lines[i] = blanked.line;
      atDeclarationStart = true;
      continue;
    }
    if (openOtherThanLinkage === 0 && !inBlock) {
      if (isBareMacroLine(line)) { lines[i] = ' '.repeat(line.length); continue; }
      // `ALIGN16 struct S {...}` / `typedef PACKED struct {...} T;` at top level: a macro-style name right before the
      // keyword hides the record from the grammar. The layout code reads it back from the original text.
      lines[i] = line.replace(/^(\s*(?:(?:typedef|static|extern|const)\s+)*)([A-Z_][A-Z0-9_]*)(?=[ \t]+(?:struct|union|enum)\b)/, (all: string, lead: string, w: string) =>
        /^_(Atomic|Alignas|Thread_local|Static_assert|Noreturn|Bool|Complex|Generic)$/.test(w) ? all : lead + ' '.repeat(w.length));
    } else if (braces[braces.length - 1] && !inBlock && atDeclarationStart && isBareMacroLine(line)) {
      const ended = endStatement(line, i + 1 < lines.length && !lines[i + 1].trimStart().startsWith('#'));
      if (ended === 'merge') mergeWithNext[i] = true;
      else if (ended) lines[i] = ended;
      atDeclarationStart = true;
      continue;
    }
    // Track braces outside comments and strings (roughly: enough to know what a brace opens).
    let lastCode = '';
    for (let k = 0; k < line.length;) {
      if (inBlock) {
        const close = line.indexOf('*/', k);
        if (close < 0) break;
        inBlock = false;
        k = close + 2;
        continue;
      }
      // Characters up to the next one that matters go to `recent` in one piece (a character loop was 5% of a scan).
      SPECIAL.lastIndex = k;
      const j = SPECIAL.exec(line)?.index ?? line.length;
      if (j > k) {
        if (recent.length < 512) recent += line.slice(k, Math.min(j, k + 512 - recent.length));
        for (let p = j - 1; p >= k; p--) if (!isSpace(line.charCodeAt(p))) { lastCode = line[p]; break; }
        k = j;
        continue;
      }
      const c = line[k];
      if (c === '/' && line[k + 1] === '*') { inBlock = true; k += 2; continue; }
      if (c === '/' && line[k + 1] === '/') break;
      if (c === '"' || c === '\'') { k = quotedEnd(line, k); lastCode = c; continue; }
      if (c === '{') {
        const opens = /\bextern\s*$/.test(recent) ? 'linkage' : opensRecord(recent);
        braces.push(opens);
        if (opens !== 'linkage') openOtherThanLinkage++;
        recent = '';
      } else if (c === '}') { if (braces.length && braces.pop() !== 'linkage') openOtherThanLinkage--; recent = ''; }
      else if (c === ';') recent = '';
      else if (recent.length < 512) recent += c;
      lastCode = c;
      k++;
    }
    if (recent.length) recent += ' ';
    if (lastCode) atDeclarationStart = lastCode === ';' || lastCode === '{' || lastCode === '}';
  }
  if (!mergeWithNext.length) return lines.join('\n');
  let out = lines[0];
  for (let i = 1; i < lines.length; i++) out += (mergeWithNext[i - 1] ? ';' : '\n') + lines[i];
  return out;
}

/** The characters blankBareMacroLines looks at one by one: comments, quotes, braces and semicolons. */
const SPECIAL = /[/"'{};]/g;

/** Whether the UTF-16 code unit is white space as /\s/ sees it. */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/** The line with its block comments blanked (offsets kept); inBlock says whether it starts inside one. */
function blankDirectiveComments(line: string, inBlock: boolean): { line: string; inBlock: boolean } {
  let out = '';
  let k = 0;
  while (k < line.length) {
    if (inBlock) {
      const end = line.indexOf('*/', k);
      if (end < 0) {
        out += ' '.repeat(line.length - k);
        // A backslash ending the line keeps the directive going: kept in place.
        const bs = /\\\s*$/.exec(line);
        if (bs && bs.index >= k) out = out.slice(0, bs.index) + '\\' + out.slice(bs.index + 1);
        return { line: out, inBlock: true };
      }
      out += ' '.repeat(end + 2 - k);
      inBlock = false;
      k = end + 2;
      continue;
    }
    const c = line[k];
    if (c === '"' || c === '\'') {
      const end = quotedEnd(line, k);
      out += line.slice(k, end);
      k = end;
      continue;
    }
    if (c === '/' && line[k + 1] === '*') { inBlock = true; continue; }
    out += c;
    k++;
  }
  return { line: out, inBlock };
}

/** The offset just after the string or character literal that starts at k (the line's end if it is not closed). */
function quotedEnd(line: string, k: number): number {
  let j = k + 1;
  while (j < line.length && line[j] !== line[k]) { if (line[j] === '\\') j++; j++; }
  return Math.min(j + 1, line.length);
}

/** Whether the code before a '{' starts a struct/union/class body (not a function, an initialiser or an enum). */
function opensRecord(head: string): boolean {
  if (!/\b(struct|union|class)\b/.test(head)) return false;
  const bare = head.replace(/\b(__attribute__|__attribute|__declspec|alignas|_Alignas)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/g, ' ');
  return !/[=()]/.test(bare);
}

/**
 * The line with a ';' after its macro, keeping every offset: in the blank after it, else in the indentation before
 * it (the name moves one column left), else 'merge' (the newline becomes the ';') when the next line is no
 * directive; undefined when none applies.
 */
function endStatement(line: string, nextIsCode: boolean): string | 'merge' | undefined {
  const name = /^(\s*)([A-Z_][A-Z0-9_]*)/.exec(line)!;
  let end = name[0].length;
  let k = end;
  while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  if (line[k] === '(') {
    // The call's closing parenthesis: the first ')' at depth 0.
    let depth = 0;
    for (; k < line.length; k++) {
      if (line[k] === '(') depth++;
      else if (line[k] === ')' && --depth === 0) break;
    }
    if (k >= line.length) return undefined;
    end = k + 1;
  }
  if (end < line.length && (line[end] === ' ' || line[end] === '\t')) return line.slice(0, end) + ';' + line.slice(end + 1);
  if (end === line.length || line.slice(end).trim() === '') {
    if (name[1].length > 0) return line.slice(1, end) + ';' + line.slice(end);
    return nextIsCode ? 'merge' : undefined;
  }
  return undefined;
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
 * Parsed files shared between translation units: a header included by many files (a project's common headers,
 * or thousands of C++ headers including each other) is parsed once, not once per includer, and a file laid out
 * on its own is not parsed again as the header of the next one (or the other way round). The cache is keyed by
 * text, not path: a tree and what is read from it (definitions, oncePerParse) never depend on the path, and
 * copies of the same header at other paths (node's OpenSSL headers: 2,244 files, 328 distinct texts) are parsed
 * once. Trees are never changed after parsing; delete() releases a reference, and an unreferenced tree is freed
 * when it leaves the cache (least recently used first).
 */
// 4M characters: on /usr/include, 3M parsed evicted headers again (72M characters of repeated parsing), 12M
// cut the CPU by a tenth but peaked at 880 MB; 4M took 88 s CPU at 624 MB (2026-12-07).
const HEADER_CACHE_CHARS = 4_000_000;
interface CacheEntry { parsed: ParsedFile; byName: ReturnType<typeof cLanguageByName>; refs: number }
const headerCache = new Map<string, CacheEntry>();
let cachedChars = 0;

/**
 * The parsed file (`path` as given); delete() when done with it. Its `digest` names its language and text (SHA-1),
 * the same for every parse of them.
 */
export function sharedParse(filePath: string, text: string): ParsedFile {
  let entry = headerCache.get(text);
  // The same text read as the other language (a `.h` and a `.hpp` copy): parsed on its own, never cached. (The
  // name says the language, or the text does the same for every `.h` path.)
  if (entry && cLanguageByName(filePath) !== entry.byName && cLanguageOf(filePath, text) !== entry.parsed.lang) return parseFile(filePath, text);
  if (!entry) {
    const parsed = parseFile(filePath, text);
    entry = { parsed: { ...parsed, digest: createHash('sha1').update(parsed.lang).update('\0').update(text).digest('base64') }, byName: cLanguageByName(filePath), refs: 0 };
    cachedChars += text.length;
  } else {
    headerCache.delete(text); // re-insert: most recently used last
  }
  headerCache.set(text, entry);
  entry.refs++;
  for (const [k, e] of headerCache) {
    if (cachedChars <= HEADER_CACHE_CHARS) break;
    if (e.refs === 0) { e.parsed.delete(); headerCache.delete(k); cachedChars -= k.length; }
  }
  const held = entry;
  let released = false;
  return {
    ...held.parsed,
    path: filePath,
    delete: () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs === 0 && headerCache.get(text) !== held) held.parsed.delete();
    },
  };
}

/**
 * At most this many files per translation unit with the file's whole command line (a header tree as large as V8's
 * would otherwise be read whole; MAX_OPEN_UNIT_FILES without it). A unit cut here is never closed. 128: curl's
 * urldata.h and nginx's units need 65 to 82 files to be closed.
 */
export const MAX_TRANSLATION_UNIT_FILES = 128;
/**
 * The cap without the file's whole command line: such a unit is never closed, and 128 files found no more
 * layouts than 64 on /usr/include (findings byte-identical) for 7% more CPU.
 */
export const MAX_OPEN_UNIT_FILES = 64;

/** The parsed file and the headers it includes with quotes or via include dirs (system headers are never read). */
export function loadTranslationUnit(
  main: ParsedFile, fs: FileSystem, includeDirs: string[], maxFiles = MAX_TRANSLATION_UNIT_FILES,
  /** The compile command's -include files: read before the main file's first line. */
  forcedIncludes: string[] = [],
): ParsedFile[] {
  const mainPath = main.path;
  const files: ParsedFile[] = [main];
  const byPath = new Map([[path.resolve(mainPath), main]]);
  /** Records that f includes the first candidate that exists, at offset `at` (-1: before its first line). */
  const include = (f: ParsedFile, at: number, candidates: string[]): void => {
    for (const c of candidates) {
      const abs = path.resolve(c);
      const known = byPath.get(abs);
      if (known) { (f.includes ??= []).push({ at, file: known }); return; }
      const t = fs.readText(abs);
      if (t === undefined) continue;
      const header = sharedParse(abs, t);
      byPath.set(abs, header);
      files.push(header);
      (f.includes ??= []).push({ at, file: header });
      return;
    }
  };
  // An -include file is a path (the compile command's working directory's), or a name looked up in the -I folders.
  for (const f of forcedIncludes) if (files.length < maxFiles) include(files[0], -1, path.isAbsolute(f) ? [f] : includeDirs.map((d) => path.join(d, f)));
  // Without the project's -I flags, `#include "uv/linux.h"` in include/uv/unix.h is found the way the project's
  // build finds it: below the main file's folder or one of its parents. Only paths with a folder in them: a bare
  // "config.h" could be any project's.
  const ancestors: string[] = [];
  for (let d = path.dirname(path.resolve(mainPath)), k = 0; k < 4; k++, d = path.dirname(d)) { ancestors.push(d); if (path.dirname(d) === d) break; }
  const projectFallback = (rel: string) => (rel.includes('/') && !rel.startsWith('.') ? ancestors.map((d) => path.join(d, rel)) : []);
  for (let i = 0; i < files.length && files.length < maxFiles; i++) {
    const f = files[i];
    for (const { at, quoted, rel } of oncePerParse(f, includeDirectivesOf)) {
      const candidates = quoted ? [path.join(path.dirname(f.path), rel), ...includeDirs.map((d) => path.join(d, rel)), ...projectFallback(rel)] : includeDirs.map((d) => path.join(d, rel));
      include(f, at, candidates);
      if (files.length >= maxFiles) break;
    }
  }
  return files;
}

/**
 * A file's #include lines in order: the offset of the '#', quotes or angle brackets, the name. Once per parse: a
 * header is read by every unit that includes it (the regex over its text was 2% of a /usr/include scan).
 */
function includeDirectivesOf(f: ParsedFile): { at: number; quoted: boolean; rel: string }[] {
  return [...f.text.matchAll(/^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]/gm)].map((m) => ({ at: m.index! + m[0].indexOf('#'), quoted: m[1] === '"', rel: m[2] }));
}
