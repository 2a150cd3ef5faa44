// The engine: what the adapters (language server, command line, MCP server, agent tools) reach analysis
// through. One Engine per workspace owns the Go environment, the workspace memo (Go package index, C scopes,
// the files other rules read) and what is forgotten when a file changes; it analyses one document, lays out
// the structs of one file, and runs the worker-backed, cancellable workspace scan. The adapters never import
// lang/, rules/, parsing/ or layout/ (test/architecture/layers.test.ts): only this module and ./catalogue.
import * as path from 'node:path';
import type { EngineConfig } from '../core/config';
import { parseConfig } from '../core/config';
import { forgetFactsAfter, watchedFileGlobs } from '../core/facts';
import { fileKindOf } from '../core/fileKind';
import { type TargetId } from '../core/targets';
import type { FileKind, Finding } from '../core/types';
import type { FileSystem } from '../core/workspace';
import type { LayoutEntry } from '../layout/contract';
import { cLayoutOfFile } from '../lang/c/layoutEntries';
import { GO_ENV_KEY, GO_WORKSPACE_KEY, goStructs } from '../lang/go/context';
import { goEnvFromEnvironment, goEnvFromGoCommand, type GoEnv } from '../lang/go/env';
import { goStructEntries } from '../lang/go/layoutEntries';
import type { GoWorkspace } from '../lang/go/packages';
import { initTreeSitter, parseText, type GrammarId, type Tree } from '../parsing/treeSitter';
import { ALL_RULES } from '../rules/index';
import type { Rule } from '../rules/rule';
import { analyzeFile, type AnalyzeInput } from './analyze';
import { scanWorkspaceParallel, type ParallelScanOptions, type ParallelScanStats } from './parallelScan';
import type { ScanResult } from './scan';

export { sortFindings, type ScanResult } from './scan';
export type { GoEnv, GrammarId, Tree };

/** Loads the parsers (WebAssembly); every entry point awaits it once before it analyses anything. */
export const initEngine = initTreeSitter;

/** A parse of `text`, incremental from `previous` (edited to match) when given: the editor's document trees. */
export function parseDocument(grammar: GrammarId, text: string, previous?: Tree): Tree {
  return parseText(grammar, text, previous);
}

/**
 * Where Go's root and module cache are. The environment first; when it does not say and running a program is
 * allowed (the command line, a trusted workspace), `go env`.
 */
export function discoverGoEnv(mayRunGo: boolean): GoEnv {
  const env = goEnvFromEnvironment();
  if ((env.goroot && env.gomodcache) || !mayRunGo) return env;
  const fromGo = goEnvFromGoCommand();
  return { goroot: env.goroot ?? fromGo?.goroot, gomodcache: env.gomodcache ?? fromGo?.gomodcache };
}

/**
 * What the analysis reads from other files besides facts: the Go workspace (packages, modules, the walker's
 * ignore files), C and C++ includes and the build files that give their include paths, and the files some rules
 * read afresh on every analysis (other Dockerfiles, manifests and workflows).
 */
const OTHER_INPUTS = [
  '*.go', '*.s', 'go.mod', 'go.work', '.gitignore', '.gitmodules', ...['h', 'hh', 'hpp', 'hxx', 'inc', 'c', 'cc', 'cpp', 'cxx'].map((x) => `*.${x}`), 'compile_commands.json',
  'CMakeLists.txt', 'Makefile', '*.json', '*.yaml', '*.yml', '*.toml', '*.sh', '*.bash', '*.env', '*.conf',
  'Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile',
];

/** The files whose change on disk the editor must tell the engine of (Engine.fileChanged): one glob. */
export function watchedFilesGlob(): string {
  return `**/{${[...new Set([...OTHER_INPUTS, ...watchedFileGlobs()])].sort().join(',')}}`;
}

/** Kept when a file changes: the Go workspace forgets what it derived from the file itself (fileChanged). */
const LONG_LIVED_MEMOS = new Set([GO_ENV_KEY, GO_WORKSPACE_KEY]);

export interface EngineOptions {
  /** Workspace root folder (absolute). */
  root: string;
  /** The files as the engine reads them: the disk, or the editor's open documents laid over it. */
  fs: FileSystem;
  goEnv: GoEnv;
  config?: EngineConfig;
  log?: (message: string) => void;
}

/** One document to analyse: every rule that applies to its kind, within the time budget. */
export type DocumentInput = Pick<AnalyzeInput, 'path' | 'text' | 'incomplete' | 'missingModule' | 'budgetMs'> & {
  kind: FileKind;
  /** The document's current tree (the editor's incremental parse); not deleted here. */
  tree?: { grammar: GrammarId; tree: Tree };
  /** Analysed again after every edit (see FileContext.editing). */
  editing?: boolean;
};

/** Which structs of a file to lay out, and for which targets. */
export interface LayoutQuery {
  file: string;
  text: string;
  /** Default: the settings' targets. */
  targets?: readonly TargetId[];
  /** How the file is named in the entries (default: its path). */
  display?: string;
  /** The text is the editor's current document, whose tree is `tree` (Go: read per declaration, remembered). */
  editing?: boolean;
  tree?: Tree;
  /** Only the structs this picks: by name, or by the offset and line of their name (a hover). */
  name?: string;
  at?: { offset: number; line: number };
}

export type ScanRequest = Omit<ParallelScanOptions, 'root' | 'sharedSeed' | 'rules' | 'config'> & { rules?: readonly Rule[]; config?: EngineConfig };
export type ScanOutcome = ScanResult & { cancelled: boolean; stats: ParallelScanStats };

export class Engine {
  readonly root: string;
  readonly fs: FileSystem;
  readonly goEnv: GoEnv;
  config: EngineConfig;
  /** The workspace memo of the rules and lang/ (FileContext.shared), forgotten per file in fileChanged. */
  private readonly shared = new Map<string, unknown>();
  private readonly log: (message: string) => void;

  constructor(opts: EngineOptions) {
    this.root = opts.root;
    this.fs = opts.fs;
    this.goEnv = opts.goEnv;
    this.config = opts.config ?? parseConfig({}).config;
    this.log = opts.log ?? (() => {});
    this.shared.set(GO_ENV_KEY, opts.goEnv);
  }

  /** The Go package index of the workspace, once a Go file needed it (tests look into it). */
  get goWorkspace(): GoWorkspace | undefined { return this.shared.get(GO_WORKSPACE_KEY) as GoWorkspace | undefined; }

  /**
   * A file changed on disk or in an editor: forget what was derived from it. `createdOrDeleted`: the set of
   * files changed too (a Go package gained or lost a file); a .gitignore or .gitmodules decides which files
   * the walker keeps, so the Go file lists follow it.
   */
  fileChanged(file: string, createdOrDeleted = false): void {
    this.goWorkspace?.invalidate(file);
    if (createdOrDeleted || path.basename(file) === '.gitignore' || path.basename(file) === '.gitmodules') this.goWorkspace?.invalidateFileList();
    forgetFactsAfter(this.shared, file, createdOrDeleted, LONG_LIVED_MEMOS);
  }

  /** The findings of one document with the engine's settings and memo (engine/analyze.ts: never throws). */
  analyzeDocument(doc: DocumentInput): Finding[] {
    return analyzeFile({
      path: doc.path, text: doc.text, kind: doc.kind, config: this.config, root: this.root, fs: this.fs, rules: ALL_RULES,
      sharedCache: this.shared, log: this.log, trees: doc.tree ? { [doc.tree.grammar]: doc.tree.tree } : undefined,
      editing: doc.editing, budgetMs: doc.budgetMs, incomplete: doc.incomplete, missingModule: doc.missingModule,
    });
  }

  /** The layouts of the structs of a Go, C or C++ file (the `layout --json` entries); [] for other files. */
  layoutOf(q: LayoutQuery): LayoutEntry[] {
    const targets = q.targets ?? this.config.targets;
    const display = q.display ?? q.file;
    if (fileKindOf(q.file) === 'go') return this.goLayoutOf(q, targets, display);
    const entries = cLayoutOfFile({ file: q.file, text: q.text, fs: this.fs, targets, root: this.root, displayFile: display });
    return entries.filter((e) => (q.name === undefined || e.name === q.name) && (q.at === undefined || e.line === q.at.line));
  }

  private goLayoutOf(q: LayoutQuery, targets: readonly TargetId[], display: string): LayoutEntry[] {
    // A text that is not the open document's (a fix applied) is parsed here and not remembered as the file's.
    const tree = q.editing && q.tree ? q.tree : undefined;
    let own: Tree | undefined;
    const memo = new Map<string, unknown>();
    const ctx = {
      path: q.file, text: q.text, fs: this.fs, root: this.root, editing: !!tree,
      config: q.targets ? { ...this.config, targets: [...targets] } : this.config,
      shared: <T>(k: string, f: () => T) => this.memoized(this.shared, k, f),
      memo: <T>(k: string, f: () => T) => this.memoized(memo, k, f),
      tree: () => tree ?? (own ??= parseText('go', q.text)),
      parsedTree: () => tree,
    };
    try {
      const picked = goStructs(ctx).filter((s) =>
        (q.name === undefined || s.name === q.name) && (q.at === undefined || (q.at.offset >= s.nameStart && q.at.offset <= s.nameEnd)));
      return goStructEntries(picked, q.file, q.text, display);
    } finally { own?.delete(); }
  }

  private memoized<T>(memo: Map<string, unknown>, key: string, compute: () => T): T {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  }

  /**
   * The workspace scan, in worker threads (engine/parallelScan.ts): every rule, or `rules`; each worker's memo
   * starts with this engine's Go environment. Cancelled by `signal` (workers terminated) or `onProgress`.
   */
  scan(req: ScanRequest): Promise<ScanOutcome> {
    return scanWorkspaceParallel({ ...req, root: this.root, config: req.config ?? this.config, rules: req.rules ?? ALL_RULES, sharedSeed: { [GO_ENV_KEY]: this.goEnv } });
  }
}
