// The shape of a rule (one file per rule, listed in rules/index.ts) and what it gets to work with.
import type { FileKind, Fix, Severity } from '../core/types';
import type { FileContext } from '../lang/fileContext';

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
  /**
   * It reads files besides the one it analyses (through ctx.fs, the Go workspace, C includes, facts or the
   * workspace memo): the result cache keeps its findings only while the whole workspace is unchanged.
   * test/engine/crossFileDeclared.test.ts fails for a rule that reads other files without saying so.
   */
  readsOtherFiles?: true;
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

/** A rule's view of the file under analysis (lang/fileContext.ts), and where its findings go. */
export interface RuleContext extends FileContext {
  report(finding: ReportInput): void;
  /** Logs a one-line note (the file was skipped, a construct could not be evaluated). */
  log(message: string): void;
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
