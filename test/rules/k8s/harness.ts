// Table-driven runner for the kubelet/manifest/CI rule tests: exact ranges, messages, fixed output, and
// re-parsing of the fixed text.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Rule } from '../../../server/src/rules/rule';
import { applyFixes, rangeOf, runRule } from '../../helpers/ruleTester';

export interface Case {
  name: string;
  path: string;
  text: string;
  files?: Record<string, string>;
  /** Expected findings as 'line:col-line:col' (1-based), in order; [] = must stay silent. */
  ranges: string[];
  message?: RegExp;
  severity?: string;
  /** Expected text after applying fix `fixIndex` (default 0) of the first finding. */
  fixed?: string;
  fixIndex?: number;
  /** The rule must be silent on the fixed text (default true when `fixed` is given). */
  fixedSilent?: boolean;
}

export function table(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    for (const c of cases) {
      it(c.name, () => {
        const fs = runRule(rule, { path: c.path, text: c.text, files: c.files });
        expect(fs.map((f) => rangeOf(c.text, f))).toEqual(c.ranges);
        for (const f of fs) {
          expect(f.ruleId).toBe(rule.meta.id);
          if (c.message) expect(f.message).toMatch(c.message);
        }
        if (c.severity && fs[0]) expect(fs[0].severity).toBe(c.severity);
        if (c.fixed !== undefined) {
          const fix = fs[0].fixes[c.fixIndex ?? 0];
          expect(fix, 'fix offered').toBeDefined();
          const out = applyFixes(c.text, fix);
          expect(out).toBe(c.fixed);
          if (/\.ya?ml$/.test(c.path)) {
            for (const d of parseAllDocuments(out) as unknown as { errors: unknown[] }[]) expect(d.errors).toEqual([]);
          }
          if (/\.json$/.test(c.path)) expect(() => JSON.parse(out), 'fixed text is JSON').not.toThrow();
          if (c.fixedSilent !== false) {
            const again = runRule(rule, { path: c.path, text: out, files: c.files });
            expect(again.filter((f) => f.start === fs[0].start && f.message === fs[0].message)).toEqual([]);
          }
        }
      });
    }
  });
}
