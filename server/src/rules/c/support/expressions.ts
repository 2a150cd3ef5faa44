// Reading C expressions from tree-sitter the way the compiler does: comments are not operands. tree-sitter keeps a
// comment as a named child where it stands (`( /* x */ buf + 1)`: the comment is the parenthesis' first named child;
// `buf /* x */ + 1`: it sits between the operands).
import type { SyntaxNode } from '../../../parsing/treeSitter';

/** The first named child that is not a comment. */
export function firstOperand(n: SyntaxNode): SyntaxNode | null {
  for (const c of n.namedChildren) if (c && c.type !== 'comment') return c;
  return null;
}

/** The expression inside any parentheses around it. */
export function unparen(n: SyntaxNode | null): SyntaxNode | null {
  while (n && n.type === 'parenthesized_expression') n = firstOperand(n);
  return n;
}

/** A binary expression's operator (`+`, `<`...), wherever comments sit around it. */
export function binaryOperator(n: SyntaxNode): string | undefined {
  return n.childForFieldName('operator')?.type;
}
