import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, git, REPO, tempWorkspace } from './cli';
import { makeTempDir } from '../helpers/tempDirs';
import { unifiedDiff } from '../../server/src/fixes/diff';

const MAKEFILE = 'CFLAGS = -O2 -mavx2\nall:\n\tcc $(CFLAGS) -o app main.c\n';
const DOCKERFILE = 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\n';

beforeAll(() => ensureBuilt(), 300_000);

describe('arm64-port fix', () => {
  it('--dry-run prints a patch that git apply accepts and that equals what fix writes', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, Dockerfile: DOCKERFILE.trimEnd() /* no final newline */ });
    git(dir, 'init', '-q');
    const dry = cli(['fix', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('would apply');
    expect(dry.stdout).toContain('--- a/Dockerfile');
    expect(dry.stdout).toContain('\\ No newline at end of file');
    // Nothing written by a dry run.
    expect(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8')).toBe(MAKEFILE);
    const check = spawnSync('git', ['apply', '--check', '-'], { cwd: dir, input: dry.stdout, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);

    spawnSync('git', ['apply', '-'], { cwd: dir, input: dry.stdout, encoding: 'utf8' });
    const patched = { Makefile: fs.readFileSync(path.join(dir, 'Makefile'), 'utf8'), Dockerfile: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8') };
    fs.writeFileSync(path.join(dir, 'Makefile'), MAKEFILE);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE.trimEnd());

    const applied = cli(['fix'], dir);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/applied \d+ fixes in 2 files/);
    expect(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8')).toBe(patched.Makefile);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(patched.Dockerfile);
    expect(patched.Dockerfile).toBe('FROM golang:1.23\nARG TARGETARCH\nRUN GOARCH=${TARGETARCH} go build ./...');

    // The fixed files no longer have the findings those fixes address, and a second run has nothing to do.
    const after = JSON.parse(cli(['scan', '--format', 'json'], dir).stdout);
    expect(after.findings.filter((f: any) => f.ruleId === 'docker-goarch-hardcoded' || f.ruleId === 'build-x86-flags')).toEqual([]);
    expect(cli(['fix'], dir).stdout).toMatch(/applied 0 fixes in 0 files/);
  });

  // Issue 15: on the samples, fixes added `ARG TARGETARCH` twice to one stage, left `KUBELET_EXTRA_ARGS= --cpu…` and
  // an empty `featureGates:`, and reported "1 overlapping fixes left for a second run" (an -mavx2 left unguarded).
  it('on the samples: fixes compose and settle in one run', () => {
    const dir = makeTempDir('arm64-port-cli-samples-');
    fs.cpSync(path.join(REPO, 'samples'), dir, { recursive: true });
    git(dir, 'init', '-q');
    const dry = cli(['fix', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stderr).not.toMatch(/overlapping|second run|still changed/);
    expect(spawnSync('git', ['apply', '-'], { cwd: dir, input: dry.stdout, encoding: 'utf8' }).status).toBe(0);
    const docker = fs.readFileSync(path.join(dir, 'go-service/Dockerfile'), 'utf8');
    expect(docker.slice(docker.lastIndexOf('FROM ')).match(/^ARG TARGETARCH$/gm)).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'deploy/node/kubelet.service.d/10-kubeadm.conf'), 'utf8')).toContain('Environment="KUBELET_EXTRA_ARGS=--cpu-manager-policy=static"\n');
    expect(fs.readFileSync(path.join(dir, 'deploy/node/kubelet-config.yaml'), 'utf8')).not.toContain('featureGates');
    const make = fs.readFileSync(path.join(dir, 'c-lib/Makefile'), 'utf8');
    expect(make).toMatch(/^CFLAGS = -O2 -march=native\nifneq [^\n]*\nCFLAGS \+= -msse4\.2\nCFLAGS \+= -mavx2\nendif$/m);
    // What the dry run showed is what fix leaves: nothing for a second run.
    expect(cli(['fix'], dir).stdout).toMatch(/applied 0 fixes in 0 files/);
  });

  it('--rounds 1 applies what the files offer now; the next run takes what that made possible', () => {
    const dir = makeTempDir('arm64-port-cli-rounds-');
    fs.cpSync(path.join(REPO, 'samples'), dir, { recursive: true });
    const settled = cli(['fix', '--dry-run'], dir).stderr;
    const total = Number(/would apply (\d+) fix/.exec(settled)![1]);
    let applied = 0;
    let runs = 0;
    for (; runs < 8; runs++) {
      const r = cli(['fix', '--rounds', '1'], dir);
      expect(r.code).toBe(0);
      const n = Number(/applied (\d+) fix/.exec(r.stdout)![1]);
      if (n === 0) break;
      applied += n;
    }
    // The samples need two rounds (an -mavx2 guard goes into the block the first round wrote).
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(applied).toBe(total);
    expect(cli(['fix', '--rounds', '0'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--rounds takes a whole number/) });
  });

  it('--rule limits the fixes to one rule', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, Dockerfile: DOCKERFILE });
    const r = cli(['fix', '--rule', 'docker-goarch-hardcoded'], dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8')).toBe(MAKEFILE);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('GOARCH=${TARGETARCH}');
  });
});

describe('unifiedDiff', () => {
  it('removes before it adds, and has no phantom last line', () => {
    expect(unifiedDiff('f', 'a\nb\nc\n', 'a\nB\nc\n')).toBe('--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c');
  });
  it('marks a missing final newline and addresses an empty file as line 0', () => {
    expect(unifiedDiff('f', 'a', 'a\n')).toBe('--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a');
    expect(unifiedDiff('f', '', 'x\n')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x');
  });
});
