// Keys of the workspace-wide memo (RuleContext.shared) and what a changed file takes away from it.
// The CLI fills the memo once per scan; the language server keeps it across edits, so it must forget
// whatever a change may have made stale.
import * as path from 'node:path';

const SEP = '\u0000';

/** The key of a memo derived from the files of one directory only (a Go package's index, say). */
export function directoryKey(dir: string, name: string): string {
  return `dir${SEP}${path.resolve(dir)}${SEP}${name}`;
}

/**
 * Drops the memos a change of `file` may have made stale: those of its own directory and every memo
 * not scoped to a directory, except the `keep` keys (memos with an invalidation of their own).
 */
export function forgetDerivedFrom(memo: Map<string, unknown>, file: string, keep: ReadonlySet<string>): void {
  const dir = path.dirname(path.resolve(file));
  const ownPrefix = `dir${SEP}${dir}${SEP}`;
  for (const key of [...memo.keys()]) {
    if (keep.has(key)) continue;
    if (key.startsWith(`dir${SEP}`) && !key.startsWith(ownPrefix)) continue;
    memo.delete(key);
  }
}
