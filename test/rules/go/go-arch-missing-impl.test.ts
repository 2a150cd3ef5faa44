import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/go/go-arch-missing-impl';
import { packageIndex, type GoPackageIndex } from '../../../server/src/rules/go/support/goPackage';
import type { Rule } from '../../../server/src/rules/rule';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const USE = 'package p\n\nfunc Sum(b []byte) int { return sumAVX2(b) }\n';
const AMD64 = 'package p\n\nfunc sumAVX2(b []byte) int { return 0 }\n';

const valid: { name: string; path?: string; text: string; files: Record<string, string> }[] = [
  { name: 'pure-Go fallback with a negated constraint', text: USE, files: { 'p/sum_amd64.go': AMD64, 'p/sum_other.go': '//go:build !amd64\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 1 }\n' } },
  { name: 'an _arm64.go sibling', text: USE, files: { 'p/sum_amd64.go': AMD64, 'p/sum_arm64.go': AMD64 } },
  { name: 'the user is itself amd64-only', path: 'p/use_amd64.go', text: USE, files: { 'p/sum_amd64.go': AMD64 } },
  { name: 'a local variable of the same name', text: 'package p\n\nfunc F() int { sumAVX2 := 1; return sumAVX2 }\n', files: { 'p/sum_amd64.go': AMD64 } },
  { name: 'a struct literal key, not a reference', text: 'package p\n\ntype T struct{ sumAVX2 int }\n\nvar _ = T{sumAVX2: 1}\n', files: { 'p/sum_amd64.go': AMD64 } },
  { name: 'fallback under a cgo-dependent constraint (unknown)', text: USE, files: { 'p/sum_amd64.go': AMD64, 'p/sum_cgo.go': '//go:build cgo\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 1 }\n' } },
  { name: 'another package in the same directory', text: USE.replace('package p', 'package q'), files: { 'p/sum_amd64.go': AMD64 } },
  { name: 'a dot import could provide the name', text: 'package p\n\nimport . "x/y"\n\nfunc Sum(b []byte) int { return sumAVX2(b) }\n', files: { 'p/sum_amd64.go': AMD64 } },
  { name: 'declared only in a //go:build ignore file (broken everywhere, not an arch gap)', text: USE, files: { 'p/gen.go': '//go:build ignore\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 0 }\n' } },
  { name: 'declared only in a windows file (not an arm64 problem)', text: USE, files: { 'p/sum_windows.go': AMD64 } },
  { name: 'test-only helper is not visible to non-test files but not used', text: 'package p\n\nfunc F() {}\n', files: { 'p/x_amd64_test.go': AMD64 } },
];

const invalid: { name: string; text: string; files: Record<string, string>; ranges: string[]; msg: RegExp }[] = [
  { name: 'used from a generic file, defined only in _amd64.go', text: USE, files: { 'p/sum_amd64.go': AMD64 }, ranges: ['3:33-3:40'], msg: /declared only in sum_amd64\.go \(excluded by its file name suffix\).*undefined: sumAVX2/ },
  { name: 'defined only under //go:build amd64', text: USE, files: { 'p/sum.go': '//go:build amd64 && !purego\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 0 }\n' }, ranges: ['3:33-3:40'], msg: /excluded by \/\/go:build amd64 && !purego/ },
  { name: 'a type and a const, each reported once', text: 'package p\n\nvar x vec\nvar y vec\nvar z = width\n', files: { 'p/t_amd64.go': 'package p\n\ntype vec [4]uint64\n\nconst width = 4\n' }, ranges: ['3:7-3:10', '5:9-5:14'], msg: /undefined/ },
  { name: 'legacy +build line', text: USE, files: { 'p/sum.go': '// +build amd64,!noasm\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 0 }\n' }, ranges: ['3:33-3:40'], msg: /undefined: sumAVX2/ },
];

describe('go-arch-missing-impl', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => {
    expect(runRule(rule, { path: c.path ?? 'p/use.go', text: c.text, files: c.files })).toEqual([]);
  });
  for (const c of invalid) it(`invalid: ${c.name}`, () => {
    const f = runRule(rule, { path: 'p/use.go', text: c.text, files: c.files });
    expect(f.map((x) => rangeOf(c.text, x))).toEqual(c.ranges);
    for (const x of f) { expect(x.message).toMatch(c.msg); expect(x.severity).toBe('error'); }
  });
  it('names the targets that fail: with an _arm64.go sibling only 32-bit ARM fails, and the advice is for arm', () => {
    const files = { 'p/sum_amd64.go': AMD64, 'p/sum_arm64.go': AMD64 };
    const f = runRule(rule, { path: 'p/use.go', text: USE, files, config: { targets: ['linux/arm64', 'linux/amd64', 'linux/arm'] } });
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/building for linux\/arm fails/);
    expect(f[0].message).toMatch(/Add an implementation for arm \(sumAVX2 in a _arm\.go file/);
    expect(f[0].message).not.toMatch(/linux\/arm64/);
  });
  it('one finding per name lists every failing ARM target', () => {
    const f = runRule(rule, { path: 'p/use.go', text: USE, files: { 'p/sum_amd64.go': AMD64 }, config: { targets: ['linux/arm64', 'linux/amd64', 'linux/arm'] } });
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/building for linux\/arm64 and linux\/arm fails/);
    expect(f[0].message).toMatch(/implementation for arm64 and arm \(sumAVX2 in a _arm64\.go or _arm\.go file/);
  });
  it('is silent when no Go ARM target is enabled', () => {
    expect(runRule(rule, { path: 'p/use.go', text: USE, files: { 'p/sum_amd64.go': AMD64 }, config: { targets: ['linux/amd64'] } })).toEqual([]);
  });
  it('indexes files no Linux target builds without reading their declarations', () => {
    let index: GoPackageIndex | undefined;
    const probe: Rule = { ...rule, check(ctx) { index = packageIndex(ctx); } };
    runRule(probe, { path: 'p/use.go', text: USE, files: { 'p/sum_amd64.go': AMD64, 'p/sum_darwin.go': AMD64, 'p/sum_windows_arm64.go': AMD64 } });
    const entry = (name: string) => index!.files.get(name)!;
    expect([...entry('sum_amd64.go').decls]).toEqual(['sumAVX2']);
    for (const name of ['sum_darwin.go', 'sum_windows_arm64.go']) {
      expect(entry(name).pkg).toBe('p');
      expect(entry(name).included).toEqual({ 'linux/arm64': false, 'linux/amd64': false, 'linux/arm': false, 'linux/386': false });
      expect(entry(name).decls.size).toBe(0);
      expect(entry(name).syntax).toBeUndefined();
    }
  });
  it('survives a file that does not parse', () => {
    expect(() => runRule(rule, { path: 'p/use.go', text: 'package p\nfunc (', files: { 'p/sum_amd64.go': AMD64 } })).not.toThrow();
  });
});
