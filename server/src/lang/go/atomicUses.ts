// Calls of the 64-bit sync/atomic functions whose address argument is a struct field (&x.a.b), with
// the statically known type of x: a method receiver, a parameter, a local declared with its type or a
// composite literal, or a package-level variable. Anything else is left alone (no guessing).
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';
import { codeChildren } from '../../parsing/syntaxNodes';
import { convertType, type TypeExpr } from './syntax';

export const ATOMIC64_FUNCS = new Set([
  'AddInt64', 'AddUint64', 'LoadInt64', 'LoadUint64', 'StoreInt64', 'StoreUint64', 'SwapInt64', 'SwapUint64',
  'CompareAndSwapInt64', 'CompareAndSwapUint64', 'AndInt64', 'AndUint64', 'OrInt64', 'OrUint64',
]);

export interface AtomicFieldUse {
  func: string;
  /** The root variable's declared type (pointer stripped). */
  rootType: TypeExpr;
  /** Field names from the root: &c.stats.total -> ['stats', 'total']. */
  path: string[];
  /** Offsets of the `&...` argument. */
  start: number;
  end: number;
  text: string;
}

function stripPointer(t: TypeExpr): TypeExpr { return t.k === 'pointer' && t.target ? stripPointer(t.target) : t; }

/** Type of a variable declared in the function or as a package-level var, by a syntactic look-up. */
function typeOfVariable(name: string, fn: SyntaxNode | null, root: SyntaxNode, before: number): TypeExpr | undefined {
  const fromDecls = (scope: SyntaxNode): TypeExpr | undefined => {
    let found: TypeExpr | undefined;
    for (const p of scope.descendantsOfType(['parameter_declaration', 'var_spec', 'short_var_declaration'])) {
      if (!p || p.startIndex > before) continue;
      if (p.type === 'short_var_declaration') {
        const left = p.childForFieldName('left'), right = p.childForFieldName('right');
        const names = left?.namedChildren.map((n) => n?.text) ?? [];
        const i = names.indexOf(name);
        const value = i >= 0 ? right?.namedChildren[i] : undefined;
        const lit = value?.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&' ? value.childForFieldName('operand') : value;
        if (lit?.type === 'composite_literal') found = convertType(lit.childForFieldName('type'));
        continue;
      }
      const names = p.childrenForFieldName('name').filter((n) => n?.isNamed).map((n) => n!.text);
      const t = p.childForFieldName('type');
      if (names.includes(name) && t) found = convertType(t);
    }
    return found;
  };
  if (fn) {
    const recv = fn.childForFieldName('receiver');
    if (recv) {
      for (const p of recv.namedChildren) {
        if (p?.childForFieldName('name')?.text === name) return convertType(p.childForFieldName('type'));
      }
    }
    const local = fromDecls(fn);
    if (local) return local;
  }
  for (const top of root.namedChildren) {
    if (top?.type !== 'var_declaration') continue;
    for (const spec of top.descendantsOfType('var_spec')) {
      const names = spec?.childrenForFieldName('name').filter((n) => n?.isNamed).map((n) => n!.text) ?? [];
      const t = spec?.childForFieldName('type');
      if (names.includes(name) && t) return convertType(t);
    }
  }
  return undefined;
}

export function findAtomicFieldUses(tree: Tree, atomicName: string): AtomicFieldUse[] {
  const uses: AtomicFieldUse[] = [];
  const root = tree.rootNode;
  for (const call of root.descendantsOfType('call_expression')) {
    const fnExpr = call?.childForFieldName('function');
    if (!call || fnExpr?.type !== 'selector_expression') continue;
    if (fnExpr.childForFieldName('operand')?.text !== atomicName) continue;
    const func = fnExpr.childForFieldName('field')?.text ?? '';
    if (!ATOMIC64_FUNCS.has(func)) continue;
    const arg = codeChildren(call.childForFieldName('arguments'))[0];
    if (arg?.type !== 'unary_expression' || arg.childForFieldName('operator')?.text !== '&') continue;
    let operand = arg.childForFieldName('operand');
    while (operand?.type === 'parenthesized_expression') operand = codeChildren(operand)[0] ?? null;
    const path: string[] = [];
    let cur = operand;
    while (cur?.type === 'selector_expression') {
      path.unshift(cur.childForFieldName('field')?.text ?? '');
      cur = cur.childForFieldName('operand');
    }
    if (!cur || cur.type !== 'identifier' || path.length === 0) continue;
    let fn: SyntaxNode | null = call.parent;
    while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_declaration' && fn.type !== 'func_literal') fn = fn.parent;
    const t = typeOfVariable(cur.text, fn, root, call.startIndex);
    if (!t) continue;
    uses.push({ func, rootType: stripPointer(t), path, start: arg.startIndex, end: arg.endIndex, text: arg.text });
  }
  return uses;
}
