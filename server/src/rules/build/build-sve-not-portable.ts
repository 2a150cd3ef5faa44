// SVE/SVE2 code generation switched on for a whole generic arm64 build.
import type { Fix } from '../../engine/types';
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { reachesArm64 } from '../../lang/build/arch';
import { FLAG_KINDS, FLAG_KIND_PREFILTERS } from './common';

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
    // A file dedicated to an SVE build (gcc.aarch64.sve.cmake, Makefile.a64fx) pins its fleet on purpose.
    if (SVE_DEDICATED.test(ctx.path.split(/[\\/]/).pop() ?? '')) return;
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
      const sve2 = SVE2.test(occ.flag);
      const fixes: Fix[] = [{ title: 'Use the all-Graviton baseline -march=armv8.2-a (dispatch SVE at run time)', kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: '-march=armv8.2-a' }] }];
      ctx.report({
        start: occ.start, end: occ.end, fixes,
        message: `${occ.flag} enables SVE${sve2 ? '2' : ''} for the whole build: any SVE instruction raises SIGILL on Graviton2, Ampere Altra/AmpereOne and Kunpeng 920${sve2 ? ', and SVE2 instructions on Graviton3 and A64FX' : ''}. Build the baseline with -march=armv8.2-a and select SVE code at run time (HWCAP).`,
      });
    }
  },
};
