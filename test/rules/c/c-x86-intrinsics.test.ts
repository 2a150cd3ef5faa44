import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-x86-intrinsics';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const valid: { name: string; path?: string; text: string }[] = [
  { name: 'guarded by __x86_64__', text: '#if defined(__x86_64__)\n#include <immintrin.h>\nstatic __m256i v;\nint f(void) { return _mm256_extract_epi32(v, 0); }\n#endif\n' },
  { name: 'guarded by __SSE2__ (not defined on arm64)', text: '#ifdef __SSE2__\n#include <emmintrin.h>\n#endif\n' },
  { name: 'elif chain with a NEON branch', text: '#if defined(__aarch64__)\n#include <arm_neon.h>\n#elif defined(__AVX2__)\n#include <immintrin.h>\nvoid f(void) { _mm256_zeroupper(); }\n#endif\n' },
  { name: 'a project macro we cannot evaluate: unknown, so silent', text: '#if HAVE_AVX2\n#include <immintrin.h>\n#endif\n' },
  { name: 'MSVC-only branch', text: '#ifdef _MSC_VER\n#include <intrin.h>\nvoid f(void) { __m128 x = _mm_setzero_ps(); }\n#endif\n' },
  { name: 'sse2neon provides the names', text: '#include "sse2neon.h"\nvoid f(void) { __m128 x = _mm_setzero_ps(); (void)x; }\n' },
  { name: 'names in comments and strings', text: '// _mm_add_ps is SSE\nconst char *s = "_mm256_add_ps";\n' },
  { name: 'inside a target("avx2") function (reported by c-x86-cpuid instead)', text: '__attribute__((target("avx2"))) static void f(void) { _mm256_zeroupper(); }\n' },
  { name: 'a #define body (compiled only where expanded)', text: '#define ZERO() _mm256_zeroupper()\n' },
  { name: 'x86-only file by path', path: 'src/x86/crc_sse42.c', text: '#include <nmmintrin.h>\n' },
  { name: 'Go file-name constraint', path: 'src/crc_amd64.c', text: '#include <nmmintrin.h>\n' },
  { name: 'a header fragment relying on its includer (libsodium u8.h)', path: 'src/u8.h', text: 'if (bytes >= 512) { __m256i x = _mm256_set1_epi32(1); }\n' },
  { name: 'unbalanced #if does not crash', text: '#if defined(__x86_64__)\n#include <immintrin.h>\n#else\n#endif\n#endif\n#if\n' },
];

describe('c-x86-intrinsics', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: c.path ?? 'src/a.c', text: c.text })).toEqual([]); });

  it('invalid: unguarded include, intrinsic and type (each name once)', () => {
    const text = '#include <immintrin.h>\n__m256 f(__m256 a) { return _mm256_add_ps(a, _mm256_add_ps(a, a)); }\n';
    const f = runRule(rule, { path: 'src/a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['1:1-1:23', '2:1-2:7', '2:29-2:42']);
    expect(f[1].message).toMatch(/__m256 is an x86 AVX vector type \(used 2 times/);
    expect(f[2].message).toMatch(/_mm256_add_ps is an x86 AVX intrinsic \(used 2 times.*linux\/arm64/);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
  });
  it('invalid: x86 branch taken because the chain has an #else, with sse2neon suggestion that parses', () => {
    const text = '#if defined(__powerpc__)\n#include <altivec.h>\n#else\n#include <emmintrin.h>\n#endif\n';
    const f = runRule(rule, { path: 'src/a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:1-4:23']);
    expect(f[0].fixes.map((x) => x.kind)).toEqual(['suggest', 'suggest']);
    const fixed = applyFixes(text, f[0].fixes[1]);
    expect(fixed).toContain('#include "sse2neon.h"');
    expect(runRule(rule, { path: 'src/a.c', text: fixed })).toEqual([]);
    const tree = parseText('c', fixed);
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
  });
  it('invalid: a header that includes the x86 header itself', () => {
    const text = '#include <immintrin.h>\nstatic inline __m128 z(void) { return _mm_setzero_ps(); }\n';
    expect(runRule(rule, { path: 'src/simd.h', text }).map((x) => rangeOf(text, x))).toEqual(['1:1-1:23', '2:15-2:21', '2:39-2:53']);
  });
  it('invalid: BMI and RDRAND intrinsics in C++', () => {
    const text = 'unsigned f(unsigned x) { unsigned r; _rdrand32_step(&r); return _pext_u32(x, r); }\n';
    const f = runRule(rule, { path: 'src/a.cpp', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['1:38-1:52', '1:65-1:74']);
  });
  it('invalid: in a cgo preamble, at Go-file offsets', () => {
    const text = 'package p\n\n/*\n#include <xmmintrin.h>\n*/\nimport "C"\n';
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:1-4:23']);
  });
  it('silent when only x86 targets are enabled', () => {
    expect(runRule(rule, { path: 'src/a.c', text: '#include <immintrin.h>\n', config: { targets: ['linux/amd64'] } })).toEqual([]);
  });
});
