// The on-disk result cache: a second scan of an unchanged tree is served from it; a file whose own
// text changed is re-analysed; a Go file whose result depends on a sibling file is re-analysed when
// the sibling changes (its struct's size changes with it), while single-file results still hit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/core/config';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules/index';
import { makeTempDir } from '../helpers/tempDirs';

let root: string;
let cacheDir: string;
const seed = { [GO_ENV_KEY]: goEnvFromEnvironment() };

const write = (rel: string, text: string) => {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  // A distinct mtime even on coarse file systems.
  const t = new Date(Date.now() + Math.floor(Math.random() * 1e6));
  fs.utimesSync(f, t, t);
};

const scan = () => scanWorkspaceParallel({ root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, jobs: 1, cacheDir, sharedSeed: seed });
const uncached = async () => (await scanWorkspaceParallel({ jobs: 1, root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, sharedSeed: seed })).findings;
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

beforeAll(async () => {
  await initTreeSitter();
  root = makeTempDir('arm64port-cache-');
  cacheDir = path.join(root, '.cache', 'arm64port');
  write('go.mod', 'module example.com/c\n\ngo 1.26\n');
  // Rec's layout depends on Small, declared in the sibling file.
  write('pkg/rec.go', 'package pkg\n\ntype Rec struct {\n\tA bool\n\tS Small\n\tB bool\n}\n');
  write('pkg/small.go', 'package pkg\n\ntype Small struct {\n\tX int64\n}\n');
  write('Dockerfile', 'FROM --platform=linux/amd64 golang:1.26\nRUN go build ./...\n');
});

describe('result cache', () => {
  it('misses on the first scan and hits on the second, with the same report', async () => {
    const first = await scan();
    expect(first.stats.cacheHits).toBe(0);
    expect(first.stats.cacheMisses).toBeGreaterThanOrEqual(3);
    const second = await scan();
    expect(second.stats.cacheMisses).toBe(0);
    expect(second.stats.cacheHits).toBe(first.stats.cacheMisses);
    expect(plain(second.findings)).toEqual(plain(first.findings));
    expect(plain(first.findings)).toEqual(plain(await uncached()));
    expect(first.findings.some((f) => f.ruleId === 'go-struct-padding' && f.file.endsWith('rec.go'))).toBe(true);
  });

  it('re-analyses a Go file when a sibling it depends on changes; single-file results still hit', async () => {
    const before = await scan();
    const recBefore = before.findings.find((f) => f.ruleId === 'go-struct-padding' && f.file.endsWith('rec.go'))!;
    expect(recBefore.message).toMatch(/24 bytes on linux\/arm64/);
    // Small shrinks to one byte: Rec is no longer padded at all.
    write('pkg/small.go', 'package pkg\n\ntype Small struct {\n\tX int8\n}\n');
    const after = await scan();
    expect(after.stats.cacheMisses).toBeGreaterThanOrEqual(2); // small.go (text) and rec.go (sibling)
    expect(after.stats.cacheHits).toBeGreaterThanOrEqual(1); // the Dockerfile
    expect(after.findings.some((f) => f.ruleId === 'go-struct-padding' && f.file.endsWith('rec.go'))).toBe(false);
    expect(plain(after.findings)).toEqual(plain(await uncached()));
  });

  it('re-analyses a file whose own text changed', async () => {
    await scan();
    write('Dockerfile', 'FROM golang:1.26\nRUN go build ./...\n');
    const r = await scan();
    expect(r.stats.cacheMisses).toBeGreaterThanOrEqual(1);
    expect(r.findings.some((f) => f.file.endsWith('Dockerfile'))).toBe(false);
    expect(plain(r.findings)).toEqual(plain(await uncached()));
  });

  it('a different config never reuses entries', async () => {
    await scan();
    const r = await scanWorkspaceParallel({ root, paths: [root], config: { ...defaultConfig, paddingWarningBytes: 1 }, fs: nodeFileSystem, rules: ALL_RULES, jobs: 1, cacheDir, sharedSeed: seed });
    expect(r.stats.cacheHits).toBe(0);
  });
});
