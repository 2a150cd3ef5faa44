// Keys of the workspace-wide memo (RuleContext.shared and the facts of core/facts.ts, which says what a changed
// file takes away from it) and the scan's bounded memo. The CLI fills the memo once per scan; the language server
// keeps it across edits.
import * as path from 'node:path';

const SEP = '\u0000';

/** The key of a memo derived from the files of one directory only (a Go package's index, say). */
export function directoryKey(dir: string, name: string): string {
  return `dir${SEP}${path.resolve(dir)}${SEP}${name}`;
}

/**
 * The workspace-wide memo of a scan. A scan visits directories one after another, so it keeps the
 * directory-scoped memos (directoryKey) of only the `maxDirectories` directories used last; the others go,
 * and are made again if a later file asks. Its memory then does not grow with the workspace.
 */
export class ScanMemo<V = unknown> extends Map<string, V> {
  /** Keys per directory, least recently used directory first. */
  private readonly dirs = new Map<string, Set<string>>();

  constructor(entries: Iterable<[string, V]> = [], private readonly maxDirectories = 64) {
    // Not super(entries): Map's constructor would call set before this class's fields exist.
    super();
    for (const [k, v] of entries) this.set(k, v);
  }

  override get(key: string): V | undefined {
    this.touch(key);
    return super.get(key);
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    const dir = directoryOfKey(key);
    if (dir === undefined) return this;
    let keys = this.dirs.get(dir);
    if (keys) this.dirs.delete(dir);
    else keys = new Set();
    keys.add(key);
    this.dirs.set(dir, keys);
    while (this.dirs.size > this.maxDirectories) {
      const [oldest, old] = this.dirs.entries().next().value!;
      for (const k of old) super.delete(k);
      this.dirs.delete(oldest);
    }
    return this;
  }

  override delete(key: string): boolean {
    const dir = directoryOfKey(key);
    if (dir !== undefined) this.dirs.get(dir)?.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.dirs.clear();
    super.clear();
  }

  private touch(key: string): void {
    const dir = directoryOfKey(key);
    const keys = dir === undefined ? undefined : this.dirs.get(dir);
    if (!keys) return;
    this.dirs.delete(dir!);
    this.dirs.set(dir!, keys);
  }
}

function directoryOfKey(key: string): string | undefined {
  if (!key.startsWith(`dir${SEP}`)) return undefined;
  const end = key.indexOf(SEP, 4);
  return end < 0 ? undefined : key.slice(4, end);
}
