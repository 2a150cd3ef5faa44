import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes through a temporary file and a rename, so a cancelled run leaves no half-written output. */
export function writeAtomically(file: string, content: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, abs);
}
