// SVE/SVE2 code generation switched on for a whole generic arm64 build.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { reachesArm64 } from '../../lang/build/arch';
import { FLAG_KINDS, FLAG_KIND_PREFILTERS } from './common';
import { fleetOf, namesOf, type InstancePreset } from '../../deploy/instances';
import { fleetBaseline, isaOfFlag, missingOn } from '../../deploy/isa';

const SVE2 = /armv9|neoverse-(?:n2|n3|v2|v3)|grace|\+sve2/;

const SVE_DEDICATED = /sve|a64fx|fugaku|neoverse-?v1|graviton3/i;

export const rule: Rule = {
  meta: {
    id: 'build-sve-not-portable', defaultSeverity: 'warning', category: 'build-flags', kinds: FLAG_KINDS, fixable: 'suggest',
    description: 'SVE/SVE2 enabled for a whole generic arm64 build (+sve, -march=armv9-a, -mcpu=neoverse-v1/v2/n2, a64fx, grace).',
  },
  prefilter: /sve|armv9|neoverse|a64fx|grace/,
  prefilterByKind: FLAG_KIND_PREFILTERS,
  check(ctx) {
    const fleet = fleetOf(ctx.config.instances);
    // A file dedicated to an SVE build (gcc.aarch64.sve.cmake, Makefile.a64fx) pins its fleet on purpose; with the
    // deployment presets set, the fleet is known and such a file is checked against it too.
    if (!fleet.length && SVE_DEDICATED.test(ctx.path.split(/[\\/]/).pop() ?? '')) return;
    // Many flags share a statement: what surrounds them is read once per statement and owner.
    const dispatched = new Map<string, boolean>();
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'sve' || !reachesArm64(occ.arch)) continue;
      // Per-file SVE flags (foo_sve.c, SVE_FLAGS) are the runtime-dispatch pattern: fine.
      const key = `${occ.statement.start}:${occ.statement.end}:${occ.owner}`;
      if (!dispatched.has(key)) {
        const around = (occ.owner + ' ' + occ.statement.text.replace(/(^|[\s"'(\[,])-m[\w.+=-]*/g, ' ')).toLowerCase();
        dispatched.set(key, /sve|set_source_files_properties/.test(around));
      }
      if (dispatched.get(key)) continue;
      if (fleet.length) {
        const verdict = onFleet(occ.flag, fleet);
        if (verdict) {
          ctx.report({
            start: occ.start, end: occ.end, message: verdict.message,
            fixes: [{ title: `Use ${verdict.base}, which every instance of the fleet runs`, kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: verdict.base }] }],
          });
        }
        continue;
      }
      const sve2 = SVE2.test(occ.flag);
      const fixes: Fix[] = [{ title: 'Use the all-Graviton baseline -march=armv8.2-a (dispatch SVE at run time)', kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: '-march=armv8.2-a' }] }];
      ctx.report({
        start: occ.start, end: occ.end, fixes,
        message: `${occ.flag} enables SVE${sve2 ? '2' : ''} for the whole build: any SVE instruction raises SIGILL on Graviton2, Ampere Altra/AmpereOne and Kunpeng 920${sve2 ? ', and SVE2 instructions on Graviton3 and A64FX' : ''}. Build the baseline with -march=armv8.2-a and select SVE code at run time (HWCAP).`,
      });
    }
  },
};

/**
 * With a known fleet: silent when every instance runs what the flag enables, else the hosts that raise SIGILL
 * and a flag that builds for all of them. Undefined also for a flag whose features are not known here.
 */
function onFleet(flag: string, fleet: InstancePreset[]): { message: string; base: string } | undefined {
  const need = isaOfFlag(flag);
  if (!need) return undefined;
  const failing = fleet.map((i) => ({ i, lacks: missingOn(need, i) })).filter((x) => x.lacks.length);
  if (!failing.length) return undefined;
  const ok = fleet.filter((i) => !failing.some((f) => f.i === i));
  const base = fleetBaseline(fleet)!;
  return {
    // Missing SVE/SVE2 fails at the first vector loop; a level alone only where the compiler used a newer instruction.
    message: `${flag} enables SVE${need.sve2 ? '2' : ''} for the whole build: it ${failing.every((f) => f.lacks.some((l) => /SVE/.test(l))) ? 'fails' : 'can fail'} (SIGILL) on the ${failing.map((f) => `${f.i.id} hosts (${f.i.core}: ${f.lacks.join(', ')})`).join(' and the ')}` +
      `${ok.length ? `; ${namesOf(ok)} run${ok.length === 1 ? 's' : ''} it` : ''}. For this fleet build with ${base} and select SVE code at run time (HWCAP).`,
    base,
  };
}
