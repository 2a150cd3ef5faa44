// The text format on a real terminal (a pseudo-terminal from util-linux `script`): grouped by file,
// wrapped to the terminal's width, in colour unless NO_COLOR or --no-color; piped or with --compact, the
// compiler-style line editors and CI parse.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, ensureBuilt, tempWorkspace } from './cli';

const BIN = path.join(REPO, 'bin', 'arm64-port.js');
const FILES = {
  Dockerfile: 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\n',
  'c/Makefile': 'CFLAGS = -O2 -msse4.2 -mavx2\nall:\n\tcc $(CFLAGS) -o app main.c\n',
};
const ESC = /\x1b\[[0-9;]*m/g;
const COMPACT = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z0-9-]+): .+$/;

beforeAll(() => ensureBuilt(), 300_000);

/** Runs the CLI with stdout on a pseudo-terminal `cols` wide; returns what the terminal got. */
function onTerminal(args: string[], cwd: string, cols: number, env: Record<string, string> = {}): { code: number | null; out: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qefc', `stty cols ${cols} rows 50; ${quoted}`, '/dev/null'], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', TERM: 'xterm-256color', ...env },
  });
  return { code: r.status, out: r.stdout.replace(/\r\n/g, '\n') };
}

describe('scan --format text on a terminal', () => {
  const dir = tempWorkspace(FILES);

  it('groups findings under their file, wraps messages to the width, colours severities', () => {
    const { code, out } = onTerminal(['scan'], dir, 72);
    expect(code).toBe(1);
    expect(out).toMatch(ESC);
    const plain = out.replace(ESC, '');
    const lines = plain.split('\n');
    // File headers, each followed by its findings, indented: "  line:col  severity  rule-id".
    expect(lines.filter((l) => l === 'Dockerfile' || l === 'c/Makefile').sort()).toEqual(['Dockerfile', 'c/Makefile']);
    const mk = lines.indexOf('c/Makefile');
    expect(lines[mk + 1]).toMatch(/^ {2}1:14 +error +build-x86-flags\b/);
    // Every line fits the 72 columns (no word in these messages is longer).
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(72);
    // The wrapped message is the whole message: compare with the compact form's text.
    const compact = cli(['scan'], dir).stdout.split('\n').filter((l) => COMPACT.test(l));
    const messages = compact.map((l) => l.replace(/^.*?: (error|warning|info|hint) [a-z0-9-]+: /, ''));
    const flat = plain.replace(/\s+/g, ' ');
    for (const m of messages) expect(flat).toContain(m.replace(/\s+/g, ' '));
    // No compiler-style line on a terminal; the summary is the same.
    expect(lines.filter((l) => COMPACT.test(l))).toEqual([]);
    expect(plain).toContain('3 findings (3 errors, 0 warnings, 0 info, 0 hints) in 2 files');
  });

  it('wide terminal: the message starts on the finding\'s line and continues under itself', () => {
    const lines = onTerminal(['scan', '--no-color'], dir, 140).out.split('\n');
    const first = lines.findIndex((l) => /^ {2}1:14 /.test(l));
    const start = lines[first].indexOf('-msse4.2');
    expect(start).toBeGreaterThan(20);
    expect(lines[first + 1].slice(0, start).trim()).toBe('');
    expect(lines[first + 1].length).toBeGreaterThan(start);
  });

  it.each([
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], {}],
    ['TERM=dumb', [], { TERM: 'dumb' }],
  ])('no colour with %s', (_, flags, env) => {
    const { out } = onTerminal(['scan', ...flags as string[]], dir, 100, env as Record<string, string>);
    expect(out).not.toMatch(ESC);
    expect(out).toMatch(/^Dockerfile$/m);
  });

  it('--color beats NO_COLOR; --compact keeps the compiler-style line on a terminal', () => {
    expect(onTerminal(['scan', '--color'], dir, 100, { NO_COLOR: '1' }).out).toMatch(ESC);
    const compact = onTerminal(['scan', '--compact', '--no-color'], dir, 100).out.split('\n').filter((l) => COMPACT.test(l));
    expect(compact).toHaveLength(3);
  });
});

describe('scan --format text piped', () => {
  it('is the compiler-style line, without colour unless --color', () => {
    const dir = tempWorkspace(FILES);
    const piped = cli(['scan'], dir).stdout;
    expect(piped).not.toMatch(ESC);
    expect(piped.split('\n').filter((l) => COMPACT.test(l)).sort()).toEqual([
      expect.stringMatching(/^Dockerfile:2:5: error docker-goarch-hardcoded: /),
      expect.stringMatching(/^c\/Makefile:1:14: error build-x86-flags: -msse4\.2/),
      expect.stringMatching(/^c\/Makefile:1:23: error build-x86-flags: -mavx2/),
    ]);
    const forced = cli(['scan', '--color'], dir).stdout;
    expect(forced).toMatch(ESC);
    expect(forced.replace(ESC, '')).toBe(piped);
  });
});
