// Behaviour of the C extraction API (what resolves, what stays unresolved and why, what a reorder fix gets).
// Layout numbers themselves are checked against the compilers in test/layout/c/oracle.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { compileFlagsFor } from '../../../server/src/lang/c/compileCommands';
import { layoutCFile, toLayoutContract, type CStructLayout } from '../../../server/src/lang/c/layoutFile';
import type { TargetId } from '../../../server/src/core/targets';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';
import LIBC from '../../../server/src/lang/c/libcTypes.json';

beforeAll(async () => { await initTreeSitter(); });

function run(text: string, opts: { targets?: TargetId[]; files?: Record<string, string>; path?: string; includeDirs?: string[]; defines?: Map<string, string>; definesComplete?: boolean; forcedIncludes?: string[] } = {}): CStructLayout[] {
  const p = opts.path ?? '/ws/src/a.h';
  return layoutCFile({
    path: p, text, fs: memoryFileSystem({ [p]: text, ...(opts.files ?? {}) }), targets: opts.targets ?? ['linux/arm64', 'linux/amd64'],
    includeDirs: opts.includeDirs, defines: opts.defines, definesComplete: opts.definesComplete, forcedIncludes: opts.forcedIncludes,
  });
}
const find = (r: CStructLayout[], name: string) => {
  const s = r.find((x) => x.name === name);
  if (!s) throw new Error(`no struct ${name} in ${r.map((x) => x.name)}`);
  return s;
};
const on = (s: CStructLayout, t: TargetId) => s.layouts.find((l) => l.target === t)!;

describe('layoutCFile: resolution', () => {
  it('an unknown member type leaves the struct unresolved with the reason, never a guess', () => {
    const s = find(run('struct S { char a; foo_t b; };'), 'S');
    for (const l of s.layouts) {
      expect(l.size).toBeNull();
      expect(l.unresolved).toBe('size unknown because foo_t is not found');
    }
    expect(s.reorderable).toBe(false);
  });

  it('an unknown struct tag is unresolved, a pointer to it is fine', () => {
    expect(on(find(run('struct S { struct missing m; };'), 'S'), 'linux/arm64').unresolved).toBe('size unknown because struct missing is not found');
    expect(on(find(run('struct S { struct missing *m; char c; };'), 'S'), 'linux/arm64').unresolved).toBeNull();
  });

  it('an array size that cannot be evaluated is unresolved; macro constants and sizeof resolve', () => {
    expect(on(find(run('struct S { char b[LEN]; };'), 'S'), 'linux/arm64').unresolved).toMatch(/array size LEN cannot be evaluated/);
    const ok = on(find(run('#define LEN (2 * sizeof(int))\nstruct S { char b[LEN + 1]; };'), 'S'), 'linux/arm64');
    expect(ok.unresolved).toBeNull();
    expect(ok.fields[0].size).toBe(9);
  });

  it('members under an #if that cannot be evaluated make the struct unresolved, naming the macro', () => {
    const s = find(run('struct S {\n  char a;\n#if USE_BIG\n  long big;\n#endif\n};'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBe('layout depends on #if USE_BIG which cannot be evaluated');
  });

  it('-D macros from the compile command make such an #if evaluable', () => {
    const s = find(run('struct S {\n  char a;\n#if USE_BIG\n  long big;\n#endif\n};', { defines: new Map([['USE_BIG', '1']]) }), 'S');
    expect(on(s, 'linux/arm64').fields.map((f) => f.name)).toEqual(['a', 'big']);
  });

  it('members under target #ifs differ per target', () => {
    const s = find(run('struct S {\n  char a;\n#ifdef __aarch64__\n  int arm;\n#else\n  short other;\n#endif\n};'), 'S');
    expect(on(s, 'linux/arm64').fields.map((f) => f.name)).toEqual(['a', 'arm']);
    expect(on(s, 'linux/amd64').fields.map((f) => f.name)).toEqual(['a', 'other']);
    expect(s.reorderable).toBe(false);
    expect(s.notReorderableReason).toBe('members under #if');
  });

  it('a struct defined only on some targets has layouts only there', () => {
    const s = find(run('#ifdef __x86_64__\nstruct S { int a; };\n#endif'), 'S');
    expect(s.layouts.map((l) => l.target)).toEqual(['linux/amd64']);
  });

  it('__int128 does not exist on 32-bit ARM', () => {
    const s = find(run('struct S { __int128 v; };', { targets: ['linux/arm64', 'linux/arm'] }), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBeNull();
    expect(on(s, 'linux/arm').unresolved).toBe('__int128 does not exist on linux/arm');
  });

  it('an enum whose value cannot be evaluated leaves a struct using it unresolved', () => {
    const s = find(run('enum E { A = EXTERNAL_VALUE };\nstruct S { enum E e; };'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toMatch(/EXTERNAL_VALUE|value of A/);
  });

  it('types come from quoted includes next to the file and from include dirs; system headers are built in', () => {
    const files = {
      '/ws/src/types.h': 'typedef struct { long x; } local_t;',
      '/ws/include/lib/api.h': '#include <stdint.h>\ntypedef uint16_t api_id;',
    };
    const s = find(run('#include "types.h"\n#include <lib/api.h>\nstruct S { local_t l; api_id id; uint8_t u; };', { files, includeDirs: ['/ws/include'] }), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBeNull();
    expect(on(s, 'linux/arm64').fields.map((f) => f.size)).toEqual([8, 2, 1]);
    // Structs of included files are not reported as the file's own.
    expect(run('#include "types.h"\nstruct T { int a; };', { files }).map((x) => x.name)).toEqual(['T']);
  });

  it('C++: bases lead the fields, a virtual table pointer comes first (Itanium), a virtual base is unresolved; member functions take no space', () => {
    const r = run('class V { virtual void f(); int a; };\nstruct B { int b; };\nstruct D : B { int d; };\nstruct P { int a; void f(); static int n; };\nstruct E {};\nstruct W : virtual E { int w; };\nstruct C { /* not virtual */ int c; };', { path: '/ws/a.hpp', targets: ['linux/arm64', 'windows/arm64'] });
    expect(on(find(r, 'V'), 'linux/arm64').fields.map((f) => [f.name, f.offset])).toEqual([['a', 8]]);
    expect(on(find(r, 'V'), 'windows/arm64').unresolved).toMatch(/virtual functions is not modelled/);
    expect(on(find(r, 'D'), 'linux/arm64').fields.map((f) => [f.name, f.offset, f.size])).toEqual([['B', 0, 4], ['d', 4, 4]]);
    expect(find(r, 'D').notReorderableReason).toBe('base classes');
    expect(on(find(r, 'W'), 'linux/arm64').unresolved).toMatch(/virtual base classes/);
    expect(on(find(r, 'C'), 'linux/arm64').unresolved).toMatch(/virtual functions/);
    expect(on(find(r, 'P'), 'linux/arm64').fields.map((f) => f.name)).toEqual(['a']);
  });

  it('never throws on broken input', () => {
    for (const t of ['struct {', 'struct S { int a:; };', 'struct S { char x[; };', '#if\nstruct S {int a;};\n#endif\n#endif', 'typedef struct S S; struct S { S *next; int v[sizeof(S)]; };']) {
      expect(() => run(t)).not.toThrow();
    }
  });
});

describe('layoutCFile: data for the reorder fix', () => {
  const text = [
    'struct R {',
    '    /** the kind */',
    '    char kind;   // trailing',
    '    double value;',
    '    char flag;',
    '};',
  ].join('\n');

  it('names, lines and name offsets', () => {
    const s = find(run(text), 'R');
    expect(s.line).toBe(1);
    expect(text.slice(s.nameStart, s.nameEnd)).toBe('R');
    expect(s.kind).toBe('struct');
  });

  it('member ranges include the doc comment and the trailing comment; the optimal order moves the double first', () => {
    const s = find(run(text), 'R');
    expect(s.reorderable).toBe(true);
    expect(s.members.map((m) => text.slice(m.start, m.end))).toEqual([
      '/** the kind */\n    char kind;   // trailing', 'double value;', 'char flag;',
    ]);
    const l = on(s, 'linux/arm64');
    expect(l.optimalOrder).toEqual([1, 0, 2]);
    expect(l.optimalSize).toBeLessThan(l.size!);
  });

  it.each([
    ['union U { char c; double d; };', 'U', 'union'],
    ['struct __attribute__((packed)) P { char c; double d; };', 'P', 'packed'],
    ['#pragma pack(push, 2)\nstruct P { char c; double d; };\n#pragma pack(pop)', 'P', '#pragma pack'],
    ['struct B { char c; int b : 3; double d; };', 'B', 'bit-fields'],
    ['struct F { char c; double d; int tail[]; };', 'F', 'flexible array member'],
    ['struct M { char c, *p; };', 'M', 'a declaration declares members of different alignments'],
  ])('%s is not reorderable (%s)', (src, name, reason) => {
    const s = find(run(src), name);
    expect(s.reorderable).toBe(false);
    expect(s.notReorderableReason).toBe(reason);
    expect(on(s, 'linux/arm64').optimalOrder).toBeNull();
  });

  it('nested anonymous records are their own entries named Outer.field', () => {
    const r = run('typedef struct { char k; union { int i; float f; }; struct { char x; } pt; } T;');
    expect(r.map((x) => x.name).sort()).toEqual(['T', 'T.<anon#0>', 'T.pt']);
    expect(on(find(r, 'T'), 'linux/arm64').fields.map((f) => f.name)).toEqual(['k', '<anon#0>', 'pt']);
  });

  it('contract entries carry one entry per target with a relative file', () => {
    const e = toLayoutContract(run(text), '/ws');
    expect(e.map((x) => [x.name, x.file, x.target])).toEqual([['R', 'src/a.h', 'linux/arm64'], ['R', 'src/a.h', 'linux/amd64']]);
  });
});

describe('compileFlagsFor', () => {
  const db = JSON.stringify([
    { directory: '/ws/build', file: '../src/a.c', command: 'cc -I../include -isystem /opt/x -DUSE_BIG=2 -DFLAG "-DQUOTED=a b" -c ../src/a.c' },
    { directory: '/ws/build', file: '/ws/src/b.c', arguments: ['cc', '-I', '/ws/other', '-c', 'b.c'] },
  ]);
  const fs = memoryFileSystem({ '/ws/compile_commands.json': db });

  it('a source file gets its own -I and -D', () => {
    const f = compileFlagsFor(fs, '/ws', '/ws/src/a.c');
    expect(f.includeDirs).toEqual(['/ws/include', '/opt/x']);
    expect([...f.defines]).toEqual([['USE_BIG', '2'], ['FLAG', '1'], ['QUOTED', 'a b']]);
  });

  it('a header gets every include dir and no macros', () => {
    const f = compileFlagsFor(fs, '/ws', '/ws/src/a.h');
    expect(f.includeDirs).toEqual(['/ws/include', '/opt/x', '/ws/other']);
    expect(f.defines.size).toBe(0);
  });

  it('no database: nothing', () => {
    expect(compileFlagsFor(memoryFileSystem({}), '/ws', '/ws/a.c').includeDirs).toEqual([]);
  });

  it('-include files: a file of the working directory by its path, others by name for the include dirs', () => {
    const fsi = memoryFileSystem({
      '/ws/compile_commands.json': JSON.stringify([{ directory: '/ws/build', file: '/ws/src/c.c', arguments: ['cc', '-include', 'config.h', '-includesetup.h', '/FIwin.h', '-include-pch', 'x.pch', '-c', 'c.c'] }]),
      '/ws/build/config.h': '',
    });
    expect(compileFlagsFor(fsi, '/ws', '/ws/src/c.c').forcedIncludes).toEqual(['/ws/build/config.h', 'setup.h', 'win.h']);
  });
});

describe('layoutCFile: -include files (forcedIncludes)', () => {
  // curl's lib/*.h rely on curl_setup.h, which every .c file includes first; nginx's headers on ngx_core.h, which
  // includes them back (the main file is then also one of the prelude's headers).
  const setup = '#define HAVE_WIDE 1\ntypedef long wide_t;\n#include "a.h"\n';
  const main = 'struct S { char c; wide_t w;\n#ifdef HAVE_WIDE\n  wide_t extra;\n#endif\n};';
  const files = { '/ws/src/setup.h': setup };

  it('types and macros of the -include files are known to the file, before its first line', () => {
    const s = find(run(main, { files, forcedIncludes: ['/ws/src/setup.h'], definesComplete: true }), 'S');
    expect(on(s, 'linux/arm64').fields.map((f) => [f.name, f.offset])).toEqual([['c', 0], ['w', 8], ['extra', 16]]);
  });

  it('a name is looked up in the include dirs', () => {
    const s = find(run(main, { files, forcedIncludes: ['setup.h'], includeDirs: ['/ws/src'], definesComplete: true }), 'S');
    expect(on(s, 'linux/arm64').size).toBe(24);
  });

  it('an -include file that is not there leaves what it could define unknown, even with the whole command line', () => {
    const s = find(run('struct S { char c;\n#ifdef HAVE_WIDE\n  long extra;\n#endif\n};', { forcedIncludes: ['/ws/src/missing.h'], definesComplete: true }), 'S');
    expect(on(s, 'linux/arm64').unresolved).toMatch(/HAVE_WIDE/);
    expect(on(find(run('struct S { char c;\n#ifdef HAVE_WIDE\n  long extra;\n#endif\n};', { definesComplete: true }), 'S'), 'linux/arm64').size).toBe(1);
  });
});

describe('layoutCFile: attribute macros', () => {
  const sameLayout = (a: CStructLayout, b: CStructLayout) => {
    for (const t of ['linux/arm64', 'linux/amd64'] as const) {
      const x = on(a, t), y = on(b, t);
      expect(x.unresolved).toBeNull();
      expect([x.size, x.align, x.fields.map((f) => [f.offset, f.align])]).toEqual([y.size, y.align, y.fields.map((f) => [f.offset, f.align])]);
    }
  };
  const explicit = () => find(run('struct E { char a; int b; short c; } __attribute__((packed));'), 'E');

  it.each([
    ['#define PACKED __attribute__((packed))\nstruct S { char a; int b; short c; } PACKED;', 'S'],
    ['#define __packed __attribute__((__packed__))\n#define PACKED __packed\nstruct S { char a; int b; short c; } PACKED;', 'S'],
    ['#define PACKED __attribute__((packed))\ntypedef struct { char a; int b; short c; } PACKED S;', 'S'],
    ['#define PACKED __attribute__((packed))\nstruct PACKED S { char a; int b; short c; };', 'S'],
  ])('a macro that expands to packed is applied: %s', (src, name) => {
    sameLayout(find(run(src), name), explicit());
  });

  it('a member attribute macro is applied', () => {
    const m = find(run('#define ALIGN8 __attribute__((aligned(8)))\nstruct S { char a; int b ALIGN8; };'), 'S');
    const e = find(run('struct S { char a; int b __attribute__((aligned(8))); };'), 'S');
    sameLayout(m, e);
  });

  it.each([
    ['struct S { char a; int b; } __packed;', '__packed'],
    ['typedef struct { char a; int b; } PACKED S;', 'PACKED'],
    ['struct __packed S { char a; int b; };', '__packed'],
  ])('an attribute macro that is not defined leaves the struct unresolved: %s', (src, macro) => {
    const s = find(run(src), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBe(`layout depends on ${macro}, a macro not defined in the files read`);
  });

  it('a plain variable after the body is not a macro', () => {
    expect(on(find(run('struct S { char a; int b; } instance;'), 'S'), 'linux/arm64').unresolved).toBeNull();
  });
});

describe('layoutCFile: pack pragmas it cannot follow', () => {
  it('a _Pragma("pack") operator before the struct leaves it unresolved', () => {
    const r = run('#define PACK_BEGIN _Pragma("pack(push, 1)")\nPACK_BEGIN\nstruct S { char a; int b; };');
    expect(on(find(r, 'S'), 'linux/arm64').unresolved).toBe('layout depends on PACK_BEGIN (a macro that expands to a pack pragma), which is not modelled');
    const written = run('_Pragma("pack(push, 1)")\nstruct S { char a; int b; };\n_Pragma("pack(pop)")');
    expect(on(find(written, 'S'), 'linux/arm64').unresolved).toBe('layout depends on _Pragma("pack"), which is not modelled');
    const msvc = run('__pragma(pack(push, 1))\nstruct S { char a; int b; };');
    expect(on(find(msvc, 'S'), 'linux/arm64').unresolved).toBe('layout depends on __pragma(pack), which is not modelled');
  });

  // LLVM's Compiler.h defines LLVM_PACKED_START this way and is included by thousands of files that never use it.
  // (Laid out means exact too: test/layout/c/packOperators.test.ts compares these patterns with gcc.)
  const COMPILER_H = '#ifdef _MSC_VER\n#define PACKED_START __pragma(pack(push, 1))\n#else\n#define PACKED_START \\\n  _Pragma("pack(push, 1)")\n#endif\n#define PACKED_END _Pragma("pack(pop)")\n#define OPEN_PACKED PACKED_START\n';
  it('a macro that only defines an operator packs nothing: in the file, or in a header it includes', () => {
    for (const r of [run(`${COMPILER_H}struct S { char a; int b; };\nPACKED_START\nstruct T { char c; };\nPACKED_END\n`),
      run('#include "compiler.h"\nstruct S { char a; int b; };\n', { files: { '/ws/src/compiler.h': COMPILER_H } })]) {
      expect(on(find(r, 'S'), 'linux/arm64').unresolved).toBeNull();
    }
  });

  it('a macro that expands to one, directly or through another, is an operator where code uses it', () => {
    for (const use of ['PACKED_START', 'OPEN_PACKED']) {
      const own = run(`${COMPILER_H}${use}\nstruct S { char a; int b; };\n`);
      expect(on(find(own, 'S'), 'linux/arm64').unresolved).toBe(`layout depends on ${use} (a macro that expands to a pack pragma), which is not modelled`);
      const header = run('#include "compiler.h"\n#include "wire.h"\nstruct S { char a; int b; };\n', {
        files: { '/ws/src/compiler.h': COMPILER_H, '/ws/src/wire.h': `${use}\nstruct W { char c; int d; };\nPACKED_END\n` },
      });
      expect(on(find(header, 'S'), 'linux/arm64').unresolved).toBe('layout depends on a _Pragma/__pragma pack in an included header, which is not modelled');
    }
    // Defined with the operator only for a target not compiled (LLVM's BEGIN_TWO_BYTE_PACK: AIX), it packs nothing there.
    const aix = '#ifdef _WIN32\n#define TWO_BYTE_PACK() __pragma(pack(2))\n#else\n#define TWO_BYTE_PACK()\n#endif\nTWO_BYTE_PACK()\nstruct S { char a; int b; };\n';
    expect(on(find(run(aix), 'S'), 'linux/arm64').unresolved).toBeNull();
    expect(on(find(run(aix, { targets: ['windows/arm64'] }), 'S'), 'windows/arm64').unresolved).toBe('layout depends on TWO_BYTE_PACK (a macro that expands to a pack pragma), which is not modelled');
    // An operator whose argument a macro builds (`_Pragma(#x)`) may be one; a diagnostic pragma is not.
    const built = run('#define DO_PRAGMA(x) _Pragma(#x)\nDO_PRAGMA(pack(push, 1))\nstruct S { char a; int b; };\n');
    expect(on(find(built, 'S'), 'linux/arm64').unresolved).toBe('layout depends on DO_PRAGMA (a macro that expands to a pack pragma), which is not modelled');
    const diagnostic = run('#define QUIET _Pragma("GCC diagnostic push") __pragma(warning(push))\nQUIET\nstruct S { char a; int b; };\n');
    expect(on(find(diagnostic, 'S'), 'linux/arm64').unresolved).toBeNull();
    // Named in a comment or an #if line, it is not used.
    const named = run(`${COMPILER_H}/* PACKED_START */\n#ifdef PACKED_START\n#endif\nstruct S { char a; int b; };\n`);
    expect(on(find(named, 'S'), 'linux/arm64').unresolved).toBeNull();
  });
  it('a #pragma pack under an #if that cannot be evaluated leaves later structs unresolved', () => {
    const r = run('#if USE_PACK\n#pragma pack(1)\n#endif\nstruct S { char a; int b; };');
    expect(on(find(r, 'S'), 'linux/arm64').unresolved).toMatch(/^layout depends on #pragma pack\(1\) under a condition/);
  });
});

describe('layoutCFile: bare macro lines', () => {
  it('structs between __BEGIN_DECLS-style lines are found', () => {
    const r = run('__BEGIN_DECLS\nstruct S { char a; int b; };\nEXTERN_C_END(x) // c\nstruct T { int b; };\n__END_DECLS\n');
    expect(r.map((x) => x.name)).toEqual(['S', 'T']);
    expect(on(find(r, 'S'), 'linux/arm64').unresolved).toBeNull();
  });
  it('a typedef name alone on a line inside a struct is kept', () => {
    const s = find(run('typedef unsigned long long u64;\nstruct S {\n    u64\n        flags;\n    char c;\n};'), 'S');
    expect(on(s, 'linux/arm64').fields.map((f) => f.name)).toEqual(['flags', 'c']);
  });
});

describe('layoutCFile: things it does not follow stay unresolved', () => {
  it('members from an #include inside the body (X-macros)', () => {
    const r = run('#define F(t, n) t n;\nstruct S {\n#include "fields.def"\n};', { files: { '/ws/src/fields.def': 'F(int, a)\nF(char, b)\n' } });
    expect(on(find(r, 'S'), 'linux/arm64').unresolved).toMatch(/members come from #include "fields.def"/);
  });
  it('a macro redefined in the file is used as it stands at each use, unless its directive is undecided', () => {
    // test/layout/c/redefinedMacros.test.ts compares these lookups with gcc.
    const r = run('#define N 4\nstruct A { char x[N]; };\n#undef N\n#define N 8\nstruct B { char y[N]; };');
    expect(on(find(r, 'A'), 'linux/arm64').unresolved).toBeNull();
    expect(on(find(r, 'B'), 'linux/arm64').unresolved).toBeNull();
    const u = run('#define N 4\n#ifdef PROJECT_WIDE\n#undef N\n#define N 8\n#endif\nstruct C { char z[N]; };');
    expect(on(find(u, 'C'), 'linux/arm64').unresolved).toMatch(/array size N cannot be evaluated/);
  });
  it('a #pragma pack inside the body', () => {
    const r = run('struct S {\n#pragma pack(1)\n  char a; int b;\n};');
    expect(on(find(r, 'S'), 'linux/arm64').unresolved).toBe('a #pragma pack inside the struct body is not modelled');
  });
});

describe('layoutCFile: unknown macros next to types', () => {
  it.each([
    ['typedef ALIGN16 struct { int a; } S;', 'ALIGN16'],
    ['ALIGN16 struct S { int a; };', 'ALIGN16'],
  ])('%s is unresolved', (src, macro) => {
    expect(on(find(run(src), 'S'), 'linux/arm64').unresolved).toBe(`layout depends on ${macro}, a macro not defined in the files read`);
  });
  it('inside a body, an unknown macro before `struct` leaves the struct unresolved too', () => {
    const s = find(run('struct S { ALIGNED_STRUCT struct inner i; }; struct inner { int a; };'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toMatch(/ALIGNED_STRUCT/);
  });
  it('known attribute macros and storage classes before the keyword are fine', () => {
    const s = find(run('#define ALIGN16 __attribute__((aligned(16)))\ntypedef ALIGN16 struct { int a; } S;'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBeNull();
    expect(on(s, 'linux/arm64').align).toBe(16);
    expect(on(find(run('static const struct S { int a; } s = { 1 };'), 'S'), 'linux/arm64').unresolved).toBeNull();
  });
});

describe('layoutCFile: #pragma pack in included headers', () => {
  it('a header that leaves a pack in effect makes the includer\'s structs unresolved', () => {
    const files = { '/ws/src/pack1.h': '#pragma pack(push, 1)\n', '/ws/src/packpop.h': '#pragma pack(pop)\n' };
    const s = find(run('#include "pack1.h"\nstruct S { char a; int b; };\n#include "packpop.h"', { files }), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBe('layout depends on a #pragma pack left in effect by pack1.h');
  });
  it('a header with balanced push/pop is harmless', () => {
    const files = { '/ws/src/t.h': '#pragma pack(push, 1)\nstruct P { char a; int b; };\n#pragma pack(pop)\n' };
    const s = find(run('#include "t.h"\nstruct S { char a; int b; };', { files }), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBeNull();
  });
});

describe('layoutCFile: inputs past what is followed are unresolved with the reason, never a wrong size', () => {
  const chain = (n: number, body: (k: number) => string) => Array.from({ length: n }, (_, k) => `#define A${k + 1} ${body(k)}`).join('\n');

  it('an unclosed #include "..." does not run into the next lines', () => {
    const files = { '/ws/src/t.h': 'struct T { long l; };\n' };
    const s = find(run('#include "x\n#include "t.h"\nstruct S { struct T t; char c; };', { files }), 'S');
    expect(on(s, 'linux/arm64').size).toBe(16);
  });

  it('a sizeof of the struct in its own attributes has no answer (it was taken as 0)', () => {
    const s = find(run('struct __attribute__((aligned(sizeof(struct S)))) S { int x; };\nstruct T { struct S s; };'), 'T');
    expect(on(s, 'linux/arm64').size).toBeNull();
    expect(on(s, 'linux/arm64').unresolved).toMatch(/cannot be evaluated/);
  });

  it('sizes past what the target allows or what is computed exactly are unresolved', () => {
    const big = find(run('struct S { char c; char a[1L << 40][1 << 20]; };'), 'S');
    expect(on(big, 'linux/arm64').unresolved).toBe('the size exceeds 2^50 bytes, which is not computed exactly');
    const r = run('struct T { char a[0x80000000]; };', { targets: ['linux/arm64', 'linux/arm'] });
    expect(on(find(r, 'T'), 'linux/arm64').size).toBe(2 ** 31);
    expect(on(find(r, 'T'), 'linux/arm').unresolved).toBe('the size exceeds 2^31 - 1 bytes, the largest object on linux/arm');
  });

  it('a macro used three times per link is evaluated once per macro (an enumerator value is not expanded first)', () => {
    const text = '#define A0 1\n' + chain(24, (k) => `(A${k} + A${k} - A${k})`) + '\nenum { V = A24 };\nstruct S { char b[V]; };';
    expect(on(find(run(text), 'S'), 'linux/arm64').size).toBe(1);
  });

  it('a function-like macro expands each argument once', () => {
    const text = '#define E\n#define F(x) x x x x\nstruct S { char b[' + 'F('.repeat(14) + 'E' + ')'.repeat(14) + ' 1]; };';
    expect(on(find(run(text), 'S'), 'linux/arm64').size).toBe(1);
  });

  it('an expansion past 100,000 tokens is unresolved', () => {
    const text = '#define F(x) (x + x - x)\nstruct S { char b[' + 'F('.repeat(12) + '1' + ')'.repeat(12) + ']; };';
    expect(on(find(run(text), 'S'), 'linux/arm64').unresolved).toBe('macro expansion larger than 100000 tokens');
  });

  it('macros nested deeper than followed say so; a macro referring to itself is not a constant', () => {
    const deep = '#define A0 1\n' + chain(60, (k) => `(A${k} + 1)`) + '\nstruct S { char b[A60]; };';
    expect(on(find(run(deep), 'S'), 'linux/arm64').unresolved).toBe('macro nesting deeper than 32 levels');
    expect(on(find(run('#define X (X + 1)\nstruct S { char b[X]; };'), 'S'), 'linux/arm64').unresolved).toMatch(/array size .* cannot be evaluated/);
  });

  it('_Atomic(...) nested past the limit is unresolved', () => {
    const s = find(run('struct S { ' + '_Atomic('.repeat(300) + 'int' + ')'.repeat(300) + ' x; };'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBe('type nesting deeper than 256 levels');
  });

  it('a struct first needed too deep is read again where it is needed shallowly', () => {
    const files = { '/ws/src/t.h': 'struct T { long l; };\n' };
    const deep = 'struct D { ' + 'struct { '.repeat(300) + 'struct T t; ' + '} x; '.repeat(300) + '};\n';
    const r = run('#include "t.h"\n' + deep + 'struct U { struct T t; char c; };', { files });
    expect(on(find(r, 'D'), 'linux/arm64').unresolved).toBe('struct nesting deeper than 256 levels');
    expect(on(find(r, 'U'), 'linux/arm64').size).toBe(16);
  });
});

describe('layoutCFile: member lists, includes and C library types', () => {
  it('a member list that cannot be read to its end makes the struct unresolved, never smaller', () => {
    const s = find(run('struct S {\n  void *data;\n  UNKNOWN_FIELDS\n};'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toMatch(/UNKNOWN_FIELDS/);
    expect(on(s, 'linux/arm64').size).toBeNull();
    const t = find(run('struct T {\n  UNKNOWN_FIELDS\n};'), 'T');
    expect(on(t, 'linux/arm64').unresolved).toMatch(/UNKNOWN_FIELDS/);
  });

  it('a macro that writes several members gives all of them, and withholds the reorder', () => {
    // The offsets themselves are checked against the compilers (test/layout/c/fixtures/member_lists.h).
    const s = find(run('#define F char a; long b; char c;\nstruct S {\n  F\n  short d;\n};'), 'S');
    expect(on(s, 'linux/arm64').unresolved).toBeNull();
    expect(on(s, 'linux/arm64').fields.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.reorderable).toBe(false);
    expect(s.notReorderableReason).toBe('members written by a macro');
  });

  it('a header included only under a false #if is not read for the target; found by its folder path', () => {
    const files = {
      '/ws/include/uv/unix.h': '#define PRIV_FIELDS int fd;\n',
      '/ws/include/uv/win.h': '#define PRIV_FIELDS long long h[4];\n',
    };
    const text = '#ifdef _WIN32\n# include "uv/win.h"\n#else\n# include "uv/unix.h"\n#endif\nstruct S { PRIV_FIELDS char c; };';
    const s = find(run(text, { path: '/ws/include/uv.h', files, targets: ['linux/arm64', 'windows/arm64'] }), 'S');
    expect(on(s, 'linux/arm64').fields.map((f) => f.name)).toEqual(['fd', 'c']);
    expect(on(s, 'windows/arm64').fields.map((f) => f.name)).toEqual(['h', 'c']);
  });

  it('C library types get the target compiler\'s size; 32-bit off_t only when the files or flags say which', () => {
    const text = '#include <sys/types.h>\n#include <pthread.h>\nstruct S { pthread_mutex_t m; struct sockaddr_in a; off_t o; };';
    const targets: TargetId[] = ['linux/arm64', 'linux/arm', 'windows/arm64'];
    // Member sizes are the compilers' (libcTypes.json, checked by test/layout/c/libcTypes.test.ts).
    const sizes = (s: CStructLayout, t: TargetId) => on(s, t).fields.map((f) => f.size);
    const table = (t: string, key: string, variant?: string): number => {
      const e = (LIBC.targets as Record<string, Record<string, unknown>>)[t][key] as [number, number] | Record<string, [number, number]>;
      return Array.isArray(e) ? e[0] : e[variant!][0];
    };
    const s = find(run(text, { targets }), 'S');
    expect(sizes(s, 'linux/arm64')).toEqual([table('linux/arm64', 'pthread_mutex_t'), table('linux/arm64', 'struct sockaddr_in'), table('linux/arm64', 'off_t')]);
    expect(on(s, 'linux/arm').unresolved).toMatch(/off_t on linux\/arm depends on _FILE_OFFSET_BITS/);
    expect(on(s, 'windows/arm64').unresolved).toBe('size unknown because pthread_mutex_t is not found');
    const lfs = find(run(`#define _FILE_OFFSET_BITS 64\n${text}`, { targets }), 'S');
    expect(sizes(lfs, 'linux/arm')[2]).toBe(table('linux/arm', 'off_t', 'fob64'));
    // A compile_commands.json entry is the whole command line: no -D_FILE_OFFSET_BITS means the default.
    const db = find(run(text, { targets, defines: new Map(), definesComplete: true }), 'S');
    expect(sizes(db, 'linux/arm')[2]).toBe(table('linux/arm', 'off_t', 'default'));
    expect(table('linux/arm', 'off_t', 'default')).not.toBe(table('linux/arm', 'off_t', 'fob64'));
  });

  it('a project type of the same name wins over the C library table', () => {
    const s = find(run('typedef char FILE;\nstruct S { FILE f; };'), 'S');
    expect(on(s, 'linux/arm64').fields[0].size).toBe(on(find(run('struct S { char f; };'), 'S'), 'linux/arm64').fields[0].size);
  });
});
