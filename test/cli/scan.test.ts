import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, ensureBuilt, expectUsageError, git, tempWorkspace, writeFiles } from './cli';
import { sarifProblems } from '../report/sarifCheck';

const MAKEFILE = 'CFLAGS = -O2 -mavx2\nall:\n\tcc $(CFLAGS) -o app main.c\n';
const DOCKERFILE = 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\n';
const LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z0-9-]+): .+$/;

beforeAll(() => ensureBuilt(), 300_000);

describe('scan on samples/', () => {
  it('prints compiler-style lines and exits by --fail-on', () => {
    const r = cli(['scan', 'samples']);
    const findings = r.stdout.split('\n').filter((l) => LINE.test(l));
    expect(findings.length).toBeGreaterThan(0);
    for (const l of findings) expect(fs.existsSync(l.match(LINE)![1])).toBe(true);
    // Default --fail-on error: exit 1 exactly when some finding is an error.
    expect(r.code).toBe(findings.some((l) => l.match(LINE)![4] === 'error') ? 1 : 0);
    expect(cli(['scan', 'samples', '--fail-on', 'hint']).code).toBe(1);
    expect(cli(['scan', 'samples', '--fail-on', 'never']).code).toBe(0);
  });

  it('every format parses', () => {
    const json = JSON.parse(cli(['scan', 'samples', '--format', 'json']).stdout);
    expect(json.version).toBe(1);
    expect(json.findings.length).toBe(json.summary.findings);
    expect(json.findings.every((f: any) => f.file.startsWith('samples/'))).toBe(true);

    const sarif = JSON.parse(cli(['scan', 'samples', '--format', 'sarif']).stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results.length).toBe(json.findings.length);
    expect(sarif.runs[0].results.map((r: any) => r.partialFingerprints['arm64port/v1'])).toEqual(json.findings.map((f: any) => f.fingerprint));

    const md = cli(['scan', 'samples', '--format', 'markdown']).stdout;
    expect(md).toMatch(/^## ARM64 portability report/);
    expect(md).toContain('| Performance notes |');

    const html = cli(['scan', 'samples', '--format', 'html']).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|\ssrc=/);
    expect(html.trim()).toMatch(/<\/html>$/);
  });
});

describe('scan in a workspace of its own', () => {
  it('exits 1 on errors, shows skipped vendor/ and honours --include-vendored', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, Dockerfile: DOCKERFILE, 'vendor/lib/Makefile': MAKEFILE });
    const r = cli(['scan'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Makefile:1:14: error build-x86-flags:');
    expect(r.stdout).toContain("skipped vendor: vendor/ is not the project's own code (1 file not scanned)");
    expect(r.stdout).toContain('1 file in vendored, bundled or hidden folders not scanned');
    expect(r.stdout).toContain('readiness: 2 blockers');
    const json = JSON.parse(cli(['scan', '--format', 'json'], dir).stdout);
    expect(json.summary.skipped).toEqual([{ file: 'vendor', reason: "vendor/ is not the project's own code (1 file not scanned)", files: 1 }]);
    const all = JSON.parse(cli(['scan', '--format', 'json', '--include-vendored'], dir).stdout);
    expect(all.findings.map((f: any) => f.file)).toContain('vendor/lib/Makefile');
  });

  it('reads .arm64port.json (rule severities, ignore globs)', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, 'build/Dockerfile': DOCKERFILE,
      '.arm64port.json': JSON.stringify({ rules: { 'build-x86-flags': 'warning' }, ignore: ['build/**'] }) });
    const r = cli(['scan', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: any) => [f.file, f.ruleId, f.severity])).toEqual([['Makefile', 'build-x86-flags', 'warning']]);
  });

  it('--output writes the file whole and nothing to stdout', () => {
    const dir = tempWorkspace({ Dockerfile: DOCKERFILE });
    const r = cli(['scan', '--format', 'sarif', '--output', 'out/report.sarif'.replace('out/', '')], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(sarifProblems(JSON.parse(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')))).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a failed or interrupted scan leaves no partial output file', async () => {
    const dir = tempWorkspace({ Dockerfile: DOCKERFILE, 'report.json': 'previous' });
    expectUsageError(cli(['scan', '--format', 'json', '--output', 'report.json', '--baseline', 'missing.json'], dir));
    expect(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe('previous');
    // Interrupt a scan of samples/ early: the output is either absent or whole, never a stray temp file.
    const out = path.join(dir, 'samples.json');
    const child = spawn(process.execPath, [path.join(REPO, 'bin/arm64-port.js'), 'scan', 'samples', '--format', 'json', '--output', out], { cwd: REPO, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    if (fs.existsSync(out)) expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe(1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('baseline round trip: known findings pass, line shifts keep them known, a new one fails', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, Dockerfile: DOCKERFILE });
    const w = cli(['scan', '--write-baseline', 'arm64-baseline.json'], dir);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('wrote 2 findings to the baseline');
    const base = JSON.parse(fs.readFileSync(path.join(dir, 'arm64-baseline.json'), 'utf8'));
    expect(base.findings.map((f: any) => f.ruleId).sort()).toEqual(['build-x86-flags', 'docker-goarch-hardcoded']);

    const same = cli(['scan', '--baseline', 'arm64-baseline.json', '--format', 'json'], dir);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ findings: [], baseline: { known: 2 } });

    writeFiles(dir, { Makefile: '# comment\n\n' + MAKEFILE, Dockerfile: '# syntax=docker/dockerfile:1\n' + DOCKERFILE });
    expect(cli(['scan', '--baseline', 'arm64-baseline.json'], dir).code).toBe(0);

    writeFiles(dir, { Makefile: '# comment\n\n' + MAKEFILE + 'LDFLAGS += -mavx512f\n' });
    const fresh = cli(['scan', '--baseline', 'arm64-baseline.json'], dir);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout.split('\n').filter((l) => LINE.test(l))).toEqual([expect.stringMatching(/^Makefile:6:\d+: error build-x86-flags: .*-mavx512f/)]);
    expect(fresh.stdout).toContain('2 known findings left out (baseline arm64-baseline.json)');
  });

  it('--changed-since limits the scan to changed and untracked files', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, 'old/Dockerfile': DOCKERFILE, '.gitignore': 'ignored/\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    expect(JSON.parse(cli(['scan', '--changed-since', 'HEAD', '--format', 'json'], dir).stdout).findings).toEqual([]);
    writeFiles(dir, { 'new/Dockerfile': DOCKERFILE, 'ignored/Dockerfile': DOCKERFILE, Makefile: MAKEFILE + '# touched\n' });
    const r = cli(['scan', '--changed-since', 'HEAD', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.changedSince).toBe('HEAD');
    expect([...new Set(j.findings.map((f: any) => f.file))].sort()).toEqual(['Makefile', 'new/Dockerfile']);
    expect(expectUsageError(cli(['scan', '--changed-since', 'no-such-rev'], dir))).toContain('unknown git revision "no-such-rev"');
  });

  it('--changed-since outside a git repository is a clear usage error', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, '.arm64port.json': '{}' });
    expect(expectUsageError(cli(['scan', '--changed-since', 'HEAD'], dir))).toMatch(/needs a git repository/);
  });
});

describe('usage errors: exit 2, one line, no stack trace', () => {
  const dir = tempWorkspace({ Makefile: MAKEFILE, 'bad/.arm64port.json': '{ nope', 'bad/Makefile': MAKEFILE, 'bl.json': '{"version":1}' });
  it.each([
    [['scan', '--format', 'pdf'], /unknown format "pdf"/],
    [['scan', '--fail-on', 'sometimes'], /--fail-on must be one of/],
    [['scan', '--nope'], /unknown flag --nope; valid flags: --format/],
    [['scan', 'missing-dir'], /missing-dir: no such file or directory/],
    [['scan', '--targets', 'linux/sparc'], /unknown target "linux\/sparc"/],
    [['scan', '--baseline', 'none.json'], /baseline none.json not found/],
    [['scan', '--baseline', 'bl.json'], /not an arm64-port baseline/],
    [['scan', '--config', 'nope.json'], /config file nope.json not found/],
    [['scan', 'bad'], /invalid JSON/],
    [['scan', '--jobs', 'many'], /--jobs needs a whole number/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['fix', '--rule', 'no-such-rule'], /unknown rule "no-such-rule"/],
  ])('%j', (args, message) => {
    expect(expectUsageError(cli(args as string[], dir))).toMatch(message);
  });
});
