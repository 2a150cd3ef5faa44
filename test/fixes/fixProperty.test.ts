// Fix-all as a property (issue 15), on every sample and every fixture: both fix-all paths (fixPaths.ts) give files
// that still parse in their own language, hold no declaration doubled and no key or value emptied by the fix, no
// longer have the findings they fixed, and that a second run leaves as they are. The real-code corpus:
// fixPropertyCorpus.test.ts.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules/index';
import { analysableFiles, cliPath, editorPath, type Workspace } from './fixPaths';

const REPO = path.resolve(__dirname, '../..');

beforeAll(async () => { await initTreeSitter(); });

describe('fix-all on the samples and the fixtures', () => {
  const env = goEnvFromEnvironment();
  const workspaces: Workspace[] = [
    { name: 'samples', root: path.join(REPO, 'samples'), paths: [path.join(REPO, 'samples')], goEnv: env, rules: ALL_RULES, secondRun: 'all' },
    { name: 'fixtures', root: path.join(REPO, 'test/fixtures'), paths: [path.join(REPO, 'test/fixtures')], goEnv: env, rules: ALL_RULES, secondRun: 'all' },
  ];
  for (const ws of workspaces) {
    it(`${ws.name}: \`arm64-port fix\``, async () => {
      const r = await cliPath(ws);
      expect(r.problems).toEqual([]);
      if (ws.name === 'samples') expect(r.changed.length, 'the samples have fixes to apply').toBeGreaterThan(5);
    });
    it(`${ws.name}: the editor's fix-all, file by file`, () => {
      const r = editorPath(ws, analysableFiles(ws));
      expect(r.problems).toEqual([]);
      if (ws.name === 'samples') expect(r.changed.length, 'the samples have fixes to apply').toBeGreaterThan(5);
    });
  }
});

