// c-long-double: `long double` values in code compiled for Linux AArch64, where long double is IEEE binary128
// (113-bit mantissa) done in software, not x86's 80-bit x87 format in hardware: slower and with different
// results. On linux/arm and windows/arm64 it is plain double (53-bit), so extra precision silently disappears.
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';
import { firstOperand } from './support/expressions';

const isLongDouble = (n: SyntaxNode | null): boolean => !!n && n.type === 'sized_type_specifier' && /^long\s+double$/.test(n.text.trim());

/**
 * The C99 math functions of long double (`<math.h>`'s `*l` family): a call computes in long double whatever its
 * argument. Classification (isnan, fpclassify, signbit) and conversion (strtold, printf's %Lf) are not here: they
 * compute nothing, so x87 and binary128 give the same answer for the same value.
 */
const LD_MATH = new Set(('acosl asinl atanl atan2l cosl sinl tanl acoshl asinhl atanhl coshl sinhl tanhl expl exp2l expm1l ' +
  'frexpl ldexpl logl log10l log1pl log2l logbl ilogbl modfl scalbnl scalblnl cbrtl fabsl hypotl powl sqrtl erfl erfcl ' +
  'lgammal tgammal ceill floorl nearbyintl rintl lrintl llrintl roundl lroundl llroundl truncl fmodl remainderl remquol ' +
  'copysignl nextafterl nexttowardl fdiml fmaxl fminl fmal cexpl clogl cpowl csqrtl cabsl').split(' '));
/**
 * Those exact for any argument (rounding, absolute value, scaling by 2, fmod): the same value in gives the same
 * result on x87 and binary128, so they count only through a long double operand (redis hyperloglog.c
 * `llroundl(HLL_ALPHA_INF*m*m/z)` rounds a double); they still make a long double value (`fabsl(x) * 2`).
 */
const LD_EXACT = new Set(('fabsl copysignl ceill floorl nearbyintl rintl lrintl llrintl roundl lroundl llroundl truncl ' +
  'frexpl ldexpl scalbnl scalblnl modfl logbl ilogbl fmodl remainderl remquol fmaxl fminl').split(' '));
const ARITH = new Set(['+', '-', '*', '/']);
const COMPOUND = new Set(['+=', '-=', '*=', '/=']);
/** Expressions nested deeper than this are not typed (a hostile input; real code stays far below). */
const MAX_DEPTH = 200;

/** Names declared `long double` in one scope: values, and pointers/arrays whose elements are long double. */
interface LdNames { values: Map<string, SyntaxNode>; elements: Map<string, SyntaxNode> }

/** Adds the declarators of a `long double` declaration (or parameter) to `into`; `type` is the specifier. */
function addDeclarators(decl: SyntaxNode, type: SyntaxNode, into: LdNames): void {
  for (const d0 of decl.childrenForFieldName('declarator')) {
    let d: SyntaxNode | null = d0;
    let indirect = false;
    for (let k = 0; d && k < MAX_DEPTH; k++) {
      if (d.type === 'identifier') { (indirect ? into.elements : into.values).set(d.text, type); break; }
      if (d.type === 'init_declarator' || d.type === 'parenthesized_declarator' || d.type === 'attributed_declarator') d = d.childForFieldName('declarator') ?? d.namedChild(0);
      else if (d.type === 'pointer_declarator' || d.type === 'array_declarator') {
        // `long double **p` or `long double (*f)(void)`: not an element type we know; a pointer to one is.
        if (indirect) break;
        indirect = true;
        d = d.childForFieldName('declarator');
      } else break;
    }
  }
}

/** Where the long double value of expression `e` comes from (the declaration's type, the cast, the literal), or undefined. */
function ldOrigin(e: SyntaxNode | null, names: LdNames, depth = 0): SyntaxNode | undefined {
  if (!e || depth > MAX_DEPTH) return undefined;
  switch (e.type) {
    case 'parenthesized_expression': return ldOrigin(firstOperand(e), names, depth + 1);
    case 'identifier': return names.values.get(e.text);
    case 'cast_expression': {
      const t = e.childForFieldName('type');
      return isLongDouble(t?.childForFieldName('type') ?? null) && !t?.childForFieldName('declarator') ? t!.childForFieldName('type')! : undefined;
    }
    case 'number_literal':
      // 1.0L, 1e-3L, 0x1p3L: a long double constant (1L is a long).
      return /[lL]$/.test(e.text) && (/^0[xX]/.test(e.text) ? /[pP]/.test(e.text) : /[.eE]/.test(e.text)) ? e : undefined;
    case 'pointer_expression': {
      const arg = e.childForFieldName('argument');
      return e.childForFieldName('operator')?.type === '*' && arg?.type === 'identifier' ? names.elements.get(arg.text) : undefined;
    }
    case 'subscript_expression': {
      const arg = e.childForFieldName('argument');
      return arg?.type === 'identifier' ? names.elements.get(arg.text) : undefined;
    }
    case 'call_expression': {
      const fn = e.childForFieldName('function');
      return fn?.type === 'identifier' && LD_MATH.has(fn.text) ? e : undefined;
    }
    case 'binary_expression':
      return ARITH.has(e.childForFieldName('operator')?.type ?? '')
        ? ldOrigin(e.childForFieldName('left'), names, depth + 1) ?? ldOrigin(e.childForFieldName('right'), names, depth + 1) : undefined;
    case 'unary_expression':
      return e.childForFieldName('operator')?.type === '-' || e.childForFieldName('operator')?.type === '+' ? ldOrigin(e.childForFieldName('argument'), names, depth + 1) : undefined;
    case 'update_expression': return ldOrigin(e.childForFieldName('argument'), names, depth + 1);
    case 'assignment_expression': return ldOrigin(e.childForFieldName('left'), names, depth + 1);
    case 'conditional_expression':
      return ldOrigin(e.childForFieldName('consequence'), names, depth + 1) ?? ldOrigin(e.childForFieldName('alternative'), names, depth + 1);
    case 'comma_expression': return ldOrigin(e.childForFieldName('right'), names, depth + 1);
    default: return undefined;
  }
}

/**
 * When `n` computes in long double (an operator with a long double operand, or a long double math call), the
 * origin of that long double value; undefined for everything else (declarations, plain assignments, casts,
 * comparisons, passing the value to a function).
 */
function arithmeticOrigin(n: SyntaxNode, names: LdNames): SyntaxNode | undefined {
  const op = n.childForFieldName('operator')?.type ?? '';
  switch (n.type) {
    case 'binary_expression':
      return ARITH.has(op) ? ldOrigin(n.childForFieldName('left'), names) ?? ldOrigin(n.childForFieldName('right'), names) : undefined;
    case 'assignment_expression':
      return COMPOUND.has(op) ? ldOrigin(n.childForFieldName('left'), names) ?? ldOrigin(n.childForFieldName('right'), names) : undefined;
    case 'unary_expression': return op === '-' ? ldOrigin(n.childForFieldName('argument'), names) : undefined;
    case 'update_expression': return ldOrigin(n.childForFieldName('argument'), names);
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'identifier' || !LD_MATH.has(fn.text)) return undefined;
      const args = n.childForFieldName('arguments');
      const arg = ldOrigin(args ? firstOperand(args) : null, names);
      return LD_EXACT.has(fn.text) ? undefined : arg ?? n;
    }
    default: return undefined;
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export const rule: Rule = {
  meta: {
    id: 'c-long-double',
    defaultSeverity: 'info',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'long double arithmetic: software binary128 on Linux AArch64, different precision from x87.',
  },
  // The type, a long double math call or a long double constant (1.5L, 1e-3L).
  prefilter: new RegExp(`\\blong\\s+double\\b|\\b(?:${[...LD_MATH].join('|')})\\s*\\(|(?:\\d\\.\\d*|\\.\\d+|\\d[eE][+-]?\\d+)(?:[eE][+-]?\\d+)?[lL]\\b`),
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    withCTree(ctx, src, (tree) => {
      // One note per function body, at the first long double value that takes part in arithmetic there;
      // prototypes, declarations and code that only stores, converts or compares long double values are silent.
      const fns: SyntaxNode[] = [];
      // Document order, explicit stack: declarations nest as deep as the text says.
      const todo: SyntaxNode[] = [tree.rootNode];
      while (todo.length) {
        const n = todo.pop()!;
        if (n.type === 'function_definition') {
          // Only real functions: a C++ class body misread by the C grammar is not one.
          let d = n.childForFieldName('declarator');
          while (d && (d.type === 'pointer_declarator' || d.type === 'reference_declarator')) d = d.childForFieldName('declarator') ?? d.namedChild(0);
          if (d?.type === 'function_declarator') fns.push(n);
          continue;
        }
        const kids = n.namedChildren;
        for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) todo.push(c); }
      }
      // Names declared long double at file scope (a global accumulator), then per function its parameters and locals.
      const globals: LdNames = { values: new Map(), elements: new Map() };
      for (const d of tree.rootNode.namedChildren) {
        if (d?.type === 'declaration' && isLongDouble(d.childForFieldName('type'))) addDeclarators(d, d.childForFieldName('type')!, globals);
      }
      for (const fn of fns) {
        const body = fn.childForFieldName('body');
        if (!body) continue;
        const names: LdNames = { values: new Map(globals.values), elements: new Map(globals.elements) };
        let fd = fn.childForFieldName('declarator');
        while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator') ?? fd.namedChild(0);
        for (const p of fd?.childForFieldName('parameters')?.namedChildren ?? []) {
          if (p?.type === 'parameter_declaration' && isLongDouble(p.childForFieldName('type'))) addDeclarators(p, p.childForFieldName('type')!, names);
        }
        // Declarations first (a name is long double wherever the function uses it; shadowing is rare enough).
        const nodes: SyntaxNode[] = [];
        const stack: SyntaxNode[] = [body];
        while (stack.length) {
          const n = stack.pop()!;
          nodes.push(n);
          if (n.type === 'declaration' && isLongDouble(n.childForFieldName('type'))) addDeclarators(n, n.childForFieldName('type')!, names);
          // namedChildren in one call: namedChild(i) walks from the first child, quadratic in a long function.
          const kids = n.namedChildren;
          for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) stack.push(c); }
        }
        // Then the first computation in long double that is compiled for an ARM target: only arithmetic differs
        // between x87 and binary128 (a declaration, an assignment, strtold or isnan give the same value on both).
        let hit: SyntaxNode | undefined;
        let at: SyntaxNode | undefined;
        for (const n of nodes) {
          const origin = arithmeticOrigin(n, names);
          if (!origin || !src.reachableOn(n.startIndex)) continue;
          at = n;
          // At the declaration of the value (where `double` would go) when it is in this function, else at the computation.
          hit = origin.startIndex >= fn.startIndex && origin.endIndex <= fn.endIndex && src.reachableOn(origin.startIndex) ? origin : n;
          break;
        }
        if (!hit || !at) continue;
        const where = hit === at ? '' : ` (${at.text.replace(/\s+/g, ' ').slice(0, 60)} at line ${lineOf(src.text, at.startIndex)})`;
        const target = src.reachableOn(hit.startIndex)!;
        const on = target === 'linux/arm64'
          ? `on ${target} long double is IEEE binary128 computed in software (library calls such as __multf3 and __divtf3), many times slower than x87 and with 113-bit instead of 64-bit precision, so results differ from x86`
          : `on ${target} long double is the same as double (53-bit), so the extra precision it has on x86 (64-bit x87) is gone`;
        ctx.report({
          start: hit.startIndex,
          end: hit.endIndex,
          message: `long double arithmetic${where}: ${on}. Use double unless the precision is needed, and do not compare results bit for bit across architectures.`,
          data: { target },
        });
      }
    });
  },
};
