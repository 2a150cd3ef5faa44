// Trees shared by whoever parses the same text with the same grammar at the same time. A C file is parsed for
// its layouts (lang/c/translationUnit.ts, which keeps recently used headers' trees) and again for the rules
// that walk code (analyze.ts); when both read the same text with the same grammar, the second one gets the
// first one's tree. A tree is freed when its last holder releases it: this keeps nothing on its own.
import { parseText, type GrammarId, type Tree } from './treeSitter';

export interface TreeHandle {
  readonly tree: Tree;
  /** Gives the tree back (once; later calls do nothing); the last holder's release frees it. */
  release(): void;
}

interface Entry { tree: Tree; holders: number }
const live = new Map<GrammarId, Map<string, Entry>>();

/** The tree of the text, parsed now or shared with a holder of the same text and grammar. */
export function acquireTree(grammar: GrammarId, text: string): TreeHandle {
  let byText = live.get(grammar);
  if (!byText) live.set(grammar, byText = new Map());
  let e = byText.get(text);
  if (!e) byText.set(text, e = { tree: parseText(grammar, text), holders: 0 });
  e.holders++;
  const entry = e;
  let released = false;
  return {
    tree: entry.tree,
    release: () => {
      if (released) return;
      released = true;
      if (--entry.holders > 0) return;
      entry.tree.delete();
      if (byText!.get(text) === entry) byText!.delete(text);
    },
  };
}
