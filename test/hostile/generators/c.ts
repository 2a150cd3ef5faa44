// Hostile C and C++ inputs, one growing dimension per series. Every file starts with `struct W`, a plain
// wasteful struct whose c-struct-padding finding must survive whatever follows it in the same file.
import type { HostileSeries } from '../harness';

export const W = 'struct W { char a; long b; char c; };\n';

const rep = (s: string, n: number) => s.repeat(n);
const lines = (n: number, f: (k: number) => string) => Array.from({ length: n }, (_, k) => f(k)).join('\n') + '\n';
const DEPTH = [250, 500, 1000, 2000, 4000];
const COUNT = [1000, 2000, 4000, 8000, 16000];

export const series: HostileSeries[] = [
  {
    // The reported bug: anonymous structs nested n deep, on one line.
    name: 'c: struct nesting depth',
    files: (n) => ({ 'd.h': W + 'struct D { ' + rep('struct { ', n) + 'int x; ' + rep('} x; ', n) + '};\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: named struct nesting depth',
    files: (n) => ({ 'n.h': W + lines(n, (k) => `struct N${k} {`) + 'int x;\n' + lines(n, (k) => `} n${n - 1 - k};`).replace(/ n0;\n$/, ';\n') }),
    bench: DEPTH,
  },
  {
    name: 'c++: class nesting',
    files: (n) => ({ 'c.hpp': W + lines(n, (k) => `class C${k} { public:`) + 'int x;\n' + lines(n, (k) => `} c${n - 1 - k};`).replace(/ c0;\n$/, ';\n') }),
    bench: DEPTH,
  },
  {
    // Each struct holds two of the previous one: laid out once per type, never 2^n times; sizes beyond what is
    // computed exactly are unresolved.
    name: 'c: named structs nested by value',
    files: (n) => ({ 'v.h': W + 'struct S0 { char c; long l; };\n' + lines(n, (k) => `struct S${k + 1} { struct S${k} a, b; char c; };`) }),
    bench: [250, 500, 1000, 2000, 4000],
  },
  {
    // A chain of structs in a header, used from the main file by its last link only.
    name: 'c: struct chain in a header',
    files: (n) => ({
      'main.h': W + `#include "chain.h"\nstruct M { struct S${n} s; char c; };\n`,
      'chain.h': 'struct S0 { long l; };\n' + lines(n, (k) => `struct S${k + 1} { struct S${k} a; char c; };`),
    }),
    bench: DEPTH,
  },
  {
    name: 'c: typedef chain',
    files: (n) => ({ 't.h': W + 'typedef struct { char c; long l; } T0;\n' + lines(n, (k) => `typedef T${k} T${k + 1};`) + `struct U { T${n} t; char c; };\n` }),
    bench: DEPTH,
  },
  {
    // int (*(*(*x)[1])[1])...: a pointer, whatever the depth.
    name: 'c: declarator nesting',
    files: (n) => ({ 'p.h': W + 'struct P { char c; int ' + rep('(*', n) + 'x' + rep(')[1]', n) + '; };\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: array dimensions',
    files: (n) => ({ 'a.h': W + 'struct A { char c; char x' + rep('[1]', n) + '; };\n' }),
    bench: COUNT,
  },
  {
    name: 'c: parenthesis depth in array size',
    files: (n) => ({ 'ps.h': W + 'struct B { char buf[' + rep('(', n) + '1' + rep(')', n) + ']; long l; };\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: parenthesis depth in #if',
    files: (n) => ({ 'pi.h': W + '#if ' + rep('(', n) + '1' + rep(')', n) + '\nstruct G { char a; long b; };\n#endif\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: unary operator depth',
    files: (n) => ({ 'u.h': W + '#if ' + rep('- ', n) + '1\nstruct G { char a; long b; };\n#endif\nstruct B { char buf[' + rep('- ', 2 * n) + '1]; };\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: #if nesting',
    files: (n) => ({ 'if.h': W + rep('#if 1\n', n) + 'struct G { char a; long b; };\n' + rep('#endif\n', n) + 'struct B {\n' + rep('#ifdef __aarch64__\n', n) + 'int x;\n' + rep('#endif\n', n) + '};\n' }),
    bench: DEPTH,
  },
  {
    // Each link uses the previous one three times: expanding or evaluating without memoisation is 3^n.
    name: 'c: #define chain',
    files: (n) => ({ 'def.h': W + '#define A0 1\n' + lines(n, (k) => `#define A${k + 1} (A${k} + A${k} - A${k})`) + `#if A${n}\nstruct G { char a; long b; };\n#endif\nstruct M { char buf[A${n}]; };\n` }),
    bench: DEPTH,
  },
  {
    name: 'c: self-referential macros',
    files: (n) => ({
      'self.h': W + lines(n, (k) => `#define X${k} (X${k} + Y${k} + X${k})\n#define Y${k} (X${k} * Y${k})\n#define F${k}(a) F${k}(a) + a + a`)
        + lines(n, (k) => `#if X${k}\n#endif\nstruct R${k} { char buf[X${k}]; int f[F${k}(Y${k})]; };`),
    }),
    bench: [125, 250, 500, 1000, 2000],
  },
  {
    // F(F(F(...1...))) with an argument used three times: 3^n tokens when arguments are re-expanded.
    name: 'c: macro argument nesting',
    files: (n) => ({ 'arg.h': W + '#define F(x) (x + x - x)\n#define ID(x) x\n' + `struct Q { char buf[${rep('F(', n)}1${rep(')', n)}]; int y[${rep('ID(', n)}1${rep(')', n)}]; };\n` }),
    bench: DEPTH,
  },
  {
    name: 'c: enumerators',
    files: (n) => ({ 'e.h': W + 'enum E { E0 = 0,\n' + lines(n, (k) => `  E${k + 1} = E${k} + 1,`) + '};\n' + lines(n, (k) => `enum F${k} { G${k} = H${k} };`) + `struct M { char buf[E${n}]; };\n` }),
    bench: COUNT,
  },
  {
    // Enums that refer to the next one: evaluated on demand, a chain of n.
    name: 'c: enum chain',
    files: (n) => ({ 'ec.h': W + lines(n, (k) => `enum K${k} { K${k}_v = K${k + 1}_v + 1 };`) + `enum K${n} { K${n}_v = 0 };\nstruct M { char buf[K0_v]; };\n` }),
    bench: DEPTH,
  },
  {
    // C++ constants that each refer to the one before, in a namespace: a chain of n, evaluated on demand.
    name: 'c++: constant chain',
    files: (n) => ({ 'cc.hpp': W + 'namespace ns {\nconst int C0 = 1;\n' + lines(n, (k) => `static const int C${k + 1} = C${k} + 1;`) + `struct M { char buf[ns::C${n}]; };\n}\n` }),
    bench: DEPTH,
  },
  {
    name: 'c: struct fields',
    files: (n) => ({ 'f.h': W + 'struct F {\n' + lines(n, (k) => `  /* field ${k} */\n  char a${k};\n  long b${k};`) + '};\n' }),
    bench: COUNT,
  },
  {
    name: 'c: #pragma pack directives',
    files: (n) => ({ 'pack.h': W + lines(n, (k) => `#pragma pack(push, ${1 << (k % 4)})\nstruct P${k} { char a; long b; };\n#pragma pack(pop)`) }),
    bench: COUNT,
  },
  {
    // Everything the C rules look at, n times on one line.
    name: 'c: one long line',
    files: (n) => ({
      'line.c': W + '#include <stdio.h>\n' + rep('struct L { char a; long b; }; static void f(unsigned char *p) { char c = getchar(); if (c == EOF) {} '
        + 'long double x = 1; int v = *(int *)(p + 1); __sync_fetch_and_add(&v, 1); __asm__("pause"); __cpuid(1, v, v, v, v); '
        + 'if (__builtin_cpu_supports("avx2")) {} _mm_pause(); fwrite(p, sizeof(struct L), 1, 0); } ', n) + '\n',
    }),
    bench: [250, 500, 1000, 2000, 4000],
  },
  {
    name: 'c: unbalanced parentheses',
    files: (n) => ({
      'open.c': W + '#define F(x) x\n#define OPEN ' + rep('F( ', n) + '1\nstruct U { char b[OPEN]; long l; };\n'
        + rep('__asm__( __sync_fetch_and_add( __builtin_cpu_supports( __attribute__((target("avx2"))) _mm_add_ps( ', n) + '\n',
    }),
    bench: COUNT,
  },
  {
    name: 'c: long lines',
    files: (n) => ({ 'll.h': W + 'struct LL { char a; long b; };' + rep(' ', n * 64) + '\n#define SPACES' + rep(' ', n * 64) + 'x\n' + 'A' + rep(' ', n * 64) + 'x\n' + '#include <' + rep('a', n * 64) + '\n' }),
    bench: COUNT,
  },
  {
    name: 'c: backslash-continued macro',
    files: (n) => ({ 'bs.h': W + '#define BIG 0 \\\n' + lines(n, () => ' + 1 \\').replace(/\\\n$/, '\n') + `struct M { char buf[BIG]; };\n#if BIG\nstruct G { char a; long b; };\n#endif\n` }),
    bench: COUNT,
  },
  {
    // A ring of headers, each including the next and the first; the main file includes the first n times and
    // copies a struct as raw bytes, so the headers' structs are laid out too.
    name: 'c: include cycle',
    files: (n) => {
      const files: Record<string, string> = { 'inc.c': W + rep('#include "h0.h"\n', n) + 'void f(void) { struct W w; fwrite(&w, sizeof(struct W), 1, 0); }\n' };
      for (let k = 0; k < n; k++) files[`h${k}.h`] = `#include "h${(k + 1) % n}.h"\n#include "h0.h"\nstruct H${k} { char a; long b; };\n`;
      return files;
    },
    bench: [256, 512, 1024, 2048, 4096],
  },
  {
    // Blocks nested n deep inside a function, with a plain char compared with EOF at the bottom.
    name: 'c: block nesting in a function',
    files: (n) => ({ 'blk.c': W + 'int getchar(void);\nvoid f(void) { char c = getchar(); long double z = 1; ' + rep('{ ', n) + 'if (c == -1) {} z = z * 2; ' + rep('} ', n) + '}\n' }),
    bench: DEPTH,
  },
  {
    name: 'c: #error in nested #if',
    files: (n) => ({ 'err.h': W + lines(n, (k) => `#if defined(__x86_64__)\n#else\n#error "unsupported architecture ${k}"`) + rep('#endif\n', n) }),
    bench: DEPTH,
  },
  {
    // Calls the C rules look into, nested n deep.
    name: 'c: nested calls',
    files: (n) => ({
      'calls.c': W + 'int v;\nvoid f(void) {\n  ' + rep('__sync_fetch_and_add(&v, ', n) + '1' + rep(')', n) + ';\n  '
        + rep('__asm__("pause" : : "r"(', n) + 'v' + rep('))', n) + ';\n  if (' + rep('__builtin_cpu_supports(', n) + '"avx2"' + rep(')', n) + ') {}\n}\n',
    }),
    bench: DEPTH,
  },
  {
    // Functions inside local classes inside functions (C++), n deep, with a plain char compared with EOF in each.
    name: 'c++: functions nested in functions',
    files: (n) => ({ 'fn.cpp': W + 'int getchar();\n' + rep('void f() { char c = getchar(); if (c == -1) {} struct L { ', n) + rep('}; }\n', n) }),
    bench: DEPTH,
  },
];
