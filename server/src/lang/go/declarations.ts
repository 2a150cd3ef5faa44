// The declarations of a Go file, extracted from the parse of its skeleton (no function bodies, no
// comments: a fraction of a full parse) with every offset mapped back to the full text.
import { detachStrings } from '../../parsing/strings';
import { parseText } from '../../parsing/treeSitter';
import { goSkeleton } from './skeleton';
import { extractGoFile, mapTypeDeclOffsets, type GoFileSyntax } from './syntax';

export function extractGoDeclarations(text: string): GoFileSyntax {
  const skeleton = goSkeleton(text);
  const tree = parseText('go', skeleton.text);
  try {
    if (skeleton.text === text) return detachStrings(extractGoFile(tree, text));
    // Texts of multi-token nodes (a field's type, an unevaluated constant) come from the full text:
    // the skeleton has spaces where their comments were.
    const at = skeleton.toFull;
    const syntax = extractGoFile(tree, text, (n) => text.slice(at(n.startIndex), at(n.endIndex)));
    mapOffsets(syntax, at);
    // Names and types are views into the skeleton and full texts; caches keep syntax long after.
    return detachStrings(syntax);
  } finally {
    tree.delete();
  }
}

function mapOffsets(syntax: GoFileSyntax, at: (offset: number) => number): void {
  for (const d of syntax.types) mapTypeDeclOffsets(d, at);
  for (const b of syntax.bodyless) { b.start = at(b.start); b.end = at(b.end); }
}
