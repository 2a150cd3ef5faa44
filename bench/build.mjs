// Bundles the benchmark probe and the scan worker into bench/.out/ (the worker must sit next to the
// bundle that starts it). Grammars are found in grammars/wasm (npm run grammars).
import { build } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: repo,
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};
export async function buildBench() {
  await Promise.all([
    build({ ...common, entryPoints: ['bench/entry.ts'], outfile: 'bench/.out/bench.js' }),
    build({ ...common, entryPoints: ['server/src/engine/worker.ts'], outfile: 'bench/.out/worker.js' }),
  ]);
  return path.join(repo, 'bench/.out/bench.js');
}
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBench();
