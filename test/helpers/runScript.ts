// Runs a repository script (a generator's --check) in a child process without blocking this test worker's event
// loop: a synchronous call of a minute or more starves vitest's RPC ("Timeout calling onTaskUpdate") on a loaded
// machine, although the test passes.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

/** stdout of `node scripts/<script> ...args`; rejects with its stderr when it exits non-zero. */
export async function runScript(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', [path.join(ROOT, 'scripts', script), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return stdout;
}
