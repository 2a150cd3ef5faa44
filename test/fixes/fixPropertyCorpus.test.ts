// Fix-all as a property (issue 15) on the real-code corpus (test/realcode/corpus.ts): every code base is fixed with
// `arm64-port fix`, then every file it changed with the editor's fix-all (fixPaths.ts), and the fixed files are held
// to the same checks as the samples' (fixProperty.test.ts). Skipped with a warning when the corpus cache is absent
// outside CI, as the other real-code tests are.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { CORPUS, corpusGoModCache, obtain } from '../realcode/corpus';
import { cliPath, editorPath, FIXERS, type Workspace } from './fixPaths';

const CACHE = process.env.ARM64PORT_CACHE ?? path.join(os.homedir(), '.cache/arm64-port');

beforeAll(async () => { await initTreeSitter(); });

const inCI = !!process.env.CI && process.env.CI !== 'false';
const cached = fs.existsSync(path.join(CACHE, 'debian-src')) && fs.existsSync(corpusGoModCache(CACHE));
const hasGo = (() => { try { execFileSync('go', ['version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
if (!inCI && (!cached || !hasGo)) console.warn(`fix property test on the real-code corpus SKIPPED: ${!hasGo ? 'no go command' : `no corpus cache in ${CACHE} (run test/realcode/triage.test.ts once)`}`);

describe.skipIf(!inCI && (!cached || !hasGo))('fix-all on the real-code corpus', () => {
  const goEnv = { ...goEnvFromEnvironment(), gomodcache: corpusGoModCache(CACHE) };
  const dirs = new Map<string, string>();
  const saved = process.env.GOMODCACHE;
  beforeAll(async () => {
    for (const cb of CORPUS) dirs.set(cb.id, await obtain(cb));
    // The editor's Service reads the module cache from the environment, as the language server does.
    process.env.GOMODCACHE = goEnv.gomodcache;
  }, 2_700_000);
  afterAll(() => { if (saved === undefined) delete process.env.GOMODCACHE; else process.env.GOMODCACHE = saved; });
  it.each(CORPUS.map((cb) => cb.id))('%s: `arm64-port fix`, then the editor\'s fix-all on the files it changed', async (id) => {
    const dir = dirs.get(id)!;
    const ws: Workspace = { name: id, root: dir, paths: [dir], goEnv, rules: FIXERS, secondRun: 'changed' };
    const t0 = process.cpuUsage().user;
    const cli = await cliPath(ws);
    const t1 = process.cpuUsage().user;
    const editor = editorPath(ws, cli.files);
    console.log(`${id}: ${cli.changed.length} files changed by fix (${cli.fixes} fixes, ${cli.rounds} rounds, ${Math.round((t1 - t0) / 1000)} ms CPU), ${editor.changed.length} by the editor's fix-all (${Math.round((process.cpuUsage().user - t1) / 1000)} ms CPU)`);
    expect([...cli.problems, ...editor.problems]).toEqual([]);
  }, 600_000);
});
