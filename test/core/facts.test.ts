// Facts are dropped from the workspace memo exactly when a file they declare they read changes (or, for facts
// that list folders, when a file is created or deleted); what is not a fact is dropped on any change unless kept.
import { describe, expect, it } from 'vitest';
import { defineFact, factKey, forgetFactsAfter, watchedFileGlobs } from '../../server/src/core/facts';
import { ScanMemo } from '../../server/src/core/sharedMemo';
import { watchedFilesGlob } from '../../server/src/engine/engine';
import picomatch from 'picomatch';

const PKG = defineFact<number, string>({ name: 'test:package', scope: 'directory', reads: ['*.go', '*.s'], lists: true });
const CONFIGS = defineFact<number, string>({ name: 'test:configs', scope: 'workspace', reads: ['*.toml', 'Dockerfile'], lists: true });
const GOMOD = defineFact<number, string>({ name: 'test:gomod', scope: 'file', reads: ['go.mod'], lists: false });

function memo(): Map<string, unknown> {
  return new Map<string, unknown>([
    [factKey(PKG, '/w/a'), 1], [factKey(PKG, '/w/a', 'linux/arm64'), 2], [factKey(PKG, '/w/b'), 3],
    [factKey(CONFIGS, '/w'), 4], [factKey(GOMOD, '/w/a/go.mod'), 5], ['go:workspace', 6], ['loose', 7],
  ]);
}
const left = (m: Map<string, unknown>) => [...m.values()].sort();
const KEEP = new Set(['go:workspace']);

describe('facts', () => {
  it('a folder\'s fact goes when a file it reads in that folder changes, every variant of it', () => {
    const m = memo();
    forgetFactsAfter(m, '/w/a/x.go', false, KEEP);
    expect(left(m)).toEqual([3, 4, 5, 6]);
  });

  it('a change of a file no fact reads keeps the facts; an undeclared key goes', () => {
    const m = memo();
    forgetFactsAfter(m, '/w/a/README.md', false, KEEP);
    expect(left(m)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a created or deleted file changes the facts that list folders, where they list', () => {
    const m = memo();
    forgetFactsAfter(m, '/w/b/README.md', true, KEEP);
    expect(left(m)).toEqual([1, 2, 5, 6]);
  });

  it('a workspace fact goes for a file it reads anywhere (names matched without case), and for a .gitignore', () => {
    const a = memo();
    forgetFactsAfter(a, '/w/deep/er/config.TOML', false, KEEP);
    expect(left(a)).toEqual([1, 2, 3, 5, 6]);
    const b = memo();
    forgetFactsAfter(b, '/w/.gitignore', false, KEEP);
    expect(left(b)).toEqual([1, 2, 3, 5, 6]);
  });

  it('a file fact goes only with its own file', () => {
    const m = memo();
    forgetFactsAfter(m, '/w/b/go.mod', false, KEEP);
    expect(left(m)).toEqual([1, 2, 3, 4, 5, 6]);
    forgetFactsAfter(m, '/w/a/go.mod', false, KEEP);
    expect(left(m)).toEqual([1, 2, 3, 4, 6]);
  });

  it('a folder fact is one of the scan memo\'s per-folder entries (evicted with its folder)', () => {
    const m = new ScanMemo<number>([], 1);
    m.set(factKey(PKG, '/w/a'), 1);
    m.set(factKey(PKG, '/w/b'), 2);
    expect(m.has(factKey(PKG, '/w/a'))).toBe(false);
    expect(m.get(factKey(PKG, '/w/b'))).toBe(2);
  });

  it('a declaration names its files: no catch-all, no braces, no second fact of one name', () => {
    expect(() => defineFact({ name: 'test:any', scope: 'directory', reads: ['*'], lists: true })).toThrow(/name the files/);
    expect(() => defineFact({ name: 'test:brace', scope: 'workspace', reads: ['*.{c,h}'], lists: true })).toThrow(/braces/);
    expect(() => defineFact({ name: 'test:package', scope: 'directory', reads: ['*.go'], lists: true })).toThrow(/twice/);
  });

  it('the editor watches every file some fact reads (the engine\'s rules loaded)', () => {
    const glob = picomatch(watchedFilesGlob(), { dot: true, nocase: true });
    expect(watchedFileGlobs()).toEqual(expect.arrayContaining(['*.toml', 'go.mod', 'CMakeLists.txt', 'meson.build', '*.gn']));
    for (const read of watchedFileGlobs()) {
      const example = read.replace(/\*/g, 'x');
      expect(glob(`w/sub/${example}`), `${read} is watched`).toBe(true);
    }
    expect(glob('w/sub/photo.png')).toBe(false);
  });
});
