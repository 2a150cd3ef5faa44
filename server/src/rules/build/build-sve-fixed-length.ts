// -msve-vector-bits=N: code that is only correct on CPUs with that SVE vector length.
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { reachesArm64 } from '../../lang/build/arch';
import { fleetOf, namesOf, type InstancePreset } from '../../deploy/instances';
import { FLAG_KINDS, FLAG_KIND_PREFILTERS } from './common';

const SVE_DEDICATED = /sve|a64fx|fugaku|neoverse-?v1|graviton3/i;

export const rule: Rule = {
  meta: {
    id: 'build-sve-fixed-length', defaultSeverity: 'error', category: 'build-flags', kinds: FLAG_KINDS, fixable: 'fix',
    description: '-msve-vector-bits=N (N other than scalable): silently wrong results on CPUs with another SVE vector length.',
  },
  prefilter: /-msve-vector-bits=/,
  prefilterByKind: FLAG_KIND_PREFILTERS,
  check(ctx) {
    const fleet = fleetOf(ctx.config.instances);
    // A file dedicated to an SVE build (gcc.aarch64.sve.cmake, Makefile.a64fx) pins its fleet on purpose; with the
    // deployment presets set, the fleet is known and such a file is checked against it too.
    if (!fleet.length && SVE_DEDICATED.test(ctx.path.split(/[\\/]/).pop() ?? '')) return;
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'sve-fixed' || !reachesArm64(occ.arch)) continue;
      const bits = occ.flag.slice('-msve-vector-bits='.length);
      const valueStart = occ.start + '-msve-vector-bits='.length;
      const fixes = [{ title: 'Use -msve-vector-bits=scalable', kind: 'fix' as const, edits: [{ start: valueStart, end: occ.end, newText: 'scalable' }] }];
      if (fleet.length) {
        const verdict = onFleet(occ.flag, Number(bits), fleet);
        if (verdict) ctx.report({ start: occ.start, end: occ.end, severity: verdict.severity, message: verdict.message, fixes });
        continue;
      }
      ctx.report({
        start: occ.start, end: occ.end, fixes,
        message: `${occ.flag} compiles for ${bits}-bit SVE vectors only: on CPUs with another vector length (Graviton4, Grace, Axion: 128; Graviton3: 256; A64FX: 512) the code silently computes wrong results, it does not crash. Use -msve-vector-bits=scalable unless the fleet is pinned.`,
      });
    }
  },
};

/** The advice for a configured fleet; undefined when N is every instance's vector length. */
function onFleet(flag: string, bits: number, fleet: InstancePreset[]): { message: string; severity: 'error' | 'warning' } | undefined {
  const right = fleet.filter((i) => i.sve && i.sveBits === bits);
  const wrong = fleet.filter((i) => i.sve && i.sveBits !== undefined && i.sveBits !== bits);
  const noSve = fleet.filter((i) => !i.sve);
  const unknown = fleet.filter((i) => i.sve && i.sveBits === undefined);
  if (!wrong.length && !noSve.length && !unknown.length) return undefined;
  const parts: string[] = [];
  if (right.length) parts.push(`${flag} is right on ${vl(right)}`);
  if (wrong.length) parts.push(`${right.length ? 'and' : `${flag} is`} silently wrong on ${vl(wrong)}: code compiled for ${bits}-bit vectors computes wrong results there, it does not crash`);
  let message = parts.join(' ') || `${flag} compiles for ${bits}-bit SVE vectors only`;
  if (noSve.length) message += `${parts.length ? '; on' : ': on'} ${namesOf(noSve)} (no SVE) its SVE instructions raise SIGILL`;
  if (unknown.length) message += `; the SVE vector length of ${namesOf(unknown)} is not known (docs/instances.md), so ${bits}-bit code may be wrong there`;
  message += `. Use -msve-vector-bits=scalable: vector-length-agnostic code is right on every SVE vector length.`;
  return { message, severity: wrong.length || noSve.length ? 'error' : 'warning' };
}

/** "graviton3 (256-bit SVE)", grouped by vector length: "graviton4 and axion (128-bit SVE)". */
function vl(fleet: InstancePreset[]): string {
  const byBits = new Map<number, InstancePreset[]>();
  for (const i of fleet) byBits.set(i.sveBits!, [...(byBits.get(i.sveBits!) ?? []), i]);
  return [...byBits].map(([b, is]) => `${namesOf(is)} (${b}-bit SVE)`).join(', ');
}
