// c-char-signedness: plain `char` compared with EOF or a negative value, or below/at-or-above 0. Plain char is
// unsigned on Linux AArch64 and ARMv7 (AAPCS) and signed on x86, so `c != EOF` is always true and `c < 0`
// always false on ARM: loops over getchar() never end, "high bit set" tests never fire.
import type { Fix } from '../../core/types';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';
import { binaryOperator, unparen } from './support/expressions';

const GETC = new Set(['getc', 'getchar', 'fgetc', 'getc_unlocked', 'getchar_unlocked', 'fgetc_unlocked', 'getwc', 'fgetwc']);
const CMP = new Set(['<', '<=', '>', '>=', '==', '!=']);
/**
 * Text that can hold what negativeKind accepts (EOF, a minus before a number, a 0 beside < or >), comments and
 * strings blanked; backslash-newlines may split a comparison. A file without any is not walked.
 */
const CANDIDATE = /\bW?EOF\b|-[\s\\]*\d|[<>]=?[\s\\(]*0+(?![\w.'])|(?<![\w.'])0+[\s\\)]*[<>]/;
/**
 * What a plain-char scalar declaration (plainCharVars) needs in the text: `char` then the start of a name, not
 * after `signed`/`unsigned` on the same line (on another line it may be a macro's last word: then walked anyway).
 */
const CHAR_NAME = /(?<!\b(?:un)?signed[ \t]+)\bchar[\s\\]+[A-Za-z_]/;

interface CharVar { name: string; typeNode: SyntaxNode; soleDeclarator: boolean }

/**
 * The nodes of a subtree in document order, without the functions defined inside it (explicit stack: blocks and
 * expressions nest as deep as the text says).
 */
function* ownNodes(scope: SyntaxNode): Generator<SyntaxNode> {
  const stack = [scope];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c && c.type !== 'function_definition') stack.push(c); }
  }
}

/** Plain-char scalar variables declared directly in `scope` (parameters and declarations, not nested functions). */
function plainCharVars(scope: SyntaxNode, withParams: boolean): Map<string, CharVar> {
  const out = new Map<string, CharVar>();
  for (const n of ownNodes(scope)) {
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
  }
  return out;
}

/** The char variables visible in a function: its own, else those of the scope around it unless it redeclares them. */
class CharScope {
  constructor(private readonly locals: Map<string, CharVar>, private readonly declared: Set<string>, private readonly outer?: CharScope) {}
  get(name: string): CharVar | undefined {
    for (let s: CharScope | undefined = this; s; s = s.outer) {
      const v = s.locals.get(name);
      if (v) return v;
      // A local of another type shadows a char of the same name around it.
      if (s.declared.has(name)) return undefined;
    }
    return undefined;
  }
}

/** The char variable an operand reads: `c`, or `(c = getchar())`. */
function charOperand(n: SyntaxNode | null, vars: CharScope): { v: CharVar; fromGetc: boolean } | undefined {
  const e = unparen(n);
  if (!e) return undefined;
  const known = e.type === 'identifier' ? vars.get(e.text) : undefined;
  if (known) return { v: known, fromGetc: false };
  if (e.type === 'assignment_expression') {
    const left = unparen(e.childForFieldName('left'));
    const v = left?.type === 'identifier' ? vars.get(left.text) : undefined;
    if (v) {
      const right = unparen(e.childForFieldName('right'));
      const fn = right?.type === 'call_expression' ? right.childForFieldName('function')?.text : undefined;
      return { v, fromGetc: !!fn && GETC.has(fn) };
    }
  }
  return undefined;
}

/** 'eof' | 'negative' | 'zero' for the other side of the comparison. */
function negativeKind(n: SyntaxNode | null): 'eof' | 'negative' | 'zero' | undefined {
  const e = unparen(n);
  if (!e) return undefined;
  if (e.type === 'identifier' && (e.text === 'EOF' || e.text === 'WEOF')) return 'eof';
  if (e.type === 'unary_expression' && e.child(0)?.type === '-' && unparen(e.childForFieldName('argument'))?.type === 'number_literal') return 'negative';
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
    if (unsignedTargets.length === 0 || !CANDIDATE.test(src.bare) || !CHAR_NAME.test(src.bare)) return;
    withCTree(ctx, src, (tree) => {
      const check = (n: SyntaxNode, vars: CharScope): void => {
        const op = binaryOperator(n) ?? '';
        if (!CMP.has(op)) return;
        let lhs = charOperand(n.childForFieldName('left'), vars);
        let kind = negativeKind(n.childForFieldName('right'));
        let flipped = false;
        if (!lhs || !kind) { lhs = charOperand(n.childForFieldName('right'), vars); kind = negativeKind(n.childForFieldName('left')); flipped = true; }
        if (!lhs || !kind) return;
        // Against zero only `c < 0` and `c >= 0` (or 0 > c, 0 <= c) have a constant result when char is unsigned.
        if (kind === 'zero' && !(flipped ? op === '>' || op === '<=' : op === '<' || op === '>=')) return;
        const target = unsignedTargets.find((t) => src.activity(t).isActive(n.startIndex) === true);
        if (!target) return;
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
      };
      // Comparisons are checked only inside functions: a file without any (most headers) is not walked.
      if (!tree.rootNode.descendantsOfType('function_definition').length) return;
      // One walk over the file (explicit stack): comparisons inside a function are checked against the char
      // variables of the innermost function around them, a nested function seeing those of its parent.
      const globals = new CharScope(plainCharVars(tree.rootNode, false), new Set());
      const stack: { n: SyntaxNode; vars: CharScope | undefined }[] = [{ n: tree.rootNode, vars: undefined }];
      while (stack.length) {
        const { n, vars: around } = stack.pop()!;
        let vars = around;
        if (n.type === 'function_definition') vars = new CharScope(plainCharVars(n, true), declaredNames(n), around ?? globals);
        else if (vars && n.type === 'binary_expression') check(n, vars);
        for (const c of n.namedChildren) if (c) stack.push({ n: c, vars });
      }
    });
  },
};

/** Names declared in the function itself (identifiers anywhere in its declarations), not in functions inside it. */
function declaredNames(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const stack: { n: SyntaxNode; inDecl: boolean }[] = [{ n: fn, inDecl: false }];
  while (stack.length) {
    const { n, inDecl } = stack.pop()!;
    const decl = inDecl || n.type === 'declaration' || n.type === 'parameter_declaration';
    if (decl && n.type === 'identifier') out.add(n.text);
    for (const c of n.namedChildren) if (c && c.type !== 'function_definition') stack.push({ n: c, inDecl: decl });
  }
  return out;
}
