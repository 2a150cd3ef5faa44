import { beforeAll, describe, expect, it } from 'vitest';
import { rule as version } from '../../../server/src/rules/go/go-version-arm64';
import { rule as known } from '../../../server/src/rules/go/go-mod-known-issues';
import { applyFixes, rangeOf, ready, runRule, WORKSPACE } from '../../helpers/ruleTester';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { configSchema } from '../../../server/src/core/config';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { GO_ENV_KEY } from '../../../server/src/lang/go/context';

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

// kind v0.29.0 declares go 1.17 (a deliberate language minimum), but its direct requirements
// github.com/BurntSushi/toml v1.4.0 (go 1.18, uses the predeclared any) and al.essio.dev/pkg/shellescape v1.5.1
// (go 1.18) need 1.18: no older toolchain builds kind. The module cache holds their go.mod files.
const KIND_GOMOD = 'module sigs.k8s.io/kind\n\ngo 1.17\n\nrequire (\n\tal.essio.dev/pkg/shellescape v1.5.1\n\tgithub.com/BurntSushi/toml v1.4.0\n\tgithub.com/spf13/pflag v1.0.5\n)\n\n' +
  '// test-only transitive deps, these are used by sigs.k8s.io/yaml\'s tests\nrequire (\n\tgithub.com/niemeyer/pretty v0.0.0-20200227124842-a10e7caefd8e // indirect\n)\n';
const MODCACHE = `${WORKSPACE}/modcache`;
function runWithCache(text: string, files: Record<string, string>) {
  const all: Record<string, string> = { [`${WORKSPACE}/go.mod`]: text };
  for (const [k, v] of Object.entries(files)) all[`${WORKSPACE}/${k}`] = v;
  return analyzeFile({
    path: `${WORKSPACE}/go.mod`, text, kind: 'gomod', config: configSchema.parse({}), root: WORKSPACE, fs: memoryFileSystem(all),
    rules: [version], sharedCache: new Map([[GO_ENV_KEY, { gomodcache: MODCACHE }]]),
  });
}
describe('go-version-arm64 and the requirements\' go lines', () => {
  it('silent when a direct requirement declares go 1.18+ (kind: BurntSushi/toml v1.4.0, download cache .mod)', () => {
    expect(runWithCache(KIND_GOMOD, {
      'modcache/cache/download/github.com/!burnt!sushi/toml/@v/v1.4.0.mod': 'module github.com/BurntSushi/toml\n\ngo 1.18\n',
      'modcache/cache/download/github.com/spf13/pflag/@v/v1.0.5.mod': 'module github.com/spf13/pflag\n\ngo 1.12\n',
    })).toEqual([]);
  });
  it('silent with the extracted module folder only (al.essio.dev/pkg/shellescape@v1.5.1/go.mod)', () => {
    expect(runWithCache(KIND_GOMOD, { 'modcache/al.essio.dev/pkg/shellescape@v1.5.1/go.mod': 'module al.essio.dev/pkg/shellescape\n\ngo 1.18\n' })).toEqual([]);
  });
  it('silent through a local replace whose go.mod says 1.20', () => {
    const t = 'module m\n\ngo 1.16\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ./lib\n';
    expect(runWithCache(t, { 'lib/go.mod': 'module example.com/lib\n\ngo 1.20\n' })).toEqual([]);
  });
  it('reported when every requirement found is below 1.18', () => {
    const f = runWithCache(KIND_GOMOD, {
      'modcache/cache/download/github.com/!burnt!sushi/toml/@v/v1.4.0.mod': 'module github.com/BurntSushi/toml\n\ngo 1.16\n',
      'modcache/cache/download/github.com/spf13/pflag/@v/v1.0.5.mod': 'module github.com/spf13/pflag\n\ngo 1.12\n',
    });
    expect(f.map((x) => rangeOf(KIND_GOMOD, x))).toEqual(['3:4-3:8']);
  });
  it('reported when the requirements are not in the module cache (today\'s behaviour)', () => {
    expect(runWithCache(KIND_GOMOD, {}).map((x) => rangeOf(KIND_GOMOD, x))).toEqual(['3:4-3:8']);
  });
  it('an // indirect requirement (a dependency\'s test module) does not count', () => {
    const f = runWithCache(KIND_GOMOD, { 'modcache/cache/download/github.com/niemeyer/pretty/@v/v0.0.0-20200227124842-a10e7caefd8e.mod': 'module github.com/niemeyer/pretty\n\ngo 1.21\n' });
    expect(f).toHaveLength(1);
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
