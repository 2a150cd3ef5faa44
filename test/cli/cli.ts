// Runs the built command line (bin/arm64-port.js builds dist/ on demand) in real folders.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTempDir } from '../helpers/tempDirs';

export const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'arm64-port.js');

export interface Run { code: number | null; stdout: string; stderr: string }

export function cli(args: string[], cwd = REPO): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ARM64PORT_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Builds dist/ once, with a lock so two test files do not build at the same time. */
export function ensureBuilt(): void {
  const lock = path.join(os.tmpdir(), `arm64-port-cli-build-${Buffer.from(REPO).toString('hex').slice(-24)}.lock`);
  const start = Date.now();
  for (;;) {
    try { fs.mkdirSync(lock); break; } catch {
      if (Date.now() - start > 240_000) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    const r = cli(['--version']);
    if (r.code !== 0) throw new Error(`building the CLI failed: ${r.stderr}`);
  } finally { fs.rmSync(lock, { recursive: true, force: true }); }
}

export function tempWorkspace(files: Record<string, string>): string {
  const dir = makeTempDir('arm64-port-cli-');
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

export function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A usage error: exit 2, exactly one line on stderr, no stack trace. */
export function expectUsageError(r: Run): string {
  const lines = r.stderr.split('\n').filter(Boolean);
  if (r.code !== 2 || lines.length !== 1 || !lines[0].startsWith('arm64-port: ') || /\n\s+at /.test(r.stderr)) {
    throw new Error(`expected a one-line usage error with exit 2, got ${r.code}: ${JSON.stringify(r.stderr)}`);
  }
  return lines[0];
}
