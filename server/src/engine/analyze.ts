// Runs the enabled rules over one file: parse once, share trees and memos between rules, apply
// severity settings and suppression comments. Never throws: a failing rule, or one stopped by the file's
// time budget, is logged and reported through `incomplete`, and the other rules' findings are kept.
import { AnalysisStopped, budgetSpent, withBudget } from '../core/budget';
import type { EngineConfig } from '../core/config';
import { factKey, type Fact } from '../core/facts';
import type { FileKind, Finding } from '../core/types';
import type { FileSystem } from '../core/workspace';
import { findSuppressions, isSuppressed } from './suppressions';
import { LineIndex } from '../parsing/positions';
import { acquireTree, type TreeHandle } from '../parsing/sharedTrees';
import type { GrammarId, Tree } from '../parsing/treeSitter';
import type { Rule, RuleContext } from '../rules/rule';

export interface AnalyzeInput {
  path: string;
  text: string;
  kind: FileKind;
  config: EngineConfig;
  root: string;
  fs: FileSystem;
  rules: readonly Rule[];
  /** Workspace-wide memo shared across files (cleared by the owner when files change). */
  sharedCache: Map<string, unknown>;
  log?: (message: string) => void;
  /** Parse trees already at hand (the server's incremental tree cache); not deleted here. */
  trees?: Partial<Record<GrammarId, Tree>>;
  /** See RuleContext.editing. */
  editing?: boolean;
  /** Time budget for the file in ms (none when undefined): rules still to run when it is spent are not run. */
  budgetMs?: number;
  /** Told why the findings are incomplete: a rule failed, or the budget stopped the analysis. */
  incomplete?: (reason: string) => void;
  /** Told when a rule that reads other files than this one (meta.readsOtherFiles) runs on it. */
  readsOtherFiles?: () => void;
  /** Told of each declaration not analysed because a required module is not downloaded (see RuleContext.missingModule). */
  missingModule?: RuleContext['missingModule'];
}

export function analyzeFile(input: AnalyzeInput): Finding[] {
  const { config } = input;
  const log = input.log ?? (() => {});
  const findings: Finding[] = [];
  const ownTrees = new Map<GrammarId, TreeHandle>();
  const memo = new Map<string, unknown>();
  const tested = new Map<RegExp, boolean>();
  const passes = (re: RegExp | undefined): boolean => {
    if (!re) return true;
    let ok = tested.get(re);
    if (ok === undefined) { ok = re.test(input.text); tested.set(re, ok); }
    return ok;
  };
  // The kind's test first: it is shared by many rules (cgo) and fails on most files.
  const applicable = input.rules.filter((r) =>
    r.meta.kinds.includes(input.kind) && config.rules[r.meta.id] !== 'off' &&
    passes(r.prefilterByKind?.[input.kind]) && passes(r.prefilter));
  if (applicable.length === 0) return findings;

  const shared = <T>(key: string, compute: () => T): T => {
    if (!input.sharedCache.has(key)) input.sharedCache.set(key, compute());
    return input.sharedCache.get(key) as T;
  };
  const base = {
    path: input.path, text: input.text, kind: input.kind, config, root: input.root, fs: input.fs,
    editing: input.editing ?? false,
    tree(grammar: GrammarId): Tree {
      const given = input.trees?.[grammar];
      if (given) return given;
      let t = ownTrees.get(grammar);
      // Shared with a holder of the same text and grammar (the C layouts' parse of this file).
      if (!t) { t = acquireTree(grammar, input.text); ownTrees.set(grammar, t); }
      return t.tree;
    },
    parsedTree(grammar: GrammarId): Tree | undefined {
      return input.trees?.[grammar] ?? ownTrees.get(grammar)?.tree;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    shared,
    fact<T, A extends string | void>(fact: Fact<T, A>, arg: A, compute: () => T, variant?: string): T {
      return shared(factKey(fact, arg, variant), compute);
    },
    log,
    missingModule: input.missingModule,
  };

  const incomplete = (reason: string) => { log(`${input.path}: ${reason}`); input.incomplete?.(reason); };
  const t0 = performance.now();
  const stopped = (budgetMs: number | undefined, where: string, notRun: readonly Rule[]) =>
    incomplete(`analysis stopped after ${Math.round(performance.now() - t0)} ms (budget ${budgetMs} ms)${where}; not run: ${notRun.map((r) => r.meta.id).join(', ') || 'none'}`);
  try {
    withBudget(input.budgetMs, () => {
      for (let i = 0; i < applicable.length; i++) {
        const rule = applicable[i];
        if (budgetSpent()) {
          stopped(input.budgetMs, '', applicable.slice(i));
          return;
        }
        const ctx: RuleContext = {
          ...base,
          report(f) {
            findings.push({
              ruleId: rule.meta.id,
              severity: f.severity ?? rule.meta.defaultSeverity,
              file: input.path, start: f.start, end: f.end, message: f.message,
              fixes: f.fixes ?? [], data: f.data,
            });
          },
        };
        if (rule.meta.readsOtherFiles) input.readsOtherFiles?.();
        try {
          rule.check(ctx);
        } catch (err) {
          if (err instanceof AnalysisStopped) {
            stopped(err.budgetMs, ` in ${rule.meta.id}`, applicable.slice(i + 1));
            return;
          }
          incomplete(`rule ${rule.meta.id} failed: ${(err as Error)?.message ?? String(err)}`);
        }
      }
    });
  } finally {
    for (const t of ownTrees.values()) t.release();
  }
  return applySettingsAndSuppressions(findings, input.text, config);
}

function applySettingsAndSuppressions(findings: Finding[], text: string, config: EngineConfig): Finding[] {
  if (findings.length === 0) return findings;
  const sup = findSuppressions(text);
  // Line numbers only when a line is suppressed: a line table of a big file costs more than the rest.
  const lines = sup.lines.size > 0 ? new LineIndex(text) : undefined;
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules[f.ruleId];
    if (setting === 'off') continue;
    if (isSuppressed(sup, f.ruleId, lines?.positionAt(f.start).line)) continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
