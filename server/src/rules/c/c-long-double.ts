// c-long-double: `long double` values in code compiled for Linux AArch64, where long double is IEEE binary128
// (113-bit mantissa) done in software, not x86's 80-bit x87 format in hardware: slower and with different
// results. On linux/arm and windows/arm64 it is plain double (53-bit), so extra precision silently disappears.
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';

const isLongDouble = (n: SyntaxNode | null): boolean => !!n && n.type === 'sized_type_specifier' && /^long\s+double$/.test(n.text.trim());

export const rule: Rule = {
  meta: {
    id: 'c-long-double',
    defaultSeverity: 'info',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'long double arithmetic: software binary128 on Linux AArch64, different precision from x87.',
  },
  prefilter: /\blong\s+double\b/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    withCTree(ctx, src, (tree) => {
      // One note per function body (or cast), at the first long double value computed there; prototypes and
      // declarations in headers are not arithmetic.
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
      for (const fn of fns) {
        const body = fn.childForFieldName('body');
        if (!body) continue;
        let hit: SyntaxNode | undefined;
        const stack: SyntaxNode[] = [body];
        while (stack.length && !hit) {
          const n = stack.pop()!;
          if ((n.type === 'declaration' && isLongDouble(n.childForFieldName('type'))) ||
              (n.type === 'cast_expression' && isLongDouble(n.childForFieldName('type')?.childForFieldName('type') ?? null))) {
            const t = n.type === 'declaration' ? n.childForFieldName('type')! : n.childForFieldName('type')!.childForFieldName('type')!;
            if (src.reachableOn(t.startIndex)) { hit = t; break; }
          }
          // namedChildren in one call: namedChild(i) walks from the first child, quadratic in a long function.
          const kids = n.namedChildren;
          for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) stack.push(c); }
        }
        if (!hit) continue;
        const target = src.reachableOn(hit.startIndex)!;
        const on = target === 'linux/arm64'
          ? `on ${target} long double is IEEE binary128 computed in software (library calls such as __multf3 and __divtf3), many times slower than x87 and with 113-bit instead of 64-bit precision, so results differ from x86`
          : `on ${target} long double is the same as double (53-bit), so the extra precision it has on x86 (64-bit x87) is gone`;
        ctx.report({
          start: hit.startIndex,
          end: hit.endIndex,
          message: `long double arithmetic: ${on}. Use double unless the precision is needed, and do not compare results bit for bit across architectures.`,
          data: { target },
        });
      }
    });
  },
};
