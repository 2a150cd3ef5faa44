// `arm64-port fix` (ops/fix.ts fixWorkspace) on a file whose analysis runs out of its time budget: the rules not run
// gave no fixes, so the round looked settled and a second `fix` found more (seen on nats-server's server/accounts.go
// under load). The file is analysed again with a larger budget; when that runs out too, it is reported incomplete.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/core/config';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { fixWorkspace } from '../../server/src/ops/fix';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import type { Rule } from '../../server/src/rules/rule';

/** Spends `ms` of wall-clock time, as a slow rule on a loaded machine does (the budget reads the clock). */
const slowRule = (ms: number): Rule => ({
  meta: { id: 'test-slow', defaultSeverity: 'info', category: 'container', kinds: ['dockerfile'], description: 'slow' },
  check() { const end = performance.now() + ms; while (performance.now() < end) { /* busy */ } },
});
/** Run after the slow one: offers `FROM x` -> `FROM y`. */
const fixer: Rule = {
  meta: { id: 'test-fixer', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'], description: 'fixer', fixable: 'fix' },
  check(ctx) {
    const at = ctx.text.indexOf('FROM x');
    if (at >= 0) ctx.report({ start: at, end: at + 6, message: 'x', fixes: [{ title: 'y', kind: 'fix', edits: [{ start: at + 5, end: at + 6, newText: 'y' }] }] });
  },
};

describe('fix on a file that runs out of its time budget', () => {
  let dir: string, file: string;
  beforeAll(async () => {
    await initTreeSitter();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-fixbudget-'));
    file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, 'FROM x\n');
  });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });
  // 100 ms is the smallest budget the configuration allows; the retry has ten times that.
  const run = (slowMs: number) => fixWorkspace({
    root: dir, paths: [dir], config: parseConfig({ scanBudgetMs: 100 }).config, rules: [slowRule(slowMs), fixer],
    goEnv: goEnvFromEnvironment(), fs: nodeFileSystem,
  });

  it('is analysed again with a larger budget, and its fixes are applied', async () => {
    const r = await run(150);
    expect(r.files.get(file)?.after).toBe('FROM y\n');
    expect(r.incomplete).toEqual([]);
  });

  it('is reported incomplete when the larger budget runs out too', async () => {
    const r = await run(1_100);
    expect(r.files.size).toBe(0);
    expect(r.incomplete).toEqual([{ path: file, reason: expect.stringMatching(/^analysis stopped after .*not run: test-fixer/) }]);
  });
});
