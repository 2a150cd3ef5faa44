// Real code is the judge of C layouts: the headers of seven Debian source packages (libuv, zstd, redis, curl,
// sqlite3, nginx, openssl at pinned versions, downloaded by test/realcode/debian-source.sh and cached) are laid out
// by the engine and by gcc (DWARF, test/oracle/c/oracle.mjs) on linux/arm64, amd64, arm and 386, record by record
// and field by field. No layout may be wrong, ever; a record the compilers have must be exact or say why it is
// unknown; the share of exact records may not fall below the floor of cCorpus.ts. Headers that do not compile on
// their own (they need a configure-generated config.h, or their includer's types) are counted and skipped.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../server/src/layout/targets';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { compareCodeBase, type HeaderResult } from './cLayoutCorpus';
import { C_CODE_BASES, EXACT_FLOOR } from './cCorpus';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const CACHE = process.env.ARM64PORT_CACHE ?? path.join(os.homedir(), '.cache/arm64-port');
const TOOLS = ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf', 'clang-19', 'apt-get'];
const has = (cmd: string) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
const missing = TOOLS.filter((t) => !has(t));
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (missing.length && !inCI) console.warn(`real-code C layout test SKIPPED: missing ${missing.join(', ')} (test/oracle/c/install.sh)`);

interface Summary { headers: number; skipped: number; exact: number; wrong: string[]; unresolved: number; dropped: string[]; extra: string[] }

/** Totals of a code base; a nested record not reported because its parent is unresolved counts as unresolved. */
function summarize(results: HeaderResult[]): Summary {
  const s: Summary = { headers: results.length, skipped: 0, exact: 0, wrong: [], unresolved: 0, dropped: [], extra: [] };
  for (const r of results) {
    if (!r.comparison) { s.skipped++; continue; }
    const c = r.comparison;
    const unresolved = new Set(c.unresolved.map((u) => u.key));
    s.exact += c.exact.length;
    s.unresolved += c.unresolved.length;
    s.wrong.push(...c.wrong.map((w) => `${w.key}: ${w.why}`));
    s.extra.push(...c.extra);
    for (const key of c.notReported) {
      const parent = key.replace(/\.[^ ]*$/, '');
      if (parent !== key && unresolved.has(parent)) s.unresolved++;
      else s.dropped.push(key);
    }
  }
  return s;
}

describe.skipIf(missing.length > 0 && !inCI)('C layouts of real code bases equal gcc\'s', () => {
  const summaries = new Map<string, Summary>();

  beforeAll(async () => {
    if (missing.length) throw new Error(`missing under CI: ${missing.join(', ')}; test/oracle/c/install.sh must install them`);
    await initTreeSitter();
    for (const cb of C_CODE_BASES) {
      const src = execFileSync('bash', [path.join(__dirname, 'debian-source.sh'), cb.package, cb.version], { encoding: 'utf8' }).trim();
      summaries.set(cb.package, summarize(await compareCodeBase(src, cb, TARGETS, path.join(CACHE, 'c-oracle'))));
    }
    const rows = [...summaries].map(([p, s]) => {
      const judged = s.exact + s.wrong.length + s.unresolved + s.dropped.length;
      return `| ${p} | ${s.headers - s.skipped}/${s.headers} | ${judged} | ${s.exact} (${judged ? ((100 * s.exact) / judged).toFixed(1) : '-'}%) | ${s.wrong.length} | ${s.unresolved} | ${s.dropped.length} |`;
    });
    const table = ['| code base | headers compiled alone | records × targets | exact | wrong | unresolved | not reported |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
    console.log(`C layouts on real code (gcc, ${TARGETS.join(', ')}):\n${table}`);
    fs.mkdirSync(path.join(__dirname, '.out'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '.out/c-layouts.md'), table + '\n');
  }, 1_800_000);

  for (const cb of C_CODE_BASES) {
    it(`${cb.package} ${cb.version}: no wrong layout, no record dropped, at least ${EXACT_FLOOR[cb.package] * 100}% exact`, () => {
      const s = summaries.get(cb.package)!;
      expect(s.wrong).toEqual([]);
      expect(s.dropped).toEqual([]);
      expect(s.extra).toEqual([]);
      const judged = s.exact + s.unresolved;
      if (judged) expect(s.exact / judged).toBeGreaterThanOrEqual(EXACT_FLOOR[cb.package]);
    });
  }
});
