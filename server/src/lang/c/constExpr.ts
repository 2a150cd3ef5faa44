// Integer constant expressions in array sizes, bit widths, aligned(N) and enumerators: literals, macro constants,
// enumerators, sizeof/_Alignof of type names, casts to integer types, arithmetic. undefined = cannot evaluate.
import { deeper, LimitError, MAX_MACRO_DEPTH } from '../../layout/c/limits';
import type { Tok } from './declarations';

export interface ConstEnv {
  /** Object-like macro replacement tokens, or undefined. */
  macro(name: string): Tok[] | undefined;
  /**
   * An enumerator's or a C++ integral constant's value (the name may be qualified: `config::kNumLevels`), or
   * undefined. `at`: where the name is written in the file read (C++ sees only what is declared before it).
   */
  enumerator(name: string, at?: number): bigint | undefined;
  /** sizeof / _Alignof of a type name given as tokens; undefined when unknown. */
  sizeofType(toks: Tok[], what: 'size' | 'align'): number | undefined;
  /** Whether the tokens start a type name (for casts and sizeof(type)). */
  isTypeStart(tok: Tok): boolean;
}

function parseIntLiteral(v: string): bigint | undefined {
  const s = v.replace(/'/g, '').replace(/[uUlLzZ]+$/, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(s) || /^0[bB][01]+$/.test(s)) return BigInt(s);
    if (/^0[0-7]*$/.test(s)) return s.length > 1 ? BigInt('0o' + s.slice(1)) : 0n;
    if (/^[1-9][0-9]*$/.test(s)) return BigInt(s);
  } catch { /* not an integer */ }
  return undefined;
}

/** Macro values of one evaluation: each macro is evaluated once (`#define A (B + B)` chains are not 2^n). */
interface MacroState { values: Map<string, bigint | undefined>; active: Set<string> }


class Evaluator {
  pos = 0;
  constructor(private toks: Tok[], private readonly env: ConstEnv, private readonly depth: number, private readonly macros: MacroState,
    /** Inside a macro's body: where the outermost macro is used (the body's tokens have no place in the file). */
    private readonly usedAt?: number) {}

  private peek(): Tok | undefined { return this.toks[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return !!t && t.t === 'op' && t.v === v; }

  run(): bigint | undefined {
    const v = this.cond();
    return this.pos === this.toks.length ? v : undefined;
  }

  private cond(): bigint | undefined {
    const c = this.bin(0);
    if (!this.isOp('?')) return c;
    this.pos++;
    const a = this.nested(() => this.cond());
    if (!this.isOp(':')) return undefined;
    this.pos++;
    const b = this.nested(() => this.cond());
    return c === undefined ? undefined : c !== 0n ? a : b;
  }

  private static readonly LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private bin(level: number): bigint | undefined {
    if (level >= Evaluator.LEVELS.length) return this.unary();
    let v = this.bin(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || !Evaluator.LEVELS[level].includes(t.v)) return v;
      this.pos++;
      const r = this.bin(level + 1);
      if (v === undefined || r === undefined) { v = undefined; continue; }
      switch (t.v) {
        case '||': v = v !== 0n || r !== 0n ? 1n : 0n; break;
        case '&&': v = v !== 0n && r !== 0n ? 1n : 0n; break;
        case '|': v = v | r; break;
        case '^': v = v ^ r; break;
        case '&': v = v & r; break;
        case '==': v = v === r ? 1n : 0n; break;
        case '!=': v = v !== r ? 1n : 0n; break;
        case '<': v = v < r ? 1n : 0n; break;
        case '>': v = v > r ? 1n : 0n; break;
        case '<=': v = v <= r ? 1n : 0n; break;
        case '>=': v = v >= r ? 1n : 0n; break;
        case '<<': v = r < 0n || r > 127n ? undefined : v << r; break;
        case '>>': v = r < 0n || r > 127n ? undefined : v >> r; break;
        case '+': v = v + r; break;
        case '-': v = v - r; break;
        case '*': v = v * r; break;
        case '/': v = r === 0n ? undefined : v / r; break;
        case '%': v = r === 0n ? undefined : v % r; break;
      }
    }
  }

  private unary(): bigint | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.t === 'op' && ['!', '~', '-', '+'].includes(t.v)) {
      this.pos++;
      const v = this.nested(() => this.unary());
      if (v === undefined) return undefined;
      return t.v === '!' ? (v === 0n ? 1n : 0n) : t.v === '~' ? ~v : t.v === '-' ? -v : v;
    }
    if (t.t === 'id' && ['sizeof', '_Alignof', '__alignof__', '__alignof', 'alignof'].includes(t.v)) {
      this.pos++;
      const what = t.v === 'sizeof' ? 'size' : 'align';
      if (this.isOp('(')) {
        const g = this.group();
        if (g && g.length && this.env.isTypeStart(g[0])) {
          const n = this.env.sizeofType(g, what);
          return n === undefined ? undefined : BigInt(n);
        }
        // sizeof("text"), as `#x` writes it: the characters and the terminating NUL (no escapes, no prefix).
        if (what === 'size' && g?.length === 1 && g[0].t === 'str' && /^"[^"\\]*"$/.test(g[0].v)) return BigInt(g[0].v.length - 1);
      }
      return undefined; // sizeof of an expression: not modelled
    }
    // Cast to an integer type: (unsigned long)X
    if (this.isOp('(')) {
      const save = this.pos;
      const g = this.group();
      if (g && g.length && this.env.isTypeStart(g[0]) && this.pos < this.toks.length) return this.nested(() => this.unary());
      this.pos = save;
    }
    return this.primary();
  }

  private group(): Tok[] | undefined {
    const start = ++this.pos;
    let depth = 1;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && t.v === '(') depth++;
      else if (t.t === 'op' && t.v === ')') { depth--; if (depth === 0) return this.toks.slice(start, this.pos - 1); }
    }
    return undefined;
  }

  private primary(): bigint | undefined {
    const t = this.toks[this.pos++];
    if (!t) return undefined;
    if (t.t === 'num') return parseIntLiteral(t.v);
    if (t.t === 'str') {
      const body = t.v.slice(1, -1);
      return t.v.startsWith('\'') && body.length === 1 ? BigInt(body.charCodeAt(0)) : undefined;
    }
    if (t.t === 'op' && t.v === '(') {
      const v = this.nested(() => this.cond());
      if (!this.isOp(')')) return undefined;
      this.pos++;
      return v;
    }
    if ((t.t === 'op' && t.v === '::') || (t.t === 'id' && this.isOp('::'))) {
      // A C++ qualified name: `config::kNumLevels`, `::kMax`.
      let name = t.v;
      for (;;) {
        const n = this.peek();
        if (!n || (name.endsWith('::') ? n.t !== 'id' : n.t !== 'op' || n.v !== '::')) break;
        name += n.v;
        this.pos++;
      }
      return name.endsWith('::') ? undefined : this.env.enumerator(name, this.usedAt ?? t.start);
    }
    if (t.t === 'id') {
      const e = this.env.enumerator(t.v, this.usedAt ?? t.start);
      if (e !== undefined) return e;
      const m = this.env.macro(t.v);
      if (m) return this.macroValue(t.v, m, this.usedAt ?? t.start);
    }
    return undefined;
  }

  private macroValue(name: string, body: Tok[], usedAt: number): bigint | undefined {
    const { values, active } = this.macros;
    if (values.has(name)) return values.get(name);
    // A macro is not expanded inside itself: `#define X (X + 1)` leaves X, which is not a constant.
    if (active.has(name)) return undefined;
    if (this.depth >= MAX_MACRO_DEPTH) throw new LimitError(`macro nesting deeper than ${MAX_MACRO_DEPTH} levels`);
    active.add(name);
    try {
      const v = this.nested(() => new Evaluator(body, this.env, this.depth + 1, this.macros, usedAt).run());
      values.set(name, v);
      return v;
    } finally {
      active.delete(name);
    }
  }

  /** Operands nest as deep as the text says: counted, past the limit a LimitError. */
  private nested(fn: () => bigint | undefined): bigint | undefined { return deeper('expression', fn); }
}

/** The value, or undefined when it cannot be evaluated; a LimitError when the expression nests too deep. */
export function evalConst(toks: Tok[], env: ConstEnv): bigint | undefined {
  if (!toks.length) return undefined;
  try {
    return new Evaluator(toks, env, 0, { values: new Map(), active: new Set() }).run();
  } catch (e) {
    if (e instanceof LimitError) throw e;
    return undefined;
  }
}

/** The identifiers of an expression that are neither macros nor enumerators (for "cannot evaluate X" reasons). */
export function unresolvedIdentifiers(toks: Tok[], env: ConstEnv): string[] {
  const kw = new Set(['sizeof', '_Alignof', '__alignof__', 'alignof']);
  return toks.filter((t) => t.t === 'id' && !kw.has(t.v) && env.enumerator(t.v, t.start) === undefined && !env.macro(t.v) && !env.isTypeStart(t)).map((t) => t.v);
}
