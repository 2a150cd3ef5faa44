import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/go/go-cpu-x86-only-dispatch';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const USE = 'package p\n\nimport "golang.org/x/sys/cpu"\n\nvar useAVX2 = cpu.X86.HasAVX2\n';

describe('go-cpu-x86-only-dispatch', () => {
  it('valid: the package also checks cpu.ARM64', () => {
    expect(runRule(rule, { path: 'p/a.go', text: USE, files: { 'p/b.go': 'package p\n\nimport "golang.org/x/sys/cpu"\n\nvar useAES = cpu.ARM64.HasAES\n' } })).toEqual([]);
  });
  it('valid: the package has arm64 assembly', () => {
    expect(runRule(rule, { path: 'p/a.go', text: USE, files: { 'p/x_arm64.s': 'TEXT ·f(SB), 0, $0\n' } })).toEqual([]);
  });
  it('valid: the use is in an amd64-only file', () => {
    expect(runRule(rule, { path: 'p/a_amd64.go', text: USE })).toEqual([]);
  });
  it('valid: a different package named cpu is not x/sys/cpu', () => {
    expect(runRule(rule, { path: 'p/a.go', text: 'package p\n\nimport "example.com/cpu"\n\nvar x = cpu.X86.HasAVX2\n' })).toEqual([]);
  });
  it('invalid: single-line import (the keyword is not an alias)', () => {
    const text = 'package p\n\nimport "golang.org/x/sys/cpu"\n\nfunc f() bool { return cpu.X86.HasAVX2 }\n';
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['5:24-5:39']);
    expect(f[0].severity).toBe('info');
  });
  it('invalid: the same finding for a single-line and a bracketed import', () => {
    const single = runRule(rule, { path: 'p/a.go', text: USE });
    const bracketed = runRule(rule, { path: 'p/a.go', text: USE.replace('import "golang.org/x/sys/cpu"', 'import (\n\t"golang.org/x/sys/cpu"\n)') });
    expect(single.map((x) => x.message)).toEqual(bracketed.map((x) => x.message));
    expect(single).toHaveLength(1);
  });
  it('invalid: grouped import among others, and a single-line aliased import', () => {
    const grouped = 'package p\n\nimport (\n\t"fmt"\n\t"golang.org/x/sys/cpu"\n)\n\nfunc f() { fmt.Println(cpu.X86.HasSSE41) }\n';
    expect(runRule(rule, { path: 'p/a.go', text: grouped }).map((x) => rangeOf(grouped, x))).toEqual(['8:24-8:40']);
    const aliased = 'package p\n\nimport c "golang.org/x/sys/cpu"\n\nvar fast = c.X86.HasAVX2\n';
    expect(runRule(rule, { path: 'p/a.go', text: aliased }).map((x) => rangeOf(aliased, x))).toEqual(['5:12-5:25']);
  });
  it('valid: single-line import, and the package has an arm64 path or no x86 use', () => {
    expect(runRule(rule, { path: 'p/a.go', text: USE, files: { 'p/x_arm64.go': 'package p\n\nfunc g() {}\n' } })).toEqual([]);
    expect(runRule(rule, { path: 'p/a.go', text: 'package p\n\nimport "golang.org/x/sys/cpu"\n\nvar useAES = cpu.ARM64.HasAES || cpu.X86.HasAES\n' })).toEqual([]);
    expect(runRule(rule, { path: 'p/a.go', text: 'package p\n\nimport c "golang.org/x/sys/cpu"\n\nvar x = cpu.X86.HasAVX2\n' })).toEqual([]);
  });
  it('invalid: x86 dispatch only, with an alias', () => {
    const text = 'package p\n\nimport xcpu "golang.org/x/sys/cpu"\n\nfunc f() bool {\n\t// xcpu.X86.HasSSE41 in a comment\n\treturn xcpu.X86.HasAVX2 && xcpu.X86.HasBMI2\n}\n';
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['7:9-7:25']);
    expect(f[0].severity).toBe('info');
    expect(f[0].message).toMatch(/no cpu\.ARM64 check/);
  });
});
