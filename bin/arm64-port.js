#!/usr/bin/env node
// CLI entry for a checkout: builds dist/ on first use (or when the sources are newer), then runs it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const src = path.join(root, 'server', 'src');
if (fs.existsSync(src)) {
  const built = fs.existsSync(cli) ? fs.statSync(cli).mtimeMs : 0;
  if (built < newestSource(src)) {
    try {
      execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      process.stderr.write('arm64-port: could not build dist/cli.js (run npm ci first)\n');
      process.exit(2);
    }
  }
}
require(cli);
