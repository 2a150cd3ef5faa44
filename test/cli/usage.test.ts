// Each command's --help, unknown flags, plurals, --output's summary and write errors, layout of a file the
// scan would skip, and the README's first command: through the built CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, ensureBuilt, expectUsageError, tempWorkspace } from './cli';

const DOCKERFILE = 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\n';

beforeAll(() => ensureBuilt(), 300_000);

/** The flags a help text lists, as `--name` (the rows of its "flags:" section). */
function helpFlags(help: string): string[] {
  const rows = help.split('\n\nexit codes:')[0].split('flags:\n')[1]?.split('\n') ?? [];
  return rows.map((r) => r.match(/^\s+(?:-\w, )?(--[a-z-]+)/)?.[1]).filter((f): f is string => !!f).sort();
}

describe.each([
  ['scan', '--help'], ['layout', '--help'], ['fix', '-h'], ['rules', '--help'], ['mcp', '--help'],
])('%s %s', (command, flag) => {
  it('prints its own help: usage, every flag with a description, exit codes; exit 0', () => {
    const r = cli([command, flag]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: arm64-port ${command}\\b`));
    const rows = r.stdout.split('flags:\n')[1].split('\n\n')[0].split('\n');
    for (const row of rows) expect(row, 'a flag and its one-line description').toMatch(/^\s+(-\w, )?--[a-z-]+( \S+)?\s{2,}\S.*$/);
    expect(r.stdout).toMatch(/\nexit codes:\n  0  .+\n(  \d  .+\n?|     .+\n?)+$/);
    // --help wins over other flags, even a wrong one.
    expect(cli([command, '--nonsense', flag]).code).toBe(0);
  });

  it('an unknown flag gets one line naming the valid flags (those of the help), exit 2', () => {
    const line = expectUsageError(cli([command, '--frobnicate']));
    expect(line).toMatch(new RegExp(`^arm64-port: ${command}: unknown flag --frobnicate; valid flags: `));
    expect(line).not.toMatch(/Unknown option|place it at the end/);
    expect((line.match(/'/g) ?? []).length % 2, 'no unclosed quote').toBe(0);
    const listed = line.split('valid flags: ')[1].split(' (see ')[0].split(', ').map((f) => f.split(' ')[0]).sort();
    expect(listed).toEqual(helpFlags(cli([command, '--help']).stdout));
  });
});

describe('flag values', () => {
  it.each([
    [['scan', '--format'], /^arm64-port: scan: --format FMT needs a value: report format: text, json/],
    [['scan', '-o', '--fail-on', 'never'], /^arm64-port: scan: -o FILE needs a value, not the flag --fail-on \(write --output=--fail-on if that is the value\)$/],
    [['rules', '--json=yes'], /^arm64-port: rules: --json takes no value$/],
    [['scan', '--compact', '--format', 'json'], /--compact is for --format text/],
    [['scan', '--color', '--no-color'], /--color and --no-color contradict each other/],
  ])('%j', (args, message) => {
    expect(expectUsageError(cli(args as string[]))).toMatch(message);
  });
});

describe('counts are plural only when they are not 1', () => {
  it('text, --output summary, baseline and fix', () => {
    const dir = tempWorkspace({ Dockerfile: DOCKERFILE, 'vendor/x/Makefile': 'CFLAGS = -mavx2\n' });
    const r = cli(['scan'], dir);
    expect(r.stdout).toContain('\n1 finding (1 error, 0 warnings, 0 info, 0 hints) in 1 file\n');
    expect(r.stdout).toContain('readiness: 1 blocker, 0 correctness hazards, 0 performance notes');
    expect(r.stdout).toContain('1 file in vendored, bundled or hidden folders not scanned');
    expect(r.stdout).not.toMatch(/\b1 (findings|files|errors|warnings|hints|blockers)\b/);
    expect(cli(['scan', '--write-baseline', 'b.json'], dir).stderr).toContain('wrote 1 finding to the baseline b.json');
    const md = cli(['scan', '--format', 'markdown'], dir).stdout;
    expect(md).toContain('1 finding in 1 file ');
    expect(md).toContain('<code>Dockerfile</code>: 1 finding</summary>');
    expect(cli(['scan', '--format', 'html'], dir).stdout).toContain('1 finding in 1 file');
    expect(cli(['fix', '--dry-run'], dir).stderr).toMatch(/would apply 1 fix in 1 file$/m);
    expect(cli(['fix'], dir).stdout).toMatch(/applied 1 fix in 1 file$/m);
  });
});

describe('scan --output', () => {
  it('prints a one-line summary to stderr (counts and where the report went) and still exits per --fail-on', () => {
    const dir = tempWorkspace({ Dockerfile: DOCKERFILE, Makefile: 'CFLAGS = -mavx2\n' });
    const r = cli(['scan', '--format', 'sarif', '--output', 'report.sarif'], dir);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('arm64-port: 2 findings (2 errors, 0 warnings, 0 info, 0 hints) in 2 files; sarif report written to report.sarif\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')).runs[0].results).toHaveLength(2);
    expect(cli(['scan', '-o', 'r.txt', '--fail-on', 'never'], dir).code).toBe(0);
  });

  it.each([
    ['/nonexistent-dir/x.sarif', 'arm64-port: --output /nonexistent-dir/x.sarif: the folder /nonexistent-dir does not exist'],
    ['no/such/x.json', 'arm64-port: --output no/such/x.json: the folder no/such does not exist'],
    ['sub', 'arm64-port: --output sub: is a folder'],
    ['file.txt/x.json', 'arm64-port: --output file.txt/x.json: file.txt is not a folder'],
  ])('a path that cannot be written (%s) is a usage error naming it as given, before the scan', (out, message) => {
    const dir = tempWorkspace({ Dockerfile: DOCKERFILE, 'sub/.keep': '', 'file.txt': 'x' });
    const r = cli(['scan', '--format', 'json', '--output', out], dir);
    expect(expectUsageError(r)).toBe(message);
    expect(r.stderr).not.toMatch(/internal error|\.tmp/);
    expect(expectUsageError(cli(['scan', '--write-baseline', out], dir))).toBe(message.replace('--output', '--write-baseline'));
  });
});

describe('layout of a file the scan would skip', () => {
  it('says it was skipped and why, on stderr, with exit 2', () => {
    const elf = fs.readFileSync(process.execPath).subarray(0, 64 * 1024);
    const dir = tempWorkspace({});
    fs.writeFileSync(path.join(dir, 'bin.go'), elf);
    fs.writeFileSync(path.join(dir, 'blob.h'), elf);
    fs.writeFileSync(path.join(dir, 'latin1.go'), Buffer.from('package p\n// ' + '\xe9\xe8\xea'.repeat(200) + '\ntype T struct{ a bool }\n', 'latin1'));
    for (const [file, why] of [['bin.go', 'binary content or invalid UTF-8'], ['blob.h', 'binary content or invalid UTF-8'],
      ['latin1.go', 'binary content or invalid UTF-8']]) {
      const r = cli(['layout', file], dir);
      expect(expectUsageError(r)).toBe(`arm64-port: ${file}: skipped: ${why} (a scan skips such files too)`);
      expect(r.stdout).toBe('');
    }
    // The scan says the same of them.
    const scan = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never'], dir).stdout);
    expect(Object.fromEntries(scan.summary.skipped.map((s: any) => [s.file, s.reason]))).toEqual({
      'bin.go': 'binary content or invalid UTF-8', 'blob.h': 'binary content or invalid UTF-8', 'latin1.go': 'binary content or invalid UTF-8',
    });
  });

  it('larger than maxFileBytes: skipped as the scan skips it', () => {
    const big = 'package p\n\n' + '// filler line of a generated file\n'.repeat(80) + 'type T struct{ a bool; b int64 }\n';
    const dir = tempWorkspace({ '.arm64port.json': JSON.stringify({ maxFileBytes: 2048 }), 'big.go': big, 'small.go': 'package p\n\ntype S struct{ a bool }\n' });
    expect(expectUsageError(cli(['layout', 'big.go'], dir))).toBe('arm64-port: big.go: skipped: larger than 2 KiB (a scan skips such files too)');
    expect(cli(['layout', 'small.go'], dir).code).toBe(0);
    const scan = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never'], dir).stdout);
    expect(scan.summary.skipped).toEqual([{ file: 'big.go', reason: 'larger than 2 KiB' }]);
  });
});

describe('README', () => {
  it('the first command says what its exit code means, and the code is the one the CLI returns', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const first = readme.split('\n').find((l) => l.includes('npx arm64-port scan samples'))!;
    const said = first.match(/exit(?:s| code) (\d)/);
    expect(said, first).not.toBeNull();
    const args = first.split('npx arm64-port ')[1].split('#')[0].trim().split(/\s+/);
    expect(cli(args).code).toBe(Number(said![1]));
  });
});

describe('layout names what each C record is', () => {
  it('a union, a class and a struct: in the table heading and as `kind` in --json', () => {
    const dir = tempWorkspace({ 'u.h': 'union u { int a; char b[6]; };\nstruct s { char c; union u x; };\n', 'k.hpp': 'class K { int a; char b; };\n' });
    const text = cli(['layout', 'u.h', '--targets', 'linux/arm64'], dir).stdout;
    expect(text.split('\n').filter((l) => /^\S/.test(l))).toEqual(['union u  (u.h:1)  linux/arm64', 'struct s  (u.h:2)  linux/arm64']);
    expect(cli(['layout', 'k.hpp', '--targets', 'linux/arm64'], dir).stdout.split('\n')[0]).toBe('class K  (k.hpp:1)  linux/arm64');
    const json = JSON.parse(cli(['layout', 'u.h', '--json', '--targets', 'linux/arm64'], dir).stdout);
    expect(json.structs.map((s: { name: string; kind: string }) => `${s.kind} ${s.name}`)).toEqual(['union u', 'struct s']);
  });
});
