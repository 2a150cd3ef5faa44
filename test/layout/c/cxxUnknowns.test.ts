// C++ the engine does not model must say why instead of guessing: specializations, default template arguments,
// non-empty [[no_unique_address]] members, names only reachable through a using-directive. (What it does model is
// compared with gcc and clang in oracle.test.ts through test/fixtures/c/layout/cxx_namespaces.hpp.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { layoutCFile } from '../../../server/src/lang/c/layoutFile';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';

const noFiles = { readText: () => undefined } as never;

function layoutOf(text: string, name: string): { size?: number; unresolved?: string } {
  const all = layoutCFile({ path: '/virtual/t.hpp', text, fs: noFiles, targets: ['linux/arm64'] });
  const s = all.find((x) => x.name === name);
  if (!s) throw new Error(`${name} not reported: ${all.map((x) => x.name).join(', ')}`);
  const t = s.layouts[0];
  return t.unresolved ? { unresolved: t.unresolved } : { size: t.size ?? undefined };
}

describe('C++ records the engine cannot lay out say why', () => {
  beforeAll(async () => { await initTreeSitter(); });

  it('a class template with a specialization', () => {
    const r = layoutOf('template <typename T> struct Box { T v; };\ntemplate <> struct Box<char> { long v; };\nstruct Use { Box<char> b; };\n', 'Use');
    expect(r.unresolved).toMatch(/specializations/);
  });

  it('a class template with a default argument', () => {
    const r = layoutOf('template <typename T, int N = 4> struct Arr { T v[N]; };\nstruct Use { Arr<int> a; };\n', 'Use');
    expect(r.unresolved).toMatch(/template parameter|default/);
  });

  it('a non-empty [[no_unique_address]] member (tail padding reuse)', () => {
    const r = layoutOf('struct P { int a; char b; };\nstruct Use { [[no_unique_address]] P p; char c; };\n', 'Use');
    expect(r.unresolved).toMatch(/non-empty member p/);
  });

  it('two overlapping members of the same empty type', () => {
    const r = layoutOf('struct E {};\nstruct Use { [[no_unique_address]] E a; [[no_unique_address]] E b; int x; };\n', 'Use');
    expect(r.unresolved).toMatch(/shares its type/);
  });

  it('a name declared in another namespace, reachable only through a using-directive', () => {
    const r = layoutOf('namespace lib { struct Item { double d; }; }\nusing namespace lib;\nstruct Use { char c; Item i; };\n', 'Use');
    expect(r.unresolved).toMatch(/Item is not found.*using-directives/);
  });

  it('a standard library class whose size depends on its arguments', () => {
    const r = layoutOf('#include <optional>\nstruct Use { char c; std::optional<double> s; };\n', 'Use');
    expect(r.unresolved).toMatch(/std::optional/);
  });

  it('an integral constant whose value does not fit its type (the conversion is not modelled)', () => {
    expect(layoutOf('const unsigned char kN = 300;\nstruct Use { char b[kN]; };\n', 'Use').unresolved).toMatch(/kN cannot be evaluated/);
  });

  it('variables that are not constants: not const, volatile, extern without a value', () => {
    for (const decl of ['static int kN = 4;', 'static const volatile int kN = 4;', 'extern const int kN;']) {
      expect(layoutOf(`${decl}\nstruct Use { char b[kN]; };\n`, 'Use').unresolved, decl).toMatch(/kN cannot be evaluated/);
    }
  });

  it('a constant that a base class member may hide', () => {
    const text = 'struct Base { static const int kN = 2; };\nconst int kN = 8;\nstruct Derived : Base { struct In { char b[kN]; }; int x; };\nstruct Use { Derived::In in; };\n';
    expect(layoutOf(text, 'Use').unresolved).toMatch(/kN cannot be evaluated/);
  });

  it('a constant that a member of a class template or of an unnamed class hides (their members are not read)', () => {
    const template = 'const int kN = 2;\ntemplate <typename T> struct Box { static const int kN = 5; T v[kN]; };\nstruct Use { Box<int> b; };\n';
    expect(layoutOf(template, 'Use').unresolved).toMatch(/declares kN inside it, which its member v uses/);
    const unnamed = 'enum { kE = 2 };\ntypedef struct { enum { kE = 5 }; char b[kE]; int n; } Use;\n';
    expect(layoutOf(unnamed, 'Use').unresolved).toMatch(/kE cannot be evaluated/);
  });

  it('an enumerator of another namespace, or declared after the use, is not taken for a C header\'s of the same name', () => {
    // g++: kX is old.h's (3); a::kX (7) is not visible from b.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxx-enum-'));
    try {
      fs.writeFileSync(path.join(dir, 'old.h'), 'enum { kX = 3 };\n');
      fs.writeFileSync(path.join(dir, 'a.hpp'), 'namespace a { enum { kX = 7 }; }\n');
      const file = path.join(dir, 'use.hpp');
      const text = '#include "old.h"\n#include "a.hpp"\nnamespace b { struct Use { char c[kX]; }; }\n';
      const use = layoutCFile({ path: file, text, fs: nodeFileSystem, targets: ['linux/arm64'] }).find((x) => x.name === 'b::Use')!;
      expect(use.layouts[0].unresolved).toMatch(/kX cannot be evaluated/);
      // g++: a::kX (7) is declared after the use, so kX is old.h's (3) there.
      fs.writeFileSync(path.join(dir, 'late.hpp'), 'namespace a { enum { kX = 7 }; }\n');
      const late = '#include "old.h"\nnamespace a { struct Use { char c[kX]; }; }\n#include "late.hpp"\n';
      const before = layoutCFile({ path: file, text: late, fs: nodeFileSystem, targets: ['linux/arm64'] }).find((x) => x.name === 'a::Use')!;
      expect(before.layouts[0].unresolved).toMatch(/kX cannot be evaluated/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a constant a using-declaration may bring', () => {
    const text = 'namespace a { const int kN = 4; }\nconst int kN = 2;\nnamespace b { using a::kN; struct Use { char c[kN]; }; }\n';
    expect(layoutOf(text, 'b::Use').unresolved).toMatch(/kN cannot be evaluated/);
  });

  it('std:: typedefs of the C library are known', () => {
    expect(layoutOf('#include <cstdint>\nstruct Use { std::uint8_t a; std::size_t n; };\n', 'Use')).toEqual({ size: 16 });
  });
});
