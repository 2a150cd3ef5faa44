// The result cache (engine/cache.ts) keeps a file's findings until its text changes, or, for a file analysed by a
// rule that declares `readsOtherFiles`, until any file of the workspace changes. So a rule that reads other files
// and does not say so would leave stale findings in the cache. This test watches each rule alone on the samples
// and fixtures (every file system access, every workspace-memo access) and fails for a rule that reads beyond its
// own file without the declaration.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/core/config';
import { walkWorkspace } from '../../server/src/core/walker';
import { fileKindOf } from '../../server/src/core/fileKind';
import { nodeFileSystem, type FileSystem } from '../../server/src/core/workspace';
import { analyzeFile } from '../../server/src/engine/analyze';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/rules/rule';

const ROOTS = [path.resolve(__dirname, '../../samples'), path.resolve(__dirname, '../fixtures')];

/** Every access to a path other than `own`, and every use of the workspace memo, sets `touched`. */
class Watch {
  touched = false;
  own = '';
  fs(base: FileSystem): FileSystem {
    const mark = (f: string) => { if (path.resolve(f) !== this.own) this.touched = true; };
    return {
      readText: (f) => { mark(f); return base.readText(f); },
      readBytes: (f, n) => { mark(f); return base.readBytes(f, n); },
      readDir: (d) => { this.touched = true; return base.readDir(d); },
      exists: (f) => { mark(f); return base.exists(f); },
      isDirectory: (f) => { mark(f); return base.isDirectory(f); },
      size: (f) => { mark(f); return base.size(f); },
    };
  }
  memo(): Map<string, unknown> {
    const watch = this;
    return new (class extends Map<string, unknown> {
      override get(k: string) { watch.touched = true; return super.get(k); }
      override has(k: string) { watch.touched = true; return super.has(k); }
      override set(k: string, v: unknown) { watch.touched = true; return super.set(k, v); }
    })();
  }
}

function filesOf(root: string): string[] {
  const out: string[] = [];
  walkWorkspace(nodeFileSystem, root, { maxDepth: 12, maxEntries: 5000 }, (p) => { out.push(p); });
  return out;
}

describe('rules that read other files say so (meta.readsOtherFiles)', () => {
  const reads = new Map<string, string>();
  beforeAll(async () => {
    await initTreeSitter();
    const config = parseConfig({}).config;
    for (const root of ROOTS) {
      for (const file of filesOf(root)) {
        const kind = fileKindOf(file);
        const text = kind && kind !== 'binary' ? nodeFileSystem.readText(file) : undefined;
        if (!kind || text === undefined) continue;
        for (const rule of ALL_RULES as Rule[]) {
          if (!rule.meta.kinds.includes(kind) || reads.has(rule.meta.id)) continue;
          const watch = new Watch();
          watch.own = path.resolve(file);
          analyzeFile({ path: file, text, kind, config, root, fs: watch.fs(nodeFileSystem), rules: [rule], sharedCache: watch.memo() });
          if (watch.touched) reads.set(rule.meta.id, path.relative(root, file));
        }
      }
    }
  }, 600_000);

  it('sees rules that do read other files (the watch works)', () => {
    expect(reads.has('go-struct-padding')).toBe(true);
  });

  it('every rule seen reading another file declares it', () => {
    const undeclared = [...reads].filter(([id]) => !ALL_RULES.find((r) => r.meta.id === id)!.meta.readsOtherFiles).map(([id, file]) => `${id} (on ${file})`);
    expect(undeclared).toEqual([]);
  });
});
