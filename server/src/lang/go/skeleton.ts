// The declarations of a Go file without what declarations do not need: function bodies, whole
// methods, the values of package variables' composite literals, the insides of interface types and
// comments are dropped, keeping their newlines (so line numbers stay) and a map from skeleton offsets
// back to the full text. Parsing the skeleton costs a fraction of a full parse (bodies and comments
// are most of a Go file), and it is all that package loading needs: type and const declarations,
// imports, top-level names, body-less functions.
//
// The scan follows Go's lexical rules (comments, interpreted and raw strings, runes) and its grammar
// for where a body starts: the first `{` of a func declaration outside parentheses and brackets that
// does not open a struct or interface type literal. A newline outside them ends a declaration
// without a body (Go inserts a semicolon there, so a body's `{` must be on the signature's last line).
//
// literalCandidateNames, at the end, uses the same scan to tell without parsing which type names may
// have a positional composite literal in a file.
import { detached } from '../../parsing/strings';

const enum C {
  LF = 10, SPACE = 32, DQUOTE = 34, SQUOTE = 39, LPAREN = 40, RPAREN = 41, SLASH = 47, STAR = 42,
  LBRACKET = 91, BACKSLASH = 92, RBRACKET = 93, BACKTICK = 96, LBRACE = 123, RBRACE = 125,
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** The end (exclusive) of the comment, string or rune starting at i, or i when none starts there. */
function skipLiteral(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === C.SLASH) {
    const d = text.charCodeAt(i + 1);
    if (d === C.SLASH) { const e = text.indexOf('\n', i); return e < 0 ? text.length : e; }
    if (d === C.STAR) { const e = text.indexOf('*/', i + 2); return e < 0 ? text.length : e + 2; }
    return i;
  }
  if (c === C.BACKTICK) { const e = text.indexOf('`', i + 1); return e < 0 ? text.length : e + 1; }
  if (c === C.DQUOTE || c === C.SQUOTE) {
    for (let j = i + 1; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === C.BACKSLASH) j++;
      else if (d === c) return j + 1;
      else if (d === C.LF) return j; // unterminated: the parser reports it; stop at the line end
    }
    return text.length;
  }
  return i;
}

/** The characters matchingBrace stops at; `test` jumps to the next one in compiled code, no allocation. */
const BRACE_OR_LITERAL = /[{}"'`/]/g;

/** The offset just after the `}` matching the `{` at open, or -1 when it is not closed. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  BRACE_OR_LITERAL.lastIndex = open;
  while (BRACE_OR_LITERAL.test(text)) {
    const i = BRACE_OR_LITERAL.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === C.LBRACE) depth++;
    else if (c === C.RBRACE) { if (--depth === 0) return i + 1; }
    else {
      const e = skipLiteral(text, i);
      if (e > i) BRACE_OR_LITERAL.lastIndex = e;
    }
  }
  return -1;
}

/** True when text has the keyword `word` at i (the whole identifier). */
function keywordAt(text: string, i: number, end: number, word: string): boolean {
  return end - i === word.length && text.startsWith(word, i);
}

export interface DroppableRange {
  start: number;
  end: number;
  /**
   * A comment, the inside of a function body, of a package variable's composite literal, or of an
   * interface type (its methods do not change its size).
   */
  kind: 'comment' | 'body' | 'value' | 'interface';
  /** For the body of a method: where its `func` keyword is (a method declares nothing a layout needs). */
  methodStart?: number;
}

/**
 * [start, end) ranges of text that no declaration needs: comments, and the insides of function bodies,
 * of the composite literals that initialise package variables and of interface types (between their
 * `{` and `}`). Struct types and const declarations are kept whole.
 */
export function droppableRanges(text: string): DroppableRange[] {
  const ranges: DroppableRange[] = [];
  let depth = 0; // (), [] and {} nesting at the top level
  let decl = ''; // the keyword of the current top-level declaration
  let inSignature = false;
  let sigDepth = 0; // () and [] nesting inside a signature
  let typeKeyword = false; // the last token was `struct` or `interface`
  let interfaceKeyword = false; // ... was `interface`
  let methodStart = -1; // the `func` of the current signature, when a receiver follows it
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === C.SPACE || c === 9 || c === 13) continue;
    if (c === C.SLASH || c === C.DQUOTE || c === C.SQUOTE || c === C.BACKTICK) {
      const e = skipLiteral(text, i);
      if (e > i) {
        if (c === C.SLASH) {
          ranges.push({ start: i, end: e, kind: 'comment' });
          // A general comment spanning lines ends a body-less signature as a newline does.
          if (inSignature && sigDepth === 0 && text.lastIndexOf('\n', e) > i) inSignature = false;
        }
        i = e - 1;
        typeKeyword = interfaceKeyword = false;
        continue;
      }
    }
    if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      if (depth === 0 && !inSignature) {
        for (const k of DECL_KEYWORDS) if (keywordAt(text, i, j, k)) decl = k;
        if (decl === 'func' && keywordAt(text, i, j, 'func')) {
          inSignature = true;
          sigDepth = 0;
          methodStart = isMethodAt(text, j) ? i : -1;
        }
      }
      interfaceKeyword = keywordAt(text, i, j, 'interface');
      typeKeyword = interfaceKeyword || keywordAt(text, i, j, 'struct');
      i = j - 1;
      continue;
    }
    if (c === C.LBRACE && interfaceKeyword && !inSignature) {
      const end = matchingBrace(text, i);
      if (end < 0) return ranges;
      if (end - 1 > i + 1) ranges.push({ start: i + 1, end: end - 1, kind: 'interface' });
      i = end - 1;
      typeKeyword = interfaceKeyword = false;
      continue;
    }
    if (c === C.LBRACE && !typeKeyword && ((inSignature && sigDepth === 0) || (!inSignature && decl === 'var'))) {
      // A function body, or a composite literal's value in a var declaration.
      const end = matchingBrace(text, i);
      if (end < 0) return ranges; // unclosed: leave the rest as it is
      if (end - 1 > i + 1) {
        ranges.push(inSignature
          ? { start: i + 1, end: end - 1, kind: 'body', ...(methodStart >= 0 ? { methodStart } : {}) }
          : { start: i + 1, end: end - 1, kind: 'value' });
      }
      inSignature = false;
      methodStart = -1;
      i = end - 1;
      continue;
    }
    typeKeyword = interfaceKeyword = false;
    if (inSignature) {
      if (c === C.LPAREN || c === C.LBRACKET) sigDepth++;
      else if (c === C.RPAREN || c === C.RBRACKET) sigDepth--;
      else if (c === C.LF && sigDepth === 0) inSignature = false;
      else if (c === C.LBRACE) i = matchingBrace(text, i) - 1; // a type literal in the signature
      if (i < 0) return ranges;
      continue;
    }
    if (c === C.LPAREN || c === C.LBRACKET || c === C.LBRACE) depth++;
    else if (c === C.RPAREN || c === C.RBRACKET || c === C.RBRACE) depth = Math.max(0, depth - 1);
  }
  return ranges;
}

const DECL_KEYWORDS = ['func', 'var', 'const', 'type', 'import'];

/**
 * Whether the text after a top-level `func` (at `from`) is a method's receiver and name:
 * `(recv) Name(`. A function literal in a var declaration has no name after its parameters (a result
 * type is followed by `{`; `func(x) func() {` and `chan (...)` results are keywords, not names).
 * Anything unusual (a comment, a string, a line break in the receiver) answers no.
 */
function isMethodAt(text: string, from: number): boolean {
  let i = from;
  const skipBlanks = () => { while (i < text.length && (text.charCodeAt(i) === C.SPACE || text.charCodeAt(i) === 9)) i++; };
  skipBlanks();
  if (text.charCodeAt(i) !== C.LPAREN) return false;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.LPAREN || c === C.LBRACKET) depth++;
    else if (c === C.RPAREN || c === C.RBRACKET) { if (--depth === 0) break; }
    else if (c === C.LF || c === C.SLASH || c === C.DQUOTE || c === C.BACKTICK || c === C.LBRACE) return false;
  }
  i++;
  skipBlanks();
  const nameStart = i;
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  if (i === nameStart || isDigit(text.charCodeAt(nameStart)) || GO_KEYWORDS.has(text.slice(nameStart, i))) return false;
  skipBlanks();
  return text.charCodeAt(i) === C.LPAREN;
}

const GO_KEYWORDS = new Set(['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var']);

/**
 * A Go file's declarations without what they do not need (see droppableRanges): each dropped range
 * keeps its newlines (so every line number stays) or becomes one space. `toFull` maps an offset of the skeleton
 * back to the full text.
 */
export interface GoSkeleton {
  text: string;
  toFull(offset: number): number;
}

/**
 * The text without comments and without the bodies and variable values that hold none of `keep`
 * (offsets): what a full parse needs to see the code at those offsets. Offsets are not mapped back.
 */
export function partialText(text: string, keep: readonly number[], all: readonly DroppableRange[] = droppableRanges(text)): string {
  const ranges = all.filter((r) => r.kind === 'comment' || !keep.some((p) => p >= r.start - 1 && p < r.end));
  return dropRanges(text, ranges).text;
}

/**
 * The ranges a skeleton drops: droppableRanges, with each method with a body dropped whole (from its
 * `func` to its `}`, the comments inside it included).
 */
function skeletonRanges(text: string): DroppableRange[] {
  const out: DroppableRange[] = [];
  for (const r of droppableRanges(text)) {
    if (r.methodStart === undefined) { out.push(r); continue; }
    while (out.length && out[out.length - 1].start >= r.methodStart) out.pop();
    out.push({ start: r.methodStart, end: r.end + 1, kind: 'body' });
  }
  return out;
}

export function goSkeleton(text: string): GoSkeleton {
  const ranges = skeletonRanges(text);
  if (ranges.length === 0) return { text, toFull: (o) => o };
  const { text: skeleton, from, shift } = dropRanges(text, ranges);
  return {
    text: skeleton,
    toFull(offset: number): number {
      let lo = 0, hi = from.length - 1, k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (from[mid] <= offset) { k = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return k < 0 ? offset : offset + shift[k];
    },
  };
}

/** The text with the ranges dropped, and the offsets from which each cumulative shift applies. */
function dropRanges(text: string, ranges: readonly DroppableRange[]): { text: string; from: number[]; shift: number[] } {
  const parts: string[] = [];
  // Skeleton offsets from which a larger shift applies, and the shift (both ascending).
  const from: number[] = [], shift: number[] = [];
  let at = 0, removed = 0, out = 0;
  for (const { start: s, end: e } of ranges) {
    parts.push(text.slice(at, s));
    out += s - at;
    // The newlines stay (line numbers, and Go's semicolon rules); a range without one becomes a space,
    // never nothing, so an offset just before it cannot be mistaken for one just after it.
    let lines = 0;
    for (let k = text.indexOf('\n', s); k >= 0 && k < e; k = text.indexOf('\n', k + 1)) lines++;
    const keep = lines ? '\n'.repeat(lines) : ' ';
    parts.push(keep);
    out += keep.length;
    removed += e - s - keep.length;
    from.push(out);
    shift.push(removed);
    at = e;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), from, shift };
}

/**
 * Where the type `name` may open a positional composite literal in the text, found without parsing:
 * the offsets of the literal's `{` (for type arguments, of the `{` after their `]`). Counted: the name
 * followed (after spaces or comments) by `{`, or by `[...]{`. Left out: names in comments; result types
 * before a function's `{` (`func f() T {`, `func() *pkg.T {`); literals that are visibly keyed or empty
 * (`T{Name: ...}`, `T{}`); and slice or array literals whose first element is not a positional `{...}`
 * (`[]T{x, y}`, `[]T{{Name: 1}}`), as the full parse decides elided literals by their first element.
 * Map values and index-keyed elements stay. A superset of what a full parse finds (tested on the
 * standard library). `scan` is the text's literalScan (made once per text, used for every name).
 */
export function literalPositionsOf(text: string, name: string, scan: LiteralScan): number[] {
  const { comments, commentEndByStart, bodyBraces } = scan;
  const out: number[] = [];
  let k = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at > 0 && isIdentChar(text.charCodeAt(at - 1))) || isIdentChar(text.charCodeAt(end))) continue;
    while (k < comments.length && comments[k].end <= at) k++;
    if (k < comments.length && comments[k].start <= at) continue; // in a comment
    // The next character, across spaces and /* */ comments.
    let p = end;
    for (;;) {
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      const commentEnd = text.charCodeAt(p) === C.SLASH && text.charCodeAt(p + 1) === C.STAR ? commentEndByStart.get(p) : undefined;
      if (commentEnd === undefined) break;
      p = commentEnd;
    }
    const c = text.charCodeAt(p);
    if (c === C.LBRACKET) {
      // Type arguments: a literal only when `{` follows the matching `]` (not an index expression).
      const brace = braceAfterBrackets(text, p);
      if (brace >= 0) out.push(brace);
    } else if (c === C.LBRACE && !bodyBraces.has(p) && mayBePositional(text, typeStart(text, at), p)) {
      out.push(p);
    }
  }
  return out;
}

/**
 * The names literalPositionsOf would find a position for, in one pass over the text (each name's first
 * candidate decides): a set to look names up in, made once per text.
 */
export function literalCandidateNames(text: string, scan: LiteralScan): Set<string> {
  const { comments, commentStartByEnd, bodyBraces } = scan;
  const names = new Set<string>();
  let k = 0;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c !== C.LBRACE && c !== C.LBRACKET) continue;
    while (k < comments.length && comments[k].end <= p) k++;
    if (k < comments.length && comments[k].start <= p) { p = comments[k].end - 1; continue; }
    // The identifier before it, across spaces and /* */ comments.
    let j = p - 1;
    for (;;) {
      while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
      const commentStart = text.charCodeAt(j) === C.SLASH ? commentStartByEnd.get(j + 1) : undefined;
      if (commentStart === undefined) break;
      j = commentStart - 1;
    }
    const end = j + 1;
    while (j >= 0 && isIdentChar(text.charCodeAt(j))) j--;
    const start = j + 1;
    if (start === end || isDigit(text.charCodeAt(start))) continue;
    const name = text.slice(start, end);
    if (names.has(name)) continue;
    if (c === C.LBRACKET ? braceAfterBrackets(text, p) < 0 : bodyBraces.has(p) || !mayBePositional(text, typeStart(text, start), p)) continue;
    names.add(detached(name));
  }
  return names;
}

/** What literalPositionsOf needs to know of a text: its comments and where function bodies open. */
export interface LiteralScan {
  ranges: DroppableRange[];
  comments: DroppableRange[];
  commentEndByStart: Map<number, number>;
  commentStartByEnd: Map<number, number>;
  bodyBraces: Set<number>;
}

export function literalScan(text: string): LiteralScan {
  const ranges = droppableRanges(text);
  const comments = ranges.filter((r) => r.kind === 'comment');
  return {
    ranges,
    comments,
    commentEndByStart: new Map(comments.map((r) => [r.start, r.end])),
    commentStartByEnd: new Map(comments.map((r) => [r.end, r.start])),
    bodyBraces: new Set(ranges.filter((r) => r.kind === 'body').map((r) => r.start - 1)),
  };
}

/** The offset of a `{` right after the `]` matching the `[` at open (spaces between), or -1. */
function braceAfterBrackets(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + 2000); // type arguments are short; an unclosed `[` is not
  for (let i = open; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === C.LBRACKET) depth++;
    else if (c === C.RBRACKET && --depth === 0) {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      return text.charCodeAt(j) === C.LBRACE ? j : -1;
    }
  }
  return -1;
}

function isSpace(c: number): boolean { return c === C.SPACE || c === 9 || c === C.LF || c === 13; }
function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

/** Where the type name at `at` starts, with its package qualifier (`pkg.T`). */
function typeStart(text: string, at: number): number {
  const j = skipSpaceBack(text, at - 1);
  if (text[j] !== '.') return at;
  let i = skipSpaceBack(text, j - 1);
  while (i >= 0 && /[\p{L}\p{N}_]/u.test(text[i])) i--;
  return i + 1;
}

function skipSpaceBack(text: string, j: number): number {
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j--;
  return j;
}

/** Can the `{` at `brace`, after a type that starts at `start`, open a positional literal of that type? */
function mayBePositional(text: string, start: number, brace: number): boolean {
  let before = skipSpaceBack(text, start - 1);
  if (text[before] === '*') before = skipSpaceBack(text, before - 1);
  if (text[before] === ')') return false; // a result type: func() T {, func() *T {
  if (text[before] !== ']') return !keyedOrEmptyAt(text, brace + 1);
  if (closesMapKey(text, before)) return true;
  // []T{...}, [N]T{...}: positional only through a first element `{...}` that is, or (conservatively)
  // through an index key: [...]T{idx: {...}}.
  ELEMENT.lastIndex = brace + 1;
  const first = ELEMENT.exec(text);
  if (!first || first[1] === '}') return false;
  if (first[1] === '{') return !keyedOrEmptyAt(text, first.index + first[0].length);
  INDEX_KEY.lastIndex = first.index + first[0].length - 1;
  return INDEX_KEY.test(text);
}

/** Is the `]` at `close` the end of a map's key type (`map[K]`)? */
function closesMapKey(text: string, close: number): boolean {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (text[i] === ']') depth++;
    else if (text[i] === '[' && --depth === 0) return /map\s*$/.test(text.slice(Math.max(0, i - 8), i));
  }
  return false;
}

function keyedOrEmptyAt(text: string, i: number): boolean {
  KEYED_OR_EMPTY.lastIndex = i;
  return KEYED_OR_EMPTY.test(text);
}

const GAP = String.raw`(?:\s|\/\/[^\n]*|\/\*(?:[^*]|\*(?!\/))*\*\/)*`;
/** After a literal's `{`: `}` (empty) or `Name:` (keyed; Go does not mix keyed and positional elements). */
const KEYED_OR_EMPTY = new RegExp(`${GAP}(?:\\}|[\\p{L}_][\\p{L}\\p{N}_]*${GAP}:(?!=))`, 'uy');
/** An element that is an index key: `expr:` before any `,`, `{` or `}`. */
const INDEX_KEY = /[^,{}]*:(?!=)/y;
/** The first character of a literal's first element. */
const ELEMENT = new RegExp(`${GAP}([^\\s])`, 'uy');
