// One file's failing rule or spent time budget never takes other findings with it, and never goes
// unsaid: analyzeFile keeps the other rules' findings and says why the file is incomplete; the scan
// lists the file, the report shows it, and the exit code says it (issue "No file can hang the analysis").
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/src/engine/analyze';
import { configSchema } from '../../server/src/core/config';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { checkBudget } from '../../server/src/core/budget';
import { exitCodeFor } from '../../server/src/cli/scanCommand';
import { buildReport } from '../../server/src/report/model';
import { toText } from '../../server/src/report/text';
import { toSarif } from '../../server/src/report/sarif';
import { toHtml } from '../../server/src/report/html';
import { toMarkdown } from '../../server/src/report/markdown';
import type { Rule } from '../../server/src/rules/rule';

const rule = (id: string, check: Rule['check']): Rule => ({
  meta: { id, defaultSeverity: 'warning', category: 'arch-source', kinds: ['c'], description: id }, check,
});
const reporting = (id: string) => rule(id, (ctx) => ctx.report({ start: 0, end: 1, message: `${id} found it` }));
const throwing = rule('throws', () => { throw new RangeError('Maximum call stack size exceeded'); });
/** Spins (as a runaway analysis would) until the budget stops it; without a budget, for 10 s. */
const spinning = rule('spins', () => { const end = performance.now() + 10_000; while (performance.now() < end) checkBudget(); });

function analyze(rules: Rule[], budgetMs?: number) {
  const reasons: string[] = [];
  const findings = analyzeFile({
    path: '/ws/a.c', text: 'int x;\n', kind: 'c', config: configSchema.parse({}), root: '/ws', fs: memoryFileSystem({ '/ws/a.c': 'int x;\n' }),
    rules, sharedCache: new Map(), budgetMs, incomplete: (r) => reasons.push(r),
  });
  return { ids: findings.map((f) => f.ruleId), reasons };
}

describe('analyzeFile', () => {
  it('keeps the findings of the other rules when one fails, and says which failed', () => {
    const r = analyze([reporting('before'), throwing, reporting('after')]);
    expect(r.ids).toEqual(['after', 'before']);
    expect(r.reasons).toEqual(['rule throws failed: Maximum call stack size exceeded']);
  });

  it('stops a rule that runs past the budget, keeps what came before, and names the rules not run', () => {
    const t0 = performance.now();
    const r = analyze([reporting('before'), spinning, reporting('after')], 200);
    expect(performance.now() - t0).toBeLessThan(9_000); // stopped, not run for its 10 s
    expect(r.ids).toEqual(['before']);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatch(/^analysis stopped after \d+ ms \(budget 200 ms\) in spins; not run: after$/);
  });

  it('reports nothing incomplete when every rule completes', () => {
    expect(analyze([reporting('a'), reporting('b')], 5000).reasons).toEqual([]);
  });
});

describe('a scan with an incomplete file', () => {
  const files = { '/ws/bad.c': 'int bad;\n', '/ws/good.c': 'int good;\n' };
  const failsOnBad = rule('fails-on-bad', (ctx) => { if (ctx.path.endsWith('bad.c')) throw new Error('boom'); });
  let result: Awaited<ReturnType<typeof scanWorkspaceParallel>>;
  let model: ReturnType<typeof buildReport>;
  beforeAll(async () => {
    result = await scanWorkspaceParallel({ jobs: 1, root: '/ws', paths: ['/ws'], config: configSchema.parse({}), fs: memoryFileSystem(files), rules: [reporting('finds'), failsOnBad] });
    model = buildReport({ ...result, targets: ['linux/arm64'], fs: memoryFileSystem(files) });
  });

  it('lists the file with why, and keeps every finding', () => {
    expect(result.incomplete).toEqual([{ path: '/ws/bad.c', reason: 'rule fails-on-bad failed: boom' }]);
    expect(result.findings.map((f) => f.file)).toEqual(['/ws/bad.c', '/ws/good.c']);
    expect(model.summary.incomplete).toEqual([{ file: 'bad.c', reason: 'rule fails-on-bad failed: boom' }]);
  });

  it('says so in the text and SARIF reports', () => {
    expect(toText(model)).toContain('not completely analysed bad.c: rule fails-on-bad failed: boom');
    const sarif = JSON.parse(toSarif(model));
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: 'not completely analysed: rule fails-on-bad failed: boom' } });
  });

  it('exits 3 when no finding reaches --fail-on, 1 when one does, 0 with --fail-on never', () => {
    expect(exitCodeFor(model, 'error')).toBe(3);
    expect(exitCodeFor(model, 'warning')).toBe(1);
    expect(exitCodeFor(model, 'never')).toBe(0);
    const clean = { ...model, summary: { ...model.summary, incomplete: [] } };
    expect(exitCodeFor(clean, 'error')).toBe(0);
  });
});

describe('the HTML and Markdown reports of a scan with an incomplete file', () => {
  it('list the file with why, and the HTML header links to it', async () => {
    const files = { '/ws/bad.c': 'int bad;\n' };
    const failing = rule('fails', () => { throw new Error('boom'); });
    const result = await scanWorkspaceParallel({ jobs: 1, root: '/ws', paths: ['/ws'], config: configSchema.parse({}), fs: memoryFileSystem(files), rules: [failing] });
    const model = buildReport({ ...result, targets: ['linux/arm64'], fs: memoryFileSystem(files) });
    const html = toHtml(model);
    expect(html).toContain('<a href="#incomplete">1 not completely analysed</a>');
    expect(html).toContain('<td><code>bad.c</code></td><td>rule fails failed: boom</td>');
    expect(toMarkdown(model)).toContain('### Not completely analysed');
  });
});
