// Modules a go.mod requires that the module cache does not hold, counted per scan: the declarations
// that needed them were not analysed, and `go mod download` in the go.mod's folder fetches them.
import * as path from 'node:path';
import type { MissingModule } from '../core/types';
import type { FileSystem } from '../core/workspace';

/** Adds `structs` declarations to the module's entry in `into` (kept in first-seen order). */
export function addMissingModule(into: MissingModule[], m: Omit<MissingModule, 'structs'>, structs = 1): void {
  const known = into.find((x) => x.module === m.module && x.version === m.version && x.goMod === m.goMod);
  if (known) { known.structs += structs; return; }
  into.push({ module: m.module, version: m.version, goMod: m.goMod, structs, ...(m.cacheDir ? { cacheDir: m.cacheDir } : {}) });
}

/** The per-file lists of a scan merged, most structs first (then by go.mod and module: deterministic). */
export function mergeMissingModules(lists: Iterable<readonly MissingModule[] | undefined>): MissingModule[] {
  const out: MissingModule[] = [];
  for (const list of lists) for (const m of list ?? []) addMissingModule(out, m, m.structs);
  return out.sort((a, b) => b.structs - a.structs || cmp(a.goMod, b.goMod) || cmp(a.module, b.module) || cmp(a.version, b.version));
}

/** Has any of these modules appeared in the module cache since (a result that counted it is out of date)? */
export function anyDownloadedSince(list: readonly MissingModule[] | undefined, fs: FileSystem): boolean {
  return !!list?.some((m) => m.cacheDir !== undefined && fs.isDirectory(path.resolve(m.cacheDir)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
