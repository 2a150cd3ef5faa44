// Layouts of translation units already laid out, reused for a unit made of the same things. A workspace can hold
// the same header many times (node's OpenSSL headers in /usr/include: 2,244 files, 328 distinct texts, all
// including the same system headers): each copy is the same translation unit at another path, and setting up its
// per-target scopes again was a third of a /usr/include scan. A unit's layouts depend on its files' texts and
// languages (their parses: a SHA-1 digest of each), how they include each other, the command line and the targets,
// and on the paths of its headers (a reason may name one); the main file's path only names the file the layouts
// belong to. All of it is the key, so a reused result is the one laying the unit out again would give.
import type { ParsedFile } from './translationUnit';

export interface UnitInputs {
  targets: readonly string[];
  defines?: ReadonlyMap<string, string>;
  definesComplete?: boolean;
  forcedIncludes?: readonly string[];
}

/**
 * Units remembered per process, least recently used out. Copies sit in neighbouring folders, which a scan hands out
 * together: on /usr/include 128 units saved as much CPU as 1,024 (8 s of 72), for 30 MB less peak memory.
 */
const MAX_UNITS = 256;
const memo = new Map<string, unknown>();

/** The unit's key: undefined when one of its files has no digest (not parsed by sharedParse). */
export function unitKey(files: readonly ParsedFile[], inputs: UnitInputs): string | undefined {
  const index = new Map<ParsedFile, number>();
  files.forEach((f, i) => index.set(f, i));
  const defines = inputs.defines ? [...inputs.defines].map(([k, v]) => `${k}=${v}`).join('\u0001') : '';
  const lines = [inputs.targets.join(','), inputs.definesComplete ? 'complete' : 'open', defines, (inputs.forcedIncludes ?? []).join('\u0001')];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f.digest === undefined) return undefined;
    const edges = (f.includes ?? []).map((x) => `${x.at}>${index.get(x.file)}`).join(',');
    lines.push(`${f.digest}\u0001${i === 0 ? '' : f.path}\u0001${edges}`);
  }
  return lines.join('\n');
}

/** The result remembered for the key (most recently used last), or undefined. */
export function knownUnit<T>(key: string): T | undefined {
  const hit = memo.get(key) as T | undefined;
  if (hit !== undefined) { memo.delete(key); memo.set(key, hit); }
  return hit;
}

export function rememberUnit<T>(key: string, result: T): void {
  memo.set(key, result);
  if (memo.size > MAX_UNITS) memo.delete(memo.keys().next().value!);
}
