// What a -march/-mcpu flag lets the compiler emit, and whether a preset's CPU has it: the architecture
// level, LSE atomics, SVE and SVE2. Levels and features come from GCC's aarch64-cores.def (GCC 12 and 15)
// and were checked with GCC 12 / clang 19 predefined macros (docs/instances.md).
import type { InstancePreset } from './instances';

export interface Isa {
  level: Level;
  lse: boolean;
  sve: boolean;
  sve2: boolean;
}

/** -mcpu names and the -march level each implies, with SVE/SVE2 (GCC aarch64-cores.def). */
export const CPUS: Record<string, { arch: string; sve?: boolean; sve2?: boolean }> = {
  'generic': { arch: 'armv8-a' },
  'cortex-a53': { arch: 'armv8-a' }, 'cortex-a57': { arch: 'armv8-a' }, 'cortex-a72': { arch: 'armv8-a' }, 'cortex-a73': { arch: 'armv8-a' },
  'thunderx2t99': { arch: 'armv8.1-a' },
  'cortex-a55': { arch: 'armv8.2-a' }, 'cortex-a75': { arch: 'armv8.2-a' }, 'cortex-a76': { arch: 'armv8.2-a' }, 'cortex-a78': { arch: 'armv8.2-a' },
  'cortex-x1': { arch: 'armv8.2-a' }, 'neoverse-n1': { arch: 'armv8.2-a' }, 'neoverse-e1': { arch: 'armv8.2-a' }, 'tsv110': { arch: 'armv8.2-a' },
  'a64fx': { arch: 'armv8.2-a', sve: true },
  'neoverse-v1': { arch: 'armv8.4-a', sve: true }, 'neoverse-512tvb': { arch: 'armv8.4-a', sve: true },
  'apple-m1': { arch: 'armv8.5-a' }, 'apple-m2': { arch: 'armv8.6-a' }, 'apple-m3': { arch: 'armv8.6-a' },
  'ampere1': { arch: 'armv8.6-a' }, 'ampere1a': { arch: 'armv8.6-a' }, 'ampere1b': { arch: 'armv8.7-a' },
  'neoverse-n2': { arch: 'armv9-a' }, 'cobalt-100': { arch: 'armv9-a' }, 'neoverse-v2': { arch: 'armv9-a' }, 'grace': { arch: 'armv9-a' },
  'neoverse-n3': { arch: 'armv9.2-a' }, 'neoverse-v3': { arch: 'armv9.2-a' },
};

/**
 * An architecture level. Armv9.N extends Armv8.(N+5), so `v8` is the Armv8 minor it includes (armv8.2-a 2,
 * armv9-a 5, armv9.2-a 7) and `nine` says whether it is Armv9 (which adds SVE2): Armv8.6 is not in Armv9.0.
 */
export interface Level { v8: number; nine: boolean }

/** The level of an -march base name ('armv8.2-a', 'armv9-a'); undefined for anything else. */
export function archLevel(arch: string): Level | undefined {
  const m = arch.match(/^armv([89])(?:\.(\d))?-a$/);
  if (!m) return undefined;
  const minor = Number(m[2] ?? 0);
  return m[1] === '8' ? { v8: minor, nine: false } : { v8: minor + 5, nine: true };
}

/** Does a CPU at `have` implement everything of `need`? */
export function covers(have: Level, need: Level): boolean { return have.v8 >= need.v8 && (have.nine || !need.nine); }

/** Order for picking a fleet's lowest level: by the Armv8 minor included, Armv8 before Armv9. */
function rank(l: Level): number { return l.v8 * 2 + (l.nine ? 1 : 0); }

/**
 * What `-march=...` or `-mcpu=...` (with +ext / +noext suffixes) lets the compiler use; undefined for other
 * flags, native, and names this table does not know.
 */
export function isaOfFlag(flag: string): Isa | undefined {
  const m = flag.match(/^-m(arch|cpu)=([\w.-]+)((?:\+[\w-]+)*)$/);
  if (!m) return undefined;
  let base: string, sve = false, sve2 = false;
  if (m[1] === 'arch') base = m[2];
  else {
    const cpu = CPUS[m[2]];
    if (!cpu) return undefined;
    ({ arch: base } = cpu);
    sve = !!cpu.sve;
  }
  const level = archLevel(base);
  if (level === undefined) return undefined;
  let lse = level.v8 >= 1;
  // Armv9-A includes SVE2 (GCC 12 and clang 19 define __ARM_FEATURE_SVE2 for -march=armv9-a).
  if (level.nine) sve = sve2 = true;
  for (const ext of m[3].split('+').filter(Boolean)) {
    if (ext === 'lse') lse = true;
    else if (ext === 'nolse') lse = false;
    else if (ext === 'sve') sve = true;
    else if (ext === 'sve2' || ext.startsWith('sve2-')) sve = sve2 = true;
    else if (ext === 'nosve') sve = sve2 = false;
    else if (ext === 'nosve2') sve2 = false;
  }
  return { level, lse, sve, sve2 };
}

/** The preset's own ISA, from its -march level and features. */
export function isaOfInstance(i: InstancePreset): Isa {
  return { level: archLevel(i.arch) ?? { v8: 0, nine: false }, lse: i.lse, sve: i.sve, sve2: i.sve2 };
}

/** What of `need` the instance lacks, in words ('no SVE', 'Armv8.2 only'); [] when it runs such code. */
export function missingOn(need: Isa, i: InstancePreset): string[] {
  const have = isaOfInstance(i);
  const out: string[] = [];
  if (need.sve && !have.sve) out.push('no SVE');
  else if (need.sve2 && !have.sve2) out.push('no SVE2');
  if (need.lse && !have.lse) out.push('no LSE atomics');
  if (!covers(have.level, need.level)) out.push(`${levelName(have.level)} only`);
  return out;
}

export function levelName(level: Level): string {
  return level.nine ? `Armv9.${level.v8 - 5}` : `Armv8.${level.v8}`;
}

/** The preset of a fleet with the lowest architecture level (the one a common -march must not exceed). */
export function lowestOf(fleet: readonly InstancePreset[]): InstancePreset {
  return fleet.reduce((a, i) => (rank(archLevel(i.arch)!) < rank(archLevel(a.arch)!) ? i : a));
}

/**
 * The flag that builds for every instance of a fleet: the preset's -mcpu when they share one core, else
 * -march at the lowest level among them, with +sve when every one has SVE (vector-length-agnostic SVE runs
 * on any SVE vector length).
 */
export function fleetBaseline(fleet: readonly InstancePreset[]): string | undefined {
  if (!fleet.length) return undefined;
  const cpus = new Set(fleet.map((i) => i.mcpu));
  if (cpus.size === 1 && fleet[0].mcpu) return `-mcpu=${fleet[0].mcpu}`;
  // The lowest level need not be in every other (Armv8.6 is not in Armv9.0): fall back to the Armv8 part all share.
  const lowest = archLevel(lowestOf(fleet).arch)!;
  const shared = fleet.every((i) => covers(archLevel(i.arch)!, lowest)) ? lowest
    : { v8: Math.min(...fleet.map((i) => archLevel(i.arch)!.v8)), nine: false };
  const base = shared.nine ? `armv9${shared.v8 > 5 ? `.${shared.v8 - 5}` : ''}-a` : `armv8${shared.v8 ? `.${shared.v8}` : ''}-a`;
  return `-march=${base}${!shared.nine && fleet.every((i) => i.sve) ? '+sve' : ''}`;
}
