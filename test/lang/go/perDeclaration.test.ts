// The editor's per-declaration readings of a Go file give what one reading of the whole tree gives
// (layout uses; declarations with their offsets and lines), and after an edit read only the
// declaration that changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import {
  extractGoFile, extractGoFileByDeclaration, findLayoutUses, findLayoutUsesByDeclaration,
  type DeclarationMemo, type GoFileSyntax, type LayoutUses,
} from '../../../server/src/lang/go/syntax';
import { initTreeSitter, parseText, type Tree } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const env = goEnvFromEnvironment();

function read(rel: string): string {
  expect(env.goroot, 'GOROOT must be found').toBeTruthy();
  return fs.readFileSync(path.join(env.goroot!, 'src', rel), 'utf8');
}

/** The whole-tree and per-declaration results of one parse of `text`. */
function both<T>(text: string, whole: (tree: Tree) => T, byDecl: (tree: Tree) => T): { whole: T; byDecl: T } {
  const tree = parseText('go', text);
  try { return { whole: whole(tree), byDecl: byDecl(tree) }; } finally { tree.delete(); }
}

describe('findLayoutUsesByDeclaration', () => {
  it('equals the whole-tree walk on standard-library files, before and after an edit', () => {
    for (const rel of ['reflect/value.go', 'net/http/server.go', 'syscall/syscall_linux.go', 'unicode/tables.go']) {
      const memo: DeclarationMemo<LayoutUses> = new Map();
      const uses = (text: string) => both(text,
        (tree) => findLayoutUses(tree.rootNode, text, extractGoFile(tree, text).imports),
        (tree) => findLayoutUsesByDeclaration(tree, text, extractGoFile(tree, text).imports, memo));
      const text = read(rel);
      const first = uses(text);
      expect(first.byDecl, rel).toEqual(first.whole);
      const entries = memo.size;
      // A new declaration with a positional literal: one more entry, the rest reused.
      const second = uses(text + '\nvar _ = editT{1, 2}\n');
      expect(second.byDecl, rel).toEqual(second.whole);
      expect(second.byDecl.positionalLiterals).toContainEqual({ name: 'editT' });
      expect(memo.size, rel).toBe(entries + 1);
    }
  });
});

describe('findLayoutUses', () => {
  // The editor's full tree keeps comments, and tree-sitter makes them named children of the call's arguments, of
  // a keyed element, of parentheses (the scan's partial parses blank them: only this path saw them).
  it.each([
    ['unsafe.Offsetof(/* b */ S{}.b)', { offsetofFields: ['b'] }],
    ['(/* T */ *S)(unsafe.Pointer(p))', { unsafeCasts: ['S'] }],
    ['map[string]S{"x": /* x */ {true, 1}}', { positionalLiterals: [{ name: 'S' }] }],
  ])('reads %s past its comment', (expr, expected) => {
    const text = `package p\n\nimport "unsafe"\n\nvar p unsafe.Pointer\nvar v = ${expr}\n`;
    const tree = parseText('go', text);
    try {
      const uses = findLayoutUses(tree.rootNode, text, extractGoFile(tree, text).imports);
      expect(uses).toEqual({ positionalLiterals: [], offsetofFields: [], unsafeCasts: [], ...expected });
    } finally { tree.delete(); }
  });
  // tree-sitter reads `(*S)` in an expression as a dereference of S; a pointer type only where it cannot be one.
  it.each([
    ['(*S)(unsafe.Pointer(p))', ['S']],
    ['(*q.S)(unsafe.Pointer(p))', ['S']],
    ['(*S)(unsafe.Add(unsafe.Pointer(&b[0]), 8))', ['S']],
    ['(*S)(nil)', []],
    ['-(S)(unsafe.Pointer(p))', []],
  ])('reads the conversion %s from unsafe.Pointer', (expr, casts) => {
    const text = `package p\n\nimport "unsafe"\n\nvar p unsafe.Pointer\nvar v = ${expr}\n`;
    const tree = parseText('go', text);
    try {
      expect(findLayoutUses(tree.rootNode, text, extractGoFile(tree, text).imports).unsafeCasts).toEqual(casts);
    } finally { tree.delete(); }
  });
});

describe('extractGoFileByDeclaration', () => {
  it('equals extractGoFile on standard-library files, before and after edits that move every declaration', () => {
    for (const rel of ['reflect/value.go', 'net/http/server.go', 'syscall/ztypes_linux_arm64.go', 'runtime/mheap.go', 'encoding/gob/decoder.go']) {
      const memo: DeclarationMemo<GoFileSyntax> = new Map();
      // typesKey is the per-declaration reading's own (checked below); the rest must be the same.
      const syntax = (text: string) => both(text, (tree) => extractGoFile(tree, text), (tree) => {
        const { typesKey, ...rest } = extractGoFileByDeclaration(tree, text, memo);
        keys.push(typesKey);
        return rest;
      });
      const keys: (string | undefined)[] = [];
      const text = read(rel);
      const first = syntax(text);
      expect(first.byDecl, rel).toEqual(first.whole);
      expect(first.whole.types.length + first.whole.topLevelNames.length, rel).toBeGreaterThan(0);
      const entries = memo.size;

      // Two lines inserted after the package clause: every later offset and line moves, nothing is re-read.
      const at = text.indexOf('\n', text.search(/^package /m)) + 1;
      const moved = text.slice(0, at) + '\n// moved\n' + text.slice(at);
      const second = syntax(moved);
      expect(second.byDecl, rel).toEqual(second.whole);
      expect(memo.size, rel).toBe(entries);

      // A new struct in the middle: one more entry, and the declarations after it move.
      const mid = moved.indexOf('\nfunc ', moved.length >> 1) + 1;
      const added = moved.slice(0, mid) + 'type editT struct {\n\ta bool\n\tb int64 `json:"b"`\n}\n\n' + moved.slice(mid);
      const third = syntax(added);
      expect(third.byDecl, rel).toEqual(third.whole);
      expect(third.byDecl.types.map((t) => t.name)).toContain('editT');
      expect(memo.size, rel).toBe(entries + 1);

      // The types key: the same after the move, another after the new struct, the same again after an
      // edit inside a function body.
      expect(keys[1], rel).toBe(keys[0]);
      expect(keys[2], rel).not.toBe(keys[1]);
      const func = added.indexOf('\nfunc ', mid + 1);
      if (func < 0) continue; // ztypes_linux_arm64.go has no functions
      const body = added.indexOf('{\n', func) + 2;
      const fourth = syntax(added.slice(0, body) + '\t_ = 0\n' + added.slice(body));
      expect(fourth.byDecl, rel).toEqual(fourth.whole);
      expect(keys[3], rel).toBe(keys[2]);
    }
  });
});
