// The worker-thread scan gives exactly the serial scan's report (findings, order, skipped files) and
// stops cleanly when cancelled. The workers only exist bundled, so the test builds the benchmark
// probe (bench/.out/bench.js + worker.js) and runs it in a child process.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/core/config';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { goEnvFromEnvironment, goEnvFromGoCommand } from '../../server/src/lang/go/env';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules/index';
import { makeTempDir } from '../helpers/tempDirs';

const REPO = path.resolve(__dirname, '../..');
const BENCH = path.join(REPO, 'bench/.out/bench.js');
let tree: string;

function goEnv() {
  const env = goEnvFromEnvironment();
  return env.goroot && env.gomodcache ? env : { ...env, ...goEnvFromGoCommand() };
}

/** samples/, the Go layout fixtures and (when Go is installed) a few real std packages, in one tree. */
function buildTree(): string {
  const dir = makeTempDir('arm64port-par-');
  fs.cpSync(path.join(REPO, 'samples'), path.join(dir, 'samples'), { recursive: true });
  fs.cpSync(path.join(REPO, 'test/fixtures/go'), path.join(dir, 'fixtures'), { recursive: true });
  const goroot = goEnv().goroot;
  if (goroot) for (const pkg of ['sync', 'bufio', 'net/netip', 'container/list', 'encoding/csv', 'hash/maphash']) {
    const from = path.join(goroot, 'src', pkg);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, 'std', pkg), { recursive: true, filter: (f) => !f.includes('testdata') });
  }
  return dir;
}

function bench(args: string[], timeout = 120_000) {
  const r = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8', timeout });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The same scan in this thread, file after file. */
function serial(root: string) {
  return scanWorkspaceParallel({ jobs: 1, root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, sharedSeed: { [GO_ENV_KEY]: goEnv() } });
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(REPO, 'scripts/copy-grammars.mjs')], { stdio: 'ignore' });
  execFileSync(process.execPath, [path.join(REPO, 'bench/build.mjs')], { stdio: 'inherit', cwd: REPO });
  await initTreeSitter();
  tree = buildTree();
});

describe('parallel scan', () => {
  it('reports exactly what the in-thread scan reports, in the same order', async () => {
    const expected = JSON.parse(JSON.stringify(await serial(tree)));
    expect(expected.findings.length).toBeGreaterThan(5);
    for (const jobs of ['2', '3']) {
      const got = bench(['scan', tree, '--jobs', jobs, '--findings']);
      expect(got.jobs).toBe(Number(jobs));
      expect(got.result.filesScanned).toBe(expected.filesScanned);
      expect(got.result.bytesScanned).toBe(expected.bytesScanned);
      expect(got.result.findings).toEqual(expected.findings);
      expect(got.result.skipped).toEqual(expected.skipped);
    }
  });

  it('gives the same report on samples/ alone', async () => {
    const root = path.join(REPO, 'samples');
    const expected = JSON.parse(JSON.stringify(await serial(root)));
    expect(bench(['scan', root, '--jobs', '2', '--findings']).result.findings).toEqual(expected.findings);
  });

  it('stops the workers when cancelled and says so', async () => {
    const got = bench(['scan', tree, '--jobs', '2', '--cancel-after', '3']);
    expect(got.cancelled).toBe(true);
    expect(got.files).toBeGreaterThanOrEqual(3);
    expect(got.files).toBeLessThan((await serial(tree)).filesScanned);
  });

  it('in this thread: a cancelled scan leaves nothing behind that changes the next one', async () => {
    const opts = { root: tree, paths: [tree], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, sharedSeed: { [GO_ENV_KEY]: goEnv() } };
    const cancelled = await scanWorkspaceParallel({ ...opts, onProgress: (done) => done >= 3 });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.filesScanned).toBe(3);
    expect(cancelled.notes.some((n) => /cancelled after 3 of/.test(n))).toBe(true);
    const full = await scanWorkspaceParallel(opts);
    expect(full.cancelled).toBe(false);
    expect(JSON.parse(JSON.stringify(full.findings))).toEqual(JSON.parse(JSON.stringify((await serial(tree)).findings)));
  });
});
