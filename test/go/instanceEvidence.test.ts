// Padding is a warning only where a struct has many instances: the element of a slice, array, map or channel.
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../server/src/rules/go/go-struct-padding';
import { ready, runRule } from '../helpers/ruleTester';

beforeAll(ready);

const mod = { 'app/go.mod': 'module example.com/app\n' };
const wasteful = 'type s struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';

function severityWith(use: string, extra: Record<string, string> = {}) {
  const text = `package app\n\n${wasteful}\n${use}\n`;
  const [f] = runRule(padding, { path: 'app/s.go', text, files: { ...mod, ...extra, 'app/s.go': text } });
  return [f.severity, /it has many instances \(the element of ([^)]*)\)/.exec(f.message)?.[1]];
}

describe('go-struct-padding warns only with evidence of many instances', () => {
  it.each([
    ['var all []s', 'all []s in s.go'],
    ['var ptrs []*s', 'ptrs []*s in s.go'.replace('ptrs ', '')],
    ['var byName map[string]*s', 'map[string]*s in s.go'],
    ['var rings [16][]s', '[16][]s in s.go'],
    ['type shard struct{ items map[string]*s }', 'map[string]*s in s.go'],
    ['func f(c <-chan s) {}', '<-chan s in s.go'],
    ['var nested map[string][]s', 'map[string][]s in s.go'],
  ])('%s', (use, where) => {
    const [severity, evidence] = severityWith(use);
    expect(severity).toBe('warning');
    expect(evidence).toBe(where.replace(/^\w+ /, ''));
  });

  it.each([
    ['a single variable', 'var one s'],
    ['a pointer', 'var p *s'],
    ['an index expression', 'func f(x []int, s int) int { return x[0]*s }'],
    ['a conversion of an element', 'var v = []int{1}[0]'],
    // freecache v1.2.4: [segmentCount]segment, 256 whatever the load.
    ['a fixed array', 'var ring [16]s'],
    ['a fixed array of a named length', 'const n = 256\n\ntype cache struct{ segments [n]s }'],
    // nats-server v2.11.17 opts.go: `var services []*export` while a config file is parsed.
    ['a slice local to a function', 'func parse() ([]*s, error) {\n\tvar all []*s\n\treturn all, nil\n}'],
    ['a slice in a one-line function', 'func one() []s { return nil }'],
  ])('is info for %s', (_n, use) => {
    expect(severityWith(use)).toEqual(['info', undefined]);
  });

  it('finds a field after a function whose body holds a slice', () => {
    expect(severityWith('func f() {\n\tvar tmp []s\n\t_ = tmp\n}\n\ntype owner struct {\n\tall []*s\n}')).toEqual(['warning', '[]*s in s.go']);
  });

  it('is info for configuration types, whatever holds them (prometheus ScrapeConfig, nats RemoteLeafOpts)', () => {
    for (const name of ['ScrapeConfig', 'RemoteLeafOpts', 'ServerOptions', 'cliFlags']) {
      const text = `package app\n\ntype ${name} struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\ntype Config struct{ all []*${name} }\n`;
      const [f] = runRule(padding, { path: 'app/s.go', text, files: { ...mod, 'app/s.go': text } });
      expect(f.severity, name).toBe('info');
    }
  });

  it('is info in a test-support package (containerd internal/cri/clock/testing)', () => {
    const text = `package testing\n\n${wasteful}\ntype clock struct{ waiters []*s }\n`;
    const [f] = runRule(padding, { path: 'app/clock/testing/fake.go', text, files: { ...mod, 'app/clock/testing/fake.go': text } });
    expect(f.severity).toBe('info');
  });

  it('is info when only a test file makes slices of it', () => {
    expect(severityWith('', { 'app/s_test.go': 'package app\n\nvar cases []s\n' })).toEqual(['info', undefined]);
  });

  it('finds slices of an exported type in an importing package', () => {
    const text = 'package app\n\ntype S struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
    const files = { ...mod, 'app/s.go': text, 'app/use/u.go': 'package use\n\nimport a "example.com/app"\n\nvar all []a.S\n' };
    const [f] = runRule(padding, { path: 'app/s.go', text, files });
    expect([f.severity, /many instances \(the element of ([^)]*)\)/.exec(f.message)?.[1]]).toEqual(['warning', '[]a.S in app/use/u.go']);
  });
});
