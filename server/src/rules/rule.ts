// The shape of a rule (one file per rule, listed in rules/index.ts) and what it gets to work with.
import type { EngineConfig } from '../engine/config';
import type { FileKind, Fix, Severity } from '../engine/types';
import type { FileSystem } from '../engine/workspace';
import type { GrammarId, Tree } from '../parsing/treeSitter';

export type RuleCategory =
  | 'memory' | 'alignment' | 'arch-source' | 'build-flags' | 'container' | 'kubernetes' | 'ci';

export interface RuleMeta {
  /** Stable kebab-case id with a domain prefix (rules-catalogue.md). */
  id: string;
  defaultSeverity: Severity;
  category: RuleCategory;
  /** The file kinds the rule reads; the engine runs it only on those. */
  kinds: FileKind[];
  /** One sentence: what the rule finds. */
  description: string;
  /** Does it offer quick fixes, and of which kind. */
  fixable?: 'fix' | 'suggest';
}

export interface ReportInput {
  start: number;
  end: number;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. info vs warning by bytes saved). */
  severity?: Severity;
  fixes?: Fix[];
  data?: Record<string, unknown>;
}

export interface RuleContext {
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
  /** Workspace-wide memo (e.g. a Go package index), invalidated by the engine when files change. */
  shared<T>(key: string, compute: () => T): T;
  report(finding: ReportInput): void;
  /** Logs a one-line note (the file was skipped, a construct could not be evaluated). */
  log(message: string): void;
  /**
   * Tells the scan that one declaration of this file was not analysed because a module its go.mod
   * requires is not in the module cache (the report counts them and names the modules).
   */
  missingModule?(m: { module: string; version: string; goMod: string; cacheDir?: string }): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Cheap test on the raw text; when it fails, check() is not called and nothing is parsed for this rule. */
  prefilter?: RegExp;
  /**
   * A further test for files of one kind, e.g. a C rule reads a Go file only through its cgo preamble, so a Go
   * file without `import "C"` is not looked at. Share the RegExp object between rules: it is tested once a file.
   */
  prefilterByKind?: Partial<Record<FileKind, RegExp>>;
  check(ctx: RuleContext): void;
}

/** The docs page of a rule, relative to the repository root. */
export function docsPath(ruleId: string): string { return `docs/rules/${ruleId}.md`; }
export const DOCS_BASE_URL = 'https://github.com/arm64-port/arm64-port/blob/main/';
export function docsUrl(ruleId: string): string { return DOCS_BASE_URL + docsPath(ruleId); }
