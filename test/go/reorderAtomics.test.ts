// The reorder fix keeps the fields used with 64-bit sync/atomic functions 8-byte aligned on 32-bit targets
// whatever targets are enabled (issue "The reorder fix is safe on real modules": nats-server's Sublist
// panicked on 386 after the fix). The fixed program is built for GOARCH=386 and run: it must not panic.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../server/src/rules/go/go-struct-padding';
import { rule as atomicAlignment } from '../../server/src/rules/go/go-atomic-alignment';
import { atomic64FieldNames, atomic64Fields, misalignedAtomic } from '../../server/src/lang/go/reorderSafety';
import { applyFixes, ready, runRule } from '../helpers/ruleTester';
import { makeTempDir } from '../helpers/tempDirs';

// Before: hits at offset 8 on 386 (aligned). The best order by size and pointer bytes alone puts the
// three pointers first, which moves hits to offset 12 on 386.
const SUBLIST = `package main

import "sync/atomic"

type Sublist struct {
	p    *int
	a    bool
	hits uint64
	q    *int
	r    *int
	b    bool
}

func (s *Sublist) match() { atomic.AddUint64(&s.hits, 1) }

func main() {
	s := &Sublist{}
	s.match()
	println(s.hits)
}
`;

beforeAll(async () => { await ready(); });

function runOn386(dir: string): { status: number | null; output: string } {
  const r = spawnSync('go', ['run', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOARCH: '386', GOFLAGS: '-mod=mod' }, timeout: 120_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('reorder fix and 64-bit atomics', () => {
  it('puts the atomic field first with the default targets, and the 386 build runs', () => {
    const [finding] = runRule(padding, { path: 'main.go', text: SUBLIST });
    expect(finding?.message).toMatch(/^struct Sublist is 48 bytes on linux\/arm64, could be 40/);
    const fixed = applyFixes(SUBLIST, finding.fixes[0]);
    expect(fixed).toMatch(/type Sublist struct \{\n\thits uint64\n/);
    // The project's own rule agrees on 32-bit ARM.
    expect(runRule(atomicAlignment, { path: 'main.go', text: fixed, config: { targets: ['linux/arm64', 'linux/arm'] } })).toEqual([]);

    const dir = makeTempDir('reorder-atomics-');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'main.go'), fixed);
    expect(runOn386(dir)).toEqual({ status: 0, output: '1\n' });
  });

  it('the order that ignores atomics panics on 386: the check that would withhold it', () => {
    const dir = makeTempDir('reorder-atomics-');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'main.go'), SUBLIST.replace(/type Sublist struct \{[^}]*\}/, 'type Sublist struct {\n\tp    *int\n\tq    *int\n\tr    *int\n\thits uint64\n\ta    bool\n\tb    bool\n}'));
    const r = runOn386(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('unaligned 64-bit atomic operation');

    const fields = ['p', 'a', 'hits', 'q', 'r', 'b'].map((name) => ({
      name, typeText: '', type: name === 'hits' ? { kind: 'basic' as const, name: 'uint64' as const } : name.length === 1 && 'abc'.includes(name) ? { kind: 'basic' as const, name: 'bool' as const } : { kind: 'pointer' as const },
    }));
    const atomics = atomic64Fields(fields, () => [atomic64FieldNames([SUBLIST])]);
    expect(atomics).toEqual([2]);
    expect(misalignedAtomic(fields, [0, 3, 4, 2, 1, 5], atomics)).toEqual({ name: 'hits', offset: 12 });
    expect(misalignedAtomic(fields, [2, 0, 3, 4, 1, 5], atomics)).toBeUndefined();
  });

  it('keeps a struct field whose nested counters are atomic 8-byte aligned (bbolt DB.stats), and the 386 build runs', () => {
    // bbolt: "Put `stats` at the first field to ensure it's 64-bit aligned"; its TxStats counters are
    // updated with atomic.AddInt64 through methods. Moving stats after the slice panicked on 386.
    const BOLT = `package main

import "sync/atomic"

type TxStats struct {
	PageCount int64
	PageAlloc int64
}

func (s *TxStats) IncPageCount(d int64) { atomic.AddInt64(&s.PageCount, d) }

type Stats struct {
	TxStats   TxStats
	FreePageN int
}

type DB struct {
	stats    Stats
	path     string
	opened   bool
	txs      []*int
	readOnly bool
	pageSize int
}

func main() {
	db := &DB{}
	db.stats.TxStats.IncPageCount(2)
	println(db.stats.TxStats.PageCount)
}
`;
    const finding = runRule(padding, { path: 'main.go', text: BOLT }).find((f) => f.message.startsWith('struct DB '));
    expect(finding?.fixes.length).toBeGreaterThan(0);
    const fixed = applyFixes(BOLT, finding!.fixes[0]);
    expect(fixed).toMatch(/type DB struct \{\n\tstats +Stats\n/);
    const dir = makeTempDir('reorder-atomics-');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'main.go'), fixed);
    expect(runOn386(dir)).toEqual({ status: 0, output: '2\n' });
    // And an order that puts stats at offset 4 on 386 does panic there.
    fs.writeFileSync(path.join(dir, 'main.go'), BOLT.replace('\tstats    Stats\n', '\topened2  bool\n\tstats    Stats\n'));
    expect(runOn386(dir).output).toContain('unaligned 64-bit atomic operation');
  });
});
