// The scan's text cache: a second read of a file is served from memory, the least recently used
// texts go first once the budget is spent, and missing files stay missing.
import { describe, expect, it } from 'vitest';
import { memoryFileSystem, textCachingFileSystem, type FileSystem } from '../../server/src/core/workspace';

function counting(base: FileSystem): { fs: FileSystem; reads: string[] } {
  const reads: string[] = [];
  return { reads, fs: { ...base, readText: (f) => { reads.push(f); return base.readText(f); } } };
}

describe('textCachingFileSystem', () => {
  it('reads each file once while it fits, and evicts the least recently used beyond the budget', () => {
    const { fs, reads } = counting(memoryFileSystem({ '/w/a.go': 'a'.repeat(40), '/w/b.go': 'b'.repeat(40), '/w/c.go': 'c'.repeat(40) }));
    const cached = textCachingFileSystem(fs, 100);
    expect(cached.readText('/w/a.go')).toBe('a'.repeat(40));
    expect(cached.readText('/w/b.go')).toBe('b'.repeat(40));
    expect(cached.readText('/w/a.go')).toBe('a'.repeat(40)); // hit; a is now the most recent
    expect(reads).toEqual(['/w/a.go', '/w/b.go']);
    cached.readText('/w/c.go'); // 120 chars: b (least recent) goes
    cached.readText('/w/a.go');
    cached.readText('/w/b.go');
    expect(reads).toEqual(['/w/a.go', '/w/b.go', '/w/c.go', '/w/b.go']);
  });

  it('remembers that a file is missing, and passes the other calls through', () => {
    const { fs, reads } = counting(memoryFileSystem({ '/w/a.go': 'x' }));
    const cached = textCachingFileSystem(fs);
    expect(cached.readText('/w/none.go')).toBeUndefined();
    expect(cached.readText('/w/none.go')).toBeUndefined();
    expect(reads).toEqual(['/w/none.go']);
    expect(cached.exists('/w/a.go')).toBe(true);
    expect(cached.readDir('/w').map((e) => e.name)).toEqual(['a.go']);
  });
});
