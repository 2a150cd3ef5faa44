// -msve-vector-bits=N: code that is only correct on CPUs with that SVE vector length.
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { reachesArm64 } from '../../lang/build/arch';
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
    // A file dedicated to an SVE build (gcc.aarch64.sve.cmake, Makefile.a64fx) pins its fleet on purpose.
    if (SVE_DEDICATED.test(ctx.path.split(/[\\/]/).pop() ?? '')) return;
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'sve-fixed' || !reachesArm64(occ.arch)) continue;
      const bits = occ.flag.slice('-msve-vector-bits='.length);
      const valueStart = occ.start + '-msve-vector-bits='.length;
      ctx.report({
        start: occ.start, end: occ.end,
        message: `${occ.flag} compiles for ${bits}-bit SVE vectors only: on CPUs with another vector length (Graviton4, Grace, Axion: 128; Graviton3: 256; A64FX: 512) the code silently computes wrong results, it does not crash. Use -msve-vector-bits=scalable unless the fleet is pinned.`,
        fixes: [{ title: 'Use -msve-vector-bits=scalable', kind: 'fix', edits: [{ start: valueStart, end: occ.end, newText: 'scalable' }] }],
      });
    }
  },
};
