// The ISA model of the deployment presets against the compilers: what GCC 12 and clang 19 predefine for each
// -mcpu/-march the model knows (__ARM_FEATURE_ATOMICS = LSE, __ARM_FEATURE_SVE/SVE2, __ARM_ARCH), and the
// presets' own data agree with their -mcpu.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CPUS, archLevel, isaOfFlag } from '../../server/src/deploy/isa';
import { INSTANCES, INSTANCE_IDS } from '../../server/src/deploy/instances';
import { missingTools } from '../helpers/cOracle';

// test/oracle/c/install.sh installs both compilers: without one the check runs with the other (without both it is
// skipped), with a warning; under CI a missing one fails it.
const inCI = !!process.env.CI && process.env.CI !== 'false';
const ALL_COMPILERS = [
  ['aarch64-linux-gnu-gcc'],
  ['clang-19', '--target=aarch64-linux-gnu'],
];
const missing = missingTools(ALL_COMPILERS.map(([c]) => c));
const COMPILERS = ALL_COMPILERS.filter(([c]) => inCI || !missing.includes(c));
if (missing.length && !inCI) console.warn(`ISA agreement test ${COMPILERS.length ? 'runs without' : 'SKIPPED: no'} ${missing.join(', ')} (test/oracle/c/install.sh)`);

/** The predefined macros of the first compiler that accepts the flag; undefined when none does. */
function macros(flag: string): { lse: boolean; sve: boolean; sve2: boolean; arch: number; by: string } | undefined {
  for (const [cc, ...pre] of COMPILERS) {
    const r = spawnSync(cc, [...pre, flag, '-dM', '-E', '-x', 'c', '-'], { input: '', encoding: 'utf8' });
    if (r.status !== 0) continue;
    const d = (m: string) => new RegExp(`^#define ${m} `, 'm').test(r.stdout);
    return { lse: d('__ARM_FEATURE_ATOMICS'), sve: d('__ARM_FEATURE_SVE'), sve2: d('__ARM_FEATURE_SVE2'), arch: Number(r.stdout.match(/^#define __ARM_ARCH (\d+)/m)?.[1]), by: cc };
  }
  return undefined;
}

const FLAGS = [
  ...Object.keys(CPUS).map((c) => `-mcpu=${c}`),
  '-march=armv8-a', '-march=armv8.1-a', '-march=armv8.2-a', '-march=armv8-a+lse', '-march=armv8.2-a+sve', '-march=armv8.2-a+sve2',
  '-march=armv8.4-a+sve', '-march=armv9-a', '-march=armv9-a+nosve2', '-march=armv9.2-a', '-mcpu=neoverse-v1+nosve', '-march=armv8.2-a+nolse',
];

describe.skipIf(!COMPILERS.length)('isaOfFlag agrees with the compilers\' predefined macros', () => {
  beforeAll(() => { if (inCI) expect(missing, 'missing under CI: test/oracle/c/install.sh installs them').toEqual([]); });
  it.each(FLAGS)('%s', (flag) => {
    const m = macros(flag);
    if (!m) return; // no installed compiler knows this name (e.g. neoverse-v3 needs GCC 15 / LLVM 19)
    const isa = isaOfFlag(flag)!;
    expect(isa, flag).toBeDefined();
    expect({ lse: isa.lse, sve: isa.sve, sve2: isa.sve2, arch: isa.level.nine ? 9 : 8 }, `${flag} (${m.by})`)
      .toEqual({ lse: m.lse, sve: m.sve, sve2: m.sve2, arch: m.arch });
  });

  it('knows most of its table with the installed compilers', () => {
    expect(FLAGS.filter((f) => macros(f)).length).toBeGreaterThan(FLAGS.length * 0.8);
  });
});

describe('presets', () => {
  it('each preset\'s -mcpu means what the preset says (level, LSE, SVE, SVE2)', () => {
    for (const i of Object.values(INSTANCES)) {
      const isa = isaOfFlag(`-mcpu=${i.mcpu}`)!;
      expect(isa, i.id).toBeDefined();
      expect({ level: isa.level, lse: isa.lse, sve: isa.sve, sve2: isa.sve2 }, i.id).toEqual({ level: archLevel(i.arch), lse: i.lse, sve: i.sve, sve2: i.sve2 });
      expect(i.sve || i.sveBits === undefined, i.id).toBe(true);
      for (const k of ['core', 'arch', 'lse', 'sve', 'pageSizes'] as const) expect(i.sources[k], `${i.id} ${k}`).toBeTruthy();
      if (i.sveBits) expect(i.sources.sveBits, i.id).toBeTruthy();
    }
  });

  it('docs/instances.md lists every preset and explains every source key', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/instances.md'), 'utf8');
    for (const id of INSTANCE_IDS) expect(doc, id).toContain(`| \`${id}\` |`);
    const keys = new Set(Object.values(INSTANCES).flatMap((i) => Object.values(i.sources)));
    for (const k of keys) expect(doc, k).toMatch(new RegExp(`^\\| \`${k}\` \\|`, 'm'));
  });

  it('the VS Code setting offers exactly the presets', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    expect(manifest.contributes.configuration.properties['arm64port.instances'].items.enum).toEqual([...INSTANCE_IDS]);
  });
});
