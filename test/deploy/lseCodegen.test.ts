// What build-lse-atomics says the compilers emit for an atomic add, checked by compiling one and disassembling
// it: helper calls (outline atomics, GCC >= 10 and clang default), LDXR/STXR loops (-mno-outline-atomics) and a
// single LDADD (any -march with LSE, e.g. the presets' -march=armv8.2-a).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isaOfFlag } from '../../server/src/deploy/isa';
import { missingTools } from '../helpers/cOracle';

const OBJDUMP = 'aarch64-linux-gnu-objdump';
// test/oracle/c/install.sh installs the tools: without a compiler the check runs with the other (without both, or
// without objdump, it is skipped), with a warning; under CI a missing tool fails it.
const inCI = !!process.env.CI && process.env.CI !== 'false';
const ALL_COMPILERS = [['aarch64-linux-gnu-gcc'], ['clang-19', '--target=aarch64-linux-gnu']];
const missing = missingTools([...ALL_COMPILERS.map(([c]) => c), OBJDUMP]);
const COMPILERS = ALL_COMPILERS.filter(([c]) => inCI || !missing.includes(c));
const runs = inCI || (COMPILERS.length > 0 && !missing.includes(OBJDUMP));
if (missing.length && !inCI) console.warn(`LSE code generation test ${runs ? 'runs without' : 'SKIPPED: no'} ${missing.join(', ')} (test/oracle/c/install.sh)`);
const SRC = 'long counter;\nlong bump(long v) { return __atomic_fetch_add(&counter, v, __ATOMIC_SEQ_CST); }\n';

function disassemble(cc: string[], flags: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64-port-lse-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.c'), SRC);
    const c = spawnSync(cc[0], [...cc.slice(1), '-O2', ...flags, '-c', 'a.c', '-o', 'a.o'], { cwd: dir, encoding: 'utf8' });
    expect(c.status, c.stderr).toBe(0);
    return spawnSync(OBJDUMP, ['-dr', path.join(dir, 'a.o')], { encoding: 'utf8' }).stdout;
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

const kind = (asm: string) => /\bldadd/.test(asm) ? 'lse' : /__aarch64_ldadd/.test(asm) ? 'outline' : /\bld[a]?xr\b[\s\S]*\bst[l]?xr\b/.test(asm) ? 'llsc' : 'other';

describe.skipIf(!runs)('atomic add code generation', () => {
  beforeAll(() => { if (inCI) expect(missing, 'missing under CI: test/oracle/c/install.sh installs them').toEqual([]); });
  for (const cc of COMPILERS) {
    it(`${cc[0]}: armv8-a calls the helpers, -mno-outline-atomics loops, LSE levels inline LDADD`, () => {
      expect(kind(disassemble(cc, ['-march=armv8-a']))).toBe('outline');
      expect(kind(disassemble(cc, ['-march=armv8-a', '-mno-outline-atomics']))).toBe('llsc');
      for (const flag of ['-march=armv8.2-a', '-march=armv8-a+lse', '-mcpu=neoverse-n1']) {
        expect(isaOfFlag(flag)!.lse, flag).toBe(true);
        expect(kind(disassemble(cc, [flag])), flag).toBe('lse');
      }
      expect(isaOfFlag('-mcpu=cortex-a72')!.lse).toBe(false);
      expect(kind(disassemble(cc, ['-mcpu=cortex-a72']))).toBe('outline');
    });
  }
});
