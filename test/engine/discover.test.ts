import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../server/src/engine/config';
import { discoverFiles } from '../../server/src/engine/discover';
import { nodeFileSystem } from '../../server/src/engine/workspace';
import { makeTempDir } from '../helpers/tempDirs';

function tree(files: Record<string, string>): string {
  const dir = makeTempDir('disc-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('file discovery', () => {
  it('honours .gitignore, skips vendored folders with a reason, and classifies files', () => {
    const dir = tree({
      '.gitignore': 'build/\n*.gen.go\n', 'a.go': 'package a', 'b.gen.go': 'package a', 'build/c.go': 'package c',
      'vendor/v/v.go': 'package v', 'Dockerfile': 'FROM x', 'k8s/d.yaml': 'a: 1', 'notes.txt': 'x', 'svc/kubelet.service.d/10.conf': '[Service]',
    });
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir);
    const rel = files.map((f) => `${path.relative(dir, f.path)}:${f.kind}`).sort();
    expect(rel).toEqual(['Dockerfile:dockerfile', 'a.go:go', 'k8s/d.yaml:yaml', 'svc/kubelet.service.d/10.conf:systemd']);
    expect(skipped.map((s) => [path.relative(dir, s.path), s.reason])).toEqual([['vendor', "vendor/ is not the project's own code"]]);
  });

  it('includes vendored code when asked and applies ignore globs', () => {
    const dir = tree({ 'vendor/v/v.go': 'package v', 'x/y.go': 'package y' });
    const { files } = discoverFiles([dir], nodeFileSystem, configSchema.parse({ includeVendored: true, ignore: ['x/**'] }), dir);
    expect(files.map((f) => path.relative(dir, f.path))).toEqual(['vendor/v/v.go']);
  });

  it('skips files above the size limit with a note', () => {
    const dir = tree({ 'big.go': 'package a\n' + '//x\n'.repeat(2000) });
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({ maxFileBytes: 1024 }), dir);
    expect(files).toEqual([]);
    expect(skipped[0].reason).toMatch(/larger than 1 KiB/);
  });
});
