// The Go standard library of this machine's Go as a workspace: every struct the engine resolves has
// the size, alignment and field offsets go/types gcSizes gives for linux/arm64; the share that
// resolves is printed with the reasons for the rest.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { goLayoutOfFile } from '../../server/src/lang/go/layoutEntries';
import { GoWorkspace } from '../../server/src/lang/go/packages';
import type { LayoutEntry } from '../../server/src/layout/contract';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { goFiles } from '../helpers/goFiles';

const ORACLE = path.resolve(__dirname, '../oracle/go/golayout.sh');
const env = goEnvFromEnvironment();
const SRC = path.join(env.goroot ?? '/nonexistent', 'src');


let oracle: LayoutEntry[];
const engine = new Map<string, LayoutEntry>();

beforeAll(async () => {
  expect(env.goroot, 'GOROOT must be found').toBeTruthy();
  await initTreeSitter();
  // Awaited, not blocking the worker (helpers/eventLoop.ts); the layouts below are computed synchronously.
  oracle = JSON.parse((await promisify(execFile)('sh', [ORACLE, '-std'], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout).structs;
  const ws = new GoWorkspace(nodeFileSystem, env, SRC);
  for (const f of goFiles(SRC, { skipDirs: ['testdata', 'cmd', 'builtin'] })) {
    const rel = path.relative(SRC, f).split(path.sep).join('/');
    for (const e of goLayoutOfFile(f, fs.readFileSync(f, 'utf8'), ws, ['linux/arm64'], rel)) engine.set(`${e.file}|${e.name}`, e);
  }
}, 600_000);

describe('the Go standard library, linux/arm64', () => {
  it('agrees with go/types on every struct the engine resolves, and resolves nearly all', () => {
    const mismatches: string[] = [];
    const reasons = new Map<string, number>();
    let resolved = 0, total = 0;
    for (const want of oracle) {
      if (want.unresolved) continue;
      total++;
      const got = engine.get(`${want.file}|${want.name}`);
      if (!got || got.unresolved) {
        if (!got && process.env.DEBUG_STD) console.log('missing', want.file, want.name);
        const why = (got?.unresolved ?? 'not found by the engine').replace(/ [\w./]+ is not found.*$/, ' X is not found');
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        continue;
      }
      resolved++;
      const sig = (e: LayoutEntry) => JSON.stringify([e.size, e.align, e.fields.map((f) => [f.name, f.offset, f.size])]);
      if (sig(got) !== sig(want)) mismatches.push(`${want.file} ${want.name}: engine ${sig(got)} go/types ${sig(want)}`);
    }
    const share = resolved / total;
    console.log(`standard library: ${resolved}/${total} structs resolved (${(share * 100).toFixed(1)}%), ${mismatches.length} mismatches`);
    for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  unresolved ${n}: ${why}`);
    expect(mismatches).toEqual([]);
    expect(share).toBeGreaterThan(0.95);
  });
});
