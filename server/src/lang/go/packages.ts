// Go packages per target: which files build, what they declare, and where an import path lives
// (the workspace's modules, go.work, vendor/, replace directives, the module cache, GOROOT).
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import { walkWorkspace } from '../../core/walker';
import { parseText, type Tree } from '../../parsing/treeSitter';
import { matchesTarget, type GoTargetEnv } from './buildConstraints';
import type { GoEnv } from './env';
import { defaultExperiments } from './experiments';
import { escapeModulePath, parseGoMod, parseGoWorkUses, type GoMod } from './gomod';
import { extractGoDeclarations } from './declarations';
import { literalCandidateNames, literalPositionsOf, literalScan, partialText, type LiteralScan } from './skeleton';
import { detached, detachStrings } from '../../parsing/strings';
import type { GoTargetLayout } from './structs';
import { DirectoryTextBudget } from './textBudget';
import { atomic64FieldNames } from './reorderSafety';
import { emptySyntax, findLayoutUses, findLayoutUsesByDeclaration, type ConstSyntax, type DeclarationMemo, type GoFileSyntax, type LayoutUses, type TypeDeclSyntax } from './syntax';

export interface GoPackage {
  dir: string;
  name: string;
  files: { path: string; syntax: GoFileSyntax }[];
  types: Map<string, { decl: TypeDeclSyntax; file: GoFileSyntax; path: string }>;
  consts: Map<string, { c: ConstSyntax; file: GoFileSyntax }>;
  /** Files whose build constraints could not be decided for this target (left out). */
  undecided: string[];
}

interface ModuleInfo { root: string; mod: GoMod }

/** A module required by a go.mod (or named by its replace directive) that the module cache does not hold. */
export interface ModuleNotDownloaded {
  module: string;
  version: string;
  /** Absolute path of the go.mod that requires it. */
  goMod: string;
  /** Its folder in the module cache, when there is a module cache. */
  cacheDir?: string;
}

/**
 * Characters of Go source a workspace's caches keep (each file's text, its declarations and scans). The
 * standard library (61M characters) fits, so its scan evicts nothing; a workspace many times its size
 * keeps its memory flat, at the cost of parsing again the directories it comes back to (eight copies of
 * the standard library: 2% slower, 11% more CPU, a third of the memory; see docs/performance.md).
 */
export const DEFAULT_TEXT_BUDGET = 96_000_000;

/** Caches per workspace: extracted file syntax (by text), packages (by dir and target), modules. */
export class GoWorkspace {
  private readonly syntaxCache = new Map<string, { text: string; syntax: GoFileSyntax }>();
  /** Packages per directory, then per target and options: dropped a directory at a time. */
  private readonly packageCache = new Map<string, Map<string, GoPackage>>();
  private readonly moduleCache = new Map<string, ModuleInfo | null>();
  private readonly workCache = new Map<string, ModuleInfo[]>();
  private goFileList: string[] | undefined;
  private readonly importsOfFile = new Map<string, string[]>();
  private readonly qualifiedNames = new Map<string, Set<string>>();
  /** Import path -> workspace files whose head names it; rebuilt (from importsOfFile) after any change. */
  private importers: Map<string, string[]> | undefined;

  /** Text the caches hold (each file's once), bounded: the least recently used directories go first. */
  private readonly budget: DirectoryTextBudget;
  /** The text each file's entries were made from, and the files with entries per directory. */
  private readonly heldText = new Map<string, string>();
  private readonly heldFiles = new Map<string, Set<string>>();
  private dropped = 0;
  /** Directories dropped to stay within the text budget (for tests and benchmarks). */
  get evictions(): number { return this.dropped; }

  constructor(readonly fs: FileSystem, readonly env: GoEnv, readonly root: string, options: { textBudget?: number } = {}) {
    this.budget = new DirectoryTextBudget(options.textBudget ?? DEFAULT_TEXT_BUDGET);
  }

  /** Characters of file text the caches hold now. */
  get heldChars(): number { return this.budget.size; }

  /** Records that cache entries of `abs` are made from `text`; over the budget, drops the least recently used directories. */
  private hold(abs: string, text: string): void {
    const dir = path.dirname(abs);
    const old = this.heldText.get(abs);
    if (old === text) { this.budget.touch(dir); return; }
    this.heldText.set(abs, text);
    let files = this.heldFiles.get(dir);
    if (!files) { files = new Set(); this.heldFiles.set(dir, files); }
    files.add(abs);
    this.budget.add(dir, text.length - (old?.length ?? 0));
    for (const d of this.budget.overflow(dir)) this.drop(d);
  }

  private readonly derived = new Map<string, Map<string, unknown>>();
  /**
   * A value computed from a file's text as textOf reads it (not an editor's unsaved text), kept under
   * `key` until the file changes: small facts, so the text itself need not be kept to check them.
   */
  derivedOf<T>(file: string, key: string, compute: (text: string) => T): T | undefined {
    const abs = path.resolve(file);
    let values = this.derived.get(abs);
    if (values?.has(key)) return values.get(key) as T;
    const text = this.textOf(abs);
    if (text === undefined) return undefined;
    const value = compute(text);
    if (!values) this.derived.set(abs, (values = new Map()));
    values.set(key, value);
    return value;
  }

  /** Drops every entry made from the files of a directory: they are read and parsed again when asked. */
  private drop(dir: string): void {
    for (const abs of this.heldFiles.get(dir) ?? []) {
      this.heldText.delete(abs);
      this.syntaxCache.delete(abs);
      this.scanCache.delete(abs);
      this.layoutUsesCache.delete(abs);
      this.atomicNames.delete(abs);
    }
    this.heldFiles.delete(dir);
    this.packageCache.delete(dir);
    this.dirTexts.delete(dir);
    this.budget.forget(dir);
    this.dropped++;
  }

  private readonly experimentCache = new Map<string, ReadonlySet<string> | undefined>();
  experiments(goarch: string): ReadonlySet<string> | undefined {
    if (!this.experimentCache.has(goarch)) this.experimentCache.set(goarch, defaultExperiments(this.fs, this.env.goroot, goarch));
    return this.experimentCache.get(goarch);
  }

  /**
   * Texts of the files of the last few package directories read. A package is rebuilt for every
   * target and after every edit of one of its files; re-reading all its other files each time
   * dominated the per-edit latency. Entries go with invalidate(), which the front ends call for every
   * change (editor or disk). Only the last 64 directories are kept (a package build loads its imports'
   * directories in between), so a workspace scan does not hold every text.
   */
  private readonly dirTexts = new Map<string, Map<string, string | undefined>>();
  textOf(file: string): string | undefined {
    const dir = path.dirname(file);
    let texts = this.dirTexts.get(dir);
    if (texts) this.dirTexts.delete(dir);
    else texts = new Map();
    this.dirTexts.set(dir, texts); // most recently used last
    if (this.dirTexts.size > 64) this.dirTexts.delete(this.dirTexts.keys().next().value!);
    if (!texts.has(file)) {
      const text = this.fs.readText(file);
      texts.set(file, text === undefined ? undefined : this.canonical(file, text));
    }
    return texts.get(file);
  }

  /**
   * The string object the syntax cache already holds when it has the same text: every cache then
   * keeps one copy of a file's text, however many times it was read.
   */
  private canonical(file: string, text: string): string {
    const known = this.syntaxCache.get(path.resolve(file))?.text;
    return known !== undefined && known === text ? known : text;
  }

  private changes = 0;
  private readonly changesByFile = new Map<string, number>();
  /**
   * How many changes (invalidate, invalidateFileList) were not to `file`: while it stays the same, every
   * other file reads as it did, so what was derived from them and from `file`'s unchanged parts holds.
   */
  changesOtherThan(file: string): number {
    return this.changes - (this.changesByFile.get(path.resolve(file)) ?? 0);
  }

  /**
   * The struct layouts of the last version of each edited file (see goStructsOfFile), for the editor:
   * reused while the file's types and everything else are as they were.
   */
  readonly structLayouts = new Map<string, { key: string; targets: GoTargetLayout[][] }>();

  /** Forget what was derived from a file (it changed on disk or in an editor). */
  invalidate(file: string): void {
    const abs = path.resolve(file);
    const dir = path.dirname(abs);
    this.changes++;
    this.changesByFile.set(abs, (this.changesByFile.get(abs) ?? 0) + 1);
    this.importsOfFile.delete(abs);
    this.qualifiedNames.delete(abs);
    this.importers = undefined;
    this.layoutUsesCache.delete(abs);
    this.atomicNames.delete(abs);
    this.derived.delete(abs);
    this.scanCache.delete(abs);
    this.dirTexts.get(dir)?.delete(abs);
    this.packageCache.delete(dir);
    if (path.basename(file) === 'go.mod' || path.basename(file) === 'go.work') { this.moduleCache.clear(); this.workCache.clear(); }
  }

  /** Field names the file passes to the 64-bit sync/atomic functions (kept until the file changes). */
  atomic64NamesOf(file: string): Set<string> {
    const abs = path.resolve(file);
    let names = this.atomicNames.get(abs);
    if (!names) { names = atomic64FieldNames([this.textOf(abs) ?? '']); this.atomicNames.set(abs, names); }
    return names;
  }

  /** The declarations of a file (from a parse of its skeleton), cached by text. */
  syntaxOf(file: string, text: string): GoFileSyntax {
    const abs = path.resolve(file);
    const hit = this.syntaxCache.get(abs);
    if (hit && hit.text === text) { this.budget.touch(path.dirname(abs)); return hit.syntax; }
    let syntax: GoFileSyntax;
    // One file that cannot be read must not take its package's other files down with it.
    try { syntax = extractGoDeclarations(text); }
    catch (e) { syntax = { ...emptySyntax(true), failure: `its declarations could not be read: ${(e as Error)?.message ?? String(e)}` }; }
    this.syntaxCache.set(abs, { text, syntax });
    this.hold(abs, text);
    return syntax;
  }

  private readonly scanCache = new Map<string, { text: string; scan: LiteralScan; names?: Set<string> }>();
  private literalScanOf(file: string, text: string): { text: string; scan: LiteralScan; names?: Set<string> } {
    const abs = path.resolve(file);
    let hit = this.scanCache.get(abs);
    if (!hit || hit.text !== text) {
      hit = { text: this.canonical(abs, text), scan: literalScan(text) };
      this.scanCache.set(abs, hit);
      this.hold(abs, hit.text);
    }
    return hit;
  }

  /** Can the type `name` have a positional literal in the file (literalCandidateNames, cached by text)? */
  mayHaveLiteralOf(file: string, text: string, name: string): boolean {
    const hit = this.literalScanOf(file, text);
    hit.names ??= literalCandidateNames(text, hit.scan);
    return hit.names.has(name);
  }

  /** Where the type `name` may open a positional literal in a file (see literalPositionsOf). */
  literalPositions(file: string, text: string, name: string): number[] {
    return literalPositionsOf(text, name, this.literalScanOf(file, text).scan);
  }

  /** What each top-level declaration declares, by its text, for the editor's trees (see extractGoFileByDeclaration). */
  readonly declarationSyntax: DeclarationMemo<GoFileSyntax> = new Map();

  /** Layout uses per top-level declaration text, for the editor's trees (see findLayoutUsesByDeclaration). */
  private readonly declarationUses: DeclarationMemo<LayoutUses> = new Map();

  /** Per file, then per question (a type name, '' for the unsafe uses, FULL_TREE): the answer and the text it is for. */
  private readonly layoutUsesCache = new Map<string, Map<string, { text: string; uses: LayoutUses }>>();
  private readonly atomicNames = new Map<string, Set<string>>();
  /**
   * What the function bodies of a file do with struct layouts, for the reorder fix's safety check (cached
   * by text and question). `typeName`: the positional literals of that type (and any others in the same
   * declarations); otherwise the unsafe uses. Only the declarations that can hold what is asked are
   * parsed (partialText); with the editor's full tree of this text nothing is parsed.
   */
  layoutUsesOf(file: string, text: string, syntax: GoFileSyntax, ask: { typeName?: string; fullTree?: Tree; editing?: boolean }): LayoutUses {
    const abs = path.resolve(file);
    // A full tree's walk answers every question at once (all literals and unsafe uses): one entry.
    const question = ask.fullTree ? FULL_TREE : ask.typeName ?? '';
    let answers = this.layoutUsesCache.get(abs);
    const hit = answers?.get(question);
    if (hit && hit.text === text) return hit.uses;
    let uses: LayoutUses;
    if (ask.fullTree) {
      uses = ask.editing
        ? findLayoutUsesByDeclaration(ask.fullTree, text, syntax.imports, this.declarationUses)
        : detachStrings(findLayoutUses(ask.fullTree.rootNode, text, syntax.imports));
    } else {
      const keep = ask.typeName ? this.literalPositions(abs, text, ask.typeName) : unsafeMentions(text);
      const partial = partialText(text, keep, this.literalScanOf(abs, text).scan.ranges);
      const tree = parseText('go', partial);
      try {
        uses = detachStrings(findLayoutUses(tree.rootNode, partial, syntax.imports));
      } finally {
        tree.delete();
      }
    }
    const held = this.canonical(abs, text);
    if (!answers) this.layoutUsesCache.set(abs, (answers = new Map()));
    answers.set(question, { text: held, uses });
    this.hold(abs, held);
    return uses;
  }


  /** Syntax already extracted from exactly this text of the file, if any. */
  knownSyntax(file: string, text: string): GoFileSyntax | undefined {
    const hit = this.syntaxCache.get(path.resolve(file));
    return hit && hit.text === text ? hit.syntax : undefined;
  }

  /** Records syntax extracted from an already parsed tree (the current file). */
  rememberSyntax(file: string, text: string, syntax: GoFileSyntax): void {
    const abs = path.resolve(file);
    const prev = this.syntaxCache.get(abs);
    if (prev && prev.text !== text) this.invalidate(abs);
    this.syntaxCache.set(abs, { text, syntax });
    this.hold(abs, text);
  }

  package(dir: string, target: GoTargetEnv, opts: { tests?: boolean; packageName?: string } = {}): GoPackage {
    const abs = path.resolve(dir);
    const key = `${target.goos}/${target.goarch}|${target.defaultBuild ? 'd' : ''}|${opts.tests ? 't' : ''}|${opts.packageName ?? ''}`;
    this.budget.touch(abs);
    let inDir = this.packageCache.get(abs);
    const hit = inDir?.get(key);
    if (hit) return hit;
    const pkg: GoPackage = { dir: abs, name: opts.packageName ?? '', files: [], types: new Map(), consts: new Map(), undecided: [] };
    const entries = this.fs.readDir(abs).filter((e) => e.isFile || e.isSymlink).map((e) => e.name).sort();
    for (const name of entries) {
      if (!name.endsWith('.go')) continue;
      if (name.endsWith('_test.go') && !opts.tests) continue;
      const file = path.join(abs, name);
      const text = this.textOf(file);
      if (text === undefined) continue;
      const m = matchesTarget(name, text, target);
      if (m === 'unknown') { pkg.undecided.push(name); continue; }
      if (!m) continue;
      const syntax = this.syntaxOf(file, text);
      if (!pkg.name) pkg.name = syntax.packageName;
      if (syntax.packageName !== pkg.name) continue; // e.g. package foo_test, or a stray main
      pkg.files.push({ path: file, syntax });
    }
    for (const f of pkg.files) {
      for (const d of f.syntax.types) if (!pkg.types.has(d.name)) pkg.types.set(d.name, { decl: d, file: f.syntax, path: f.path });
      for (const c of f.syntax.consts) if (!pkg.consts.has(c.name)) pkg.consts.set(c.name, { c, file: f.syntax });
    }
    if (!inDir) this.packageCache.set(abs, (inDir = new Map()));
    inDir.set(key, pkg);
    return pkg;
  }

  /**
   * Every .go file of the workspace the scan would read (walker.ts's skip policy: no vendored, bundled, hidden
   * or .gitignored folders), walked once; the list is refreshed by invalidateFileList when files are created
   * or deleted.
   */
  goFilesOfWorkspace(): string[] {
    if (!this.goFileList) {
      const out: string[] = [];
      walkWorkspace(this.fs, this.root, { maxDepth: 40, maxEntries: 2_000_000 }, (file, name) => {
        if (name.endsWith('.go')) out.push(file);
        return out.length > 200_000;
      });
      this.goFileList = out;
    }
    return this.goFileList;
  }

  invalidateFileList(): void { this.goFileList = undefined; this.importers = undefined; this.directories.clear(); this.changes++; }

  /** Whether import candidates are directories, remembered until files are created or deleted. */
  private readonly directories = new Map<string, boolean>();
  private isDirectory(dir: string): boolean {
    let known = this.directories.get(dir);
    if (known === undefined) { known = this.fs.isDirectory(dir); this.directories.set(dir, known); }
    return known;
  }

  /**
   * Workspace Go files whose import section may name the path: every quoted string before the first
   * top-level func, type, var or const (a superset: cgo preambles quote header names). Each file's list
   * is read once and dropped by invalidate(); the index over all files is rebuilt after any change.
   */
  filesImporting(importPath: string): string[] {
    if (!this.importers) {
      const importers = new Map<string, string[]>();
      for (const f of this.goFilesOfWorkspace()) {
        let paths = this.importsOfFile.get(f);
        if (!paths) {
          paths = importPathsInHead(this.fs.readText(f) ?? '');
          this.importsOfFile.set(f, paths);
        }
        for (const p of new Set(paths)) {
          const files = importers.get(p);
          if (files) files.push(f);
          else importers.set(p, [f]);
        }
      }
      this.importers = importers;
    }
    return this.importers.get(importPath) ?? [];
  }


  /** Names a file uses in qualified composite literals (`.Name{`, `.Name[T]{`), by a text scan cached per file. */
  qualifiedLiteralNames(file: string): Set<string> {
    const abs = path.resolve(file);
    let names = this.qualifiedNames.get(abs);
    if (!names) {
      names = new Set<string>();
      for (const m of (this.fs.readText(abs) ?? '').matchAll(/\.([A-Z]\w*)\s*(?:\[[^\]\n]*\])?\s*\{/g)) names.add(detached(m[1]));
      this.qualifiedNames.set(abs, names);
    }
    return names;
  }

  /** Syntax of a workspace file, read through the file system (cached by text). */
  syntaxOfPath(file: string): GoFileSyntax | undefined {
    const text = this.fs.readText(file);
    return text === undefined ? undefined : this.syntaxOf(file, text);
  }

  /** The module containing a directory (nearest go.mod upwards). */
  moduleOf(dir: string): ModuleInfo | null {
    const abs = path.resolve(dir);
    if (this.moduleCache.has(abs)) return this.moduleCache.get(abs)!;
    let result: ModuleInfo | null = null;
    const text = this.fs.readText(path.join(abs, 'go.mod'));
    if (text !== undefined) result = { root: abs, mod: parseGoMod(text) };
    else if (path.dirname(abs) !== abs) result = this.moduleOf(path.dirname(abs));
    this.moduleCache.set(abs, result);
    return result;
  }

  private workspaceModules(fromDir: string): ModuleInfo[] {
    const key = path.resolve(fromDir);
    // Remembered per directory (it was re-read on every import resolution): cleared with the modules.
    const known = this.workCache.get(key);
    if (known) return known;
    const mods: ModuleInfo[] = [];
    this.workCache.set(key, mods);
    for (let d = path.resolve(fromDir); ; d = path.dirname(d)) {
      const work = this.fs.readText(path.join(d, 'go.work'));
      if (work !== undefined) {
        for (const u of parseGoWorkUses(work)) {
          const m = this.moduleOf(path.resolve(d, u));
          if (m) mods.push(m);
        }
        break;
      }
      if (path.dirname(d) === d) break;
    }
    return mods;
  }

  /**
   * The directory of an import path as seen from a package directory, or a reason it is not found.
   * 'std' packages resolve under GOROOT when it is known.
   */
  resolveImport(importPath: string, fromDir: string): { dir: string } | { missing: string; module?: ModuleNotDownloaded } {
    const first = importPath.split('/')[0];
    const isStd = !first.includes('.');
    const mod = this.moduleOf(fromDir);
    const candidates: ModuleInfo[] = [...(mod ? [mod] : []), ...this.workspaceModules(fromDir)];
    for (const m of candidates) {
      if (m.mod.module && (importPath === m.mod.module || importPath.startsWith(m.mod.module + '/'))) {
        return { dir: path.join(m.root, importPath.slice(m.mod.module.length)) };
      }
    }
    if (isStd) {
      if (this.env.goroot) {
        const dir = path.join(this.env.goroot, 'src', importPath);
        if (this.isDirectory(dir)) return { dir };
        const vendored = path.join(this.env.goroot, 'src', 'vendor', importPath);
        if (this.isDirectory(vendored)) return { dir: vendored };
      }
      return { missing: `standard package ${importPath} (GOROOT not found)` };
    }
    if (mod) {
      const vendorDir = path.join(mod.root, 'vendor', importPath);
      if (this.isDirectory(vendorDir)) return { dir: vendorDir };
      // Longest module path that prefixes the import path.
      let best: string | undefined;
      for (const p of [...mod.mod.requires.keys(), ...mod.mod.replaces.keys()]) {
        if ((importPath === p || importPath.startsWith(p + '/')) && (!best || p.length > best.length)) best = p;
      }
      if (best) {
        const rest = importPath.slice(best.length);
        const rep = mod.mod.replaces.get(best);
        if (rep && (rep.path.startsWith('.') || path.isAbsolute(rep.path))) {
          return { dir: path.join(path.resolve(mod.root, rep.path), rest) };
        }
        const modPath = rep?.path ?? best;
        const version = rep?.version ?? mod.mod.requires.get(best);
        const goMod = path.join(mod.root, 'go.mod');
        if (this.env.gomodcache && version) {
          const moduleDir = path.join(this.env.gomodcache, `${escapeModulePath(modPath)}@${version}`);
          const dir = path.join(moduleDir, rest);
          if (this.isDirectory(dir)) return { dir };
          // The module is there but not this package: not found, which downloading does not change.
          if (this.isDirectory(moduleDir)) return { missing: `${importPath} (not in module ${modPath}@${version})` };
          return {
            missing: `${importPath} (module ${modPath}@${version} is not in the module cache)`,
            module: { module: modPath, version, goMod, cacheDir: moduleDir },
          };
        }
        if (version) {
          return { missing: `${importPath} (no module cache found)`, module: { module: modPath, version, goMod } };
        }
        return { missing: `${importPath} (no module cache found)` };
      }
    }
    return { missing: `${importPath} (not required by go.mod)` };
  }
}

/** The question a full tree's walk answers: every literal and unsafe use at once (not a type name: those are identifiers). */
const FULL_TREE = '\0full';

/** Offsets of `.Offsetof` and `.Pointer` in the text: where unsafe layout uses can be. */
function unsafeMentions(text: string): number[] {
  const out: number[] = [];
  for (const word of ['.Offsetof', '.Pointer']) {
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push(i);
  }
  return out;
}

/** The quoted strings of a Go file before its first top-level declaration: its import paths and a few more. */
function importPathsInHead(text: string): string[] {
  const end = /^(?:func|type|var|const)\b/m.exec(text)?.index ?? text.length;
  const head = text.slice(0, end);
  return [...head.matchAll(/"([^"\\\n]+)"|`([^`\n]+)`/g)].map((m) => detached(m[1] ?? m[2]));
}
