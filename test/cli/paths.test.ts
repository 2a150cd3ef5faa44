// Paths are printed the way they were named on the command line: absolute stays absolute, relative stays
// relative to the current folder; and the HTML report's links work from where the report is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, tempWorkspace } from './cli';
import { makeTempDir } from '../helpers/tempDirs';

const DOCKERFILE = 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\n';
const GO = 'package s\n\ntype T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';

beforeAll(() => ensureBuilt(), 300_000);

/** A workspace at <tmp>/bad/loop and an unrelated current folder <tmp>/elsewhere/deep. */
function layout() {
  const top = makeTempDir('arm64-port-paths-');
  const ws = path.join(top, 'bad', 'loop');
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(ws, 's.go'), GO);
  const cwd = path.join(top, 'elsewhere', 'deep');
  fs.mkdirSync(cwd, { recursive: true });
  return { top, ws, cwd };
}

const firstColumn = (text: string) => text.split('\n').filter((l) => /:\d+:\d+: /.test(l)).map((l) => l.split(':')[0]);

describe('paths as named on the command line', () => {
  it('absolute: text, markdown, json root, layout, fix messages and dry-run diff headers stay absolute', () => {
    const { ws, cwd } = layout();
    const file = path.join(ws, 's.go');
    expect(firstColumn(cli(['scan', file, path.join(ws, 'Dockerfile')], cwd).stdout)).toEqual([path.join(ws, 'Dockerfile'), file]);
    expect(firstColumn(cli(['scan', ws], cwd).stdout)).toEqual([path.join(ws, 'Dockerfile'), file]);
    expect(cli(['scan', ws, '--format', 'markdown'], cwd).stdout).toContain(`<code>${file}</code>`);
    const json = JSON.parse(cli(['scan', ws, '--format', 'json'], cwd).stdout);
    expect(json.root).toBe(ws);
    expect(json.findings.map((f: any) => f.file).sort()).toEqual(['Dockerfile', 's.go']); // the contract: relative to root
    expect(cli(['layout', file], cwd).stdout).toContain(`type T  (${file}:3)`);

    const dry = cli(['fix', '--dry-run', ws], cwd);
    expect(dry.stdout).toContain(`--- a/${path.join(ws, 'Dockerfile')}\n+++ b/${path.join(ws, 'Dockerfile')}\n`);
    // `patch -p1` from / applies it to the file the user named.
    const patch = spawnSync('patch', ['--dry-run', '-p1', '-d', '/'], { input: dry.stdout, encoding: 'utf8' });
    expect(patch.stderr).toBe('');
    expect(patch.status).toBe(0);
  });

  it('relative: relative to the current folder, as the user wrote it', () => {
    const { cwd } = layout();
    const rel = '../../bad/loop';
    expect(firstColumn(cli(['scan', rel], cwd).stdout)).toEqual([`${rel}/Dockerfile`, `${rel}/s.go`]);
    expect(firstColumn(cli(['scan', `${rel}/s.go`], cwd).stdout)).toEqual([`${rel}/s.go`]);
    expect(JSON.parse(cli(['scan', rel, '--format', 'json'], cwd).stdout).root).toBe(rel);
    expect(cli(['fix', '--dry-run', rel], cwd).stdout).toContain(`--- a/${rel}/Dockerfile\n`);
    expect(cli(['layout', `${rel}/s.go`], cwd).stdout).toContain(`type T  (${rel}/s.go:3)`);
  });

  it('mixed: each file as the path that holds it was named', () => {
    const { ws, cwd } = layout();
    expect(firstColumn(cli(['scan', path.join(ws, 's.go'), '../../bad/loop/Dockerfile'], cwd).stdout))
      .toEqual(['../../bad/loop/Dockerfile', path.join(ws, 's.go')]);
  });

  it('no path: relative to the current folder, as before', () => {
    const dir = tempWorkspace({ 'a/Dockerfile': DOCKERFILE });
    expect(firstColumn(cli(['scan'], dir).stdout)).toEqual(['a/Dockerfile']);
    expect(firstColumn(cli(['scan'], path.join(dir, 'a')).stdout)).toEqual(['Dockerfile']);
  });
});

describe('HTML report links', () => {
  /** Every href of the page that is not a web or in-page link, resolved from the report's folder. */
  function localTargets(html: string, reportDir: string): string[] {
    const hrefs = [...html.matchAll(/\b(?:href|title)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))
      .filter((h) => !/^(https?:|#)/.test(h));
    return hrefs.map((h) => (h.startsWith('file:') ? fileURLToPath(h) : path.resolve(reportDir, decodeURIComponent(h.split('#')[0]))));
  }

  it.each([
    ['a report in another folder', (top: string) => path.join(top, 'reports', 'nested', 'r.html')],
    ['a report next to the files', (top: string) => path.join(top, 'bad', 'r.html')],
  ])('%s: every file link resolves to the file, relative and file://', (_, where) => {
    const { top, ws, cwd } = layout();
    fs.mkdirSync(path.join(ws, 'dir with space'));
    fs.writeFileSync(path.join(ws, 'dir with space', 'Dockerfile'), DOCKERFILE);
    const out = where(top);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const r = cli(['scan', '../../bad', '--format', 'html', '--output', path.relative(cwd, out)], cwd);
    expect(r.code).toBe(1);
    const html = fs.readFileSync(out, 'utf8');
    const targets = localTargets(html, path.dirname(out));
    // Per file: the header's link, its title and the file:// link; per finding: its link and title.
    expect(targets.length).toBe(3 * 3 + 2 * (html.match(/<td class="loc">/g) ?? []).length);
    for (const t of targets) expect(fs.existsSync(t) && fs.statSync(t).isFile(), t).toBe(true);
    expect(new Set(targets)).toEqual(new Set(['Dockerfile', 's.go', 'dir with space/Dockerfile'].map((f) => path.join(ws, f))));
  });

  it('to stdout: links relative to the current folder (where `> report.html` puts it)', () => {
    const { ws, cwd } = layout();
    const html = cli(['scan', ws, '--format', 'html'], cwd).stdout;
    for (const t of localTargets(html, cwd)) expect(fs.existsSync(t), t).toBe(true);
  });
});
