// The reorder quick fix applied to every fixture struct it is offered for: the result is
// gofmt-clean, passes go vet on every GOARCH, keeps every comment, and the compiler (the oracle)
// gives exactly the size the diagnostic promised.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { configSchema } from '../../server/src/core/config';
import { collectFixEdits, applyEdits } from '../../server/src/fixes/applyEdits';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import type { LayoutEntry } from '../../server/src/layout/contract';
import { GO_TARGET_IDS } from '../../server/src/core/targets';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ruleById } from '../../server/src/rules/index';
import { makeTempDir } from '../helpers/tempDirs';

const FIXTURES = path.resolve(__dirname, '../fixtures/go/layout');
const ORACLE = path.resolve(__dirname, '../oracle/go/golayout.sh');
const rules = [ruleById('go-struct-padding')!, ruleById('go-struct-pointer-bytes')!];

interface Promise_ { file: string; struct: string; sizes: Record<string, { optimal: number }> }

let work: string;
const promised: Promise_[] = [];
const commentsBefore = new Map<string, string[]>();
const blankLinesBefore = new Map<string, number>();
let fixedFiles = 0;

const blankLines = (t: string) => t.split('\n').filter((l) => l.trim() === '').length;
const comments = (t: string) => (t.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((c) => c.trim()).sort();

beforeAll(async () => {
  await initTreeSitter();
  work = makeTempDir('arm64port-fix-');
  fs.cpSync(FIXTURES, work, { recursive: true });
  // Every reorder that is offered, also those left out of fix-all by default (exported, encoded order).
  const config = configSchema.parse({ targets: GO_TARGET_IDS, reorderFixAll: { exportedTypes: true, encodedOrder: true } });
  const result = await scanWorkspaceParallel({ jobs: 1,  root: work, paths: [work], config, fs: nodeFileSystem, rules, sharedSeed: Object.fromEntries(new Map([[GO_ENV_KEY, goEnvFromEnvironment()]])) });
  const merged = collectFixEdits(result.findings);
  const applied = new Set([...merged.values()].flatMap((m) => m.edits));
  for (const [file, { edits }] of merged) {
    const before = fs.readFileSync(file, 'utf8');
    commentsBefore.set(file, comments(before));
    blankLinesBefore.set(file, blankLines(before));
    fs.writeFileSync(file, applyEdits(before, edits));
    fixedFiles++;
  }
  for (const f of result.findings) {
    if (f.ruleId !== 'go-struct-padding' || !f.fixes.length) continue;
    // Only fixes that were applied (not left for a second run as overlapping) make a promise.
    if (!f.fixes[0].edits.every((e) => applied.has(e))) continue;
    promised.push({ file: path.relative(work, f.file).split(path.sep).join('/'), struct: String(f.data!.struct), sizes: f.data!.sizes as Promise_['sizes'] });
  }
}, 300_000);

describe('reorder fix on the fixtures', () => {
  it('is offered and applied to many structs', () => {
    expect(fixedFiles).toBeGreaterThan(3);
    expect(promised.length).toBeGreaterThanOrEqual(15);
  });

  it('leaves gofmt-clean code', () => {
    expect(execFileSync('gofmt', ['-l', work], { encoding: 'utf8' }).trim()).toBe('');
  });

  // On a machine with an empty Go build cache (a new CI machine), vet first compiles the standard library once
  // per GOARCH: minutes on two cores, not the default two.
  it('builds and vets on every GOARCH', async () => {
    // Awaited, not synchronous: minutes of blocking would starve the test worker's RPC with vitest.
    for (const t of GO_TARGET_IDS) {
      await promisify(execFile)('go', ['vet', './...'], { cwd: work, env: { ...process.env, GOOS: 'linux', GOARCH: t.split('/')[1], CGO_ENABLED: '0', GOFLAGS: '-mod=mod' } });
    }
  }, 900_000);

  it('keeps every blank line (the fix-all reorders keep blank-line groups)', () => {
    for (const [file, before] of blankLinesBefore) expect(blankLines(fs.readFileSync(file, 'utf8')), file).toBe(before);
  });

  it('keeps every comment', () => {
    for (const [file, before] of commentsBefore) expect(comments(fs.readFileSync(file, 'utf8'))).toEqual(before);
  });

  it('reaches the promised size on every target, as the compiler computes it', () => {
    const out = execFileSync('sh', [ORACLE, '-targets', GO_TARGET_IDS.join(','), work], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const after = new Map((JSON.parse(out).structs as LayoutEntry[]).map((e) => [`${e.file}|${e.name}|${e.target}`, e]));
    const wrong: string[] = [];
    for (const p of promised) {
      for (const [target, s] of Object.entries(p.sizes)) {
        const got = after.get(`${p.file}|${p.struct}|${target}`);
        if (got?.size !== s.optimal) wrong.push(`${p.file} ${p.struct} ${target}: promised ${s.optimal}, compiler says ${got?.size}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
