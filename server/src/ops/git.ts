// `scan --changed-since REV`: the files changed since a git revision (committed, staged or not) plus
// untracked files that .gitignore does not exclude. The CLI may run git; the server never does.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: string | Buffer; code?: string; message?: string };
  if (err.code === 'ENOENT') return 'git is not installed';
  return (String(err.stderr ?? '') || err.message || String(e)).trim().split('\n')[0];
}

/** Absolute paths of the files changed since `rev` in the git repository that holds `dir`. */
export function changedFilesSince(dir: string, rev: string): Set<string> {
  if (rev.startsWith('-')) throw new UsageError(`--changed-since: "${rev}" is not a revision`);
  let top: string;
  try { top = git(dir, ['rev-parse', '--show-toplevel']).trim(); }
  catch (e) {
    const why = firstLine(e);
    throw new UsageError(why === 'git is not installed' ? `--changed-since needs git: ${why}` : `--changed-since needs a git repository: ${dir} is not in one`);
  }
  try { git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]); }
  catch { throw new UsageError(`--changed-since: unknown git revision "${rev}"`); }
  // git prints real paths; the scan walks the path as the user gave it (maybe through a symlink).
  const logicalTop = path.resolve(dir, path.relative(fs.realpathSync(dir), top));
  const files = new Set<string>();
  const add = (out: string) => { for (const l of out.split('\0')) if (l) files.add(path.resolve(logicalTop, l)); };
  try {
    add(git(top, ['diff', '--name-only', '-z', '--no-renames', rev, '--']));
    add(git(top, ['ls-files', '--others', '--exclude-standard', '-z']));
  } catch (e) { throw new UsageError(`--changed-since: git failed: ${firstLine(e)}`); }
  return files;
}
