// What the analysis of one file gets to work with: the file, the settings, the workspace's files, its tree and the
// memos. Rules get it with a way to report (rules/rule.ts RuleContext); lang/ reads Go and C through it.
import type { EngineConfig } from '../core/config';
import type { FileKind } from '../core/types';
import type { FileSystem } from '../core/workspace';
import type { Fact } from '../core/facts';
import type { GrammarId, Tree } from '../parsing/treeSitter';

export interface FileContext {
  /** Absolute path of the file. */
  readonly path: string;
  readonly text: string;
  readonly kind: FileKind;
  readonly config: EngineConfig;
  /** Workspace root folder (absolute), used to find go.mod, .gitignore etc. */
  readonly root: string;
  /**
   * The file is analysed again after every edit (the language server), so results remembered per
   * declaration or per environment pay off; a scan reads each file once and should not fill such memos.
   */
  readonly editing?: boolean;
  readonly fs: FileSystem;
  /** The tree-sitter tree of this file's text (parsed once per file and shared by all rules). */
  tree(grammar: GrammarId): Tree;
  /** The tree when one is already at hand (given by the editor or parsed by an earlier rule), without parsing. */
  parsedTree?(grammar: GrammarId): Tree | undefined;
  /** Per-file memo so rules share derived data (a YAML document, a Dockerfile AST) instead of re-parsing. */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Workspace-wide memo (the Go package index, the Go environment): kept across files, and dropped entirely by the
   * engine when any file changes, unless its owner invalidates it. What is derived from other files is a fact.
   */
  shared<T>(key: string, compute: () => T): T;
  /**
   * A fact (core/facts.ts) for `arg`: computed once by `compute`, kept in the workspace memo until a file the
   * fact's declaration says it reads changes. `variant` tells apart several values of one fact and argument.
   */
  fact<T, A extends string | void>(fact: Fact<T, A>, arg: A, compute: () => T, variant?: string): T;
  /**
   * Tells the scan that one declaration of this file was not analysed because a module its go.mod
   * requires is not in the module cache (the report counts them and names the modules).
   */
  missingModule?(m: { module: string; version: string; goMod: string; cacheDir?: string }): void;
}
