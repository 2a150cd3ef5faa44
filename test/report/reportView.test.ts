// The report page (scan --format html and the editor's report view): every rule of the "By rule" chart can be
// seen (the ones past the first 15 open from "and N more"), and the page says why blockers and errors differ.
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../server/src/report/html';
import { readinessOf } from '../../server/src/report/readiness';
import { ALL_RULES } from '../../server/src/rules/index';
import { finding, report } from './fixtures';

const TEXT = 'x\n'.repeat(40);
// One error finding for each of 20 rules: some in build/deploy categories, some not.
const RULES = ALL_RULES.slice(0, 20).map((r) => r.meta);

function model() {
  return report({ 'f.txt': TEXT }, (t) => RULES.map((r, i) => finding('f.txt', t['f.txt'], 'x', r.id, 'error', {}, i)));
}

describe('report page', () => {
  const m = model();
  const html = toHtml(m);

  it('lists the rules past the first 15 behind an "and N more" that opens (details/summary, no script)', () => {
    const details = /<details class="more"><summary>and (\d+) more<\/summary>([\s\S]*?)<\/details>/.exec(html);
    expect(details?.[1]).toBe(String(RULES.length - 15));
    // Every rule's label is on the page: the first 15 in the chart, the rest inside the details.
    const label = (id: string) => `>${id.length > 28 ? id.slice(0, 27) + '…' : id}</text>`;
    const shown = html.slice(html.indexOf('<h3>By rule</h3>'));
    for (const r of RULES) expect(shown, r.id).toContain(label(r.id));
    expect(RULES.filter((r) => details![2].includes(label(r.id)))).toHaveLength(RULES.length - 15);
    expect(html).not.toMatch(/<script/);
  });

  it('says what a blocker is, with the page\'s own numbers, when blockers and errors differ', () => {
    const blockers = RULES.filter((r) => readinessOf(r.category, 'error') === 'blocker').length;
    expect(blockers).toBeGreaterThan(0);
    expect(blockers).toBeLessThan(RULES.length);
    expect(m.summary.byReadiness.blocker).toBe(blockers);
    expect(html).toContain(`A blocker is an error of a build or deploy rule (architecture-specific source, build flags, containers, Kubernetes, CI): ${blockers} of the ${RULES.length} errors; the other ${RULES.length - blockers} are correctness hazards`);
    // The categories the sentence names are the ones readinessOf counts as build or deploy.
    const deploy = [...new Set(ALL_RULES.map((r) => r.meta.category))].filter((c) => readinessOf(c, 'error') === 'blocker').sort();
    expect(deploy).toEqual(['arch-source', 'build-flags', 'ci', 'container', 'kubernetes']);
  });
});
