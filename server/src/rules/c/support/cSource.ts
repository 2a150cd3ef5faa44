// The C text a C rule looks at, and where it is compiled for ARM. For .c/.h/.cpp files that is the file;
// for a Go file it is the cgo preamble (same offsets, everything else blanked), compiled by the target's C
// compiler when the Go file is built. Reachability comes from the shared per-target #if evaluation:
// a construct counts only where it is active (true) for an enabled ARM target, never when 'unknown'.
import * as path from 'node:path';
import { evaluateConditionals, type ConditionalResult } from '../../../lang/c/preprocessor';
import { matchesTarget } from '../../../lang/go/buildConstraints';
import { TARGETS, type TargetId } from '../../../core/targets';
import { parseText, type Tree } from '../../../parsing/treeSitter';
import { sharedParse } from '../../../lang/c/translationUnit';
import { cLanguageOf } from '../../../lang/c/language';
import type { RuleContext } from '../../rule';
import { includedOn } from '../../go/support/goPackage';
import { CGO_IMPORT, findCgoPreambles, maskedCgoText } from '../../../lang/go/cgo';
import type { FileKind } from '../../../core/types';

/** A C rule reads a Go file only through its cgo preamble. */
export const C_KIND_PREFILTERS: Partial<Record<FileKind, RegExp>> = { go: CGO_IMPORT };

export interface CSource {
  /** Same length as ctx.text. */
  text: string;
  /** Comments blanked (offsets kept). */
  code: string;
  /** Comments and the contents of string and char literals blanked. */
  bare: string;
  isCpp: boolean;
  fromCgo: boolean;
  /** Enabled ARM targets this text is compiled for. */
  targets: TargetId[];
  /** The #if evaluation for any target (enabled or not), made once per target. */
  activity(target: TargetId): ConditionalResult;
  /** The first enabled ARM target on which the offset is certainly compiled. */
  reachableOn(offset: number): TargetId | undefined;
}

/** File paths that say "x86 only" (x86/, foo_avx2.c, sse42.c): the build system picks them per arch. */
const X86_PATH = /(^|[\/_.-])(x86\w*|x64|amd64|i[3-6]86|ia32|mmx|sse\d*|ssse3|sse4\w*|avx\w*|aesni|pclmul\w*|vpclmul\w*|bmi2?|shani)([\/_.-]|$)/i;
export function isX86OnlyPath(file: string): boolean { return X86_PATH.test(file.replace(/\\/g, '/')); }

/**
 * The operating system a file's path says it is built for: a folder (libuv src/win/, os390/) or a file named after
 * the OS (libuv src/unix/os390.c, darwin.c, aix.c; foo-win32.c). Build systems pick such files per OS, so a
 * windows file is never compiled for linux/arm64 (where plain char is unsigned), and a z/OS or macOS file for no
 * enabled target. 'linux' and 'unix'/'posix' say nothing (Linux builds them).
 */
const OS_WORDS: [RegExp, 'windows' | 'other'][] = [
  [/^(win|win32|win64|windows|mingw\w*|msvc\w*)$/, 'windows'],
  [/^(os390|zos|aix|sunos|solaris|illumos|darwin|macos|macosx|osx|ios|freebsd|openbsd|netbsd|dragonfly|kfreebsd|haiku|qnx|cygwin|ibmi|os400|hpux|vms|openvms|os2|amigaos|riscos|vxworks|plan9)$/, 'other'],
];
export function osOfPath(file: string): 'windows' | 'other' | undefined {
  const parts = file.replace(/\\/g, '/').split('/');
  const name = parts.pop() ?? '';
  const words = [...parts, ...name.replace(/\.[A-Za-z]+$/, '').split(/[-_.]/)];
  for (const w of words) for (const [re, os] of OS_WORDS) if (re.test(w.toLowerCase())) return os;
  return undefined;
}

export function blankComments(text: string, strings: boolean): string {
  const { comments, literals } = blankedRanges(text, strings);
  return blanked(text, strings ? mergeRanges(comments, literals) : comments);
}

/** Both views in one scan of the text: comments blanked (`code`), and string and char contents too (`bare`). */
export function blankCommentsAndStrings(text: string): { code: string; bare: string } {
  const { comments, literals } = blankedRanges(text, true);
  return { code: blanked(text, comments), bare: blanked(text, mergeRanges(comments, literals)) };
}

/** Where a construct may start: only these characters matter, the scan jumps from one to the next. */
const CONSTRUCT_START = /["'/]/g;

/**
 * The comments of a C text and the contents of its string and char literals (when asked), as [from, to) offsets
 * in order. A literal ends at its quote or at the end of the line.
 */
function blankedRanges(text: string, strings: boolean): { comments: number[]; literals: number[] } {
  const comments: number[] = [];
  const literals: number[] = [];
  const n = text.length;
  const start = CONSTRUCT_START;
  let i = 0;
  while (i < n) {
    start.lastIndex = i;
    const m = start.exec(text);
    if (!m) break;
    i = m.index;
    const c = text[i];
    if (c === '"' || c === '\'') {
      const from = ++i;
      while (i < n && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') i++;
        i++;
      }
      if (strings) literals.push(from, Math.min(i, n));
      i++;
    } else if (text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      comments.push(i, stop);
      i = stop;
    } else if (text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? n : close + 2;
      comments.push(i, stop);
      i = stop;
    } else i++;
  }
  return { comments, literals };
}

/** Two sorted lists of disjoint ranges as one sorted list (a literal and a comment never overlap). */
function mergeRanges(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) { out.push(a[i], a[i + 1]); i += 2; } else { out.push(b[j], b[j + 1]); j += 2; }
  }
  return out;
}

/** The text with every character of the ranges but newlines made a space (offsets kept). */
function blanked(text: string, ranges: number[]): string {
  // Copies the text between blanked ranges: no array of one string per character.
  const parts: string[] = [];
  let last = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const piece = text.slice(ranges[k], ranges[k + 1]);
    parts.push(text.slice(last, ranges[k]), piece.includes('\n') ? piece.replace(/[^\n]/g, ' ') : ' '.repeat(piece.length));
    last = ranges[k + 1];
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function armCTargets(ctx: RuleContext, fromGo: boolean): TargetId[] {
  return ctx.config.targets.filter((t) => TARGETS[t].isArm && (!fromGo || TARGETS[t].go));
}

/** The C view of the file, or undefined when there is nothing to check (no preamble, x86-only path, no ARM target). */
export function cSource(ctx: RuleContext): CSource | undefined {
  return ctx.memo('srcrules:csource', () => build(ctx));
}

function build(ctx: RuleContext): CSource | undefined {
  const fromCgo = ctx.kind === 'go';
  let targets = armCTargets(ctx, fromCgo);
  if (targets.length === 0) return undefined;
  const rel = path.relative(ctx.root, ctx.path);
  if (isX86OnlyPath(rel)) return undefined;
  // A file of another OS (libuv src/win/tty.c, src/unix/os390.c) is not compiled for the linux targets.
  const os = fromCgo ? undefined : osOfPath(rel);
  if (os) targets = targets.filter((t) => os === 'windows' && TARGETS[t].goos === 'windows');
  if (targets.length === 0) return undefined;
  let text = ctx.text;
  if (!fromCgo) {
    // C files in a Go package follow Go's file-name constraints (gcc_windows_386.c); elsewhere a name such as
    // foo_windows.c or foo_amd64.c is just as telling.
    targets = targets.filter((t) => matchesTarget(path.basename(ctx.path).replace(/\.(cc|cpp|cxx|hpp|hh|hxx)$/, '.c'), '', { goos: TARGETS[t].goos, goarch: TARGETS[t].goarch }) !== false);
    if (targets.length === 0) return undefined;
  }
  if (fromCgo) {
    if (!ctx.text.includes('import "C"')) return undefined;
    const pre = findCgoPreambles(ctx.text);
    if (pre.length === 0) return undefined;
    // The preamble is compiled only when the Go file is; a cgo file's own constraint may be 'unknown' (cgo).
    targets = targets.filter((t) => includedOn(ctx.path, ctx.text, t) !== false);
    if (targets.length === 0) return undefined;
    text = maskedCgoText(ctx.text, pre);
  }
  // A .h file may be C++ (templates, namespaces): parse and evaluate it as C++ then.
  const isCpp = !fromCgo && cLanguageOf(ctx.path, text) === 'cpp';
  const extra = isCpp ? new Map([['__cplusplus', '201703L']]) : undefined;
  const cache = new Map<TargetId, ConditionalResult>();
  // Include guards are the preprocessor's business (lang/c/preprocessor.ts treats a guard as undefined).
  const forEval = text;
  const activity = (t: TargetId): ConditionalResult => {
    let r = cache.get(t);
    if (!r) { r = evaluateConditionals(forEval, t, extra); cache.set(t, r); }
    return r;
  };
  const { code, bare } = blankCommentsAndStrings(text);
  return {
    text, code, bare, isCpp, fromCgo, targets, activity,
    reachableOn(offset) { return targets.find((t) => activity(t).isActive(offset) === true); },
  };
}

/** Runs fn with a C/C++ tree of the C view (the engine's tree for C files, a private one for cgo). */
export function withCTree<T>(ctx: RuleContext, src: CSource, fn: (tree: Tree) => T): T {
  if (!src.fromCgo) return withLayoutsTree(ctx, src.isCpp ? 'cpp' : 'c', fn);
  const tree = parseText('c', src.text);
  try { return fn(tree); } finally { tree.delete(); }
}

/**
 * Runs fn with the layouts' parse of the rule's C/C++ file (kept in the header cache between them): the same text
 * with the lines that trip the grammar blanked, offsets unchanged (`__BEGIN_DECLS` no longer makes the next struct
 * a function), so one parse serves both. A file the two read in different grammars is parsed again.
 */
export function withLayoutsTree<T>(ctx: RuleContext, grammar: 'c' | 'cpp', fn: (tree: Tree) => T): T {
  const parsed = sharedParse(ctx.path, ctx.text);
  try {
    if (parsed.lang === grammar) return fn(parsed.root.tree);
  } finally {
    parsed.delete();
  }
  return fn(ctx.tree(grammar));
}

/** The offset just after the parenthesis matching the one at `open` (strings and comments already blanked in `bare`). */
export function matchParen(bare: string, open: number): number | undefined { return matchBracket(bare, open, '(', ')'); }

/** The offset just after the brace matching the one at `open`. */
export function matchBrace(bare: string, open: number): number | undefined { return matchBracket(bare, open, '{', '}'); }

function matchBracket(bare: string, open: number, o: string, c: string): number | undefined {
  if (bare[open] !== o) return undefined;
  const close = closingTable(bare, o, c)[open];
  return close < 0 ? undefined : close;
}

const closingTables = new Map<string, { text: string; close: Int32Array }>();
/**
 * For each opening bracket of the text, the offset just after its closing one (-1 when none): one pass for all
 * calls, where a scan per call would be quadratic in a file of unclosed `asm(`s.
 */
function closingTable(bare: string, o: string, c: string): Int32Array {
  const cached = closingTables.get(o);
  if (cached?.text === bare) return cached.close;
  const close = new Int32Array(bare.length).fill(-1);
  const open: number[] = [];
  const oc = o.charCodeAt(0), cc = c.charCodeAt(0);
  for (let i = 0; i < bare.length; i++) {
    const ch = bare.charCodeAt(i);
    if (ch === oc) open.push(i);
    else if (ch === cc && open.length) close[open.pop()!] = i + 1;
  }
  closingTables.set(o, { text: bare, close });
  return close;
}

/** Top-level comma-separated argument ranges between parentheses [open, close). */
export function splitArgs(bare: string, open: number, close: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = open + 1;
  for (const i of atDepthOf(bare, ',', '([{', ')]}', open + 1, close - 1)) { out.push({ start, end: i }); start = i + 1; }
  if (bare.slice(start, close - 1).trim() !== '' || out.length > 0) out.push({ start, end: close - 1 });
  return out;
}

const depthIndexes = new Map<string, { text: string; depth: Int32Array; at: Map<number, number[]> }>();
/**
 * The offsets of `ch` in [from, to) at the bracket depth of `from` (counting the given opening and closing
 * characters): what a scan from `from` finds at its depth 0, without rescanning the calls nested in a call.
 */
export function atDepthOf(bare: string, ch: string, opens: string, closes: string, from: number, to: number): number[] {
  const key = ch + opens + closes;
  let ix = depthIndexes.get(key);
  if (ix?.text !== bare) {
    const depth = new Int32Array(bare.length + 1);
    const at = new Map<number, number[]>();
    let d = 0;
    for (let i = 0; i < bare.length; i++) {
      depth[i] = d;
      const c = bare[i];
      if (opens.includes(c)) d++;
      else if (closes.includes(c)) d--;
      else if (c === ch) {
        let list = at.get(d);
        if (!list) at.set(d, list = []);
        list.push(i);
      }
    }
    depth[bare.length] = d;
    depthIndexes.set(key, ix = { text: bare, depth, at });
  }
  const list = ix.at.get(ix.depth[from]) ?? [];
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < from) lo = mid + 1; else hi = mid; }
  const out: number[] = [];
  for (let k = lo; k < list.length && list[k] < to; k++) out.push(list[k]);
  return out;
}

export function lineBounds(text: string, offset: number): { start: number; end: number } {
  const starts = lineStarts(text);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
  return { start: starts[lo], end: lo + 1 < starts.length ? starts[lo + 1] - 1 : text.length };
}

/** The line at `lineStart` continues the one before (a backslash ends it): it is part of a #define's body. */
export function continuesDirective(text: string, lineStart: number): boolean {
  return /\\\r?\n$/.test(text.slice(Math.max(0, lineStart - 3), lineStart));
}

let lineTable: { text: string; starts: number[] } | undefined;
/** Where the lines of the text start (one pass for all calls: a scan per call is quadratic on a long line). */
function lineStarts(text: string): number[] {
  if (lineTable?.text === text) return lineTable.starts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lineTable = { text, starts };
  return starts;
}

export function targetName(t: TargetId): string { return t; }
