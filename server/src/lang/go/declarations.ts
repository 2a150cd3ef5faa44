// The declarations of a Go file, extracted from the parse of its skeleton (no function bodies, no
// comments: a fraction of a full parse) with every offset mapped back to the full text.
import { detachStrings } from '../../parsing/strings';
import { parseText } from '../../parsing/treeSitter';
import { goSkeleton } from './skeleton';
import { extractGoFile, type GoFileSyntax, type StructSyntax, type TypeExpr } from './syntax';

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
  const struct = (s: StructSyntax) => {
    s.start = at(s.start); s.end = at(s.end); s.bodyStart = at(s.bodyStart); s.bodyEnd = at(s.bodyEnd);
    for (const f of s.fields) { f.start = at(f.start); f.end = at(f.end); type(f.type); }
  };
  const type = (t: TypeExpr | undefined) => {
    if (!t) return;
    if (t.k === 'struct') struct(t.struct);
    else if (t.k === 'array') type(t.elem);
    else if (t.k === 'pointer') type(t.target);
    else if (t.k === 'named') t.args?.forEach(type);
  };
  for (const d of syntax.types) { d.nameStart = at(d.nameStart); d.nameEnd = at(d.nameEnd); type(d.type); }
  for (const b of syntax.bodyless) { b.start = at(b.start); b.end = at(b.end); }
}
