// Per-target evaluation of #if/#ifdef/#ifndef/#elif/#else/#endif without a full preprocessor.
//
// Decision (silence over guessing): an identifier in a condition is evaluated only when we KNOW its value for the
// target: it is in the target's predefined-macro table, it belongs to the "well-known" universe of arch/OS/compiler
// macros (then "not in the table" means "not defined for this target", exactly as the compiler would see it), or it
// was #define'd / #undef'ed earlier in active code of the file (or passed in `extra`). Any other identifier may be a
// project configuration macro given on the command line (-DFOO), so a branch that depends on it is 'unknown'
// instead of the C rule "undefined means 0". Short-circuit logic still decides when it can: `defined(__x86_64__) &&
// USE_FOO` is false on arm64 whatever USE_FOO is. Function-like tests (`__has_include(...)`, `__has_attribute(...)`,
// macros defined with parameters) are 'unknown'. Unbalanced input never throws: stray #else/#endif are ignored and
// unclosed #if regions run to the end of the file.
import { hasSystemHeaderMacros } from './systemMacros';
import type { TargetId } from '../../core/targets';
import { isTargetId } from '../../core/targets';
import { deeper, LimitError, MAX_MACRO_DEPTH } from '../../layout/c/limits';
import { PREDEFINED_MACROS, WELL_KNOWN_MACROS } from './predefinedMacros';

/** A target whose predefined macros come from the built-in tables. */
export type CTargetMacros = TargetId;
/** Explicit predefined macros (name -> replacement text); every other identifier is treated as unknown. */
export type PredefinedMacros = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export type Activity = true | false | 'unknown';

export interface ConditionalRegion {
  /** Offsets [start, end) into the text; regions are sorted, contiguous, and cover the whole text. */
  start: number;
  end: number;
  /** 1-based first and last line of the region. */
  startLine: number;
  endLine: number;
  active: Activity;
  /** For 'unknown' regions: the condition text and the identifiers that could not be evaluated. */
  condition?: string;
  unknownIdentifiers?: string[];
}

/** A function-like macro's parameters and body, from the text after `NAME(` of its #define; undefined without `)`. */
export function functionMacroOf(afterParen: string): { params: string[]; variadic: boolean; body: string } | undefined {
  const close = afterParen.indexOf(')');
  if (close < 0) return undefined;
  const params = afterParen.slice(0, close).split(',').map((x) => x.trim()).filter(Boolean);
  const variadic = params[params.length - 1] === '...';
  return { params: variadic ? params.slice(0, -1) : params, variadic, body: afterParen.slice(close + 1).trim() };
}

export interface PreprocessorDirective {
  kind: 'include' | 'pragma' | 'define' | 'undef';
  /** Offset of the '#' and end of the (logical) directive line. */
  start: number;
  end: number;
  /** Text after the directive name, comments removed, continuation lines joined. */
  text: string;
  active: Activity;
}

export interface ConditionalResult {
  regions: ConditionalRegion[];
  /** Whether the code at this offset is compiled for the target. */
  isActive(offset: number): Activity;
  /** The region containing the offset (for reasons: which condition made it unknown). */
  regionAt(offset: number): ConditionalRegion | undefined;
  /** Object-like #define constants seen in active code (last definition wins; #undef removes). */
  defines: Map<string, string>;
  /**
   * Macros #define'd or #undef'ed more than once in active code: their value depends on the position, which the
   * layout code does not track, so it must not use them.
   */
  redefined: Set<string>;
  /** Macros certainly defined at the end of the file whose value is unknown (`#ifndef X / #define X / #endif`). */
  definedUnknownValue: Set<string>;
  /**
   * The macro tables of the system headers the file includes (systemInclude), in include order: defined from the
   * #include on, and at the end of the file unless it #defines or #undefs one again (then it is in `redefined`).
   * Kept apart from `defines` (shared tables, hundreds of names each).
   */
  systemMacros: ReadonlyMap<string, string>[];
  /** Function-like #define macros seen in active code: name -> parameters and body. */
  functionDefines: Map<string, { params: string[]; variadic: boolean; body: string }>;
  /** #include, #pragma, #define and #undef directives in file order, with their activity. */
  directives: PreprocessorDirective[];
}

// ---------------------------------------------------------------------------------------------------------------
// Lexical clean-up: comments become spaces (keeping offsets), continuation lines are joined into logical lines.

interface LogicalLine { start: number; end: number; text: string }

/** Where a literal or a comment may start. */
const CONSTRUCT_START = /["'/]/g;

function blankComments(text: string): string {
  // Copies slices between comments; comments become spaces (same length), newlines inside block comments too.
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  const n = text.length;
  const start = CONSTRUCT_START;
  while (i < n) {
    // Jump to the next quote or slash: nothing else starts a literal or a comment.
    start.lastIndex = i;
    if (!start.exec(text)) break;
    i = start.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      while (i < n) { const d = text.charCodeAt(i); if (d === c || d === 10) break; if (d === 92) i++; i++; }
      i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // A line comment runs to the newline, but a backslash-newline continues it.
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10) {
        if (text.charCodeAt(j) === 92 && text.charCodeAt(j + 1) === 10) { j += 2; continue; }
        if (text.charCodeAt(j) === 92 && text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10) { j += 3; continue; }
        j++;
      }
      // Keep the newlines of continued lines so the line structure survives.
      const comment = text.slice(i, j);
      parts.push(text.slice(last, i), comment.includes('\n') ? comment.replace(/[^\n]/g, ' ') : ' '.repeat(comment.length));
      last = i = j;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? n : close + 2;
      // A block comment is one space, even across lines; newlines inside it vanish so a directive continues.
      parts.push(text.slice(last, i), ' '.repeat(stop - i));
      last = i = stop;
    } else i++;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Cleaned logical lines per text: the same file is evaluated once per target. */
interface CachedLines { lines: LogicalLine[]; guard: string | undefined; starts?: number[]; guards?: Set<string>; guardedIncludes?: GuardedInclude[] }
const linesCache = new Map<string, CachedLines>();
function cachedLogicalLines(text: string): CachedLines {
  let l = linesCache.get(text);
  if (!l) {
    const lines = logicalLines(blankComments(text));
    l = { lines, guard: includeGuard(lines) };
    // Every header of a translation unit is evaluated once per target and round: room for a large one's headers.
    if (linesCache.size >= 512) linesCache.delete(linesCache.keys().next().value!);
    linesCache.set(text, l);
  }
  return l;
}

function logicalLines(clean: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let start = 0;
  let buf = '';
  let i = 0;
  const n = clean.length;
  let segStart = 0;
  for (;;) {
    // From newline to newline (the end of the text ends the last line, which may be empty).
    const nl = clean.indexOf('\n', segStart);
    i = nl < 0 ? n : nl;
    let seg = clean.slice(segStart, i);
    if (seg.endsWith('\r')) seg = seg.slice(0, -1);
    if (seg.endsWith('\\') && i < n) {
      buf += seg.slice(0, -1);
      segStart = i + 1;
      continue;
    }
    buf += seg;
    lines.push({ start, end: i, text: buf });
    if (i === n) break;
    buf = '';
    start = i + 1;
    segStart = i + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Macro environment.

type MacroState =
  | { kind: 'object'; value: string }
  | { kind: 'function' }
  | { kind: 'undefined' }
  | { kind: 'unknown' }
  /** Certainly defined, value unknown: after `#ifndef X / #define X ... / #endif` with X unknown before. */
  | { kind: 'definedUnknownValue' };

class MacroEnv {
  private readonly local = new Map<string, MacroState>();
  /**
   * Values of object-like macros already evaluated, with the identifiers they could not evaluate: `#define A1
   * (A0 + A0)` chains are evaluated once per macro, not 2^n times. Forgotten when a macro looked up is redefined.
   */
  readonly values = new Map<string, { v: Val; ids: string[] }>();
  private readonly lookedUp = new Set<string>();
  constructor(private readonly predefined: ReadonlyMap<string, string>, private readonly universe: ReadonlySet<string>) {}

  /** Macros known from outside the file (after its own #defines, before the predefined ones). */
  fallback: ((name: string) => string | undefined) | undefined;
  /** Macros known to be defined with an unknown value, asked by name (after the file's own #defines). */
  definedUnknown: ((name: string) => boolean) | undefined;

  lookup(name: string): MacroState {
    this.lookedUp.add(name);
    const l = this.local.get(name);
    if (l) return l;
    if (this.definedUnknown?.(name)) return { kind: 'definedUnknownValue' };
    const f = this.fallback?.(name);
    if (f !== undefined) return { kind: 'object', value: f };
    const p = this.predefined.get(name);
    if (p !== undefined) return { kind: 'object', value: p };
    if (this.universe.has(name)) return { kind: 'undefined' };
    if (this.closed?.(name)) return { kind: 'undefined' };
    return { kind: 'unknown' };
  }
  /** A closed translation unit: names nothing can define (see evaluateConditionals' `closedWorld`). */
  closed: ((name: string) => boolean) | undefined;
  /** Whether nothing is known of the macro: not predefined, not in the files read, not from the command line. */
  unseen(name: string): boolean {
    return !this.local.has(name) && !this.definedUnknown?.(name) && this.fallback?.(name) === undefined && !this.predefined.has(name) && !this.universe.has(name);
  }
  set(name: string, s: MacroState): void {
    this.local.set(name, s);
    if (this.lookedUp.has(name)) { this.values.clear(); this.lookedUp.clear(); }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Expression evaluation with a third value, 'unknown'.

type Val = bigint | 'unknown';

interface Tok { t: 'num' | 'id' | 'op' | 'str'; v: string }

const PUNCT = ['<<=', '>>=', '...', '&&', '||', '<<', '>>', '<=', '>=', '==', '!=', '##', '->', '++', '--',
  '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '?', ':', '(', ')', ',', '#', '[', ']', '{', '}', '=', ';', '.'];

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      const m = /^[0-9a-zA-Z_.']*([eEpP][+-][0-9a-zA-Z_.]*)?/.exec(s.slice(i))!;
      toks.push({ t: 'num', v: m[0] }); i += m[0].length; continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(s.slice(i))!;
      // Character literal prefixes (L'x', u'x', U'x', u8'x').
      if (/^(L|u|U|u8)$/.test(m[0]) && s[i + m[0].length] === '\'') { i += m[0].length; continue; }
      toks.push({ t: 'id', v: m[0] }); i += m[0].length; continue;
    }
    if (c === '\'' || c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== c) { if (s[j] === '\\') j++; j++; }
      toks.push({ t: 'str', v: s.slice(i, j + 1) }); i = j + 1; continue;
    }
    const p = PUNCT.find((x) => s.startsWith(x, i));
    toks.push({ t: 'op', v: p ?? c }); i += p ? p.length : 1;
  }
  return toks;
}

function parseIntLiteral(v: string): bigint | undefined {
  const s = v.replace(/'/g, '').replace(/[uUlL]+$/, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
    if (/^0[bB][01]+$/.test(s)) return BigInt(s);
    if (/^0[0-7]*$/.test(s)) return s.length > 1 ? BigInt('0o' + s.slice(1)) : 0n;
    if (/^[1-9][0-9]*$/.test(s)) return BigInt(s);
  } catch { /* fall through */ }
  return undefined;
}

function charLiteralValue(v: string): bigint | undefined {
  const body = v.slice(1, -1);
  if (body.length === 1) return BigInt(body.charCodeAt(0));
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, '\'': 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  if (body.length === 2 && body[0] === '\\' && body[1] in esc) return BigInt(esc[body[1]]);
  return undefined;
}

const to64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const truthy = (v: Val): Activity => (v === 'unknown' ? 'unknown' : v !== 0n);


class ExprEvaluator {
  private pos = 0;
  readonly unknownIds = new Set<string>();
  constructor(private toks: Tok[], private readonly env: MacroEnv, private readonly depth: number, private readonly active: Set<string>) {}

  /** The value of an expression; the identifiers that made it unknown are added to unknownIds. */
  static evaluate(text: string, env: MacroEnv, unknownIds: Set<string>, depth = 0, active = new Set<string>()): Val {
    const ev = new ExprEvaluator(tokenize(text), env, depth, active);
    let v: Val;
    try {
      v = ev.comma();
      if (ev.pos < ev.toks.length) v = 'unknown';
    } catch (e) {
      // Nested too deep: said as the reason, in place of an identifier.
      if (e instanceof LimitError) ev.unknownIds.add(`(${e.message})`);
      v = 'unknown';
    }
    for (const id of ev.unknownIds) unknownIds.add(id);
    return v;
  }

  /** The value of an object-like macro (once per macro and environment). */
  private macroValue(name: string, text: string): Val {
    let m = this.env.values.get(name);
    if (!m) {
      // A macro is not expanded inside itself: `#define X (X + 1)` cannot be evaluated.
      if (this.active.has(name)) { this.unknownIds.add(name); return 'unknown'; }
      if (this.depth >= MAX_MACRO_DEPTH) { this.unknownIds.add(`(macro nesting deeper than ${MAX_MACRO_DEPTH} levels)`); return 'unknown'; }
      const ids = new Set<string>();
      this.active.add(name);
      const v = ExprEvaluator.evaluate(text, this.env, ids, this.depth + 1, this.active);
      this.active.delete(name);
      m = { v, ids: [...ids] };
      this.env.values.set(name, m);
    }
    for (const id of m.ids) this.unknownIds.add(id);
    return m.v;
  }

  /** Operands nest as deep as the text says: counted, past the limit a LimitError. */
  private nested(fn: () => Val): Val { return deeper('expression', fn); }

  private peek(): Tok | undefined { return this.toks[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return !!t && t.t === 'op' && t.v === v; }
  private expect(v: string): void { if (!this.isOp(v)) throw new Error(`expected ${v}`); this.pos++; }

  private comma(): Val {
    let v = this.cond();
    while (this.isOp(',')) { this.pos++; v = this.cond(); }
    return v;
  }

  private cond(): Val {
    const c = this.lor();
    if (!this.isOp('?')) return c;
    this.pos++;
    const a = this.nested(() => this.comma());
    this.expect(':');
    const b = this.nested(() => this.cond());
    const t = truthy(c);
    if (t === 'unknown') return a !== 'unknown' && b !== 'unknown' && a === b ? a : 'unknown';
    return t ? a : b;
  }

  private lor(): Val {
    let v = this.land();
    while (this.isOp('||')) {
      this.pos++;
      const r = this.land();
      const a = truthy(v), b = truthy(r);
      v = a === true || b === true ? 1n : a === false && b === false ? 0n : 'unknown';
    }
    return v;
  }

  private land(): Val {
    let v = this.bin(0);
    while (this.isOp('&&')) {
      this.pos++;
      const r = this.bin(0);
      const a = truthy(v), b = truthy(r);
      v = a === false || b === false ? 0n : a === true && b === true ? 1n : 'unknown';
    }
    return v;
  }

  private static readonly LEVELS: string[][] = [
    ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];

  private bin(level: number): Val {
    if (level >= ExprEvaluator.LEVELS.length) return this.unary();
    let v = this.bin(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || !ExprEvaluator.LEVELS[level].includes(t.v)) return v;
      this.pos++;
      const r = this.bin(level + 1);
      v = applyBinary(t.v, v, r);
    }
  }

  private unary(): Val {
    const t = this.peek();
    if (t && t.t === 'op' && ['!', '~', '-', '+'].includes(t.v)) {
      this.pos++;
      const v = this.nested(() => this.unary());
      if (v === 'unknown') return v;
      switch (t.v) {
        case '!': return v === 0n ? 1n : 0n;
        case '~': return to64(~v);
        case '-': return to64(-v);
        default: return v;
      }
    }
    return this.primary();
  }

  private primary(): Val {
    const t = this.toks[this.pos++];
    if (!t) throw new Error('unexpected end');
    if (t.t === 'num') {
      const v = parseIntLiteral(t.v);
      if (v === undefined) throw new Error('bad number');
      return v;
    }
    if (t.t === 'str') {
      const v = t.v.startsWith('\'') ? charLiteralValue(t.v) : undefined;
      return v ?? 'unknown';
    }
    if (t.t === 'op') {
      if (t.v === '(') { const v = this.nested(() => this.comma()); this.expect(')'); return v; }
      throw new Error(`unexpected ${t.v}`);
    }
    if (t.v === 'defined') return this.definedOp();
    // true/false are keywords in C23 and C++ #if.
    if (t.v === 'true') return 1n;
    if (t.v === 'false') return 0n;
    // A function-like invocation (`__has_include(<x>)`, `FOO(1)`): we cannot evaluate it.
    if (this.isOp('(')) {
      const st = this.env.lookup(t.v);
      this.skipBalanced();
      this.unknownIds.add(t.v);
      return st.kind === 'undefined' ? 'unknown' : 'unknown';
    }
    const st = this.env.lookup(t.v);
    switch (st.kind) {
      case 'undefined': return 0n;
      case 'object': {
        if (st.value.trim() === '') return 'unknown';
        return this.macroValue(t.v, st.value);
      }
      default:
        this.unknownIds.add(t.v);
        return 'unknown';
    }
  }

  private definedOp(): Val {
    let name: string | undefined;
    if (this.isOp('(')) {
      this.pos++;
      const t = this.toks[this.pos++];
      if (!t || t.t !== 'id') throw new Error('bad defined');
      name = t.v;
      this.expect(')');
    } else {
      const t = this.toks[this.pos++];
      if (!t || t.t !== 'id') throw new Error('bad defined');
      name = t.v;
    }
    const st = this.env.lookup(name);
    if (st.kind === 'object' || st.kind === 'function' || st.kind === 'definedUnknownValue') return 1n;
    if (st.kind === 'undefined') return 0n;
    this.unknownIds.add(name);
    return 'unknown';
  }

  private skipBalanced(): void {
    let depth = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && t.v === '(') depth++;
      else if (t.t === 'op' && t.v === ')') { depth--; if (depth === 0) return; }
    }
  }
}

function applyBinary(op: string, a: Val, b: Val): Val {
  if (a === 'unknown' || b === 'unknown') {
    // x * 0 and x & 0 are 0 whatever x is.
    if ((op === '*' || op === '&') && (a === 0n || b === 0n)) return 0n;
    return 'unknown';
  }
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    case '<': return a < b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '<<': return b < 0n || b > 63n ? 'unknown' : to64(a << b);
    case '>>': return b < 0n || b > 63n ? 'unknown' : a >> b;
    case '+': return to64(a + b);
    case '-': return to64(a - b);
    case '*': return to64(a * b);
    case '/': return b === 0n ? 'unknown' : to64(a / b);
    case '%': return b === 0n ? 'unknown' : to64(a % b);
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------------------------
// Tri-state helpers for the branch stack.

const and3 = (a: Activity, b: Activity): Activity =>
  a === false || b === false ? false : a === true && b === true ? true : 'unknown';
const or3 = (a: Activity, b: Activity): Activity =>
  a === true || b === true ? true : a === false && b === false ? false : 'unknown';
const not3 = (a: Activity): Activity => (a === 'unknown' ? 'unknown' : !a);

interface Frame {
  parent: Activity;
  /** Whether some earlier branch of this #if chain was taken. */
  taken: Activity;
  current: Activity;
  sawElse: boolean;
  condition?: string;
  unknownIds?: string[];
  /** `#ifndef X` / `#if !defined(X)`: X, and whether its first branch #defines X (a default definition). */
  ifndefName?: string;
  definesIfndefName?: boolean;
  /** The parent's reason, kept so an unknown region inside an unknown region still says why. */
  parentReason?: { condition?: string; unknownIds?: string[] };
}

function predefinedMap(target: CTargetMacros | PredefinedMacros): { map: ReadonlyMap<string, string>; universe: ReadonlySet<string> } {
  if (typeof target === 'string') {
    if (!isTargetId(target)) throw new Error(`unknown target ${target}`);
    return { map: PREDEFINED_MACROS[target], universe: WELL_KNOWN_MACROS };
  }
  const map = target instanceof Map ? target as ReadonlyMap<string, string> : new Map(Object.entries(target));
  return { map, universe: new Set<string>() };
}

/**
 * Which parts of a C/C++ file are compiled for the target. `extra` adds macros known to be defined
 * (e.g. from compile_commands.json -D flags), and they override the table.
 */
export function evaluateConditionals(
  text: string,
  target: CTargetMacros | PredefinedMacros,
  /** A map, or a lookup (a translation unit's layered macros: looked up by name, never copied per file). */
  extra?: Map<string, string> | ((name: string) => string | undefined),
  /**
   * Macros known to be defined with an unknown value (from included headers' definedUnknownValue); as a lookup,
   * only the names the file asks for are asked (conditionalCache.ts records them).
   */
  definedUnknown?: Iterable<string> | ((name: string) => boolean),
  /**
   * Layouts: `#ifndef X` directly followed by `#define X ...` (an include guard anywhere in the file, or a default
   * value) sees X undefined, as the compiler does when the command line does not define X. Rules keep X unknown.
   */
  assumeDefaults: boolean | ((name: string) => boolean) = false,
  /**
   * Layouts with the file's whole command line and every header it includes read or known: a name for which this
   * says true is undefined for the compiler (no -D, no file, no system header defines it), not unknown.
   */
  closedWorld?: (name: string) => boolean,
  /**
   * Layouts: the macros (name -> text) that the `#include <header>` at this offset defines, when it is a system
   * header of the table (systemMacros.ts) and the unit did not read a file of its own for it. They are defined from
   * that line on, as the compiler defines them.
   */
  systemInclude?: (at: number, header: string) => ReadonlyMap<string, string> | undefined,
): ConditionalResult {
  const { map, universe } = predefinedMap(target);
  const env = new MacroEnv(map, universe);
  env.closed = closedWorld;
  if (typeof definedUnknown === 'function') env.definedUnknown = definedUnknown;
  else for (const k of definedUnknown ?? []) env.set(k, { kind: 'definedUnknownValue' });
  if (typeof extra === 'function') env.fallback = extra;
  else if (extra) for (const [k, v] of extra) env.set(k, { kind: 'object', value: v });
  const definedUnknownValue = new Set<string>();
  const redefined = new Set<string>();
  /** Body (with parameters) of each macro #define'd in active code. */
  const definedOnce = new Map<string, string>();
  const systemMacros: ReadonlyMap<string, string>[] = [];

  const { lines, guard } = cachedLogicalLines(text);
  const stack: Frame[] = [];
  const defines = new Map<string, string>();
  const functionDefines: ConditionalResult['functionDefines'] = new Map();
  const directives: PreprocessorDirective[] = [];

  // Activity per logical line, then merged into regions.
  const lineStates: { start: number; end: number; active: Activity; condition?: string; unknownIds?: string[] }[] = [];
  const currentActivity = (): Activity => (stack.length ? stack[stack.length - 1].current : true);
  const currentReason = (): { condition?: string; unknownIds?: string[] } => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f.current === 'unknown' && f.unknownIds) return { condition: f.condition, unknownIds: f.unknownIds };
      if (f.current === 'unknown' && f.parentReason) return f.parentReason;
    }
    return {};
  };
  const evalCond = (expr: string): { v: Activity; ids: string[] } => {
    const ids = new Set<string>();
    const v = truthy(ExprEvaluator.evaluate(expr, env, ids));
    return { v, ids: [...ids] };
  };

  // An include guard is not project configuration: on the first inclusion the compiler sees it undefined.
  if (guard && env.lookup(guard).kind === 'unknown') env.set(guard, { kind: 'undefined' });
  // Layouts: every `#ifndef X` / `#if ... !defined(X)` directly followed by `#define X` is an include guard
  // (anywhere in the file: after an `extern "C" {`, an #include, or guarding one part of it) or a default value.
  // The compiler sees X undefined before its #define unless the command line defines it (compile_commands.json's
  // -D are in the environment already): so do we.
  // A function says which names may be assumed so: not those another file of the translation unit defines, maybe
  // under a condition we cannot decide (openssl's ASYNC_ARCH, set by async_posix.h and tested by async_null.h).
  if (assumeDefaults) {
    for (const g of guardsOf(text, lines)) if (env.unseen(g) && (assumeDefaults === true || assumeDefaults(g))) env.set(g, { kind: 'undefined' });
    // `#ifndef G / #include "x.h" / #endif` where G is x.h's own include guard: the scope decides (it knows x.h).
    for (const { name: g } of guardedIncludesOf(text)) if (env.unseen(g) && assumeDefaults !== true && assumeDefaults(g)) env.set(g, { kind: 'undefined' });
  }

  for (const line of lines) {
    const m = /^\s*#\s*([A-Za-z_]+)\b(.*)$/s.exec(line.text);
    const outer = currentActivity();
    const outerReason = outer === 'unknown' ? currentReason() : {};
    if (!m) {
      lineStates.push({ start: line.start, end: line.end, active: outer, ...outerReason });
      continue;
    }
    const name = m[1];
    const rest = m[2].trim();
    const hashOffset = line.start + line.text.indexOf('#');
    // #elif/#else/#endif lines belong to the code around the #if, not to the branch they close.
    const top = stack[stack.length - 1];
    const closes = top && /^(elif|elifdef|elifndef|else|endif)$/.test(name);
    const dirActivity: Activity = closes ? top.parent : outer;
    const dirReason = closes ? (top.parent === 'unknown' ? top.parentReason ?? {} : {}) : outerReason;
    switch (name) {
      case 'if': case 'ifdef': case 'ifndef': {
        let cond: Activity = false;
        let ids: string[] = [];
        if (outer !== false) {
          if (name === 'if') ({ v: cond, ids } = evalCond(rest));
          else {
            const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest)?.[0];
            if (!id) { cond = 'unknown'; }
            else {
              ({ v: cond, ids } = evalCond(`defined(${id})`));
              if (name === 'ifndef') cond = not3(cond);
            }
          }
        }
        const current = and3(outer, cond);
        const ifndefName = name === 'ifndef' ? /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest)?.[0]
          : name === 'if' ? /^!\s*defined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))\s*$/.exec(rest)?.slice(1).find(Boolean) : undefined;
        stack.push({
          parent: outer, taken: cond, current, sawElse: false, ifndefName,
          condition: `#${name} ${rest}`, unknownIds: cond === 'unknown' ? ids : undefined,
          parentReason: outer === 'unknown' ? outerReason : undefined,
        });
        break;
      }
      case 'elif': case 'elifdef': case 'elifndef': {
        const f = stack[stack.length - 1];
        if (!f || f.sawElse) break; // unbalanced: ignore
        let cond: Activity = false;
        let ids: string[] = [];
        if (f.parent !== false && f.taken !== true) {
          if (name === 'elif') ({ v: cond, ids } = evalCond(rest));
          else {
            const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest)?.[0];
            if (!id) cond = 'unknown';
            else {
              ({ v: cond, ids } = evalCond(`defined(${id})`));
              if (name === 'elifndef') cond = not3(cond);
            }
          }
        }
        const notTaken = not3(f.taken);
        f.current = and3(f.parent, and3(notTaken, cond));
        if (f.current === 'unknown') {
          f.condition = `#${name} ${rest}`;
          f.unknownIds = cond === 'unknown' ? ids : f.unknownIds;
        }
        f.taken = or3(f.taken, cond);
        break;
      }
      case 'else': {
        const f = stack[stack.length - 1];
        if (!f || f.sawElse) break;
        f.sawElse = true;
        f.current = and3(f.parent, not3(f.taken));
        if (f.current === 'unknown') f.condition = `#else of ${f.condition ?? '#if'}`;
        f.taken = true;
        break;
      }
      case 'endif': {
        const f = stack.pop(); // pop of an empty stack is a no-op: unbalanced #endif is ignored
        // `#ifndef X / #define X v / #endif` with X unknown: afterwards X is defined for sure (value unknown).
        if (f && f.ifndefName && f.definesIfndefName && !f.sawElse && f.parent === true && env.lookup(f.ifndefName).kind === 'unknown') {
          env.set(f.ifndefName, { kind: 'definedUnknownValue' });
          definedUnknownValue.add(f.ifndefName);
        }
        break;
      }
      case 'define': case 'undef': {
        const dm = /^([A-Za-z_$][A-Za-z0-9_$]*)(\()?(.*)$/s.exec(rest);
        if (dm) {
          const macro = dm[1];
          // A system header's macro #defined or #undef'd again: its value at the end differs from the table's.
          if (name === 'undef' || outer !== false) for (const m of systemMacros) if (m.has(macro)) redefined.add(macro);
          if (outer === true) {
            // The same definition again (`#undef MAX` / `#define MAX(a,b) ...` in every header) is no redefinition.
            const body = name === 'undef' ? undefined : dm.slice(2).join('').trim();
            if (definedOnce.has(macro) && body !== undefined && definedOnce.get(macro) !== body) redefined.add(macro);
            if (body !== undefined) definedOnce.set(macro, body);
            if (name === 'undef') { env.set(macro, { kind: 'undefined' }); defines.delete(macro); functionDefines.delete(macro); }
            else if (dm[2]) {
              env.set(macro, { kind: 'function' });
              defines.delete(macro);
              const fn = functionMacroOf(dm[3]);
              if (fn) functionDefines.set(macro, fn);
            }
            else { const value = dm[3].trim(); env.set(macro, { kind: 'object', value }); defines.set(macro, value); }
          } else if (outer === 'unknown') {
            const top = stack[stack.length - 1];
            if (top && name === 'define' && top.ifndefName === macro && !top.sawElse) top.definesIfndefName = true;
            // We cannot tell whether this (re)definition happens: the macro's state is now unknown.
            env.set(macro, { kind: 'unknown' });
            defines.delete(macro);
            functionDefines.delete(macro);
          }
        }
        directives.push({ kind: name, start: hashOffset, end: line.end, text: rest, active: outer });
        break;
      }
      case 'include': case 'include_next': case 'import': {
        directives.push({ kind: 'include', start: hashOffset, end: line.end, text: rest, active: outer });
        const header = outer === true && systemInclude ? /^<([^>]+)>/.exec(rest)?.[1] : undefined;
        // Asked only for the table's headers: every question is checked again when a cached evaluation is reused.
        const macros = header && hasSystemHeaderMacros(header) ? systemInclude!(hashOffset, header) : undefined;
        if (macros && !systemMacros.includes(macros)) {
          systemMacros.push(macros);
          for (const [k, v] of macros) {
            if (definedOnce.has(k) && definedOnce.get(k) !== v) redefined.add(k);
            definedOnce.set(k, v);
            env.set(k, { kind: 'object', value: v });
          }
        }
        break;
      }
      case 'pragma':
        directives.push({ kind: 'pragma', start: hashOffset, end: line.end, text: rest, active: outer });
        break;
      default:
        break;
    }
    // The directive line itself belongs to the enclosing code (its own activity is the outer one).
    lineStates.push({ start: line.start, end: line.end, active: dirActivity, ...dirReason });
  }

  // Merge logical lines into regions covering the text.
  const cachedLines = linesCache.get(text);
  const lineIndex = cachedLines ? (cachedLines.starts ??= lineStarts(text)) : lineStarts(text);
  const regions: ConditionalRegion[] = [];
  for (const ls of lineStates) {
    const start = ls.start;
    const end = Math.min(text.length, ls.end + 1);
    const last = regions[regions.length - 1];
    if (last && last.active === ls.active && last.condition === ls.condition) {
      last.end = end;
      last.endLine = lineOf(lineIndex, Math.max(start, end - 1));
    } else {
      regions.push({
        start, end, startLine: lineOf(lineIndex, start), endLine: lineOf(lineIndex, Math.max(start, end - 1)),
        active: ls.active,
        ...(ls.active === 'unknown' ? { condition: ls.condition, unknownIdentifiers: ls.unknownIds ?? [] } : {}),
      });
    }
  }
  if (regions.length === 0) regions.push({ start: 0, end: text.length, startLine: 1, endLine: 1, active: true });
  regions[regions.length - 1].end = Math.max(regions[regions.length - 1].end, text.length);

  const regionAt = (offset: number): ConditionalRegion | undefined => {
    let lo = 0, hi = regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = regions[mid];
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.end) lo = mid + 1;
      else return r;
    }
    return offset >= text.length ? regions[regions.length - 1] : undefined;
  };
  return {
    regions,
    regionAt,
    isActive: (offset) => regionAt(offset)?.active ?? true,
    defines,
    redefined,
    definedUnknownValue,
    systemMacros,
    functionDefines,
    directives,
  };
}

/**
 * Macros X of `#ifndef X` or `#if ... !defined(X) ...` whose block #defines X (zstd.h's
 * `#if defined(ZSTD_STATIC_LINKING_ONLY) && !defined(ZSTD_H_ZSTD_STATIC_LINKING_ONLY)`, leveldb's
 * `#if !defined(LEVELDB_EXPORT)` / `#if defined(LEVELDB_SHARED_LIBRARY)` / `#define LEVELDB_EXPORT ...`): include
 * guards and default values. Kept with the text's lines.
 */
function guardsOf(text: string, lines: LogicalLine[]): Set<string> {
  const cached = linesCache.get(text);
  if (cached?.guards) return cached.guards;
  const out = new Set<string>();
  // Open #if blocks, each with the names it tests for being undefined (until its #else/#elif).
  const open: (Set<string> | undefined)[] = [];
  for (const l of lines) {
    const m = /^\s*#\s*([A-Za-z_]+)\b\s*(.*)$/s.exec(l.text);
    if (!m) continue;
    switch (m[1]) {
      case 'ifndef': {
        const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(m[2])?.[0];
        open.push(name ? new Set([name]) : undefined);
        break;
      }
      case 'if': {
        const ids = new Set([...m[2].matchAll(/!\s*defined\s*(?:\(\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\)|\s([A-Za-z_$][A-Za-z0-9_$]*))/g)].map((x) => x[1] ?? x[2]));
        open.push(ids.size ? ids : undefined);
        break;
      }
      case 'ifdef': open.push(undefined); break;
      case 'elif': case 'else': if (open.length) open[open.length - 1] = undefined; break;
      // An #include inside the block may define X itself (a file we may not have read): no default then.
      case 'include': case 'include_next': case 'import': open.fill(undefined); break;
      case 'endif': open.pop(); break;
      case 'define': {
        const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(m[2])?.[0];
        if (name && open.some((ids) => ids?.has(name))) out.add(name);
        break;
      }
    }
  }
  if (cached) cached.guards = out;
  return out;
}

/** `#ifndef G` (or `#if !defined(G)`) whose block is one #include and nothing else; `at` is the #include's '#'. */
export interface GuardedInclude { name: string; at: number }

/**
 * The `#ifndef G / #include "x.h" / #endif` blocks of a file (curl_setup.h's `#ifndef HEADER_CURL_SETUP_ONCE_H`).
 * When G is x.h's include guard and nothing else defines it, the block is the same as the bare #include: included
 * before, x.h would be skipped whole anyway. The compiler then sees the include, as the engine should.
 */
export function guardedIncludesOf(text: string): GuardedInclude[] {
  const cached = cachedLogicalLines(text);
  if (cached.guardedIncludes) return cached.guardedIncludes;
  const out: GuardedInclude[] = [];
  const lines = cached.lines;
  for (let i = 0; i + 2 < lines.length; i++) {
    const open = /^\s*#\s*(?:ifndef\s+([A-Za-z_]\w*)|if\s*!\s*defined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|\s([A-Za-z_]\w*)))\s*$/.exec(lines[i].text);
    if (!open) continue;
    // The next non-blank logical lines: the #include, then the #endif.
    let j = i + 1;
    while (j < lines.length && lines[j].text.trim() === '') j++;
    const inc = j < lines.length ? /^\s*#\s*include\s*["<]/.exec(lines[j].text) : null;
    let k = j + 1;
    while (k < lines.length && lines[k].text.trim() === '') k++;
    if (!inc || k >= lines.length || !/^\s*#\s*endif\b/.test(lines[k].text)) continue;
    out.push({ name: open[1] ?? open[2] ?? open[3], at: lines[j].start + lines[j].text.indexOf('#') });
  }
  cached.guardedIncludes = out;
  return out;
}

/** The file's include-guard macro (see includeGuard). */
export function includeGuardOf(text: string): string | undefined { return cachedLogicalLines(text).guard; }

/**
 * The text's logical lines: comments blanked (a block comment is spaces), backslash-newlines joined; `start` is the
 * line's offset in the text (within a joined line, later offsets move by the joins).
 */
export function logicalLinesOf(text: string): readonly { start: number; end: number; text: string }[] { return cachedLogicalLines(text).lines; }

/**
 * The include-guard macro: the first directive is `#ifndef G` (or `#if !defined(G)`), the next one `#define G`, and
 * the `#endif` that closes it is the last thing in the file.
 */
function includeGuard(lines: LogicalLine[]): string | undefined {
  const dirs: { name: string; rest: string; index: number }[] = [];
  lines.forEach((l, index) => {
    const m = /^\s*#\s*([A-Za-z_]+)\b(.*)$/s.exec(l.text);
    if (m) dirs.push({ name: m[1], rest: m[2].trim(), index });
  });
  if (dirs.length < 3) return undefined;
  const g = dirs[0].name === 'ifndef' ? /^([A-Za-z_]\w*)\s*$/.exec(dirs[0].rest)?.[1]
    : dirs[0].name === 'if' ? /^!\s*defined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))\s*$/.exec(dirs[0].rest)?.slice(1).find(Boolean) : undefined;
  if (!g || dirs[1].name !== 'define' || !new RegExp(`^${g}(\\s+1)?\\s*$`).test(dirs[1].rest)) return undefined;
  // The #endif matching the first directive must be the last directive, with only blank lines after it.
  let depth = 0;
  for (let i = 0; i < dirs.length; i++) {
    const n = dirs[i].name;
    if (n === 'if' || n === 'ifdef' || n === 'ifndef') depth++;
    else if (n === 'endif') {
      depth--;
      if (depth === 0) {
        if (i !== dirs.length - 1) return undefined;
        return lines.slice(dirs[i].index + 1).every((l) => l.text.trim() === '') ? g : undefined;
      }
    } else if (depth === 1 && (n === 'else' || n === 'elif')) return undefined;
  }
  return undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo + 1;
}
