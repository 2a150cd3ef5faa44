// go-atomic-alignment: table-driven cases, and the hazard itself shown on a real GOARCH=arm binary
// under qemu-arm (it panics exactly where the rule reports, and not where it stays silent).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../server/src/rules/go/go-atomic-alignment';
import { rangeOf, ready, runRule } from '../helpers/ruleTester';
import { makeTempDir } from '../helpers/tempDirs';

const GO_MOD = 'module example.com/m\n\ngo 1.22\n';
const withMain = (body: string) => `package main\n\nimport "sync/atomic"\n\n${body}\n`;

const INVALID = withMain(`type Counters struct {
	enabled  bool
	requests int64
}

func (c *Counters) Inc() { atomic.AddInt64(&c.requests, 1) }

func main() { c := &Counters{}; c.Inc() }`);

const VALID = withMain(`type Counters struct {
	requests int64
	enabled  bool
}

func (c *Counters) Inc() { atomic.AddInt64(&c.requests, 1) }

func main() { c := &Counters{}; c.Inc() }`);

const NESTED = withMain(`type Stats struct {
	flag  bool
	inner struct {
		pad   int32
		pad2  int32
		total uint64
	}
}

var global Stats

func main() { atomic.AddUint64(&global.inner.total, 1) }`);

const ATOMIC_TYPE = withMain(`type Counters struct {
	enabled  bool
	requests atomic.Int64
}

func main() { c := &Counters{}; c.requests.Add(1) }`);

const arm = { targets: ['linux/arm64', 'linux/arm'] as ('linux/arm64' | 'linux/arm')[] };

beforeAll(ready);

describe('go-atomic-alignment', () => {
  it.each([
    ['field after a bool, on linux/arm', INVALID, '&c.requests', 'offset 4 on linux/arm'],
    ['nested struct field through a package variable', NESTED, '&global.inner.total', 'offset 12 on linux/arm'],
    // Comments are named children in tree-sitter: they are not the argument, nor the parenthesised operand.
    ['a comment before the argument', INVALID.replace('(&c.requests', '(/* hits */ &c.requests'), '&c.requests', 'offset 4 on linux/arm'],
    ['a comment inside parentheses', INVALID.replace('(&c.requests', '(&(/* hits */ c.requests)'), '&(/* hits */ c.requests)', 'offset 4 on linux/arm'],
  ])('reports %s', (_name, text, span, where) => {
    const f = runRule(rule, { path: 'm/main.go', text, files: { 'm/go.mod': GO_MOD }, config: arm });
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect([f[0].start, f[0].end]).toEqual([text.indexOf(span), text.indexOf(span) + span.length]);
    expect(rangeOf(text, f[0])).toMatch(/^\d+:\d+-\d+:\d+$/);
    expect(f[0].message).toContain(where);
  });

  it.each([
    ['the field first', VALID],
    ['atomic.Int64 (8-aligned by the compiler)', ATOMIC_TYPE],
  ])('is silent with %s', (_name, text) => {
    expect(runRule(rule, { path: 'm/main.go', text, files: { 'm/go.mod': GO_MOD }, config: arm })).toEqual([]);
  });

  it('is a hint when no 32-bit target is enabled', () => {
    const f = runRule(rule, { path: 'm/main.go', text: INVALID, files: { 'm/go.mod': GO_MOD } });
    expect(f.map((x) => x.severity)).toEqual(['hint']);
  });

  it('matches what a GOARCH=arm binary does under qemu-arm', () => {
    const run = (src: string) => {
      const dir = makeTempDir('atomic-');
      fs.writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
      fs.writeFileSync(path.join(dir, 'main.go'), src);
      execFileSync('go', ['build', '-o', 'prog', '.'], { cwd: dir, env: { ...process.env, GOOS: 'linux', GOARCH: 'arm', GOARM: '7', CGO_ENABLED: '0' } });
      return spawnSync('qemu-arm', [path.join(dir, 'prog')], { encoding: 'utf8' });
    };
    const bad = run(INVALID);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('unaligned 64-bit atomic operation');
    expect(run(NESTED).stderr).toContain('unaligned 64-bit atomic operation');
    expect(run(VALID).status).toBe(0);
    expect(run(ATOMIC_TYPE).status).toBe(0);
  });
});
