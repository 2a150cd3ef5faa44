// The editor's per-declaration walk for layout uses gives what one walk of the whole tree gives, and
// after an edit walks only the declaration that changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import { extractGoFile, findLayoutUses, findLayoutUsesByDeclaration, type DeclarationMemo, type LayoutUses } from '../../../server/src/lang/go/syntax';
import { initTreeSitter, parseText } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const env = goEnvFromEnvironment();
const FILES = ['reflect/value.go', 'net/http/server.go', 'syscall/syscall_linux.go', 'unicode/tables.go'];

function both(text: string, memo: DeclarationMemo<LayoutUses>): { whole: LayoutUses; byDecl: LayoutUses } {
  const tree = parseText('go', text);
  try {
    const imports = extractGoFile(tree, text).imports;
    return { whole: findLayoutUses(tree.rootNode, text, imports), byDecl: findLayoutUsesByDeclaration(tree.rootNode, text, imports, memo) };
  } finally { tree.delete(); }
}

describe('findLayoutUsesByDeclaration', () => {
  it('equals the whole-tree walk on standard-library files, before and after an edit', () => {
    expect(env.goroot, 'GOROOT must be found').toBeTruthy();
    for (const rel of FILES) {
      const text = fs.readFileSync(path.join(env.goroot!, 'src', rel), 'utf8');
      const memo: DeclarationMemo<LayoutUses> = new Map();
      const first = both(text, memo);
      expect(first.byDecl, rel).toEqual(first.whole);
      const entries = memo.size;
      // A new declaration with a positional literal and an unsafe cast: one more entry, the rest reused.
      const edited = text + '\nvar _ = editT{1, 2}\n';
      const second = both(edited, memo);
      expect(second.byDecl, rel).toEqual(second.whole);
      expect(second.byDecl.positionalLiterals).toContainEqual({ name: 'editT' });
      expect(memo.size, rel).toBe(entries + 1);
    }
  });
});
