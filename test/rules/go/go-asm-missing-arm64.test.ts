import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/go/go-asm-missing-arm64';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const DECL = 'package p\n\n//go:noescape\nfunc matchLen(a, b []byte) int\n';
const ASM_AMD64 = '#include "textflag.h"\n\nTEXT ·matchLen(SB), NOSPLIT, $0-56\n\tRET\n';
const ASM_ARM64 = '#include "textflag.h"\n\nTEXT ·matchLen<ABIInternal>(SB), NOSPLIT, $0-56\n\tRET\n';

const valid: { name: string; path?: string; text: string; files: Record<string, string> }[] = [
  { name: 'an _arm64.s body', text: DECL, files: { 'p/m_amd64.s': ASM_AMD64, 'p/m_arm64.s': ASM_ARM64 } },
  { name: 'the declaration is amd64-only, with a Go fallback elsewhere', path: 'p/m_amd64.go', text: DECL, files: { 'p/m_amd64.s': ASM_AMD64, 'p/m_generic.go': '//go:build !amd64\n\npackage p\n\nfunc matchLen(a, b []byte) int { return 0 }\n' } },
  { name: 'declaration under //go:build amd64', text: '//go:build amd64 && !noasm\n\n' + DECL, files: { 'p/m_amd64.s': ASM_AMD64 } },
  { name: 'an unsuffixed .s file built everywhere', text: DECL, files: { 'p/m.s': ASM_AMD64 } },
  { name: 'a body through //go:linkname', text: 'package p\n\nimport _ "unsafe"\n\n//go:linkname matchLen other.matchLen\nfunc matchLen(a, b []byte) int\n', files: { 'p/m_amd64.s': ASM_AMD64 } },
  { name: 'no assembly defines it anywhere (provided by the runtime)', text: 'package p\n\nfunc nanotime() int64\n', files: { 'p/m_amd64.s': ASM_AMD64 } },
  { name: 'TEXT lines built by a macro in a file arm64 builds', text: DECL, files: { 'p/m_amd64.s': ASM_AMD64, 'p/m_arm64.s': '#define FN(name) TEXT ·name(SB), 0, $0\nFN(matchLen)\n' } },
  { name: 'only an s390x body (amd64 fails too: not an arm64 gap)', text: DECL, files: { 'p/m_s390x.s': ASM_AMD64 } },
  { name: 'a GNU-dialect .s file does not count and does not crash', text: 'package p\n\nfunc f() {}\n', files: { 'p/x.s': '.globl foo\nfoo:\n  movq %rax, %rbx\n' } },
];

describe('go-asm-missing-arm64', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => {
    expect(runRule(rule, { path: c.path ?? 'p/m.go', text: c.text, files: c.files })).toEqual([]);
  });
  it('invalid: only an _amd64.s body', () => {
    const f = runRule(rule, { path: 'p/m.go', text: DECL, files: { 'p/m_amd64.s': ASM_AMD64 } });
    expect(f.map((x) => rangeOf(DECL, x))).toEqual(['4:6-4:14']);
    expect(f[0].message).toMatch(/only assembly body is in m_amd64\.s.*missing function body.*m_arm64\.s/);
    expect(f[0].severity).toBe('error');
  });
  it('invalid: asm under //go:build amd64 in an unsuffixed file, ABI-suffixed symbol', () => {
    const asm = '//go:build amd64\n\n#include "textflag.h"\nTEXT ·matchLen<ABIInternal>(SB), NOSPLIT, $0\n\tRET\n';
    const f = runRule(rule, { path: 'p/m.go', text: DECL, files: { 'p/asm.s': asm } });
    expect(f.map((x) => rangeOf(DECL, x))).toEqual(['4:6-4:14']);
  });
  it('invalid: also on linux/arm when enabled', () => {
    const f = runRule(rule, { path: 'p/m.go', text: DECL, files: { 'p/m_amd64.s': ASM_AMD64, 'p/m_arm64.s': ASM_ARM64 }, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(f.map((x) => x.data?.target)).toEqual(['linux/arm']);
  });
});
