// c-char-signedness: plain `char` compared with EOF or a negative value, or below/at-or-above 0. Plain char is
// unsigned on Linux AArch64 and ARMv7 (AAPCS) and signed on x86, so `c != EOF` is always true and `c < 0`
// always false on ARM: loops over getchar() never end, "high bit set" tests never fire.
import type { Fix } from '../../engine/types';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';

const GETC = new Set(['getc', 'getchar', 'fgetc', 'getc_unlocked', 'getchar_unlocked', 'fgetc_unlocked', 'getwc', 'fgetwc']);
const CMP = new Set(['<', '<=', '>', '>=', '==', '!=']);

interface CharVar { name: string; typeNode: SyntaxNode; soleDeclarator: boolean }

/** Plain-char scalar variables declared directly in `scope` (parameters and declarations, not nested functions). */
function plainCharVars(scope: SyntaxNode, withParams: boolean): Map<string, CharVar> {
  const out = new Map<string, CharVar>();
  const visit = (n: SyntaxNode): void => {
    if ((n.type === 'declaration' || (withParams && n.type === 'parameter_declaration')) && n.childForFieldName('type')?.type === 'primitive_type'
      && n.childForFieldName('type')?.text === 'char') {
      const typeNode = n.childForFieldName('type')!;
      // `unsigned`/`signed` appear as a sized_type_specifier, so a primitive `char` here is plain.
      const decls = n.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
      for (const d of decls) {
        const id = d.type === 'identifier' ? d : d.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'identifier' ? d.childForFieldName('declarator') : null;
        if (id) out.set(id.text, { name: id.text, typeNode, soleDeclarator: decls.length === 1 });
      }
    }
    for (const c of n.namedChildren) if (c && c.type !== 'function_definition') visit(c);
  };
  visit(scope);
  return out;
}

const unparen = (n: SyntaxNode | null): SyntaxNode | null => {
  while (n && n.type === 'parenthesized_expression') n = n.namedChild(0);
  return n;
};

/** The char variable an operand reads: `c`, or `(c = getchar())`. */
function charOperand(n: SyntaxNode | null, vars: Map<string, CharVar>): { v: CharVar; fromGetc: boolean } | undefined {
  const e = unparen(n);
  if (!e) return undefined;
  if (e.type === 'identifier' && vars.has(e.text)) return { v: vars.get(e.text)!, fromGetc: false };
  if (e.type === 'assignment_expression') {
    const left = unparen(e.childForFieldName('left'));
    if (left?.type === 'identifier' && vars.has(left.text)) {
      const right = unparen(e.childForFieldName('right'));
      const fn = right?.type === 'call_expression' ? right.childForFieldName('function')?.text : undefined;
      return { v: vars.get(left.text)!, fromGetc: !!fn && GETC.has(fn) };
    }
  }
  return undefined;
}

/** 'eof' | 'negative' | 'zero' for the other side of the comparison. */
function negativeKind(n: SyntaxNode | null): 'eof' | 'negative' | 'zero' | undefined {
  const e = unparen(n);
  if (!e) return undefined;
  if (e.type === 'identifier' && (e.text === 'EOF' || e.text === 'WEOF')) return 'eof';
  if (e.type === 'unary_expression' && e.child(0)?.type === '-' && e.namedChild(0)?.type === 'number_literal') return 'negative';
  if (e.type === 'number_literal' && /^-\s*\d/.test(e.text)) return 'negative';
  if (e.type === 'number_literal' && /^0+$/.test(e.text)) return 'zero';
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'c-char-signedness',
    defaultSeverity: 'warning',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'Plain char compared with EOF or a negative value: char is unsigned on ARM Linux, signed on x86.',
    fixable: 'suggest',
  },
  prefilter: /\bchar\b/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    // Windows on ARM64 keeps char signed; only Linux/Android ARM targets make it unsigned.
    const unsignedTargets = src.targets.filter((t) => t === 'linux/arm64' || t === 'linux/arm');
    if (unsignedTargets.length === 0) return;
    withCTree(ctx, src, (tree) => {
      const globals = plainCharVars(tree.rootNode, false);
      const scan = (fn: SyntaxNode, vars: Map<string, CharVar>): void => {
        const stack: SyntaxNode[] = [fn];
        while (stack.length) {
          const n = stack.pop()!;
          for (const c of n.namedChildren) if (c) stack.push(c);
          if (n.type !== 'binary_expression') continue;
          const op = n.child(1)?.type ?? '';
          if (!CMP.has(op)) continue;
          let lhs = charOperand(n.childForFieldName('left'), vars);
          let kind = negativeKind(n.childForFieldName('right'));
          let flipped = false;
          if (!lhs || !kind) { lhs = charOperand(n.childForFieldName('right'), vars); kind = negativeKind(n.childForFieldName('left')); flipped = true; }
          if (!lhs || !kind) continue;
          // Against zero only `c < 0` and `c >= 0` (or 0 > c, 0 <= c) have a constant result when char is unsigned.
          if (kind === 'zero' && !(flipped ? op === '>' || op === '<=' : op === '<' || op === '>=')) continue;
          const target = unsignedTargets.find((t) => src.activity(t).isActive(n.startIndex) === true);
          if (!target) continue;
          const v = lhs.v;
          const isEof = kind === 'eof';
          const fixes: Fix[] = v.soleDeclarator ? [{
            title: isEof || lhs.fromGetc ? `Declare ${v.name} as int` : `Declare ${v.name} as signed char`,
            kind: 'suggest',
            edits: [{ start: v.typeNode.startIndex, end: v.typeNode.endIndex, newText: isEof || lhs.fromGetc ? 'int' : 'signed char' }],
          }] : [];
          const what = isEof
            ? `EOF (-1) can never equal a char on ${target}, where plain char is unsigned (0..255): this comparison is always ${op === '!=' ? 'true' : 'false'}${lhs.fromGetc ? ' and the read loop never ends' : ''}, and on x86 a 0xFF byte is mistaken for EOF.`
            : `plain char is unsigned on ${target} (signed on x86), so this comparison with a ${kind === 'zero' ? 'sign test' : 'negative value'} has a constant result there.`;
          ctx.report({
            start: n.startIndex,
            end: n.endIndex,
            message: `${v.name} is a plain char: ${what} ${isEof || lhs.fromGetc ? 'Store the getc/getchar result in an int.' : 'Use signed char (or int8_t), or compile with -fsigned-char.'}`,
            fixes,
            data: { variable: v.name, target },
          });
        }
      };
      const fns: SyntaxNode[] = [];
      const collect = (n: SyntaxNode): void => {
        if (n.type === 'function_definition') fns.push(n);
        for (const c of n.namedChildren) if (c) collect(c);
      };
      collect(tree.rootNode);
      for (const fn of fns) {
        const locals = plainCharVars(fn, true);
        // A local of another type shadows a global char of the same name.
        const vars = new Map(globals);
        for (const name of declaredNames(fn)) if (!locals.has(name)) vars.delete(name);
        for (const [k, v] of locals) vars.set(k, v);
        scan(fn, vars);
      }
    });
  },
};

function declaredNames(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'declaration' || n.type === 'parameter_declaration') {
      for (const d of n.descendantsOfType('identifier')) if (d) out.add(d.text);
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(fn);
  return out;
}
