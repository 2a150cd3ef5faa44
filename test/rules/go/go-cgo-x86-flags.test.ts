import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/go/go-cgo-x86-flags';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const file = (pre: string, head = '') => `${head}package p\n\n${pre}\nimport "C"\n\nfunc F() {}\n`;

const valid: { name: string; text: string }[] = [
  { name: 'scoped with #cgo amd64', text: file('// #cgo amd64 CFLAGS: -mavx2 -mfma') },
  { name: 'scoped with linux,amd64 in a block comment', text: file('/*\n#cgo linux,amd64 CFLAGS: -msse4.2\n*/') },
  { name: 'file only built on amd64', text: file('// #cgo CFLAGS: -mavx2', '//go:build amd64\n\n') },
  { name: 'portable flags', text: file('// #cgo CFLAGS: -O2 -Wall -march=armv8-a\n// #cgo LDFLAGS: -lm') },
  { name: 'a comment that is not the preamble (blank line before import)', text: 'package p\n\n// #cgo CFLAGS: -mavx2\n\nimport "C"\n' },
  { name: 'negated arm64', text: file('// #cgo !arm64 CFLAGS: -msse2') },
];

describe('go-cgo-x86-flags', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: 'p/a.go', text: c.text })).toEqual([]); });

  it('invalid: unscoped line comment, mixed flags; fix splits the line', () => {
    const text = file('// #cgo CFLAGS: -O2 -mavx2 -mfma -Wall');
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['3:21-3:33']);
    expect(f[0].message).toMatch(/-mavx2 -mfma are x86-only flags.*linux\/arm64.*unrecognized command-line option/);
    const fixed = applyFixes(text, f[0].fixes[0]);
    expect(fixed).toBe(file('// #cgo CFLAGS: -O2 -Wall\n// #cgo amd64 CFLAGS: -mavx2 -mfma'));
    expect(runRule(rule, { path: 'p/a.go', text: fixed })).toEqual([]);
    const tree = parseText('go', fixed);
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
  });
  it('invalid: block comment, OS-scoped line keeps its OS', () => {
    const text = file('/*\n#cgo linux CFLAGS: -march=x86-64-v3\n#include <stdio.h>\n*/');
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:20-4:36']);
    expect(applyFixes(text, f[0].fixes[0])).toBe(file('/*\n#cgo linux,amd64 CFLAGS: -march=x86-64-v3\n#include <stdio.h>\n*/'));
  });
  it('invalid: LDFLAGS -m64', () => {
    const text = file('// #cgo LDFLAGS: -m64 -lfoo');
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['3:18-3:22']);
  });
});
