import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-x86-cpuid';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const valid: { name: string; text: string }[] = [
  { name: 'guarded cpuid.h and __get_cpuid', text: '#if defined(__x86_64__) || defined(__i386__)\n#include <cpuid.h>\nint has(void) { unsigned a,b,c,d; return __get_cpuid(1,&a,&b,&c,&d); }\n#endif\n' },
  { name: 'guarded runtime dispatch with a fallback', text: 'int sum_avx2(int);\nint sum_c(int);\nint sum(int x) {\n#if defined(__x86_64__)\n  if (__builtin_cpu_supports("avx2")) return sum_avx2(x);\n#endif\n  return sum_c(x);\n}\n' },
  { name: 'AArch64 target attribute', text: '__attribute__((target("+crc"))) unsigned crc(unsigned x) { return x; }\n' },
  { name: 'AArch64 feature in __builtin_cpu_supports', text: 'int f(void) { return __builtin_cpu_supports("sve2"); }\n' },
  { name: 'x86 attribute guarded', text: '#ifdef __x86_64__\n__attribute__((target("avx2"))) void f(void) {}\n#pragma GCC target("sse4.2")\n#endif\n' },
];

describe('c-x86-cpuid', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: 'a.c', text: c.text })).toEqual([]); });

  it('invalid: cpuid.h, __get_cpuid, target attribute, pragma, __builtin_cpu_supports', () => {
    const text = [
      '#include <cpuid.h>',
      'int a(void) { unsigned x,y,z,w; return __get_cpuid(1,&x,&y,&z,&w); }',
      '__attribute__((target("avx2,fma"))) void b(void) {}',
      '#pragma GCC target("sse4.2")',
      'int c(void) { return __builtin_cpu_supports("avx2"); }',
      '',
    ].join('\n');
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['1:1-1:19', '2:40-2:51', '3:1-3:36', '4:1-4:29', '5:22-5:52']);
    expect(f[2].message).toMatch(/x86 features \(avx2, fma\).*GCC for AArch64 stops/);
    expect(f.every((x) => x.severity === 'warning')).toBe(true);
  });
});
