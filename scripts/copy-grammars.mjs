// Copies the pinned wasm files named in grammars/grammars.json from node_modules into grammars/wasm
// (and dist/grammars when --dist is given), checking each sha256 so a changed package cannot slip in.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'grammars/grammars.json'), 'utf8'));
const outDirs = [join(root, 'grammars/wasm')];
if (process.argv.includes('--dist')) outDirs.push(join(root, 'dist/grammars'));
const update = process.argv.includes('--update-hashes');

for (const g of manifest.grammars) {
  const src = join(root, 'node_modules', g.package, g.file);
  if (!existsSync(src)) throw new Error(`missing ${src}: run npm ci`);
  const bytes = readFileSync(src);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const pkgVersion = JSON.parse(readFileSync(join(root, 'node_modules', g.package, 'package.json'), 'utf8')).version;
  if (update) { g.sha256 = sha; g.version = pkgVersion; }
  else if (g.sha256 !== sha || g.version !== pkgVersion) {
    throw new Error(`${g.package}/${g.file}: expected ${g.version} sha256 ${g.sha256}, found ${pkgVersion} ${sha}`);
  }
  for (const dir of outDirs) { mkdirSync(dir, { recursive: true }); copyFileSync(src, join(dir, g.wasm ?? g.file)); }
}
if (update) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(root, 'grammars/grammars.json'), JSON.stringify(manifest, null, 2) + '\n');
}
console.log(`grammars: ${manifest.grammars.length} wasm files copied to ${outDirs.join(', ')}`);
