// The Go layout engine against the compiler: the oracle (test/oracle/go, go/types gcSizes, itself
// cross-checked against compiled binaries) prints every fixture struct's layout per target; the
// engine must agree on every size, alignment and field offset. Nothing here is typed by hand.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { goLayoutOfFile } from '../../server/src/lang/go/layoutEntries';
import { GoWorkspace } from '../../server/src/lang/go/packages';
import type { LayoutEntry } from '../../server/src/layout/contract';
import { GO_TARGET_IDS } from '../../server/src/core/targets';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { goFiles } from '../helpers/goFiles';
import { makeTempDir } from '../helpers/tempDirs';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { configSchema } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/fixes/applyEdits';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { ruleById } from '../../server/src/rules/index';

const FIXTURES = path.resolve(__dirname, '../fixtures/go/layout');
const ORACLE = path.resolve(__dirname, '../oracle/go/golayout.sh');


const key = (e: Pick<LayoutEntry, 'file' | 'name' | 'target'>) => `${e.file}|${e.name}|${e.target}`;

let oracle: Map<string, LayoutEntry>;
let engine: Map<string, LayoutEntry>;

beforeAll(async () => {
  await initTreeSitter();
  const out = execFileSync('sh', [ORACLE, '-targets', GO_TARGET_IDS.join(','), FIXTURES], { encoding: 'utf8', maxBuffer: 64 << 20 });
  oracle = new Map((JSON.parse(out).structs as LayoutEntry[]).map((e) => [key(e), e]));
  const ws = new GoWorkspace(nodeFileSystem, goEnvFromEnvironment(), FIXTURES);
  engine = new Map();
  for (const f of goFiles(FIXTURES, { skipDirs: [] })) {
    const rel = path.relative(FIXTURES, f).split(path.sep).join('/');
    for (const e of goLayoutOfFile(f, fs.readFileSync(f, 'utf8'), ws, GO_TARGET_IDS, rel)) engine.set(key(e), e);
  }
}, 300_000);

describe('Go layouts equal the compiler on every fixture struct and target', () => {
  it('covers a large fixture set on all four Go targets', () => {
    expect(oracle.size).toBeGreaterThanOrEqual(60 * GO_TARGET_IDS.length);
    for (const t of GO_TARGET_IDS) expect([...oracle.values()].some((e) => e.target === t)).toBe(true);
  });

  it('resolves every struct the compiler lays out, with the same numbers', () => {
    const mismatches: string[] = [];
    for (const [k, want] of oracle) {
      const got = engine.get(k);
      if (want.unresolved) {
        if (got && !got.unresolved) mismatches.push(`${k}: oracle unresolved (${want.unresolved}) but engine resolved it`);
        continue;
      }
      if (!got) { mismatches.push(`${k}: missing from the engine`); continue; }
      if (got.unresolved) { mismatches.push(`${k}: engine unresolved: ${got.unresolved}`); continue; }
      const summary = (e: LayoutEntry) => JSON.stringify({ size: e.size, align: e.align, optimal: e.optimalSize, fields: e.fields.map((f) => [f.name, f.offset, f.size, f.align]) });
      if (summary(got) !== summary(want)) mismatches.push(`${k}:\n  engine ${summary(got)}\n  oracle ${summary(want)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reports no struct the compiler does not have', () => {
    const extra = [...engine.keys()].filter((k) => !oracle.has(k));
    expect(extra).toEqual([]);
  });
});

describe('the samples the LSP and end-to-end tests assert on', () => {
  it('have the compiler\'s layouts, so the sizes those tests expect (Entry 72, RequestInfo 104) are the compiler\'s', () => {
    const dir = path.resolve(__dirname, '../../samples/go-service');
    const out = execFileSync('sh', [ORACLE, '-targets', 'linux/arm64', dir], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const want = new Map((JSON.parse(out).structs as LayoutEntry[]).map((e) => [`${e.file}|${e.name}`, e]));
    expect(want.get('internal/cache/entry.go|Entry')?.size).toBe(72);
    expect(want.get('internal/cache/entry.go|Entry')?.optimalSize).toBe(48);
    expect(want.get('internal/api/request.go|RequestInfo')?.size).toBe(104);
    const ws = new GoWorkspace(nodeFileSystem, goEnvFromEnvironment(), dir);
    for (const f of goFiles(dir)) {
      const rel = path.relative(dir, f).split(path.sep).join('/');
      for (const e of goLayoutOfFile(f, fs.readFileSync(f, 'utf8'), ws, ['linux/arm64'], rel)) {
        const w = want.get(`${e.file}|${e.name}`);
        expect([e.name, e.size, e.optimalSize]).toEqual([e.name, w?.size, w?.optimalSize]);
      }
    }
  });

  it('reach, once the offered reorders of Entry are applied, the sizes the LSP and end-to-end tests expect (56 keeping its groups, 48 across them)', async () => {
    const rule = ruleById('go-struct-padding')!;
    const sizesAfter = async (fixIndex: number, promised: (data: Record<string, any>) => number) => {
      const dir = makeTempDir('arm64port-sample-fix-');
      fs.cpSync(path.resolve(__dirname, '../../samples/go-service'), dir, { recursive: true });
      const file = path.join(dir, 'internal/cache/entry.go');
      const config = configSchema.parse({});
      const r = await scanWorkspaceParallel({ jobs: 1, root: dir, paths: [file], config, fs: nodeFileSystem, rules: [rule], sharedSeed: Object.fromEntries(new Map([[GO_ENV_KEY, goEnvFromEnvironment()]])) });
      const f = r.findings.find((x) => x.data?.struct === 'Entry')!;
      fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), f.fixes[fixIndex].edits));
      const out = execFileSync('sh', [ORACLE, '-targets', 'linux/arm64', dir], { encoding: 'utf8', maxBuffer: 16 << 20 });
      const entry = (JSON.parse(out).structs as LayoutEntry[]).find((e) => e.file === 'internal/cache/entry.go' && e.name === 'Entry')!;
      return [entry.size, promised(f.data!)];
    };
    expect(await sizesAfter(0, (d) => d.sizes['linux/arm64'].optimal)).toEqual([56, 56]);
    expect(await sizesAfter(1, (d) => d.acrossGroups['linux/arm64'].optimal)).toEqual([48, 48]);
  });
});
