import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-arch-error-unguarded';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const valid: { name: string; text: string }[] = [
  { name: 'chain with an aarch64 branch', text: '#if defined(__x86_64__)\n#define A 1\n#elif defined(__aarch64__)\n#define A 2\n#else\n#error "unsupported architecture"\n#endif\n' },
  { name: '#error in the x86 branch only', text: '#if defined(__x86_64__) && !defined(__SSE2__)\n#error "SSE2 required"\n#endif\n' },
  { name: 'a configuration #error, not about the architecture', text: '#ifndef CONFIG_H_INCLUDED\n#error "include config.h first"\n#endif\n' },
  { name: 'unknown project macro in the chain', text: '#if defined(__x86_64__) || PORTABLE_BUILD\n#else\n#error "unsupported CPU"\n#endif\n' },
  { name: 'unconditional #error', text: '#error "do not compile this file"\n' },
  { name: 'xxhash style: the #else is not reached on aarch64', text: '#if defined(__aarch64__) || defined(__arm__)\n#define NEON 1\n#else\n#error "need NEON"\n#endif\n' },
];

describe('c-arch-error-unguarded', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: 'a.h', text: c.text })).toEqual([]); });

  it('invalid: x86/ppc chain without aarch64', () => {
    const text = '#if defined(__x86_64__) || defined(_M_X64)\n#define ARCH 1\n#elif defined(__powerpc64__)\n#define ARCH 2\n#else\n#  error "Unsupported architecture"\n#endif\n';
    const f = runRule(rule, { path: 'a.h', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['6:1-6:36']);
    expect(f[0].message).toMatch(/reached when compiling for linux\/arm64/);
    expect(f[0].severity).toBe('error');
  });
  it('invalid: #ifndef __x86_64__ #error', () => {
    const text = '#ifndef __x86_64__\n#error this code needs x86-64\n#endif\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:1-2:30']);
  });
});
