// Temporary directories for tests, removed after the test file that made them (tests used to leave
// hundreds of them in /tmp per run).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/** A new empty directory under the system's temporary folder, removed when the test file is done. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

// Registered while the importing test file is collected, so it runs after that file's tests.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
