// A scan's workspace-wide memo keeps the directory-scoped memos of its last directories only, and a
// worker's heap limit covers what it keeps by design.
import { describe, expect, it } from 'vitest';
import { KEPT_BY_DESIGN_MB, oldGenerationLimitMb } from '../../server/src/engine/parallelScan';
import { ScanMemo, directoryKey } from '../../server/src/core/sharedMemo';
import { DEFAULT_TEXT_BUDGET } from '../../server/src/lang/go/packages';

describe('ScanMemo', () => {
  it('drops the memos of the least recently used directory beyond its limit, and keeps the others', () => {
    const m = new ScanMemo<number>([['go:env', 0]], 2);
    m.set(directoryKey('/w/a', 'index'), 1);
    m.set(directoryKey('/w/a', 'view'), 2);
    m.set(directoryKey('/w/b', 'index'), 3);
    m.get(directoryKey('/w/a', 'index')); // a is now more recent than b
    m.set(directoryKey('/w/c', 'index'), 4);
    expect(m.has(directoryKey('/w/b', 'index'))).toBe(false);
    expect(m.get(directoryKey('/w/a', 'view'))).toBe(2);
    expect(m.get(directoryKey('/w/c', 'index'))).toBe(4);
    expect(m.get('go:env')).toBe(0);
    m.set(directoryKey('/w/d', 'index'), 5);
    expect([...m.keys()].filter((k) => k.includes('/w/a'))).toEqual([]);
    expect(m.size).toBe(3);
  });
});

describe('worker heap limit', () => {
  it('covers the Go text budget and grows with the largest directory', () => {
    expect(KEPT_BY_DESIGN_MB).toBeGreaterThanOrEqual(256 + (4 * DEFAULT_TEXT_BUDGET) / 1e6);
    expect(oldGenerationLimitMb(0)).toBe(KEPT_BY_DESIGN_MB);
    expect(oldGenerationLimitMb(100e6)).toBe(KEPT_BY_DESIGN_MB + 600);
  });
});
