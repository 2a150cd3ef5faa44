// One index per Go package directory (shared across the workspace): each .go/.s file with its build
// constraint result per target, its top-level declarations, body-less functions and asm symbols. The
// arch rules compare what a linux/arm64 build sees with what only other architectures see.
import * as path from 'node:path';
import type { EngineConfig } from '../../../core/config';
import { defineFact } from '../../../core/facts';
import type { FileSystem } from '../../../core/workspace';
import { matchesTarget } from '../../../lang/go/buildConstraints';
import { readAsmSymbols } from '../../../lang/goasm/asmSymbols';
import { TARGETS, type TargetId } from '../../../core/targets';
import { goFileSyntax, goWorkspace } from '../../../lang/go/context';
import type { GoFileSyntax } from '../../../lang/go/syntax';
import type { GoWorkspace } from '../../../lang/go/packages';
import type { RuleContext } from '../../rule';

export type Tri = boolean | 'unknown';

export interface BodilessFunc { name: string; start: number; end: number }

export interface GoPkgFile {
  name: string;
  isAsm: boolean;
  isTest: boolean;
  /** Package clause (Go files). */
  pkg?: string;
  /** Is the file in the build, per Go target. */
  included: Partial<Record<TargetId, Tri>>;
  /**
   * Package-level names declared (functions, types, vars, consts). Left empty, with `bodiless`, for a
   * file in an index that no Go target builds (no rule reads them there).
   */
  decls: Set<string>;
  bodiless: BodilessFunc[];
  /** Local names given a body elsewhere by //go:linkname. */
  linknamed: Set<string>;
  asmNames: Set<string>;
  asmOpaque: boolean;
  /** The file's top level did not parse cleanly, so `decls` may be incomplete. */
  parseTrouble: boolean;
  /** The `//go:build` expression, if any. */
  buildLine?: string;
  /** The declarations the index was made from (Go files). */
  syntax?: GoFileSyntax;
  /** The file's text, read again when asked: indexes of every package stay small. */
  readText(): string;
}

export interface GoPackageIndex { dir: string; files: Map<string, GoPkgFile> }

const GO_TARGETS = (Object.keys(TARGETS) as TargetId[]).filter((t) => TARGETS[t].go);

/** The enabled targets that are Go on ARM (linux/arm64, linux/arm). */
export function armGoTargets(config: EngineConfig): TargetId[] {
  return config.targets.filter((t) => TARGETS[t].go && TARGETS[t].isArm);
}

export function includedOn(file: string, text: string, target: TargetId): Tri {
  const t = TARGETS[target];
  return matchesTarget(path.basename(file), text, { goos: t.goos, goarch: t.goarch });
}

/**
 * Indexes one file. `syntax` is the workspace's extraction of its declarations; without it (assembly,
 * or a Go file no target builds: see GoPkgFile.decls) its declarations are not read.
 */
export function indexGoFile(name: string, text: string, isAsm: boolean, syntax?: GoFileSyntax, reread?: () => string | undefined): GoPkgFile {
  const f: GoPkgFile = {
    name, isAsm, isTest: /_test\.go$/.test(name), included: {}, decls: new Set(), bodiless: [],
    linknamed: new Set(), asmNames: new Set(), asmOpaque: false, parseTrouble: false, syntax,
    buildLine: /^\/\/go:build[ \t]+(.+)$/m.exec(text)?.[1].trim(),
    readText: reread ? rereader(reread) : () => text,
  };
  for (const t of GO_TARGETS) f.included[t] = includedOn(name, text, t);
  if (isAsm) {
    const s = readAsmSymbols(text);
    f.asmNames = s.names;
    f.asmOpaque = s.opaque;
    return f;
  }
  f.pkg = syntax?.packageName || /^[ \t]*package[ \t]+([\p{L}_][\p{L}\p{N}_]*)/mu.exec(stripComments(text))?.[1];
  for (const m of text.matchAll(/^\/\/go:linkname[ \t]+(\S+)/gm)) f.linknamed.add(m[1]);
  if (syntax) {
    for (const n of syntax.topLevelNames) f.decls.add(n);
    f.bodiless = syntax.bodyless.map((b) => ({ ...b }));
    f.parseTrouble = syntax.topLevelError;
  }
  return f;
}

/** Made outside indexGoFile: a closure there would keep its `text` (shared scope) alive in every index. */
function rereader(reread: () => string | undefined): () => string {
  return () => reread() ?? '';
}

/** Blanks comments (keeping offsets) so a regex on code does not match inside them. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * The package index of the directory holding ctx.path (computed once per workspace state; the
 * language server drops it when a file of the directory changes).
 */
const PACKAGE_INDEX = defineFact<GoPackageIndex, string>({ name: 'go:package-index', scope: 'directory', reads: ['*.go', '*.s'], lists: true });

export function packageIndex(ctx: RuleContext): GoPackageIndex {
  const dir = path.dirname(ctx.path);
  const ws = goWorkspace(ctx);
  return ctx.fact(PACKAGE_INDEX, dir, () => {
    // This file's declarations first: from the editor's tree when there is one, not a new parse.
    if (ctx.path.endsWith('.go')) goFileSyntax(ctx);
    return buildIndex(dir, ctx.fs, ws);
  });
}

/**
 * Go file entries by the workspace's declarations of their text: those objects live as long as the
 * text is unchanged, so an index rebuilt after an edit recomputes only the edited file's entry.
 */
const entryBySyntax = new WeakMap<GoFileSyntax, GoPkgFile>();

function buildIndex(dir: string, fs: FileSystem, ws: GoWorkspace): GoPackageIndex {
  const files = new Map<string, GoPkgFile>();
  for (const e of fs.readDir(dir)) {
    if (e.isDir) continue;
    const isGo = e.name.endsWith('.go');
    const isAsm = e.name.endsWith('.s');
    if (!isGo && !isAsm) continue;
    const file = path.join(dir, e.name);
    const text = ws.textOf(file);
    if (text === undefined) continue;
    const reread = () => ws.textOf(file);
    if (isAsm) { files.set(e.name, indexGoFile(e.name, text, true, undefined, reread)); continue; }
    // Unchanged since the last index: its entry as it was (no constraint evaluation, no lookup by parse).
    const known = ws.knownSyntax(file, text);
    const kept = known && entryBySyntax.get(known);
    if (kept && kept.name === e.name) { files.set(e.name, kept); continue; }
    // A file no Go target builds (zerrors_darwin_amd64.go, os_windows.go) is indexed for its package
    // clause and build constraints only: the rules read declarations of files some Linux target builds.
    if (GO_TARGETS.every((t) => includedOn(e.name, text, t) === false)) {
      files.set(e.name, indexGoFile(e.name, text, false, undefined, reread));
      continue;
    }
    const syntax = known ?? ws.syntaxOf(file, text);
    const entry = indexGoFile(e.name, text, false, syntax, reread);
    entryBySyntax.set(syntax, entry);
    files.set(e.name, entry);
  }
  return { dir, files };
}

/**
 * The files compiled together with `self` into one package: same package clause; test files only when
 * `self` is a test file; assembly files belong to the non-test package.
 */
export function packageMates(index: GoPackageIndex, self: GoPkgFile): GoPkgFile[] {
  const out: GoPkgFile[] = [];
  for (const f of index.files.values()) {
    if (f.isAsm) { if (!self.pkg?.endsWith('_test')) out.push(f); continue; }
    if (f.pkg !== self.pkg) continue;
    if (f.isTest && !self.isTest) continue;
    out.push(f);
  }
  return out;
}

/** This file's index entry: the package index's one when it saw the same text (an unsaved buffer may differ). */
export function selfEntry(ctx: RuleContext): GoPkgFile {
  return ctx.memo('srcrules:goself', () => {
    const name = path.basename(ctx.path);
    const known = packageIndex(ctx).files.get(name);
    // Same text: the workspace's declarations of this text are the ones the index was made from.
    const same = !!known?.syntax && goWorkspace(ctx).knownSyntax(ctx.path, ctx.text) === known.syntax;
    return same ? known! : indexGoFile(name, ctx.text, false, goFileSyntax(ctx));
  });
}
