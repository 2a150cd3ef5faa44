// Reading tree-sitter nodes as code: comments are named children too, wherever they stand (`( /* x */ buf + 1)`:
// the comment is the parenthesis' first named child), in every grammar.
import type { SyntaxNode } from './treeSitter';

/** The named children that are code (comments left out). */
export function codeChildren(n: SyntaxNode | null): SyntaxNode[] {
  return (n?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}
