// Where Go types come from: other modules of a go.work, vendor/, replace directives, the module
// cache (escaped paths, versions from go.mod), GOROOT, and the bundled table when GOROOT is absent.
// Sizes here are of the simplest kind (two int64s = 16) so the source of the type is what is tested.
import { describe, expect, it } from 'vitest';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { rule as padding } from '../../server/src/rules/go/go-struct-padding';
import { applyFixes, ready, runRule, WORKSPACE } from '../helpers/ruleTester';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { GoWorkspace } from '../../server/src/lang/go/packages';
import { goLayoutOfFile } from '../../server/src/lang/go/layoutEntries';
import { beforeAll } from 'vitest';

beforeAll(ready);

const user = (imp: string, q: string) => `package app\n\nimport "${imp}"\n\ntype S struct {\n\ta bool\n\tt ${q}\n\tb bool\n}\n`;
const dep = 'package dep\n\ntype T struct {\n\tx int64\n\ty int64\n}\n';

function layoutOf(files: Record<string, string>, env: { goroot?: string; gomodcache?: string } = {}) {
  const fs = memoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WORKSPACE}/${k}`, v])));
  const ws = new GoWorkspace(fs, env, WORKSPACE);
  return goLayoutOfFile(`${WORKSPACE}/app/s.go`, files['app/s.go'], ws, ['linux/arm64']);
}

describe('Go type resolution', () => {
  it.each([
    ['a go.work module', { 'go.work': 'go 1.22\n\nuse (\n\t./app\n\t./lib\n)\n', 'app/go.mod': 'module example.com/app\n', 'lib/go.mod': 'module example.com/lib\n', 'lib/dep/t.go': dep }, 'example.com/lib/dep', {}],
    ['vendor/', { 'app/go.mod': 'module example.com/app\n\nrequire example.com/lib v1.2.3\n', 'app/vendor/example.com/lib/dep/t.go': dep }, 'example.com/lib/dep', {}],
    ['a local replace', { 'app/go.mod': 'module example.com/app\n\nrequire example.com/lib v1.2.3\n\nreplace example.com/lib => ../lib\n', 'lib/dep/t.go': dep }, 'example.com/lib/dep', {}],
    ['the module cache (escaped path, version from go.mod)', { 'app/go.mod': 'module example.com/app\n\nrequire (\n\tgithub.com/Acme/Lib v0.4.0 // indirect\n)\n', 'modcache/github.com/!acme/!lib@v0.4.0/dep/t.go': dep }, 'github.com/Acme/Lib/dep', { gomodcache: `${WORKSPACE}/modcache` }],
  ])('finds types in %s', (_n, files, imp, env) => {
    const all = { ...files, 'app/s.go': user(imp, 'dep.T') } as Record<string, string>;
    const [e] = layoutOf(all, env);
    expect(e.unresolved).toBeNull();
    expect(e.size).toBe(32);
    expect(e.fields.map((f) => f.offset)).toEqual([0, 8, 24]);
  });

  it('lays out each instantiation of a generic struct with its own type arguments', () => {
    const src = 'package app\n\ntype Pair[K any, V any] struct {\n\tKey K\n\tVal V\n}\n\ntype Wrapper[T any] struct {\n\tp Pair[T, int64]\n}\n\ntype A struct {\n\tw Wrapper[int8]\n}\n\ntype D struct {\n\tw Wrapper[string]\n}\n\ntype B struct {\n\tw Wrapper[[32]byte]\n}\n\ntype L[T any] struct {\n\tv L[T]\n}\n\ntype C struct {\n\tl L[missing.T]\n}\n';
    const sizes = Object.fromEntries(layoutOf({ 'app/go.mod': 'module example.com/app\n', 'app/s.go': src }).map((e) => [e.name, e.size ?? e.unresolved]));
    // The same source text `Pair[T, int64]` is Pair[int8, int64] (16 bytes), Pair[string, int64] (24), Pair[[32]byte, int64] (40).
    expect(sizes.A).toBe(16);
    expect(sizes.D).toBe(24);
    expect(sizes.B).toBe(40);
    expect(String(sizes.C)).toMatch(/not (imported|found)|recursive/);
  });

  it('says which type is missing instead of guessing', () => {
    const [e] = layoutOf({ 'app/go.mod': 'module example.com/app\n\nrequire example.com/gone v1.0.0\n', 'app/s.go': user('example.com/gone/dep', 'dep.T') }, { gomodcache: `${WORKSPACE}/modcache` });
    expect(e.size).toBeNull();
    expect(e.unresolved).toMatch(/size unknown because dep\.T is not found: example\.com\/gone\/dep \(module example\.com\/gone@v1\.0\.0 is not in the module cache\)/);
    expect(runRule(padding, { path: 'app/s.go', text: user('example.com/gone/dep', 'dep.T'), files: { 'app/go.mod': 'module example.com/app\n' } })).toEqual([]);
  });

  it('uses the bundled standard-library table when GOROOT is not available', () => {
    const [e] = layoutOf({ 'app/go.mod': 'module example.com/app\n', 'app/s.go': user('sync', 'sync.Mutex') }, {});
    expect(e.unresolved).toBeNull();
    expect(e.fields.map((f) => [f.name, f.offset, f.size])).toEqual([['a', 0, 1], ['t', 4, 8], ['b', 12, 1]]);
    const [t] = layoutOf({ 'app/go.mod': 'module example.com/app\n', 'app/s.go': user('time', 'time.Time') }, {});
    expect(t.size).toBe(40);
  });

  it('reports the same struct on every target it builds for, and none where it is excluded', () => {
    const files = { 'app/go.mod': 'module example.com/app\n', 'app/s.go': '//go:build amd64\n\npackage app\n\ntype S struct {\n\ta bool\n\tb int64\n\tc bool\n}\n' };
    expect(runRule(padding, { path: 'app/s.go', text: files['app/s.go'], files })).toHaveLength(1);
    expect(runRule(padding, { path: 'app/s.go', text: files['app/s.go'], files, config: { targets: ['linux/arm64'] } })).toEqual([]);
  });
});

describe('reorder is withheld when the layout may be relied on', () => {
  const mod = { 'app/go.mod': 'module example.com/app\n' };
  const wasteful = 'type S struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
  it.each([
    ['a positional literal in another package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/use/u.go': 'package use\n\nimport "example.com/app"\n\nvar v = app.S{true, 1, false}\n' }, /positional composite literal of S exists \(app\/use\/u\.go\)/],
    ['an elided positional literal in a slice of pointers', { 'app/s.go': `package app\n\n${wasteful}\nvar all = []*S{{true, 1, false}}\n` }, /positional composite literal of S exists/],
    ['an elided positional literal as a map value, in another package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/use/u.go': 'package use\n\nimport "example.com/app"\n\nvar m = map[string]app.S{"x": {true, 1, false}}\n' }, /positional composite literal of S exists \(app\/use\/u\.go\)/],
    ['a positional literal in a _test.go file of the package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/s_test.go': 'package app\n\nvar v = S{true, 1, false}\n' }, /positional composite literal of S exists \(s_test\.go\)/],
    ['a positional literal in an external test package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/x_test.go': 'package app_test\n\nimport "example.com/app"\n\nvar v = app.S{true, 1, false}\n' }, /positional composite literal of S exists \(app\/x_test\.go\)/],
    ['a positional literal in a file of a target that is not enabled', { 'app/s.go': `package app\n\n${wasteful}`, 'app/s_windows.go': 'package app\n\nvar v = S{true, 1, false}\n' }, /positional composite literal of S exists \(s_windows\.go\)/],
    ['a positional literal in a package that dot-imports it', { 'app/s.go': `package app\n\n${wasteful}`, 'app/use/u.go': 'package use\n\nimport . "example.com/app"\n\nvar v = S{true, 1, false}\n' }, /positional composite literal of S exists \(app\/use\/u\.go\)/],
    ['unsafe.Offsetof in a test file', { 'app/s.go': `package app\n\n${wasteful}`, 'app/s_test.go': 'package app\n\nimport "unsafe"\n\nvar off = unsafe.Offsetof(S{}.b)\n' }, /unsafe\.Offsetof is used on its fields/],
    ['assembly of a target that is not enabled', { 'app/s.go': `package app\n\n${wasteful}`, 'app/s_386.s': 'TEXT ·f(SB),4,$0\n\tRET\n' }, /assembly/],
    ['unsafe.Offsetof on a field', { 'app/s.go': `package app\n\nimport "unsafe"\n\n${wasteful}\nvar off = unsafe.Offsetof(S{}.b)\n` }, /unsafe\.Offsetof is used on its fields/],
    ['a conversion from unsafe.Pointer', { 'app/s.go': `package app\n\nimport "unsafe"\n\n${wasteful}\nfunc view(buf []byte) *S { return (*S)(unsafe.Pointer(&buf[0])) }\n` }, /converted from an unsafe\.Pointer/],
    ['a conversion from unsafe.Pointer in another package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/v.go': 'package app\n\nimport "unsafe"\n\nfunc view(buf []byte) *S { return (*S)(unsafe.Pointer(&buf[0])) }\n' }, /converted from an unsafe\.Pointer/],
    ['a structs.HostLayout field', { 'app/s.go': `package app\n\nimport "structs"\n\ntype S struct {\n\t_ structs.HostLayout\n\ta bool\n\tb int64\n\tc bool\n}\n` }, /structs\.HostLayout/],
    ['assembly in the package', { 'app/s.go': `package app\n\n${wasteful}`, 'app/s_arm64.s': 'TEXT ·f(SB),4,$0\n\tRET\n' }, /assembly/],
    ['a generated file', { 'app/s.go': `// Code generated by hand. DO NOT EDIT.\n\npackage app\n\n${wasteful}` }, /generated/],
  ])('%s', (_n, files, why) => {
    const all = { ...mod, ...files } as Record<string, string>;
    const f = runRule(padding, { path: 'app/s.go', text: all['app/s.go'], files: all });
    expect(f).toHaveLength(1);
    expect(f[0].fixes).toEqual([]);
    expect(f[0].severity).toBe('hint');
    expect(f[0].message).toMatch(why);
  });

  it('keeps a 64-bit atomic first field first (it used to withhold the fix when a 32-bit target was enabled)', () => {
    const text = `package app\n\nimport "sync/atomic"\n\ntype S struct {\n\tn int64\n\ta bool\n\tb string\n\tc bool\n}\n\nfunc (s *S) inc() { atomic.AddInt64(&s.n, 1) }\n`;
    for (const targets of [['linux/arm64', 'linux/arm'], ['linux/arm64', 'linux/amd64']] as ('linux/arm64' | 'linux/arm' | 'linux/amd64')[][]) {
      const f = runRule(padding, { path: 'app/s.go', text, files: { ...mod, 'app/s.go': text }, config: { targets } });
      expect(f).toHaveLength(1);
      expect(applyFixes(text, f[0].fixes[0])).toMatch(/type S struct \{\n\tn int64\n\tb string\n/);
    }
  });

  it('keeps a 64-bit atomic field that another package uses first', () => {
    const text = 'package app\n\ntype S struct {\n\ta bool\n\tb string\n\tc bool\n\tN int64\n}\n';
    const files = { ...mod, 'app/s.go': text, 'app/use/u.go': 'package use\n\nimport (\n\t"sync/atomic"\n\n\t"example.com/app"\n)\n\nfunc inc(s *app.S) { atomic.AddInt64(&s.N, 1) }\n' };
    const f = runRule(padding, { path: 'app/s.go', text, files, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(applyFixes(text, f[0].fixes[0])).toMatch(/type S struct \{\n\tN int64\n/);
  });

  it('finds positional literals in importers inside the standard library module, whose paths have no prefix', () => {
    const files = { 'go.mod': 'module std\n', 'app/s.go': `package app\n\n${wasteful}`, 'use/u.go': 'package use\n\nimport "app"\n\nvar v = app.S{true, 1, false}\n' };
    const f = runRule(padding, { path: 'app/s.go', text: files['app/s.go'], files });
    expect(f).toHaveLength(1);
    expect(f[0].fixes).toEqual([]);
    expect(f[0].message).toMatch(/positional composite literal of S exists \(use\/u\.go\)/);
  });

  it('offers the fix when nothing relies on the layout, and honours a disable comment', () => {
    const text = `package app\n\n${wasteful.replace('type S', 'type s')}`;
    const [fix] = runRule(padding, { path: 'app/s.go', text, files: mod })[0].fixes;
    expect([fix.title, fix.kind]).toEqual(['Reorder fields of s', 'fix']);
    const silenced = `package app\n\n// arm64-port-disable-next-line go-struct-padding\n${wasteful}`;
    expect(runRule(padding, { path: 'app/s.go', text: silenced, files: mod })).toEqual([]);
  });
});
void GO_ENV_KEY;

describe('reorders that stay out of fix-all unless a setting lets them in', () => {
  const mod = { 'app/go.mod': 'module example.com/app\n' };
  const wasteful = (name: string, tag = '') => `type ${name} struct {\n\ta bool${tag}\n\tb int64\n\tc bool\n}\n`;
  const fixOf = (file: string, text: string, config?: object) => runRule(padding, { path: file, text, files: { ...mod, [file]: text }, config })[0];

  it.each([
    ['an unexported type', 'app/s.go', `package app\n\n${wasteful('s')}`, 'fix', ''],
    ['an exported type of package main', 'app/cmd/s.go', `package main\n\n${wasteful('S')}`, 'fix', ''],
    ['an exported type under internal/', 'app/internal/x/s.go', `package x\n\n${wasteful('S')}`, 'fix', ''],
    ['an exported type of an importable package', 'app/s.go', `package app\n\n${wasteful('S')}`, 'suggest', ' (exported: code outside the workspace is not checked)'],
    ['a struct with json tags', 'app/s.go', `package app\n\n${wasteful('s', ' `json:"a"`')}`, 'suggest', ' (changes the order of its JSON output)'],
    ['a struct marshalled as a literal', 'app/s.go', `package app\n\nimport "encoding/xml"\n\n${wasteful('s')}\nvar out, _ = xml.Marshal(&s{})\n`, 'suggest', ' (changes the order of its XML output)'],
  ])('%s', (_n, file, text, kind, suffix) => {
    const f = fixOf(file, text);
    expect([f.fixes[0].title, f.fixes[0].kind]).toEqual([`Reorder fields of ${/type (\w+)/.exec(text)![1]}${suffix}`, kind]);
    if (kind === 'suggest') expect(f.message).toMatch(/Not in fix-all: .* \(setting reorderFixAll\.(exportedTypes|encodedOrder)\)/);
  });

  it('joins fix-all when the setting says so', () => {
    const f = fixOf('app/s.go', `package app\n\n${wasteful('S', ' `json:"a"`')}`, { reorderFixAll: { exportedTypes: true, encodedOrder: true } });
    expect(f.fixes[0].kind).toBe('fix');
    expect(f.message).not.toMatch(/fix-all/);
  });
});

describe('blank-line groups', () => {
  const mod = { 'app/go.mod': 'module example.com/app\n' };
  const run = (text: string) => runRule(padding, { path: 'app/s.go', text, files: { ...mod, 'app/s.go': text } })[0];

  it('sorts inside each group, keeping the blank line between them, and offers the smaller order across groups as a suggestion', () => {
    // a0 b8 c16 | d20 e24 f32: 40 on arm64. Inside groups: b a c | f d e: 32. Across: b f d a c e: 24. The same
    // struct is BlankLineGroups in test/fixtures/go/layout/padding/groups.go, where the compiler checks the 32.
    const text = 'package app\n\ntype s struct {\n\ta bool\n\tb int64\n\tc bool\n\n\t// second group\n\td int32\n\te bool\n\tf int64\n}\n';
    const f = run(text);
    expect(f.message).toMatch(/^struct s is 40 bytes on linux\/arm64, could be 32 \(8 bytes saved per instance; 24 with fields moved across its blank-line groups\)/);
    expect(f.fixes.map((x) => [x.title, x.kind])).toEqual([['Reorder fields of s', 'fix'], ['Reorder fields of s across its blank-line groups', 'suggest']]);
    expect(applyFixes(text, f.fixes[0])).toBe('package app\n\ntype s struct {\n\tb int64\n\ta bool\n\tc bool\n\n\tf int64\n\t// second group\n\td int32\n\te bool\n}\n');
    expect(applyFixes(text, f.fixes[1])).toMatch(/^type s struct {\n\tb int64\n\n?\tf int64\n/m);
  });

  it('moves fields across groups only as a suggestion, when sorting inside them gains nothing', () => {
    const text = 'package app\n\ntype s struct {\n\ta bool\n\n\tb int64\n\n\tc bool\n}\n';
    const f = run(text);
    expect(f.message).toMatch(/could be 16 with fields moved across its blank-line groups \(8 bytes saved per instance\).*\. Not in fix-all: .*blank-line groups/);
    expect(f.fixes.map((x) => [x.title, x.kind])).toEqual([['Reorder fields of s across its blank-line groups', 'suggest']]);
  });
});
