// The editor's per-declaration extraction gives what extractGoFile gives on the whole tree, offsets and
// lines included, and after an edit reads only the declaration that changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import { extractGoFile, extractGoFileByDeclaration, type DeclarationMemo, type GoFileSyntax } from '../../../server/src/lang/go/syntax';
import { initTreeSitter, parseText } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const env = goEnvFromEnvironment();
const FILES = ['reflect/value.go', 'net/http/server.go', 'syscall/ztypes_linux_arm64.go', 'runtime/mheap.go', 'encoding/gob/decoder.go'];

function both(text: string, memo: DeclarationMemo<GoFileSyntax>): { whole: GoFileSyntax; byDecl: GoFileSyntax } {
  const tree = parseText('go', text);
  try {
    return { whole: extractGoFile(tree, text), byDecl: extractGoFileByDeclaration(tree, text, memo) };
  } finally { tree.delete(); }
}

describe('extractGoFileByDeclaration', () => {
  it('equals extractGoFile on standard-library files, before and after edits that move every declaration', () => {
    expect(env.goroot, 'GOROOT must be found').toBeTruthy();
    for (const rel of FILES) {
      const text = fs.readFileSync(path.join(env.goroot!, 'src', rel), 'utf8');
      const memo: DeclarationMemo<GoFileSyntax> = new Map();
      const first = both(text, memo);
      expect(first.byDecl, rel).toEqual(first.whole);
      expect(first.whole.types.length + first.whole.topLevelNames.length, rel).toBeGreaterThan(0);
      const entries = memo.size;

      // Two lines inserted after the package clause: every later offset and line moves, nothing is re-read.
      const at = text.indexOf('\n', text.search(/^package /m)) + 1;
      const moved = text.slice(0, at) + '\n// moved\n' + text.slice(at);
      const second = both(moved, memo);
      expect(second.byDecl, rel).toEqual(second.whole);
      expect(memo.size, rel).toBe(entries);

      // A new struct in the middle: one more entry, and the declarations after it move.
      const mid = moved.indexOf('\nfunc ', moved.length >> 1) + 1;
      const added = moved.slice(0, mid) + 'type editT struct {\n\ta bool\n\tb int64 `json:"b"`\n}\n\n' + moved.slice(mid);
      const third = both(added, memo);
      expect(third.byDecl, rel).toEqual(third.whole);
      expect(third.byDecl.types.map((t) => t.name)).toContain('editT');
      expect(memo.size, rel).toBe(entries + 1);
    }
  });
});
