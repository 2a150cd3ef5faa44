// Table-driven rule tests: each case lists exact ranges; fixes are applied and the result re-parsed.
import { describe, expect, it, beforeAll } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { applyFixes, rangeOf, ready, runRule, type RunInput } from '../../helpers/ruleTester';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { parseDockerfile } from '../../../server/src/lang/dockerfile/model';
import type { Rule } from '../../../server/src/rules/rule';
import type { Finding } from '../../../server/src/core/types';

export interface Case extends RunInput {
  name: string;
  /** "line:col-line:col" of every finding, in order; [] for a valid case. */
  ranges: string[];
  message?: RegExp;
  severity?: string;
  /** Text after applying fix number `fixIndex` (default 0) of finding `findingIndex` (default 0). */
  fixed?: string;
  fixIndex?: number;
  findingIndex?: number;
  /** Extra checks on the fixed text. */
  afterFix?: (fixed: string) => void;
  /** No fix offered for the first finding. */
  noFix?: boolean;
}

/** Throws when text does not parse as `kind` (fix results must parse). */
export function assertParses(kind: string, text: string): void {
  if (kind === 'dockerfile') {
    DockerfileParser.parse(text);
    for (const run of parseDockerfile(text).runs) {
      if (run.shell?.hadErrors) throw new Error(`RUN does not parse as shell: ${run.text}`);
    }
    return;
  }
  if (kind === 'cmake') {
    let depth = 0, inStr = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue; }
      if (c === '"') inStr = true; else if (c === '#') { while (i < text.length && text[i] !== '\n') i++; }
      else if (c === '(') depth++; else if (c === ')') { depth--; if (depth < 0) throw new Error('unbalanced )'); }
    }
    if (depth !== 0 || inStr) throw new Error('unbalanced CMake parentheses or quotes');
    const ifs = (text.match(/^\s*if\s*\(/gim) ?? []).length, endifs = (text.match(/^\s*endif\s*\(/gim) ?? []).length;
    if (ifs !== endifs) throw new Error('if/endif mismatch');
    return;
  }
  const grammar = kind === 'makefile' ? 'make' : kind === 'shell' ? 'bash' : kind === 'go' ? 'go' : undefined;
  if (!grammar) return;
  const tree = parseText(grammar, text);
  try { if (tree.rootNode.hasError) throw new Error(`fixed text does not parse as ${grammar}:\n${text}`); } finally { tree.delete(); }
}

function kindOf(path: string): string {
  const p = path.toLowerCase();
  if (p.includes('dockerfile')) return 'dockerfile';
  if (p.endsWith('makefile') || p.endsWith('.mk')) return 'makefile';
  if (p.endsWith('cmakelists.txt') || p.endsWith('.cmake')) return 'cmake';
  if (p.endsWith('.sh')) return 'shell';
  if (p.endsWith('.go')) return 'go';
  return 'other';
}

export function ruleTable(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    beforeAll(ready);
    for (const c of cases) {
      it(c.name, () => {
        const findings: Finding[] = runRule(rule, c);
        expect(findings.map((f) => rangeOf(c.text, f))).toEqual(c.ranges);
        for (const f of findings) {
          expect(f.ruleId).toBe(rule.meta.id);
          if (c.message) expect(f.message).toMatch(c.message);
          if (c.severity) expect(f.severity).toBe(c.severity);
        }
        if (c.noFix) expect(findings[0]?.fixes ?? []).toEqual([]);
        if (c.fixed !== undefined || c.afterFix) {
          const fix = findings[c.findingIndex ?? 0].fixes[c.fixIndex ?? 0];
          expect(fix, 'a fix is offered').toBeDefined();
          const out = applyFixes(c.text, fix);
          if (c.fixed !== undefined) expect(out).toBe(c.fixed);
          assertParses(kindOf(c.path), out);
          c.afterFix?.(out);
          // The fix removes the finding it was offered for.
          const again = runRule(rule, { ...c, text: out });
          expect(again.length).toBeLessThan(findings.length);
        }
      });
    }
  });
}
