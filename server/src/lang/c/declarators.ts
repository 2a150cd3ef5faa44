// What a C or C++ declarator declares, read from tree-sitter's nodes.
import type { SyntaxNode } from '../../parsing/treeSitter';

/**
 * The name a declarator declares (a typedef's, a variable's, a class member's): depth first along `declarator`
 * fields (explicit stack: they nest deep).
 */
export function innermostIdentifier(n: SyntaxNode): string | undefined {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'type_identifier' || x.type === 'identifier' || x.type === 'field_identifier' || x.type === 'primitive_type') return x.text;
    const d = x.childForFieldName('declarator');
    if (d) { stack.push(d); continue; }
    // parenthesized_declarator has no field name: `typedef void (*fn)(void)`.
    const kids = x.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'parameter_list' && c.type !== 'attribute_specifier');
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return undefined;
}
