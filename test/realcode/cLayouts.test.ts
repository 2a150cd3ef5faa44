// Real code is the judge of C layouts: the headers of Debian source packages (libuv, zstd, redis, curl, sqlite3,
// nginx, openssl at pinned versions, downloaded by test/realcode/debian-source.sh, configured by
// configure-source.sh where their build generates headers, and cached) are laid out by the engine and by the
// compilers (test/oracle/c/oracle.mjs): gcc's DWARF on linux/arm64, amd64, arm and 386, clang's MSVC record layouts
// on windows/arm64 (mingw-w64's headers standing in for the Windows SDK), record by record and field by field. No
// layout may be wrong, ever; a record the compilers have must be exact or say why it is unknown; the share of exact
// records may not fall below the floor of cCorpus.ts. A header is compiled alone or, failing that, after the project
// headers its includers include first; one that compiles neither way on a platform is counted and skipped there.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../server/src/core/targets';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { compareCodeBase, MINGW_INCLUDE, type HeaderResult, type Platform } from './cLayoutCorpus';
import { C_CODE_BASES, EXACT_FLOOR } from './cCorpus';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386', 'windows/arm64'];
const CACHE = process.env.ARM64PORT_CACHE ?? path.join(os.homedir(), '.cache/arm64-port');
const TOOLS = ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf', 'clang-19', 'apt-get'];
const has = (cmd: string) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
const missing = [...TOOLS.filter((t) => !has(t)), ...(fs.existsSync(MINGW_INCLUDE) ? [] : [MINGW_INCLUDE])];
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (missing.length && !inCI) console.warn(`real-code C layout test SKIPPED: missing ${missing.join(', ')} (test/oracle/c/install.sh)`);

interface Summary {
  headers: number; alone: number; afterIncluder: number; exact: number; wrong: string[]; unresolved: number; outOfScope: number;
  macroWritten: number; dropped: string[]; extra: string[];
}

/**
 * Totals of a code base on one platform; a nested record not reported because a record it is nested in is
 * unresolved (its parent, or its parent's parent...) counts as unresolved.
 */
function summarize(results: HeaderResult[], platform: Platform): Summary {
  const mine = results.filter((r) => r.platform === platform);
  const s: Summary = { headers: mine.length, alone: 0, afterIncluder: 0, exact: 0, wrong: [], unresolved: 0, outOfScope: 0, macroWritten: 0, dropped: [], extra: [] };
  for (const r of mine) {
    if (!r.comparison) continue;
    if (r.after.length) s.afterIncluder++; else s.alone++;
    const c = r.comparison;
    const unresolved = new Set(c.unresolved.map((u) => u.key));
    const notReported = new Set(c.notReported);
    s.exact += c.exact.length;
    s.unresolved += c.unresolved.length;
    s.outOfScope += c.outOfScope.length;
    s.macroWritten += c.macroWritten.length;
    s.wrong.push(...c.wrong.map((w) => `${w.key}: ${w.why}`));
    s.extra.push(...c.extra);
    for (const key of c.notReported) {
      let parent = key;
      do parent = parent.replace(/\.[^ .]*$/, ''); while (notReported.has(parent) && /\.[^ ]*$/.test(parent));
      if (parent !== key && unresolved.has(parent)) s.unresolved++;
      else s.dropped.push(key);
    }
  }
  return s;
}

const share = (exact: number, judged: number) => `${exact} (${judged ? ((100 * exact) / judged).toFixed(1) : '-'}%)`;

describe.skipIf(missing.length > 0 && !inCI)('C layouts of real code bases equal gcc\'s', () => {
  const summaries = new Map<string, Record<Platform, Summary>>();

  beforeAll(async () => {
    if (missing.length) throw new Error(`missing under CI: ${missing.join(', ')}; test/oracle/c/install.sh must install them`);
    await initTreeSitter();
    for (const cb of C_CODE_BASES) {
      const script = cb.configure ? 'configure-source.sh' : 'debian-source.sh';
      // Awaited: a download or ./configure run takes minutes, too long to block the worker (helpers/eventLoop.ts).
      const src = (await promisify(execFile)('bash', [path.join(__dirname, script), cb.package, cb.version], { encoding: 'utf8', maxBuffer: 1 << 24 })).stdout.trim();
      const results = await compareCodeBase(src, cb, TARGETS, path.join(CACHE, 'c-oracle'));
      summaries.set(cb.package, { linux: summarize(results, 'linux'), windows: summarize(results, 'windows') });
    }
    const rows = [...summaries].map(([p, { linux: s, windows: w }]) => {
      const judged = s.exact + s.wrong.length + s.unresolved + s.dropped.length;
      const wJudged = w.exact + w.wrong.length + w.unresolved + w.dropped.length;
      return `| ${p} | ${s.alone}+${s.afterIncluder}/${s.headers} | ${judged} | ${share(s.exact, judged)} | ${s.wrong.length} | ${s.unresolved} | ${s.dropped.length} | ${s.macroWritten} | ${s.outOfScope} `
        + `| ${w.alone}+${w.afterIncluder}/${w.headers} | ${wJudged} | ${share(w.exact, wJudged)} | ${w.wrong.length} | ${w.unresolved} | ${w.dropped.length} | ${w.macroWritten} |`;
    });
    const table = [
      '| code base | Linux: headers compiled (alone+after includer/all) | records × 4 targets | exact | wrong | unresolved | not reported | written by a file-scope macro (not seen) '
        + '| C++ classes with virtuals or bases (not laid out) | windows/arm64: headers compiled | records | exact | wrong | unresolved | not reported | written by a file-scope macro |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|', ...rows,
    ].join('\n');
    console.log(`C layouts on real code (gcc: ${TARGETS.filter((t) => t.startsWith('linux/')).join(', ')}; clang: windows/arm64):\n${table}`);
    fs.mkdirSync(path.join(__dirname, '.out'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '.out/c-layouts.md'), table + '\n');
  }, 3_600_000);

  for (const cb of C_CODE_BASES) {
    it(`${cb.package} ${cb.version}: no wrong layout, no record dropped, at least ${EXACT_FLOOR[cb.package] * 100}% exact on every target`, () => {
      const { linux, windows } = summaries.get(cb.package)!;
      for (const s of [linux, windows]) {
        expect(s.wrong).toEqual([]);
        expect(s.dropped).toEqual([]);
        expect(s.extra).toEqual([]);
      }
      const exact = linux.exact + windows.exact, judged = exact + linux.unresolved + windows.unresolved;
      if (judged) expect(exact / judged).toBeGreaterThanOrEqual(EXACT_FLOOR[cb.package]);
    });
  }
});
