// Where "Disable <rule> for this line" puts its directive. The engine reads `arm64-port-disable-line` on the
// finding's line and `arm64-port-disable-next-line` on the line above (engine/suppressions.ts). A comment right
// above a declaration is its documentation in Go (go/doc), in C for clangd and Doxygen, and in YAML for the
// tools that document keys, so the directive goes at the end of the finding's line where that is code; above
// it only where no documentation can be: inside a function body, or in languages without doc comments.
// No action at all beats one that edits documentation, a string or a continued line.
import { parseAllDocuments, visit, type Scalar } from 'yaml';
import type { FileKind, TextEdit } from '../core/types';
import type { SyntaxNode as Node, Tree } from '../parsing/treeSitter';
import { findCgoPreambles } from '../lang/go/cgo';

type Lexed = 'code' | 'line-comment' | 'block-comment' | 'string' | 'raw-string';
interface LexState { inside: Lexed; tokenStart: number }
interface Syntax { block: boolean; backtick: boolean; cRaw: boolean; digitSeparator: boolean; splice: boolean }

const GO: Syntax = { block: true, backtick: true, cRaw: false, digitSeparator: false, splice: false };
const C: Syntax = { block: true, backtick: false, cRaw: false, digitSeparator: false, splice: true };
const CPP: Syntax = { ...C, cRaw: true, digitSeparator: true };

/** What `end` (an offset) is inside of, lexing Go or C from the file's start: enough to tell code from comments and literals. */
function lexUntil(text: string, end: number, s: Syntax): LexState {
  let inside: Lexed = 'code', tokenStart = 0, close = '';
  for (let i = 0; i < end; i++) {
    const c = text[i], n = text[i + 1];
    if (inside === 'code') {
      if (c === '/' && n === '/') { inside = 'line-comment'; tokenStart = i++; }
      else if (c === '/' && n === '*' && s.block) { inside = 'block-comment'; tokenStart = i++; }
      else if (c === '`' && s.backtick) { inside = 'raw-string'; tokenStart = i; close = '`'; }
      else if (c === '"' && s.cRaw && /(?:^|[^\w])(?:u8|[uUL])?R$/.test(text.slice(Math.max(0, i - 3), i))) {
        const open = text.indexOf('(', i);
        inside = 'raw-string'; tokenStart = i; close = `)${text.slice(i + 1, open < 0 ? i + 1 : open)}"`;
        i = open < 0 ? i : open;
      } else if (c === "'" && s.digitSeparator && /[0-9a-fA-F]/.test(text[i - 1] ?? '') && /[0-9a-fA-F]/.test(n ?? '')) continue;
      else if (c === '"' || c === "'") { inside = 'string'; tokenStart = i; close = c; }
    } else if (inside === 'line-comment') {
      // In C a backslash-newline splices the comment onto the next line.
      if (c === '\n' && !(s.splice && /\\\r?$/.test(text.slice(Math.max(0, i - 2), i)))) inside = 'code';
    } else if (inside === 'block-comment') {
      if (c === '*' && n === '/') { inside = 'code'; i++; }
    } else if (inside === 'string') {
      if (c === '\\') i++;
      else if (c === close || c === '\n') inside = 'code';
    } else if (text.startsWith(close, i)) { inside = 'code'; i += close.length - 1; }
  }
  return { inside, tokenStart };
}

interface Line { start: number; end: number; contentEnd: number; text: string }

function lineAt(text: string, n: number): Line | undefined {
  let start = 0;
  for (let i = 0; i < n; i++) { start = text.indexOf('\n', start) + 1; if (start === 0) return undefined; }
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl;
  const body = text.slice(start, end);
  return { start, end, contentEnd: start + body.trimEnd().length, text: body };
}

const indentOf = (l: Line) => /^[ \t]*/.exec(l.text)![0];
const isCommentLine = (l: Line, prefixes: string[]) => prefixes.some((p) => l.text.trimStart().startsWith(p));

/** True when the first node of the line is inside a function body: a comment above it documents nothing. */
function insideFunctionBody(tree: Tree | undefined, l: Line, kind: FileKind): boolean {
  if (!tree) return false;
  const at = l.start + indentOf(l).length;
  const body = kind === 'go' ? 'block' : 'compound_statement';
  for (let n: Node | null = tree.rootNode.descendantForIndex(at, at); n; n = n.parent) if (n.type === body) return true;
  return false;
}

export interface SuppressionRequest {
  kind: FileKind | undefined;
  text: string;
  /** 0-based line of the finding's start, counted by '\n' as the engine does. */
  line: number;
  ruleId: string;
  /** The document's tree-sitter tree (Go, C, C++): whether a line is inside a function body. */
  tree?: Tree;
}

export function suppressionEdit(r: SuppressionRequest): TextEdit | undefined {
  const l = lineAt(r.text, r.line);
  if (!l || !r.kind) return undefined;
  switch (r.kind) {
    case 'go': return goEdit(r, l);
    case 'c': case 'cpp': case 'goasm': return cEdit(r, l, r.kind === 'cpp' ? CPP : C);
    case 'yaml': return yamlEdit(r, l);
    case 'json': case 'binary': return undefined;
    case 'gomod': case 'gowork': return above(r, l, '//'); // a trailing comment would end `// indirect`
    default: return hashEdit(r, l);
  }
}

const trailing = (l: Line, newText: string): TextEdit => ({ start: l.contentEnd, end: l.end - (/\r$/.test(l.text) ? 1 : 0), newText });
const above = (r: SuppressionRequest, l: Line, prefix: string): TextEdit =>
  ({ start: l.start, end: l.start, newText: `${indentOf(l)}${prefix} arm64-port-disable-next-line ${r.ruleId}\n` });

/** Code on the line before its end, and where the line ends (code, or a comment opened on this line after code). */
function lineEnd(r: SuppressionRequest, l: Line, s: Syntax): { endsIn: Lexed; commentAfterCode: boolean; comment: string; startsInCode: boolean; continued: boolean } {
  const atStart = lexUntil(r.text, l.start, s);
  const atEnd = lexUntil(r.text, l.contentEnd, s);
  const opened = atEnd.tokenStart >= l.start && atEnd.inside !== 'code';
  const before = opened ? r.text.slice(l.start, atEnd.tokenStart) : '';
  return {
    endsIn: atEnd.inside, startsInCode: atStart.inside === 'code',
    commentAfterCode: atEnd.inside === 'line-comment' && opened && before.trim() !== '',
    comment: opened ? r.text.slice(atEnd.tokenStart, l.contentEnd) : '',
    continued: s.splice && r.text.slice(l.start, l.contentEnd).endsWith('\\'),
  };
}

function goEdit(r: SuppressionRequest, l: Line): TextEdit | undefined {
  const directive = `arm64-port-disable-line ${r.ruleId}`;
  const e = lineEnd(r, l, GO);
  // The cgo preamble is C code: the directive becomes a C comment line in it, never a Go line of text.
  if (r.text.includes('"C"')) {
    const p = findCgoPreambles(r.text).find((x) => l.start >= x.start && l.start < x.end);
    if (p) {
      const c = e.startsInCode ? `// /* arm64-port-disable-next-line ${r.ruleId} */` : `// arm64-port-disable-next-line ${r.ruleId}`;
      return { start: l.start, end: l.start, newText: `${indentOf(l)}${c}\n` };
    }
  }
  const hasCode = l.text.trim() !== '' && e.startsInCode && !/^\s*(\/\/|\/\*)/.test(l.text);
  // A line comment after code is not a doc comment (go/doc reads the comment group above a declaration).
  if (hasCode && (e.endsIn === 'code' || e.commentAfterCode)) return trailing(l, ` // ${directive}`);
  return aboveInBody(r, l, GO, '//');
}

const C_DOC = /^(\/\/[/!]|\/\*[*!](?!\/))/;

function cEdit(r: SuppressionRequest, l: Line, s: Syntax): TextEdit | undefined {
  const e = lineEnd(r, l, s);
  const hasCode = l.text.trim() !== '' && e.startsInCode && !/^\s*(\/\/|\/\*)/.test(l.text);
  if (hasCode && !e.continued) {
    // A block comment is valid in every C standard; Go assembly takes both.
    if (e.endsIn === 'code') return trailing(l, r.kind === 'goasm' ? ` // arm64-port-disable-line ${r.ruleId}` : ` /* arm64-port-disable-line ${r.ruleId} */`);
    // Appended to a plain trailing // comment, never to a Doxygen one (///<, //!<).
    if (e.commentAfterCode && !C_DOC.test(e.comment)) return trailing(l, ` // arm64-port-disable-line ${r.ruleId}`);
  }
  return aboveInBody(r, l, s, '//');
}

/** Above the line, inside a function body only, never below a comment, inside a literal or a continued line. */
function aboveInBody(r: SuppressionRequest, l: Line, s: Syntax, prefix: string): TextEdit | undefined {
  if (r.line === 0) return undefined;
  const prev = lineAt(r.text, r.line - 1)!;
  const e = lineEnd(r, l, s);
  if (!e.startsInCode || /^\s*(\/\/|\/\*)/.test(l.text) || l.text.trim() === '') return undefined;
  if (isCommentLine(prev, ['//', '/*', '*']) || lexUntil(r.text, prev.start, s).inside !== 'code') return undefined;
  if (s.splice && prev.text.trimEnd().endsWith('\\')) return undefined;
  if (!insideFunctionBody(r.tree, l, r.kind!)) return undefined;
  return above(r, l, prefix);
}

/** `#` languages without doc comments: above the line, as before, but never inside a continued line. */
function hashEdit(r: SuppressionRequest, l: Line): TextEdit | undefined {
  const prev = r.line > 0 ? lineAt(r.text, r.line - 1) : undefined;
  // Docker drops comment lines inside a continued instruction; shell, make and systemd would join them.
  if (prev && r.kind !== 'dockerfile' && prev.text.trimEnd().endsWith('\\')) return undefined;
  return above(r, l, '#');
}

function yamlEdit(r: SuppressionRequest, l: Line): TextEdit | undefined {
  const docs = parseAllDocuments(r.text);
  if (!Array.isArray(docs)) return undefined;
  let open: Scalar | undefined;
  for (const d of docs) {
    visit(d, { Scalar: (_k, n) => { if (n.range && n.range[0] < l.contentEnd && n.range[1] > l.contentEnd) open = n; } });
  }
  // A block scalar's header line (`run: |`) takes a trailing comment like any other line.
  if (open && open.range![0] < l.start) {
    // A line of a block scalar (a `run: |` script, build-args) is its content: the directive goes in it as a
    // `#` line, as in a script; not inside a continued shell line. A multi-line plain or quoted scalar: nowhere.
    if (open.type !== 'BLOCK_LITERAL' && open.type !== 'BLOCK_FOLDED') return undefined;
    const prev = lineAt(r.text, r.line - 1);
    if (prev && prev.text.trimEnd().endsWith('\\')) return undefined;
    return above(r, l, '#');
  }
  // Outside block scalars a comment above a key documents it: the directive ends the line instead.
  const edit = trailing(l, ` # arm64-port-disable-line ${r.ruleId}`);
  const after = r.text.slice(0, edit.start) + edit.newText + r.text.slice(edit.end);
  return sameYaml(r.text, after) ? edit : undefined;
}

/** The edit changed no value and added no error (the YAML parser decides, not a guess about its syntax). */
function sameYaml(a: string, b: string): boolean {
  const pa = parseAllDocuments(a), pb = parseAllDocuments(b);
  if (!Array.isArray(pa) || !Array.isArray(pb) || pa.length !== pb.length) return false;
  return pa.every((d, i) => d.errors.length === pb[i].errors.length && JSON.stringify(d.toJS()) === JSON.stringify(pb[i].toJS()));
}
