import * as fs from 'node:fs';
import * as path from 'node:path';

/** .go files under dir, skipping the named folders; _test.go files only when asked. */
export function goFiles(dir: string, opts: { skipDirs?: string[]; tests?: boolean } = {}): string[] {
  const skip = new Set(opts.skipDirs ?? ['testdata']);
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return skip.has(e.name) ? [] : goFiles(p, opts);
    return e.name.endsWith('.go') && (opts.tests || !e.name.endsWith('_test.go')) ? [p] : [];
  });
}
