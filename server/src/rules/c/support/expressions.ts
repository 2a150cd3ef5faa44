// Reading C expressions from tree-sitter the way the compiler does: comments are not operands (codeChildren), and
// an operator is read by its field (`buf /* x */ + 1`: the comment sits between the operands).
import { codeChildren } from '../../../parsing/syntaxNodes';
import type { SyntaxNode } from '../../../parsing/treeSitter';

/** The first named child that is code. */
export function firstOperand(n: SyntaxNode): SyntaxNode | null {
  return codeChildren(n)[0] ?? null;
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
