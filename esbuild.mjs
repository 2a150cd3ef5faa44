// Bundles the client, the server and the CLI into dist/ and copies the wasm grammars next to them.
// The VSIX then holds dist/ only: no node_modules, no native module.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

const production = process.argv.includes('--production');
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning',
  // The ESM build of web-tree-sitter needs import.meta.url, which a CommonJS bundle does not have.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/engine/worker.ts'], outfile: 'dist/worker.js' }),
]);
execFileSync(process.execPath, ['scripts/copy-grammars.mjs', '--dist'], { stdio: 'inherit' });
