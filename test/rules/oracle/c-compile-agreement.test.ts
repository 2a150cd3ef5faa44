// Agreement with an AArch64 C compiler: the error/warning-level C source rules report something exactly when
// aarch64-linux-gnu-gcc fails to compile and assemble the file. Skipped when the cross compiler is missing
// (scripts/install-test-tools.sh installs it).
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as intrinsics } from '../../../server/src/rules/c/c-x86-intrinsics';
import { rule as inlineAsm } from '../../../server/src/rules/c/c-x86-inline-asm';
import { rule as archError } from '../../../server/src/rules/c/c-arch-error-unguarded';
import { rule as cpuid } from '../../../server/src/rules/c/c-x86-cpuid';
import { ready, runRules } from '../../helpers/ruleTester';

const CC = 'aarch64-linux-gnu-gcc';
const hasCC = spawnSync(CC, ['--version']).status === 0;
// test/oracle/c/install.sh installs the compiler: without it the check is skipped with a warning, and fails under CI.
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (!hasCC && !inCI) console.warn(`C compile agreement test SKIPPED: no ${CC} (test/oracle/c/install.sh)`);

const cases: { name: string; text: string }[] = [
  { name: 'unguarded immintrin.h', text: '#include <immintrin.h>\nint x;\n' },
  { name: 'guarded immintrin.h', text: '#if defined(__x86_64__)\n#include <immintrin.h>\n#endif\nint x;\n' },
  { name: 'NEON branch first', text: '#if defined(__aarch64__)\n#include <arm_neon.h>\n#elif defined(__SSE2__)\n#include <emmintrin.h>\n#endif\nint x;\n' },
  { name: 'x86 #else branch', text: '#if defined(__powerpc__)\n#include <altivec.h>\n#else\n#include <emmintrin.h>\n#endif\nint x;\n' },
  { name: 'unknown project macro (0 for gcc)', text: '#if HAVE_AVX2\n#include <immintrin.h>\n#endif\nint x;\n' },
  { name: 'pause asm', text: 'void f(void) { __asm__ __volatile__("pause" ::: "memory"); }\n' },
  { name: 'compiler barrier and nop', text: 'void f(void) { __asm__ __volatile__("" ::: "memory"); __asm__("nop"); __asm__(".p2align 6"); }\n' },
  { name: 'yield asm', text: 'void f(void) { __asm__ __volatile__("yield" ::: "memory"); }\n' },
  { name: 'x86 register', text: 'int f(int x) { __asm__("movl %%eax, %0" : "=r"(x)); return x; }\n' },
  { name: 'guarded rdtsc', text: '#if defined(__x86_64__)\nunsigned long long t(void) { unsigned lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((unsigned long long)hi << 32) | lo; }\n#endif\nint x;\n' },
  { name: '#error without aarch64 branch', text: '#if defined(__x86_64__)\n#define A 1\n#elif defined(__powerpc64__)\n#define A 2\n#else\n#error "unsupported architecture"\n#endif\n' },
  { name: '#error with aarch64 branch', text: '#if defined(__x86_64__)\n#define A 1\n#elif defined(__aarch64__)\n#define A 2\n#else\n#error "unsupported architecture"\n#endif\nint x;\n' },
  { name: 'cpuid.h', text: '#include <cpuid.h>\nint x;\n' },
  { name: 'target("avx2")', text: '__attribute__((target("avx2"))) int f(int x) { return x + 1; }\n' },
  { name: 'target("+crc")', text: '__attribute__((target("+crc"))) int f(int x) { return x + 1; }\n' },
  { name: '#pragma GCC target sse4.2', text: '#pragma GCC target("sse4.2")\nint x;\n' },
  { name: 'guarded __builtin_cpu_supports', text: 'int f(void) {\n#if defined(__x86_64__)\n  if (__builtin_cpu_supports("avx2")) return 1;\n#endif\n  return 0;\n}\n' },
  { name: 'unguarded __builtin_cpu_supports', text: 'int f(void) { return __builtin_cpu_supports("avx2"); }\n' },
];

describe.skipIf(!hasCC && !inCI)(`C rules agree with ${CC}`, () => {
  beforeAll(async () => {
    if (!hasCC) throw new Error(`${CC} missing under CI: test/oracle/c/install.sh must install it`);
    await ready();
  });
  for (const c of cases) it(c.name, () => {
    const r = spawnSync(CC, ['-c', '-x', 'c', '-', '-o', '/dev/null', '-Werror=implicit-function-declaration'], { input: c.text });
    const compileFails = r.status !== 0;
    const found = runRules([intrinsics, inlineAsm, archError, cpuid], { path: 'src/a.c', text: c.text });
    expect({ name: c.name, reported: found.length > 0 }).toEqual({ name: c.name, reported: compileFails });
    if (process.env.SHOW) console.log(c.name, compileFails);
  });
});
