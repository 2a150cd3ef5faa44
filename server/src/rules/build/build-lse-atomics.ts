// LSE atomics against the deployment presets: an -march/-mcpu without LSE on a fleet that has it (atomics
// become helper calls or LDXR/STXR loops), and LSE instructions on a fleet with an Armv8.0 host (SIGILL).
// Silent without presets: whether LSE pays, or even runs, depends on the machine (docs/rules/build-lse-atomics.md).
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { buildFlagsOf, type FlagOccurrence } from '../../lang/build';
import { reachesArm64 } from '../../lang/build/arch';
import { fleetOf, namesOf, type InstancePreset } from '../../deploy/instances';
import { fleetBaseline, isaOfFlag, lowestOf, missingOn } from '../../deploy/isa';
import { FLAG_KINDS, FLAG_KIND_PREFILTERS } from './common';

/** A statement that also speaks 32-bit ARM (-mfpu, -mfloat-abi, -marm/-mthumb, gnueabi): -march=armv8-a is AArch32 there. */
const AARCH32 = /-mfpu=|-mfloat-abi=|-marm\b|-mthumb\b|gnueabi/;

export const rule: Rule = {
  meta: {
    id: 'build-lse-atomics', defaultSeverity: 'info', category: 'build-flags', kinds: FLAG_KINDS, fixable: 'suggest',
    description: 'With deployment presets: AArch64 builds without LSE atomics for a fleet that has them, and LSE builds for a fleet with Armv8.0 hosts.',
  },
  prefilter: /-m(?:arch|cpu)=|outline-atomics/,
  prefilterByKind: FLAG_KIND_PREFILTERS,
  check(ctx) {
    const fleet = fleetOf(ctx.config.instances);
    if (!fleet.length) return;
    const flags = buildFlagsOf(ctx).filter((o) => reachesArm64(o.arch) && !AARCH32.test(o.statement.text));
    if (fleet.every((i) => i.lse)) withoutLse(ctx, flags, fleet);
    else lseOnArmv80(ctx, flags, fleet);
  },
};

/** Every host has LSE: an -march/-mcpu without it leaves the atomics out of line or in LL/SC loops. */
function withoutLse(ctx: RuleContext, flags: FlagOccurrence[], fleet: InstancePreset[]): void {
  // -mno-outline-atomics anywhere in the file turns the helpers into inline LDXR/STXR loops.
  const noOutline = flags.some((o) => o.flag === '-mno-outline-atomics');
  const lowest = lowestOf(fleet);
  for (const occ of flags) {
    if (occ.cls !== 'cpu') continue;
    const isa = isaOfFlag(occ.flag);
    if (!isa || isa.lse) continue;
    const fix = replacement(occ.flag, lowest, fleet);
    const fixes: Fix[] = fix ? [{ title: `Use ${fix}: every instance of the fleet has LSE`, kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: fix }] }] : [];
    const how = noOutline
      ? 'with -mno-outline-atomics the atomics compile to LDXR/STXR retry loops, which collapse under contention on many-core servers'
      : 'the atomics compile to calls to the __aarch64_ldadd*/__aarch64_cas* helpers (outline atomics, the default of GCC ≥ 10), which test for LSE at every call; GCC < 10 and -mno-outline-atomics emit LDXR/STXR retry loops instead, which collapse under contention on many-core servers';
    ctx.report({
      start: occ.start, end: occ.end, fixes,
      message: `${occ.flag} has no LSE atomics: ${how}. Every instance of this fleet (${namesOf(fleet)}) has LSE, so ${fix ?? `-march=${lowest.arch}`} makes them single LDADD/CAS/SWP instructions.`,
    });
  }
  if (!noOutline) return;
  // -mno-outline-atomics with no -march/-mcpu in the file: the compiler's default (armv8-a for GCC and clang).
  if (flags.some((o) => o.cls === 'cpu' || o.cls === 'sve')) return;
  for (const occ of flags) {
    if (occ.flag !== '-mno-outline-atomics') continue;
    ctx.report({
      start: occ.start, end: occ.end,
      message: `-mno-outline-atomics with the compiler's default -march=armv8-a compiles atomics to LDXR/STXR retry loops, which collapse under contention on many-core servers. Every instance of this fleet (${namesOf(fleet)}) has LSE: add -march=${lowest.arch} (single LDADD/CAS/SWP instructions).`,
    });
  }
}

/** Some host lacks LSE (Graviton1, Cortex-A72): LSE instructions raise SIGILL there. SVE flags are build-sve-not-portable's. */
function lseOnArmv80(ctx: RuleContext, flags: FlagOccurrence[], fleet: InstancePreset[]): void {
  for (const occ of flags) {
    if (occ.cls !== 'cpu') continue;
    const isa = isaOfFlag(occ.flag);
    if (!isa?.lse) continue;
    const failing = fleet.map((i) => ({ i, lacks: missingOn(isa, i) })).filter((x) => x.lacks.includes('no LSE atomics'));
    if (!failing.length) continue;
    const base = fleetBaseline(fleet)!;
    ctx.report({
      start: occ.start, end: occ.end, severity: 'warning',
      message: `${occ.flag} lets the compiler emit LSE atomics (and the other instructions of its level): they raise SIGILL on the ${failing.map((f) => `${f.i.id} hosts (${f.i.core}: ${f.lacks.join(', ')})`).join(' and the ')}. ` +
        `Build with ${base}; outline atomics (the default of GCC ≥ 10, or -moutline-atomics) still use LSE where the CPU has it.`,
      fixes: [{ title: `Use ${base}, which every instance of the fleet runs`, kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: base }] }],
    });
  }
}

/** -march=armv8-a+crc -> -march=armv8.2-a+crc (extensions kept); an -mcpu without LSE -> the fleet's baseline. */
function replacement(flag: string, lowest: InstancePreset, fleet: InstancePreset[]): string | undefined {
  const m = flag.match(/^-march=armv8(?:\.0)?-a((?:\+[\w-]+)*)$/);
  if (m) {
    const ext = m[1].split('+').filter((e) => e && e !== 'nolse').map((e) => `+${e}`).join('');
    return `-march=${lowest.arch}${ext}`;
  }
  return fleetBaseline(fleet);
}
