// The C text a C rule looks at, and where it is compiled for ARM. For .c/.h/.cpp files that is the file;
// for a Go file it is the cgo preamble (same offsets, everything else blanked), compiled by the target's C
// compiler when the Go file is built. Reachability comes from the shared per-target #if evaluation:
// a construct counts only where it is active (true) for an enabled ARM target, never when 'unknown'.
import * as path from 'node:path';
import { evaluateConditionals, type ConditionalResult } from '../../../lang/c/preprocessor';
import { matchesTarget } from '../../../lang/go/buildConstraints';
import { TARGETS, type TargetId } from '../../../layout/targets';
import { parseText, type Tree } from '../../../parsing/treeSitter';
import type { RuleContext } from '../../rule';
import { includedOn } from '../../go/support/goPackage';
import { CGO_IMPORT, findCgoPreambles, maskedCgoText } from '../../go/support/cgo';
import type { FileKind } from '../../../engine/types';

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
  activity(target: TargetId): ConditionalResult;
  /** The first enabled ARM target on which the offset is certainly compiled. */
  reachableOn(offset: number): TargetId | undefined;
}

/** File paths that say "x86 only" (x86/, foo_avx2.c, sse42.c): the build system picks them per arch. */
const X86_PATH = /(^|[\/_.-])(x86\w*|x64|amd64|i[3-6]86|ia32|mmx|sse\d*|ssse3|sse4\w*|avx\w*|aesni|pclmul\w*|vpclmul\w*|bmi2?|shani)([\/_.-]|$)/i;
export function isX86OnlyPath(file: string): boolean { return X86_PATH.test(file.replace(/\\/g, '/')); }

export function blankComments(text: string, strings: boolean): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '"' || c === '\'') {
      const q = c;
      i++;
      while (i < n && text[i] !== q && text[i] !== '\n') {
        if (text[i] === '\\') { if (strings) out[i] = ' '; i++; }
        if (strings && text[i] !== '\n') out[i] = ' ';
        i++;
      }
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') { out[i] = ' '; i++; }
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? n : close + 2;
      for (let k = i; k < stop; k++) if (text[k] !== '\n') out[k] = ' ';
      i = stop;
    } else i++;
  }
  return out.join('');
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
  if (isX86OnlyPath(path.relative(ctx.root, ctx.path))) return undefined;
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
  const isCpp = ctx.kind === 'cpp' || (!fromCgo && /\.h$/i.test(ctx.path) && /^\s*(template\s*<|namespace\s+[\w:]+\s*\{|extern\s+"C\+\+")/m.test(text));
  const extra = isCpp ? new Map([['__cplusplus', '201703L']]) : undefined;
  const cache = new Map<TargetId, ConditionalResult>();
  // Include guards are the preprocessor's business (lang/c/preprocessor.ts treats a guard as undefined).
  const forEval = text;
  const activity = (t: TargetId): ConditionalResult => {
    let r = cache.get(t);
    if (!r) { r = evaluateConditionals(forEval, t, extra); cache.set(t, r); }
    return r;
  };
  const code = blankComments(text, false);
  const bare = blankComments(text, true);
  return {
    text, code, bare, isCpp, fromCgo, targets, activity,
    reachableOn(offset) { return targets.find((t) => activity(t).isActive(offset) === true); },
  };
}

/** Runs fn with a C/C++ tree of the C view (the engine's tree for C files, a private one for cgo). */
export function withCTree<T>(ctx: RuleContext, src: CSource, fn: (tree: Tree) => T): T {
  if (!src.fromCgo) return fn(ctx.tree(src.isCpp ? 'cpp' : 'c'));
  const tree = parseText('c', src.text);
  try { return fn(tree); } finally { tree.delete(); }
}

/** The offset just after the parenthesis matching the one at `open` (strings and comments already blanked in `bare`). */
export function matchParen(bare: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < bare.length; i++) {
    const c = bare[i];
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return i + 1; }
  }
  return undefined;
}

/** Top-level comma-separated argument ranges between parentheses [open, close). */
export function splitArgs(bare: string, open: number, close: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0, start = open + 1;
  for (let i = open + 1; i < close - 1; i++) {
    const c = bare[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { out.push({ start, end: i }); start = i + 1; }
  }
  if (bare.slice(start, close - 1).trim() !== '' || out.length > 0) out.push({ start, end: close - 1 });
  return out;
}

export function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { start, end };
}

export function targetName(t: TargetId): string { return t; }
