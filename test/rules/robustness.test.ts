// Bad input never crashes a source rule and never produces an error-level finding: unbalanced #if, macros we
// cannot evaluate, unterminated comments and strings, assembly in other dialects, binary garbage, truncated ELF.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/core/config';
import type { FileKind } from '../../server/src/core/types';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { ready } from '../helpers/ruleTester';
import { ALL_RULES } from '../../server/src/rules/index';

const MINE = /^(c-x86-|c-arch-error|c-char-|c-long-|c-unaligned|c-legacy|go-arch-|go-asm-|go-cpu-|go-cgo-|go-version|go-mod-|bin-foreign|build-config-guess)/;
const rules = ALL_RULES.filter((r) => MINE.test(r.meta.id));

beforeAll(ready);

const garbage = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536));
const inputs: { path: string; kind: FileKind; text: string }[] = [
  { path: 'a.c', kind: 'c', text: '#if defined(__x86_64__\n#include <immintrin.h>\n#elif\n#else\n#else\n#endif\n#endif\n#error "x86" \n' },
  { path: 'a.c', kind: 'c', text: '#if FOO(1, 2) && __has_include(<immintrin.h>)\n#include <immintrin.h>\n__m128 x; asm("pause");\n#error "unsupported arch"\n#endif\n' },
  { path: 'a.c', kind: 'c', text: '/* unterminated comment\n#include <immintrin.h>\n' },
  { path: 'a.c', kind: 'c', text: 'const char *s = "unterminated _mm_add_ps asm("pause\n__sync_synchronize(' },
  { path: 'a.c', kind: 'c', text: '#if 1\n'.repeat(3000) + 'int x;\n' },
  { path: 'a.c', kind: 'c', text: garbage },
  { path: 'a.cpp', kind: 'cpp', text: 'template <class T> struct S { long double v; char c; bool f() { return c < 0; } };\n#if\n' },
  { path: 'p/a.go', kind: 'go', text: 'package p\n/*\n#cgo CFLAGS: -O2 "\n#include <immintrin.h\n*/\nimport "C"\nfunc f(' },
  { path: 'p/a.go', kind: 'go', text: '//go:build (amd64 && \n\npackage p\n\nfunc g()\n' },
  { path: 'p/a.go', kind: 'go', text: garbage },
  { path: 'go.mod', kind: 'gomod', text: 'module\ngo\nrequire (\n github.com/golang/snappy\n' },
  { path: 'config.guess', kind: 'config-guess', text: garbage },
];

describe('source rules on bad input', () => {
  for (const [i, inp] of inputs.entries()) it(`input ${i} (${inp.path})`, () => {
    const logs: string[] = [];
    const files: Record<string, string> = {
      [`/ws/${inp.path}`]: inp.text,
      '/ws/p/x_amd64.s': 'TEXT ·g(SB), $0\n.globl foo\nfoo: movq %rax, %rbx\n',
      '/ws/p/y.s': '\u0000\u0001 garbage TEXT (SB',
    };
    const found = analyzeFile({ path: `/ws/${inp.path}`, text: inp.text, kind: inp.kind, config: defaultConfig, root: '/ws', fs: memoryFileSystem(files), rules, sharedCache: new Map(), log: (m) => logs.push(m) });
    expect(logs.filter((l) => /failed/.test(l))).toEqual([]);
    if (process.env.SHOW) console.log(i, found.map((f) => `${f.ruleId}:${f.severity}`));
    // An error-level finding on such input would be a guess.
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('truncated and odd binaries', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([0x7f, 0x45, 0x4c]), Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 9, 9, 1]), Buffer.from('!<arch>\n' + 'x'.repeat(70), 'latin1')]) {
      const logs: string[] = [];
      const found = analyzeFile({ path: '/ws/lib/libx.so', text: '', kind: 'binary', config: defaultConfig, root: '/ws', fs: memoryFileSystem({ '/ws/lib/libx.so': bytes }), rules, sharedCache: new Map(), log: (m) => logs.push(m) });
      expect(found).toEqual([]);
      expect(logs).toEqual([]);
    }
  });
});
