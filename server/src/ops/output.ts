import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors';

/** Writes through a temporary file and a rename, so a cancelled run leaves no half-written output. */
export function writeAtomically(file: string, content: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  try { fs.renameSync(tmp, abs); }
  catch (e) { fs.rmSync(tmp, { force: true }); throw e; }
}

/**
 * Checks before a long scan that `file` (an --output or --write-baseline path, as the user gave it) can
 * be written: its folder exists and it is not a folder itself.
 */
export function checkOutputPath(flag: string, file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`${flag} ${file}: the folder ${path.dirname(file)} does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`${flag} ${file}: ${path.dirname(file)} is not a folder`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: is a folder`);
}

/** writeAtomically for a file the user named: a failure is a usage error naming the file as given. */
export function writeOutputFile(flag: string, file: string, content: string): void {
  try { writeAtomically(file, content); }
  catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = { ENOENT: 'its folder does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a folder', ENOTDIR: 'a part of the path is not a folder', EROFS: 'read-only file system', ENOSPC: 'no space left on the device' }[err.code ?? ''];
    throw new UsageError(`${flag} ${file}: cannot write (${why ?? err.code ?? err.message})`);
  }
}
