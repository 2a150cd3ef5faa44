// Facts: what the analysis derives from files other than the one it analyses (a Go package's index, the
// workspace's Kubernetes versions, a folder's build files), declared once with the files they read, in the style
// of golang/tools' go/analysis facts. A rule asks for a fact by its declaration (`ctx.fact(F, arg)`), never by a
// string key; the workspace memo keeps one value per fact and argument; a changed file drops exactly the facts
// that read it (forgetFactsAfter); the language server watches the files the facts read (watchedFileNames).
import * as path from 'node:path';
import picomatch from 'picomatch';
import { directoryKey } from './sharedMemo';

/**
 * Where a fact's inputs lie, which decides what a change drops:
 * - `workspace`: files anywhere (found by a walk of the workspace, or of a folder and its subfolders);
 * - `directory`: the files of one folder, the argument (kept in the scan memo's per-folder LRU);
 * - `file`: one file, the argument (a go.mod, in the workspace or the module cache).
 */
export type FactScope = 'workspace' | 'directory' | 'file';

export interface Fact<T, A extends string | void = void> {
  /** Stable and unique: the memo key's prefix. */
  readonly name: string;
  readonly scope: FactScope;
  /**
   * File names it reads (picomatch globs on the base name, matched without case, e.g. `*.toml`, `Dockerfile.*`).
   * A change to such a file drops the fact (for `directory`, in its folder; for `file`, that file). The language
   * server asks the editor to watch them (watchedFileGlobs).
   */
  readonly reads: readonly string[];
  /**
   * It lists folders (a walk, a readDir), so a created or deleted file it would read changes it, and so does a
   * .gitignore or .gitmodules for a workspace walk (they decide what the walker keeps).
   */
  readonly lists: boolean;
  /** @internal the value type; never set. */
  readonly __value?: T;
  readonly __arg?: A;
}

const REGISTRY = new Map<string, Fact<unknown, string | void>>();

export function defineFact<T, A extends string | void = void>(spec: Omit<Fact<T, A>, '__value' | '__arg'>): Fact<T, A> {
  if (REGISTRY.has(spec.name)) throw new Error(`fact ${spec.name} is declared twice`);
  // Named files, and no braces: the editors' watchers join them in one {a,b} group, which cannot nest.
  if (spec.reads.some((g) => g === '*' || g === '**' || /[{}\/]/.test(g))) throw new Error(`fact ${spec.name}: name the files it reads, one glob each, without braces or folders`);
  const fact = spec as Fact<T, A>;
  REGISTRY.set(spec.name, fact as Fact<unknown, string | void>);
  return fact;
}

const SEP = '\u0000';

/**
 * The memo key of a fact's value for `arg` (the folder of a `directory` fact, the file of a `file` fact, a root
 * of a `workspace` fact), and `variant` when one fact has several values there (per target, per package).
 */
export function factKey(fact: Fact<unknown, string | void>, arg: string | void, variant = ''): string {
  if (fact.scope === 'directory') return directoryKey(arg as string, `fact${SEP}${fact.name}${SEP}${variant}`);
  return `fact${SEP}${fact.name}${SEP}${arg ?? ''}${SEP}${variant}`;
}

/** The fact and argument of a memo key made by factKey; undefined for other keys. */
function factOfKey(key: string): { fact: Fact<unknown, string | void>; arg: string } | undefined {
  const parts = key.split(SEP);
  if (parts[0] === 'fact') {
    const fact = REGISTRY.get(parts[1]);
    return fact && { fact, arg: parts[2] };
  }
  if (parts[0] === 'dir' && parts[2] === 'fact') {
    const fact = REGISTRY.get(parts[3]);
    return fact && { fact, arg: parts[1] };
  }
  return undefined;
}

const matchers = new Map<Fact<unknown, string | void>, (name: string) => boolean>();
function readsName(fact: Fact<unknown, string | void>, name: string): boolean {
  let m = matchers.get(fact);
  if (!m) { m = fact.reads.length ? picomatch(fact.reads as string[], { dot: true, nocase: true }) : () => false; matchers.set(fact, m); }
  return m(name);
}

/** Whether a change of `file` (created or deleted when `listing`) may change the fact's value for `arg`. */
export function factReads(fact: Fact<unknown, string | void>, arg: string, file: string, listing: boolean): boolean {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  const read = readsName(fact, name);
  switch (fact.scope) {
    case 'file': return path.resolve(arg) === abs;
    case 'directory': return path.dirname(abs) === path.resolve(arg) && (read || (listing && fact.lists));
    case 'workspace': return read || (fact.lists && (listing || name === '.gitignore' || name === '.gitmodules'));
  }
}

/**
 * Drops from the memo every fact that `file` may have changed: read by it, or listed (a created or deleted file,
 * `listing`). A key that is not a fact's is dropped too (nothing says what it read), unless its owner
 * invalidates it itself (`keep`: the Go workspace, the Go environment).
 */
export function forgetFactsAfter(memo: Map<string, unknown>, file: string, listing: boolean, keep: ReadonlySet<string>): void {
  for (const key of [...memo.keys()]) {
    if (keep.has(key)) continue;
    const f = factOfKey(key);
    if (!f || factReads(f.fact, f.arg, file, listing)) memo.delete(key);
  }
}

/** Every declared fact (the ones whose modules are loaded: the engine loads all rules). */
export function declaredFacts(): readonly Fact<unknown, string | void>[] { return [...REGISTRY.values()]; }

/** The base-name globs of every file some fact reads, sorted (the language server's file watchers). */
export function watchedFileGlobs(): string[] {
  return [...new Set(declaredFacts().flatMap((f) => f.reads))].sort();
}
