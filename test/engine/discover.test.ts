import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../server/src/core/config';
import { discoverFiles } from '../../server/src/engine/discover';
import { nodeFileSystem } from '../../server/src/core/workspace';
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
    expect(skipped.map((s) => [path.relative(dir, s.path), s.reason])).toEqual([['vendor', "vendor/ is not the project's own code (1 file not scanned)"]]);
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

  // redis 7.0.15 (Debian source): deps/ holds jemalloc (configure), hiredis (CMakeLists.txt, Makefile), lua and
  // linenoise (Makefile) next to deps/Makefile, which builds them; quilt's .pc/ keeps copies of patched files.
  const redisLike = {
    'src/server.c': 'int main(void) { return 0; }', 'deps/Makefile': 'all:\n', 'deps/README.md': 'x',
    'deps/jemalloc/configure': '#!/bin/sh\n', 'deps/jemalloc/src/jemalloc.c': 'int x;', 'deps/jemalloc/include/j.h': 'int y;',
    'deps/hiredis/CMakeLists.txt': 'project(hiredis)', 'deps/hiredis/hiredis.c': 'int z;',
    'deps/lua/Makefile': 'all:\n', 'deps/lua/src/lapi.c': 'int w;',
    'deps/notes/fix.h': 'int own;', // no build file of its own: scanned
    '.pc/fix.patch/src/server.c': 'int main(void) { return 1; }', '.pc/applied-patches': 'fix.patch\n',
    '.github/workflows/ci.yml': 'on: push', '.vscode/settings.json': '{}',
  };

  it('skips bundled libraries (a deps/ subfolder with its own build) and hidden folders, with file counts', () => {
    const dir = tree(redisLike);
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir);
    expect(files.map((f) => path.relative(dir, f.path)).sort()).toEqual(['.github/workflows/ci.yml', 'deps/Makefile', 'deps/notes/fix.h', 'src/server.c']);
    expect(skipped.map((s) => [path.relative(dir, s.path), s.files])).toEqual([['.pc', 1], ['deps/hiredis', 2], ['deps/jemalloc', 2], ['deps/lua', 2]]);
    expect(skipped[0].reason).toMatch(/quilt/);
    expect(skipped[1].reason).toBe("deps/hiredis/ is a bundled library (its own CMakeLists.txt), not the project's own code (2 files not scanned)");
  });

  it('scans bundled libraries with includeVendored, but never hidden folders', () => {
    const dir = tree(redisLike);
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({ includeVendored: true }), dir);
    const rel = files.map((f) => path.relative(dir, f.path));
    expect(rel).toContain('deps/jemalloc/src/jemalloc.c');
    expect(rel).toContain('deps/lua/src/lapi.c');
    expect(rel.some((r) => r.startsWith('.pc/'))).toBe(false);
    expect(skipped.map((s) => path.relative(dir, s.path))).toEqual(['.pc']);
  });

  it('leaves own code in deps-like folders without a build, and other folder names, alone', () => {
    const dir = tree({ 'external/perl/Text/Template.pm': 'x', 'external/x/x.c': 'int x;', 'lib/Makefile': 'all:', 'lib/a.c': 'int a;', 'contrib/vim/syntax/nginx.vim': 'x' });
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir);
    expect(files.map((f) => path.relative(dir, f.path)).sort()).toEqual(['external/x/x.c', 'lib/Makefile', 'lib/a.c']);
    expect(skipped).toEqual([]);
  });

  it('skips git submodules listed in .gitmodules as vendored', () => {
    const dir = tree({
      '.gitmodules': '[submodule "libs/googletest"]\n\tpath = libs/googletest\n\turl = https://github.com/google/googletest\n',
      'libs/googletest/src/gtest.cc': 'int g;', 'libs/own/own.c': 'int o;', 'main.c': 'int m;',
    });
    const { files, skipped } = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir);
    expect(files.map((f) => path.relative(dir, f.path)).sort()).toEqual(['libs/own/own.c', 'main.c']);
    expect(skipped.map((s) => [path.relative(dir, s.path), s.reason])).toEqual([['libs/googletest', "libs/googletest/ is a git submodule (.gitmodules), not the project's own code (1 file not scanned)"]]);
    const all = discoverFiles([dir], nodeFileSystem, configSchema.parse({ includeVendored: true }), dir);
    expect(all.files.map((f) => path.relative(dir, f.path))).toContain('libs/googletest/src/gtest.cc');
  });
});
