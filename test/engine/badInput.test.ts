// Hostile workspaces: symlink loops, dangling links, a FIFO named like source (reading it would block
// forever), binary data with a .go name, Latin-1 text, 100,000 files, a cancelled scan. Nothing
// crashes or hangs, and the report says what was skipped and why.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/core/config';
import { discoverFiles } from '../../server/src/engine/discover';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules/index';
import { makeTempDir } from '../helpers/tempDirs';

let root: string;
const seed = { [GO_ENV_KEY]: goEnvFromEnvironment() };
const scan = (r: string, onProgress?: (done: number, total: number) => boolean) =>
  scanWorkspaceParallel({ root: r, paths: [r], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, jobs: 1, sharedSeed: seed, onProgress });
const reasonOf = (skipped: { path: string; reason: string }[], name: string) => skipped.find((s) => path.basename(s.path) === name)?.reason;

beforeAll(async () => {
  await initTreeSitter();
  root = makeTempDir('arm64port-bad-');
  const w = (rel: string, data: string | Buffer) => { fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true }); fs.writeFileSync(path.join(root, rel), data); };
  w('go.mod', 'module example.com/bad\n\ngo 1.26\n');
  w('ok/ok.go', 'package ok\n\ntype T struct {\n\tA bool\n\tB int64\n\tC bool\n}\n');
  fs.symlinkSync('..', path.join(root, 'ok', 'loop'));                 // directory loop
  fs.symlinkSync('self.go', path.join(root, 'ok', 'self.go'));         // link to itself
  fs.symlinkSync('/nonexistent/x.go', path.join(root, 'ok', 'dangling.go'));
  execFileSync('mkfifo', [path.join(root, 'ok', 'fifo.go')]);
  fs.symlinkSync('fifo.go', path.join(root, 'ok', 'tofifo.go'));       // a link to the FIFO looks like a file
  w('bin/blob.go', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  // Latin-1: a few accented letters in comments (still analysed) and a file that is mostly not UTF-8.
  w('latin/latin.go', Buffer.from('package latin\n\n// Caf\xe9 cr\xe8me\ntype T struct {\n\tA bool\n\tB int64\n\tC bool\n}\n', 'latin1'));
  w('latin/mostly.go', Buffer.from('package latin\n\n// ' + '\xe9\xe8\xe0\xf9'.repeat(300) + '\n', 'latin1'));
});

describe('bad input', () => {
  it('scans around links, loops, FIFOs, binary and non-UTF-8 files and says what it skipped', async () => {
    const r = await scan(root);
    expect(r.cancelled).toBe(false);
    const padded = r.findings.filter((f) => f.ruleId === 'go-struct-padding').map((f) => path.relative(root, f.file)).sort();
    expect(padded).toEqual(['latin/latin.go', 'ok/ok.go']);
    expect(reasonOf(r.skipped, 'dangling.go')).toMatch(/broken symbolic link/);
    expect(reasonOf(r.skipped, 'self.go')).toMatch(/broken symbolic link|loop/);
    expect(reasonOf(r.skipped, 'fifo.go')).toMatch(/not a regular file/);
    expect(reasonOf(r.skipped, 'tofifo.go')).toMatch(/unreadable/);
    expect(reasonOf(r.skipped, 'blob.go')).toMatch(/binary/);
    expect(reasonOf(r.skipped, 'mostly.go')).toMatch(/binary content or invalid UTF-8/);
    // The loop is not followed: ok.go is found once.
    expect(r.findings.filter((f) => f.file.endsWith('ok.go') && f.ruleId === 'go-struct-padding')).toHaveLength(1);
  });

  it('a workspace of 100,000 files: discovery finishes, a scan can be cancelled part-way', async () => {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-100k-'));
    // Hard links (one system call per file keeps the set-up short) of one file per directory: file
    // systems cap the link count of a file (ext4: 65,000).
    for (let d = 0; d < 100; d++) {
      const dir = path.join(big, `d${d}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'f0.go'), `package d${d}\n`);
      for (let i = 1; i < 1000; i++) fs.linkSync(path.join(dir, 'f0.go'), path.join(dir, `f${i}.go`));
    }
    const { files } = discoverFiles([big], nodeFileSystem, defaultConfig, big);
    expect(files).toHaveLength(100_000);
    const r = await scan(big, (done) => done >= 5000);
    expect(r.cancelled).toBe(true);
    expect(r.filesScanned).toBe(5000);
    expect(r.notes.at(-1)).toMatch(/cancelled after 5000 of 100000 files/);
    fs.rmSync(big, { recursive: true, force: true });
  }, 120_000);
});
