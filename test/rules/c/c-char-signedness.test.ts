import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-char-signedness';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const valid: { name: string; text: string; targets?: ('linux/arm64' | 'windows/arm64' | 'linux/amd64')[] }[] = [
  { name: 'int holds getchar()', text: '#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) putchar(c); return 0; }\n' },
  { name: 'signed char compared with a negative value', text: 'int f(signed char c) { return c < 0; }\n' },
  { name: 'unsigned char', text: 'int f(unsigned char c) { return c == 255; }\n' },
  { name: 'char compared with zero for equality', text: 'int f(const char *s) { char c = *s; return c == 0 || c != 0; }\n' },
  { name: 'char > 0 is not constant', text: 'int f(char c) { return c > 0; }\n' },
  { name: 'a local int shadows a global char', text: 'char c;\nint f(void) { int c = getchar(); return c != EOF; }\n' },
  { name: 'guarded for x86 only', text: '#ifdef __x86_64__\nint f(char c) { return c < 0; }\n#endif\n' },
  { name: 'char is signed on windows/arm64', text: 'int f(char c) { return c < 0; }\n', targets: ['windows/arm64'] },
];

describe('c-char-signedness', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => {
    expect(runRule(rule, { path: 'a.c', text: c.text, config: c.targets ? { targets: c.targets } : undefined })).toEqual([]);
  });

  it('invalid: char c = getchar() loop, fix to int', () => {
    const text = '#include <stdio.h>\nint main(void) {\n  char c;\n  while ((c = getchar()) != EOF)\n    putchar(c);\n  return 0;\n}\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:10-4:32']);
    expect(f[0].message).toMatch(/always true and the read loop never ends/);
    const fixed = applyFixes(text, f[0].fixes[0]);
    expect(fixed).toContain('  int c;\n');
    expect(runRule(rule, { path: 'a.c', text: fixed })).toEqual([]);
    const tree = parseText('c', fixed);
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
  });
  it('invalid: high-bit test on a char parameter, fix to signed char; -1 comparison; global char', () => {
    const text = 'char g;\nint hi(char c) { return c < 0; }\nint m(char d) { return -1 == d; }\nint k(void) { return g >= 0; }\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:25-2:30', '3:24-3:31', '4:22-4:28']);
    expect(applyFixes(text, f[0].fixes[0])).toContain('int hi(signed char c)');
    expect(f[0].severity).toBe('warning');
  });
  it('a comparison in a function inside a function is reported once, with the variables around it', () => {
    // Methods of a local class: each comparison belongs to the innermost function only.
    const text = 'char g;\nint getchar();\nvoid f() {\n  struct L { void m() { if (g == -1) {} } };\n  char c = getchar();\n  struct K { void n() { if (c == EOF) {} } };\n}\n';
    const f = runRule(rule, { path: 'a.cpp', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:29-4:36', '6:29-6:37']);
  });
  it('no fix when the declaration declares several variables', () => {
    const text = 'int f(void) { char a, b; a = getchar(); b = 0; return a != EOF; }\n';
    const f = runRule(rule, { path: 'a.c', text });
    expect(f).toHaveLength(1);
    expect(f[0].fixes).toEqual([]);
  });
  it('found whatever the lines around the declaration say (the text prefilter must not hide it)', () => {
    for (const text of [
      '#define WORD unsigned\nchar c;\nint f(void) { return c < 0; }\n',
      'int f(void) {\n  unsigned char u = 0;\n  const char\n    c = (char)u;\n  return c < 0;\n}\n',
      'int f(void) { char/* x */c = 0; return c < 0; }\n',
      'int f(void) { char c = 0; return (/* sign */ c) /* test */ < 0; }\n',
      'int f(void) { char c = 0; return c == - /* one */ 1; }\n',
    ]) expect(runRule(rule, { path: 'a.c', text }), text).toHaveLength(1);
  });
  it('invalid: in a cgo preamble (line comments), no C parse of the Go code', () => {
    const text = 'package p\n\n// #include <stdio.h>\n// static int count(void) { char c; int n = 0; while ((c = getchar()) != EOF) n++; return n; }\nimport "C"\n\nfunc F() int { return int(C.count()) }\n';
    const f = runRule(rule, { path: 'p/a.go', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['4:55-4:77']);
    expect(runRule(rule, { path: 'p/a_amd64.go', text })).toEqual([]);
  });
});
