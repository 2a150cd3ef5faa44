// How much file text a cache holds per directory, least recently used first: a Go workspace's caches
// are bounded by it, so a scan of a workspace many times the standard library's size keeps its memory.

export class DirectoryTextBudget {
  /** Characters per directory; the Map's order is the use order, least recent first. */
  private readonly chars = new Map<string, number>();
  private total = 0;

  constructor(readonly limit: number) {}

  /** The directory was just used (it goes last in the eviction order). */
  touch(dir: string): void {
    const c = this.chars.get(dir);
    if (c === undefined) return;
    this.chars.delete(dir);
    this.chars.set(dir, c);
  }

  /** Text of `delta` characters was added to (or, negative, removed from) the directory's entries. */
  add(dir: string, delta: number): void {
    const c = (this.chars.get(dir) ?? 0) + delta;
    this.chars.delete(dir);
    this.chars.set(dir, c);
    this.total += delta;
  }

  /**
   * Directories to drop, least recently used first, when the total is over the limit: enough to bring it
   * to three quarters of the limit, so evictions come in batches. `keep` (the one in use) is never chosen.
   */
  overflow(keep: string): string[] {
    if (this.total <= this.limit) return [];
    const out: string[] = [];
    let total = this.total;
    for (const [dir, c] of this.chars) {
      if (total <= this.limit * 0.75) break;
      if (dir === keep) continue;
      out.push(dir);
      total -= c;
    }
    return out;
  }

  /** The directory's entries were dropped. */
  forget(dir: string): void {
    const c = this.chars.get(dir);
    if (c === undefined) return;
    this.total -= c;
    this.chars.delete(dir);
  }

  get size(): number { return this.total; }
}
