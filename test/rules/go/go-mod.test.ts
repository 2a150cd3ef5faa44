import { beforeAll, describe, expect, it } from 'vitest';
import { rule as version } from '../../../server/src/rules/go/go-version-arm64';
import { rule as known } from '../../../server/src/rules/go/go-mod-known-issues';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

describe('go-version-arm64', () => {
  for (const v of ['1.18', '1.21.3', '1.22rc1', '1.25']) it(`valid: go ${v}`, () => {
    expect(runRule(version, { path: 'go.mod', text: `module m\n\ngo ${v}\n` })).toEqual([]);
  });
  it('valid: no go line, garbage', () => {
    expect(runRule(version, { path: 'go.mod', text: 'module m\n\ngo banana\n' })).toEqual([]);
  });
  it('invalid: go 1.17 and go 1.15', () => {
    const t = 'module m\n\ngo 1.17\n';
    const f = runRule(version, { path: 'go.mod', text: t });
    expect(f.map((x) => rangeOf(t, x))).toEqual(['3:4-3:8']);
    expect(f[0].severity).toBe('info');
    expect(f[0].message).not.toMatch(/LSE/);
    const g = runRule(version, { path: 'go.mod', text: 'module m\ngo 1.15\n' });
    expect(g[0].message).toMatch(/LSE/);
  });
});

describe('go-mod-known-issues', () => {
  it('valid: fixed versions, a replace, other modules, a pseudo-version between v0.0.2 and v0.0.3', () => {
    for (const t of [
      'module m\n\nrequire github.com/golang/snappy v0.0.4\n',
      'module m\n\nrequire github.com/golang/snappy v0.0.1\n\nreplace github.com/golang/snappy => ../snappy\n',
      'module m\n\nrequire (\n\tgithub.com/klauspost/compress v1.0.0\n)\n',
      'module m\n\nrequire github.com/golang/snappy v0.0.3-0.20210608040537-544b4180ac70\n',
    ]) expect(runRule(known, { path: 'go.mod', text: t })).toEqual([]);
  });
  it('invalid: v0.0.2 in a block (crash), v0.0.1 single line (no asm); suggest bump', () => {
    const t = 'module m\n\nrequire (\n\tgithub.com/golang/snappy v0.0.2 // indirect\n)\n';
    const f = runRule(known, { path: 'go.mod', text: t });
    expect(f.map((x) => rangeOf(t, x))).toEqual(['4:2-4:33']);
    expect(f[0].message).toMatch(/crashes.*v0\.0\.3.*golang\/snappy#56/);
    expect(f[0].fixes[0].kind).toBe('suggest');
    expect(applyFixes(t, f[0].fixes[0])).toBe('module m\n\nrequire (\n\tgithub.com/golang/snappy v0.0.3 // indirect\n)\n');
    const g = runRule(known, { path: 'go.mod', text: 'module m\nrequire github.com/golang/snappy v0.0.1\n' });
    expect(g[0].message).toMatch(/no arm64 assembly/);
  });
});
