// Go inputs that used to hang the analysis, overflow its stack or silence the file's other findings.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem, nodeFileSystem } from '../../server/src/core/workspace';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { goLayoutOfFile } from '../../server/src/lang/go/layoutEntries';
import { GoWorkspace } from '../../server/src/lang/go/packages';
import type { LayoutEntry } from '../../server/src/layout/contract';
import type { TargetId } from '../../server/src/core/targets';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { makeTempDir } from '../helpers/tempDirs';
import { formatLayoutTables } from '../../server/src/report/layoutTables';
import { layoutMarkdown } from '../../server/src/lsp/hover';
import { HOSTILE_ROOT, runSeries, type HostileSeries } from './harness';
import { series } from './generators/go';

beforeAll(async () => { await initTreeSitter(); });

const ORACLE = path.resolve(__dirname, '../oracle/go/golayout.sh');
const byName = (name: string): HostileSeries => series.find((s) => s.name === name)!;

describe('every Go series still reports the wasteful struct next to it, and no rule fails', () => {
  for (const s of series) {
    it(s.name, () => {
      const r = runSeries(s, s.bench[s.bench.length - 1]);
      expect(r.failures).toEqual([]);
      const padding = r.findings.filter((f) => f.ruleId === 'go-struct-padding').map((f) => f.message.split(' ')[1]);
      expect(padding).toContain('Wasteful');
    });
  }
});

/** Limits that may leave a hostile struct unresolved; any other difference from the compiler fails. */
const LIMIT_REASONS = ['type literals nested more than 100 levels deep are not read', 'structs and arrays nested more than 256 levels deep are not laid out'];

/**
 * The series' files written as a module, laid out by the engine and by the oracle (go/types, the
 * compiler's sizes): every struct the compiler lays out is equal in the engine, field by field, or
 * unresolved because of one of the limits above. Returns the engine's entries by "name|target".
 */
function compareWithCompiler(s: HostileSeries, n: number, targets: TargetId[]): Map<string, LayoutEntry> {
  const dir = makeTempDir('hostile-go-');
  const files = s.files(n);
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module hostile\n\ngo 1.23\n');
  for (const [k, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, k), v);
  const out = execFileSync('sh', [ORACLE, '-targets', targets.join(','), dir], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const oracle = JSON.parse(out).structs as LayoutEntry[];
  const ws = new GoWorkspace(nodeFileSystem, goEnvFromEnvironment(), dir);
  const engine = new Map<string, LayoutEntry>();
  for (const k of Object.keys(files)) {
    for (const e of goLayoutOfFile(path.join(dir, k), files[k], ws, targets, k)) engine.set(`${e.name}|${e.target}`, e);
  }
  const shape = (e: LayoutEntry) => JSON.stringify([e.size, e.align, e.fields.map((f) => [f.name, f.offset, f.size, f.align])]);
  const wrong: string[] = [];
  for (const want of oracle) {
    const got = engine.get(`${want.name}|${want.target}`);
    // The anonymous structs inside a struct that is unresolved by a limit have no entries of their own.
    const outer = engine.get(`${want.name.split('.')[0]}|${want.target}`)?.unresolved;
    // Generic types whose layout depends on their parameters are the compiler's "unresolved" and the engine's omitted.
    if (!got && !want.unresolved && !(outer && LIMIT_REASONS.includes(outer))) wrong.push(`${want.name} ${want.target}: missing`);
    else if (!got) continue;
    else if (got.unresolved ? !LIMIT_REASONS.includes(got.unresolved) : shape(got) !== shape(want)) {
      wrong.push(`${want.name} ${want.target}: engine ${got.unresolved ?? shape(got)}, compiler ${shape(want)}`);
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
  const known = new Set(oracle.map((e) => `${e.name}|${e.target}`));
  expect([...engine.keys()].filter((k) => !known.has(k))).toEqual([]);
  return engine;
}

describe('the hostile structs are laid out as the compiler does, or unresolved by a stated limit', () => {
  it('type literals nested deeper than the limit', () => {
    // The oracle's own time grows 2^n with this nesting: it checks 16 levels; past the limit there is no size to check.
    const s = byName('go: struct literals nested in one declaration');
    expect(compareWithCompiler(s, 16, ['linux/arm64', 'linux/arm']).get('Deep|linux/arm')?.unresolved).toBeNull();
    const files = s.files(2000);
    const ws = new GoWorkspace(memoryFileSystem({ [path.join(HOSTILE_ROOT, 'nested.go')]: files['nested.go'] }), goEnvFromEnvironment(), HOSTILE_ROOT);
    const entries = goLayoutOfFile(path.join(HOSTILE_ROOT, 'nested.go'), files['nested.go'], ws, ['linux/arm64']);
    expect(entries.map((e) => [e.name, e.unresolved])).toEqual([['Wasteful', null], ['Deep', LIMIT_REASONS[0]]]);
  });

  it('structs nested twice per level: one layout per type (2^n bytes without 2^n work)', () => {
    const s = byName('go: named structs nested by value, twice per level');
    // go/types itself takes 2^n steps here, so the compiler lays out 12 levels; in the engine's 40 levels, S28
    // has the same 12 levels below it.
    const small = compareWithCompiler(s, 12, ['linux/arm64', 'linux/arm']);
    const files = s.files(40);
    const ws = new GoWorkspace(memoryFileSystem({ [path.join(HOSTILE_ROOT, 'twice.go')]: files['twice.go'] }), goEnvFromEnvironment(), HOSTILE_ROOT);
    const big = new Map(goLayoutOfFile(path.join(HOSTILE_ROOT, 'twice.go'), files['twice.go'], ws, ['linux/arm64', 'linux/arm']).map((e) => [`${e.name}|${e.target}`, e]));
    const offsets = (e?: LayoutEntry) => e?.fields.map((f) => [f.offset, f.size, f.align]);
    expect(offsets(big.get('S28|linux/arm64'))).toEqual(offsets(small.get('S0|linux/arm64')));
    expect(big.get('S28|linux/arm64')?.size).toBe(small.get('S0|linux/arm64')?.size);
    expect(big.get('S0|linux/arm64')?.size).toBeGreaterThan(2 ** 40);
    // 2^40 bytes and more do not compile for 32-bit ARM (the compiler's "type too large").
    expect(big.get('S0|linux/arm')?.unresolved).toBe('type too large');
  });

  it('a chain deeper than the limit: the top is unresolved, the 256 levels at its end are laid out', () => {
    // go/types takes n^3 steps here (each struct's optimal order sizes its fields again): 300 levels.
    const chain = compareWithCompiler(byName('go: a chain of named structs, each holding the next'), 300, ['linux/arm64']);
    expect(chain.get('C0|linux/arm64')?.unresolved).toBe(LIMIT_REASONS[1]);
    const resolved = [...chain.values()].filter((e) => e.name.startsWith('C') && !e.unresolved).length;
    expect(resolved).toBe(256);
  });

  it('generic instantiations nested 95 deep, and deeper than the limit', () => {
    const s = byName('go: generic instantiations nested n deep');
    expect(compareWithCompiler(s, 95, ['linux/arm64', 'linux/386']).get('Nest|linux/386')?.unresolved).toBeNull();
    const files = s.files(400);
    const ws = new GoWorkspace(memoryFileSystem({ [path.join(HOSTILE_ROOT, 'pairs.go')]: files['pairs.go'] }), goEnvFromEnvironment(), HOSTILE_ROOT);
    const nest = goLayoutOfFile(path.join(HOSTILE_ROOT, 'pairs.go'), files['pairs.go'], ws, ['linux/arm64']).find((e) => e.name === 'Nest');
    expect(nest?.unresolved).toBe(LIMIT_REASONS[0]);
  });

  it('a struct with 20,000 fields', () => {
    compareWithCompiler(byName('go: a struct with many fields'), 20000, ['linux/arm64', 'linux/arm']);
  });

  it('a generic type that contains its own instantiation is an invalid recursive type, as the compiler says', () => {
    // The compiler rejects the package, so there is no oracle: its message is the reason.
    const files = byName('go: generic types that expand forever').files(3);
    const ws = new GoWorkspace(memoryFileSystem({ [path.join(HOSTILE_ROOT, 'expand.go')]: files['expand.go'] }), goEnvFromEnvironment(), HOSTILE_ROOT);
    const entries = goLayoutOfFile(path.join(HOSTILE_ROOT, 'expand.go'), files['expand.go'], ws, ['linux/arm64']);
    expect(entries.filter((e) => e.name === 'G' || e.name === 'E2').map((e) => e.unresolved)).toEqual([
      'invalid recursive type: G refers to itself', 'invalid recursive type: E2 refers to itself']);
  });
});

describe('layout tables of huge structs', () => {
  it('formats a struct of 200,000 fields (a spread of its widths overflowed the stack)', () => {
    const fields = Array.from({ length: 200_000 }, (_, i) => ({ name: `f${i}`, type: i % 2 ? 'int64' : 'bool', offset: 8 * i, size: i % 2 ? 8 : 1, align: i % 2 ? 8 : 1 }));
    const entry: LayoutEntry = { name: 'Huge', language: 'go', file: 'huge.go', line: 1, target: 'linux/arm64', size: 1_600_000, align: 8, optimalSize: 1_000_000, fields, unresolved: null };
    const table = formatLayoutTables([entry]);
    expect(table.split('\n').filter((l) => l.includes('7 byte hole'))).toHaveLength(100_000);
    expect(layoutMarkdown([entry]).split('\n').filter((l) => l.startsWith('(hole)'))).toHaveLength(100_000);
  });
});
