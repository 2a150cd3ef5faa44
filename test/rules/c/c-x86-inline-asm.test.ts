import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-x86-inline-asm';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const valid: { name: string; text: string }[] = [
  { name: 'compiler barrier', text: 'void f(void) { __asm__ __volatile__("" ::: "memory"); }\n' },
  { name: 'arch-neutral directives (zstd style)', text: 'void f(void) { __asm__(".p2align 6"); __asm__("nop"); }\n' },
  { name: 'AArch64 asm', text: 'void f(void) { asm volatile("yield" ::: "memory"); asm volatile("dmb ish"); }\n' },
  { name: 'x86 asm guarded', text: '#if defined(__GNUC__) && defined(__x86_64__)\nstatic inline void relax(void) { __asm__ volatile("pause"); }\n#endif\n' },
  { name: 'x86 asm under an unknown project macro', text: '#if USE_X86_ASM\nvoid f(void) { asm("mfence"); }\n#endif\n' },
  { name: 'unterminated asm does not crash', text: 'void f(void) { asm volatile("pause"\n' },
  { name: 'asm in a comment', text: '/* asm("pause") */\n// __asm__ volatile("mfence")\n' },
];

describe('c-x86-inline-asm', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: 'a.c', text: c.text })).toEqual([]); });

  it('invalid: pause on its own line; the fix keeps x86 and uses yield on AArch64', () => {
    const text = 'static inline void relax(void) {\n    __asm__ __volatile__("pause" ::: "memory");\n}\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:5-2:47']);
    expect(f[0].message).toMatch(/"pause".*linux\/arm64.*yield/);
    expect(f[0].fixes[0].kind).toBe('fix');
    const fixed = applyFixes(text, f[0].fixes[0]);
    expect(fixed).toBe('static inline void relax(void) {\n#if defined(__aarch64__) || defined(_M_ARM64)\n    __asm__ __volatile__("yield" ::: "memory");\n#else\n    __asm__ __volatile__("pause" ::: "memory");\n#endif\n}\n');
    expect(runRule(rule, { path: 'a.c', text: fixed })).toEqual([]);
    const tree = parseText('c', fixed);
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
  });
  it('invalid: mfence and rep;nop fixes, rdtsc without a fix', () => {
    const text = 'void a(void) {\n  asm volatile("mfence");\n  asm("rep; nop");\n}\nunsigned long long t(void) { unsigned lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((unsigned long long)hi << 32) | lo; }\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:3-2:25', '3:3-3:18', '5:47-5:93']);
    expect(applyFixes(text, f[0].fixes[0])).toContain('  asm volatile("dmb ish");\n#else\n  asm volatile("mfence");');
    expect(applyFixes(text, f[1].fixes[0])).toContain('asm("yield");');
    expect(f[2].fixes).toEqual([]);
    expect(f[2].message).toMatch(/cntvct_el0/);
  });
  it('invalid: the idiom fix keeps a comment after the statement; "lfence; rdtsc" gets the counter advice', () => {
    const text = 'void a(void) {\n  asm volatile("pause"); /* back off */\n}\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(applyFixes(text, f[0].fixes[0])).toBe(
      'void a(void) {\n#if defined(__aarch64__) || defined(_M_ARM64)\n  asm volatile("yield"); /* back off */\n#else\n  asm volatile("pause"); /* back off */\n#endif\n}\n');
    const t = runRule(rule, { path: 'a.c', text: 'unsigned f(void) { unsigned lo, hi; asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)); return lo; }\n' });
    expect(t[0].message).toMatch(/"lfence".*isb; mrs %0, cntvct_el0.*cntfrq_el0/);
  });
  it('invalid: x86 registers, one-line function (no fix), macro body', () => {
    const text = 'void spin(void){ __asm__ volatile("pause"); }\n#define BSWAP(x) asm("bswapl %0" : "+r"(x))\nint g(int x) { asm("movl %%eax, %0" : "=r"(x)); return x; }\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['1:18-1:43', '2:18-2:44', '3:16-3:47']);
    expect(f[0].fixes).toEqual([]);
  });
  it('invalid: MSVC __asm block', () => {
    const text = 'void f(void) { __asm { mov eax, 1 } }\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['1:16-1:21']);
  });
  it('invalid: inside an include guard (zstd cpu.h with an aarch64 branch added to the x86 cpuid path)', () => {
    const text = '#ifndef ZSTD_COMMON_CPU_H\n#define ZSTD_COMMON_CPU_H\n#if defined(_MSC_VER)\n#elif defined(__x86_64__) || defined(__aarch64__)\nstatic unsigned n(void) { unsigned n; __asm__("cpuid" : "=a"(n) : "a"(0) : "ebx", "ecx", "edx"); return n; }\n#endif\n#endif\n';
    expect(runRule(rule, { path: 'lib/cpu.h', text }).map((x) => rangeOf(text, x))).toEqual(['5:39-5:96']);
    // A guard-like #ifndef that is not followed by its #define stays a configuration switch: unknown, silent.
    const knob = '#ifndef NO_ASM_PAUSE\nvoid f(void) { asm("pause"); }\n#endif\n';
    expect(runRule(rule, { path: 'lib/x.h', text: knob })).toEqual([]);
  });
});
