// Compiler flags in CMakeLists.txt / *.cmake. No tree-sitter grammar ships for CMake, so this reads the
// command invocations (`name(args)`, quotes and nesting respected) and keeps an if/elseif/else stack.
import { archOfCommandText, archOfCondition, archWithin, conditionIsNegated, withGuard, type ArchScope, type BuildArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import type { FlagOccurrence, GuardSite } from './occurrence';

export interface CMakeCall { name: string; args: string; argsStart: number; start: number; end: number }

/**
 * Command invocations in order, comments skipped. A hand-written scanner, not one regex over the file: a
 * regex retries from every character of a long word with no `(`, and rescans the rest of the file for every
 * `#[[` or `"` that is never closed.
 */
export function cmakeCalls(text: string): CMakeCall[] {
  const out: CMakeCall[] = [];
  const unclosedBracket = new Set<string>();
  let unclosedString = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '#') { i = commentEnd(text, i, unclosedBracket); continue; }
    if (ch === '"' && !unclosedString) {
      const end = stringEnd(text, i);
      // Unclosed: read on as code, as a regex finding no string there would; so would every later quote.
      if (end < 0) { unclosedString = true; i++; } else i = end;
      continue;
    }
    if (!/[A-Za-z_]/.test(ch)) { i++; continue; }
    // A whole word is read at once: if it is not a call, no part of it is.
    let j = i + 1;
    while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
    let k = j;
    while (text[k] === ' ' || text[k] === '\t') k++;
    if (text[k] !== '(') { i = j; continue; }
    const argsStart = k + 1;
    let depth = 1, p = argsStart;
    while (p < text.length && depth > 0) {
      const c = text[p];
      if (c === '"') { const e = stringEnd(text, p); p = e < 0 ? text.length + 1 : e; continue; }
      if (c === '#' && !/\$|\w/.test(text[p - 1] ?? '')) { while (p < text.length && text[p] !== '\n') p++; continue; }
      else if (c === '(') depth++;
      else if (c === ')') depth--;
      p++;
    }
    out.push({ name: text.slice(i, j).toLowerCase(), args: text.slice(argsStart, p - 1), argsStart, start: i, end: p });
    i = p;
  }
  return out;
}

/**
 * End of the comment at `i`: a bracket comment `#[==[ ... ]==]`, or the rest of the line. An unclosed
 * bracket comment is read as a line comment; `unclosed` remembers the `=` counts known to have no closer.
 */
function commentEnd(text: string, i: number, unclosed: Set<string>): number {
  const open = /^#\[(=*)\[/.exec(text.slice(i));
  if (open && !unclosed.has(open[1])) {
    const close = text.indexOf(`]${open[1]}]`, i + open[0].length);
    if (close >= 0) return close + open[1].length + 2;
    unclosed.add(open[1]);
  }
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** End (after the closing quote) of the string opening at `i`, or -1 when it is never closed. */
function stringEnd(text: string, i: number): number {
  let p = i + 1;
  while (p < text.length && text[p] !== '"') p += text[p] === '\\' ? 2 : 1;
  return p < text.length ? p + 1 : -1;
}

function firstArgs(args: string, n: number): string[] {
  return args.trim().split(/\s+/).slice(0, n).map((a) => a.replace(/^"|"$/g, ''));
}

export function flagsInCMake(text: string): FlagOccurrence[] {
  const calls = cmakeCalls(text);
  // A toolchain file or a CMakeLists that sets its processor/compiler decides the arch for the whole file.
  const fileArchs = new Set<BuildArch>();
  let depth = 0;
  for (const c of calls) {
    if (c.name === 'if') depth++;
    else if (c.name === 'endif') depth--;
    else if (depth === 0 && c.name === 'set' && /^\s*(CMAKE_SYSTEM_PROCESSOR|CMAKE_C_COMPILER|CMAKE_CXX_COMPILER|CMAKE_C_COMPILER_TARGET)\b/.test(c.args)) {
      const a = archOfCommandText(/^\s*CMAKE_SYSTEM_PROCESSOR/.test(c.args) ? c.args.replace(/^\s*CMAKE_SYSTEM_PROCESSOR/, 'CMAKE_SYSTEM_PROCESSOR ') : c.args);
      if (a) fileArchs.add(a);
    }
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : 'any';

  // The if/elseif/else branches around each call, innermost last; each level sums up the ones outside it.
  const stack: { cond: string; negated: boolean; scope: ArchScope }[] = [];
  const enter = (cond: string, negated: boolean) => ({ cond, negated, scope: withGuard(stack[stack.length - 1]?.scope, archOfCondition(cond, negated)) });
  const out: FlagOccurrence[] = [];
  for (const c of calls) {
    if (c.name === 'if') { const cond = withoutSideNots(c.args); stack.push(enter(cond, conditionIsNegated(cond))); continue; }
    if (c.name === 'elseif') { if (stack.length) { const cond = withoutSideNots(c.args); stack.pop(); stack.push(enter(cond, conditionIsNegated(cond))); } continue; }
    if (c.name === 'else') { const top = stack.pop(); if (top) stack.push(enter(top.cond, !top.negated)); continue; }
    if (c.name === 'endif') { stack.pop(); continue; }
    const toks = scanFlags(c.args, c.argsStart);
    if (toks.length === 0) continue;
    if (PROBE_RE.test(c.name) || PROBE_RE.test(c.args)) continue;
    const scope = stack[stack.length - 1]?.scope;
    let owner = '';
    let guardable: GuardSite | undefined;
    const a = firstArgs(c.args, 3);
    if (c.name === 'set' || c.name === 'list') owner = c.name === 'set' ? a[0] : a[1];
    else if (c.name === 'string' && /^APPEND$/i.test(a[0])) owner = a[1];
    else if (c.name === 'target_compile_options' || c.name === 'target_compile_definitions') owner = a[0];
    else if (c.name === 'set_source_files_properties' || c.name === 'set_property' || c.name === 'set_target_properties') owner = c.args.split(/\bPROPERTIES\b/i)[0];
    if (!scope?.guarded) {
      if ((c.name === 'set' || (c.name === 'string' && /^APPEND$/i.test(a[0]))) && /^CMAKE_(C|CXX|ASM)_FLAGS(_[A-Z]+)?$/.test(owner)) guardable = { system: 'cmake', call: 'string-append', variable: owner };
      else if (c.name === 'add_compile_options') guardable = { system: 'cmake', call: 'add_compile_options' };
      else if (c.name === 'target_compile_options' && /^(PUBLIC|PRIVATE|INTERFACE)$/.test(a[1] ?? '')) guardable = { system: 'cmake', call: 'target_compile_options', target: `${a[0]} ${a[1]}` };
    }
    const byName = archOfCondition(owner, false);
    const own = archOfCommandText(c.args);
    for (const t of toks) {
      const arch = archWithin([own], scope, [byName === 'x86' ? 'x86' : undefined], fileArch);
      out.push({ ...t, arch, owner, statement: { start: c.start, end: c.end, text: text.slice(c.start, c.end) }, guardable });
    }
  }
  return out;
}

/**
 * Drops `NOT X` terms that are not about the architecture (`NOT APPLE`, `NOT DEFINED FOO`, `NOT MSVC`): in
 * `if(NOT APPLE AND CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64")` the NOT negates APPLE only, not the arch test.
 * A NOT followed by a binary test (`NOT X MATCHES ...`, which CMake reads as NOT (X MATCHES ...)) is kept.
 */
export function withoutSideNots(cond: string): string {
  return cond.replace(/(?<![\w$])NOT\s+(?:DEFINED\s+)?[\w${}]+(?=\s+(?:AND|OR)\b|\s*\)|\s*$)/g,
    (m) => (archOfCondition(m.replace(/^NOT\s+/, ''), false) === undefined ? ' '.repeat(m.length) : m));
}
