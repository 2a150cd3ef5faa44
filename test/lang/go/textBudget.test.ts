// The Go workspace's caches are bounded by a text budget per directory, least recently used first: the
// bookkeeping, and a scan with a tiny budget that must find exactly what an unbounded one finds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanWorkspaceParallel } from '../../../server/src/engine/parallelScan';
import { defaultConfig } from '../../../server/src/core/config';
import { ScanMemo } from '../../../server/src/core/sharedMemo';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { GO_ENV_KEY, GO_WORKSPACE_KEY } from '../../../server/src/lang/go/context';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import { GoWorkspace } from '../../../server/src/lang/go/packages';
import { DirectoryTextBudget } from '../../../server/src/lang/go/textBudget';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../../server/src/rules/index';

beforeAll(async () => { await initTreeSitter(); });

describe('DirectoryTextBudget', () => {
  it('names the least recently used directories, never the one in use, down to three quarters of the limit', () => {
    const b = new DirectoryTextBudget(100);
    b.add('a', 40);
    b.add('b', 40);
    expect(b.overflow('b')).toEqual([]);
    b.touch('a'); // b is now the least recently used
    b.add('c', 40);
    expect(b.size).toBe(120);
    expect(b.overflow('c')).toEqual(['b', 'a']);
    expect(b.overflow('b')).toEqual(['a', 'c']);
    b.forget('b');
    expect(b.size).toBe(80);
    expect(b.overflow('c')).toEqual([]);
  });
});

describe('GoWorkspace text budget', () => {
  it('a scan with a budget far below its packages finds exactly what an unbounded one finds', async () => {
    const env = goEnvFromEnvironment();
    expect(env.goroot, 'GOROOT must be found').toBeTruthy();
    const root = path.join(env.goroot!, 'src', 'net', 'http');
    const scan = async (textBudget: number) => {
      const ws = new GoWorkspace(nodeFileSystem, env, root, { textBudget });
      const shared = new ScanMemo<unknown>([[GO_ENV_KEY, env], [GO_WORKSPACE_KEY, ws]]);
      const r = await scanWorkspaceParallel({ jobs: 1, root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, sharedSeed: Object.fromEntries(shared) });
      return { findings: JSON.stringify(r.findings), ws };
    };
    const unbounded = await scan(1e12);
    const tiny = await scan(300_000);
    expect(unbounded.ws.evictions).toBe(0);
    expect(unbounded.ws.heldChars).toBeGreaterThan(2_000_000);
    expect(tiny.ws.evictions).toBeGreaterThan(10);
    // The directory in use is never dropped: the bound is the budget plus the largest directory's Go files
    // (net/http itself, whose _test.go files the reorder safety check reads too).
    const goChars = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.go')).reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').length, 0);
    expect(tiny.ws.heldChars).toBeLessThanOrEqual(300_000 + goChars(root));
    expect(tiny.ws.heldChars).toBeLessThan(unbounded.ws.heldChars * 0.6);
    expect(JSON.parse(unbounded.findings).length).toBeGreaterThan(10);
    expect(tiny.findings).toBe(unbounded.findings);
  }, 120_000);
});
