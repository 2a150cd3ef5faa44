// c-x86-intrinsics and SIMDe 0.7.4: the per-intrinsic advice (NEON-native, portable fallback, no-op, no translation)
// and the "Use SIMDe on non-x86" fix. The fixed files are compiled with aarch64-linux-gnu-gcc against the headers of
// Debian's libsimde-dev (scripts/gen-simde-table.mjs --include downloads and unpacks it) and with x86_64-linux-gnu-gcc,
// whose preprocessor must see the same tokens as before the fix. Skipped when a compiler or the package is missing,
// failed under CI.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-x86-intrinsics';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { missingTools } from '../../helpers/cOracle';
import { applyFixes, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const ROOT = path.resolve(__dirname, '../../..');
const inCI = !!process.env.CI && process.env.CI !== 'false';

/** Fixable files, the SIMDe header the fix must pick, and the x86-64 flags the original needs. */
const FIXABLE: { name: string; file: string; text: string; header: string; x86: string[] }[] = [
  { name: 'SSE2 with <emmintrin.h>', file: 'src/sum.c', header: 'x86/sse2.h', x86: [],
    text: '#include <stdint.h>\n#include <emmintrin.h>\n\nvoid add16(uint8_t *d, const uint8_t *a, const uint8_t *b) {\n' +
      '    __m128i x = _mm_loadu_si128((const __m128i *)a);\n    _mm_storeu_si128((__m128i *)d, _mm_add_epi8(x, _mm_loadu_si128((const __m128i *)b)));\n}\n' },
  { name: 'AVX2 with <immintrin.h>', file: 'src/add8.c', header: 'x86/avx2.h', x86: ['-mavx2'],
    text: '#include <immintrin.h>\n\nvoid add8(int *d, const int *a, const int *b) {\n' +
      '    __m256i x = _mm256_loadu_si256((const __m256i *)a), y = _mm256_loadu_si256((const __m256i *)b);\n' +
      '    _mm256_storeu_si256((__m256i *)d, _mm256_add_epi32(x, y));\n}\n' },
  { name: 'two SSE includes and _MM_SHUFFLE', file: 'src/shuf.c', header: 'x86/sse2.h', x86: [],
    text: '#include <xmmintrin.h>\n#include <emmintrin.h>\n\nfloat first(const float *p) {\n' +
      '    __m128 v = _mm_shuffle_ps(_mm_loadu_ps(p), _mm_loadu_ps(p), _MM_SHUFFLE(0, 1, 2, 3));\n' +
      '    return _mm_cvtss_f32(_mm_castsi128_ps(_mm_castps_si128(v)));\n}\n' },
  { name: 'SSE4.1 in C++', file: 'src/blend.cpp', header: 'x86/sse4.1.h', x86: ['-msse4.1'],
    text: '#include <smmintrin.h>\n\nextern "C" __m128i pick(__m128i a, __m128i b, __m128i m) { return _mm_blendv_epi8(a, b, m); }\n' },
  { name: 'a header with an include guard, and a spin-wait _mm_pause', file: 'src/spin.h', header: 'x86/sse2.h', x86: [],
    text: '#ifndef SPIN_H\n#define SPIN_H\n#include <emmintrin.h>\nstatic inline void spin(volatile int *f) { while (!*f) _mm_pause(); }\n#endif\n' },
];

/** Reported, but no SIMDe fix. */
const NO_FIX: { name: string; text: string }[] = [
  { name: '_mm_malloc (not in SIMDe)', text: '#include <immintrin.h>\nvoid *f(void) { __m128 z = _mm_setzero_ps(); (void)z; return _mm_malloc(64, 16); }\n' },
  { name: '_mm_hsubd_epi8 (SIMDe aliases it, but defines no simde_mm_hsubd_epi8)', text: '#include <x86intrin.h>\n__m128i f(__m128i a) { return _mm_hsubd_epi8(a); }\n' },
  { name: 'a __builtin_ia32 call next to covered intrinsics', text: '#include <emmintrin.h>\nvoid f(void) { __m128i z = _mm_setzero_si128(); (void)z; __builtin_ia32_pause(); }\n' },
  { name: 'an uncovered name in a #define body (compiled where expanded)', text: '#include <emmintrin.h>\n#define ALLOC(n) _mm_malloc(n, 16);\n__m128i z(void) { return _mm_setzero_si128(); }\n' },
  { name: 'an uncovered name in a branch we cannot evaluate', text: '#include <emmintrin.h>\n__m128i z(void) { return _mm_setzero_si128(); }\n#if HAVE_MALLOC\nvoid *f(void) { return _mm_malloc(64, 16); }\n#endif\n' },
  { name: 'the include shares its line with a comment', text: '#include <emmintrin.h> /* SSE2 */\n__m128i z(void) { return _mm_setzero_si128(); }\n' },
  { name: 'an x86 target attribute elsewhere in the file', text: '#include <immintrin.h>\n__m128i z(void) { return _mm_setzero_si128(); }\n__attribute__((target("avx2"))) void g(void) { _mm256_zeroupper(); }\n' },
  { name: 'an include without intrinsics', text: '#include <emmintrin.h>\nint f(void) { return 0; }\n' },
];

const simdeFixOf = (text: string, file = 'src/t.c') => {
  const found = runRule(rule, { path: file, text });
  return { found, fix: found.flatMap((f) => f.fixes).find((x) => x.title.startsWith('Use SIMDe')) };
};
const messageOf = (text: string, name: string) => runRule(rule, { path: 'src/t.c', text }).find((f) => f.message.startsWith(`${name} `))?.message;

describe('c-x86-intrinsics: what SIMDe 0.7.4 does with each intrinsic', () => {
  const text = '#include <immintrin.h>\nvoid f(unsigned char *p, volatile int *s) {\n  __m128i v = _mm_loadu_si128((const __m128i *)p);\n' +
    '  v = _mm_add_epi8(v, v);\n  while (!*s) _mm_pause();\n  _mm_storeu_si128((__m128i *)p, v);\n  _mm_free(_mm_malloc(64, 16));\n}\n';
  it('NEON-native', () => { expect(messageOf(text, '_mm_add_epi8')).toMatch(/SIMDe provides it \(NEON-native\), in <simde\/x86\/sse2\.h>/); });
  it('portable fallback', () => { expect(messageOf(text, '_mm_loadu_si128')).toMatch(/SIMDe provides it \(portable fallback, no NEON path\), in <simde\/x86\/sse2\.h>/); });
  it('a no-op on AArch64', () => { expect(messageOf(text, '_mm_pause')).toMatch(/SIMDe provides it \(as a no-op on AArch64\)/); });
  it('no translation', () => { expect(messageOf(text, '_mm_malloc')).toMatch(/No translation in SIMDe 0\.7\.4: put it behind an x86 #if/); });
  it('a vector type', () => { expect(messageOf(text, '__m128i')).toMatch(/vector type.*SIMDe provides it, in <simde\/x86\/sse2\.h>/); });
  it('no SIMDe fix when a name has no translation', () => { expect(simdeFixOf(text).fix).toBeUndefined(); });
});

describe('c-x86-intrinsics: the SIMDe fix', () => {
  for (const c of FIXABLE) {
    it(`fix: ${c.name}`, () => {
      const { found, fix } = simdeFixOf(c.text, c.file);
      expect(fix, 'a SIMDe fix').toBeDefined();
      expect(fix!.kind, 'a new dependency: not for fix-all').toBe('suggest');
      // Offered on the include and on every intrinsic finding.
      expect(found.every((f) => f.fixes.includes(fix!))).toBe(true);
      const fixed = applyFixes(c.text, fix!);
      expect(fixed).toContain(`#else\n#define SIMDE_ENABLE_NATIVE_ALIASES\n#include <simde/${c.header}>\n#endif`);
      for (const line of c.text.split('\n')) expect(fixed.split('\n')).toContain(line);
      expect(runRule(rule, { path: c.file, text: fixed })).toEqual([]);
      const tree = parseText(c.file.endsWith('.cpp') ? 'cpp' : 'c', fixed);
      expect(tree.rootNode.hasError).toBe(false);
      tree.delete();
    });
  }
  it('the fix of the AVX2 file, as the docs page shows it', () => {
    expect(applyFixes(FIXABLE[1].text, simdeFixOf(FIXABLE[1].text).fix!).split('\n').slice(0, 7).join('\n')).toBe(
      '#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)\n#include <immintrin.h>\n#else\n' +
      '#define SIMDE_ENABLE_NATIVE_ALIASES\n#include <simde/x86/avx2.h>\n#endif\n');
  });
  it('two includes: the first gets SIMDe, the second is kept for x86 only', () => {
    const fixed = applyFixes(FIXABLE[2].text, simdeFixOf(FIXABLE[2].text).fix!);
    expect(fixed.split('\n').slice(0, 9)).toEqual([
      '#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)', '#include <xmmintrin.h>', '#else',
      '#define SIMDE_ENABLE_NATIVE_ALIASES', '#include <simde/x86/sse2.h>', '#endif',
      '#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)', '#include <emmintrin.h>', '#endif',
    ]);
  });
  for (const c of NO_FIX) {
    it(`no fix: ${c.name}`, () => {
      const { found, fix } = simdeFixOf(c.text);
      expect(found.length).toBeGreaterThan(0);
      expect(fix).toBeUndefined();
    });
  }
});

/** The unpacked libsimde-dev include folder, or undefined when apt-get cannot download it. */
function simdeInclude(): string | undefined {
  try {
    return execFileSync('node', [path.join(ROOT, 'scripts/gen-simde-table.mjs'), '--include'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    if (inCI) throw e;
    return undefined;
  }
}

const TOOLS = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-g++', 'x86_64-linux-gnu-gcc', 'x86_64-linux-gnu-g++'];
const missing = missingTools(TOOLS);
const include = missing.length === 0 || inCI ? simdeInclude() : undefined;
if (!inCI && (missing.length > 0 || !include)) console.warn(`SIMDe fix compile test SKIPPED: missing ${[...missing, ...(include ? [] : ['libsimde-dev'])].join(', ')}`);

describe.skipIf(!inCI && (missing.length > 0 || !include))('SIMDe fixes compile for aarch64 (with SIMDe) and x86-64', () => {
  let dir = '';
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simde-fix-')); });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });
  const cc = (arch: string, cpp: boolean) => `${arch}-linux-gnu-${cpp ? 'g++' : 'gcc'}`;
  const x86Tokens = (file: string, cpp: boolean, flags: string[]) =>
    execFileSync(cc('x86_64', cpp), [...flags, '-E', '-P', file], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter((l) => l.trim() !== '').join('\n');

  for (const [i, c] of FIXABLE.entries()) {
    it(c.name, () => {
      expect(missing, 'tools missing under CI').toEqual([]);
      expect(include, 'libsimde-dev under CI').toBeDefined();
      const cpp = c.file.endsWith('.cpp');
      const ext = path.extname(c.file);
      const before = path.join(dir, `before${i}${ext}`), after = path.join(dir, `after${i}${ext}`);
      fs.writeFileSync(before, c.text);
      fs.writeFileSync(after, applyFixes(c.text, simdeFixOf(c.text, c.file).fix!));
      // A header is compiled as its own unit (-x c-header writes a .gch; -c of a .h in C mode is the same check).
      const lang = ext === '.h' ? ['-x', 'c'] : [];
      // aarch64: no x86 header before the fix; with SIMDe after it, warnings as errors.
      expect(() => execFileSync(cc('aarch64', cpp), [...lang, '-O2', '-c', before, '-o', path.join(dir, `bad${i}.o`)], { stdio: 'pipe' })).toThrow();
      execFileSync(cc('aarch64', cpp), [...lang, '-O2', '-Wall', '-Werror', '-I', include!, '-c', after, '-o', path.join(dir, `arm${i}.o`)], { stdio: 'pipe' });
      // x86-64: compiles, and sees the tokens it saw before the fix.
      execFileSync(cc('x86_64', cpp), [...lang, ...c.x86, '-O2', '-Wall', '-Werror', '-c', after, '-o', path.join(dir, `x86_${i}.o`)], { stdio: 'pipe' });
      expect(x86Tokens(after, cpp, [...lang, ...c.x86])).toBe(x86Tokens(before, cpp, [...lang, ...c.x86]));
    });
  }
});
