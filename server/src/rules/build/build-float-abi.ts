// -mfloat-abi=/-mfpu= in AArch64 builds, and soft/softfp objects in an armhf (hard-float) build.
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { FLAG_KINDS, FLAG_KIND_PREFILTERS, removeTokenEdit } from './common';

const ARM32_FILE = /gnueabi|armv[4-7]|-marm\b|-mthumb|armhf|armel|cortex-a(?:5|7|8|9|15|17)\b|cortex-m\d/;

export const rule: Rule = {
  meta: {
    id: 'build-float-abi', defaultSeverity: 'error', category: 'build-flags', kinds: FLAG_KINDS, fixable: 'fix',
    description: '32-bit ARM float-ABI flags in AArch64 builds, and soft-float objects mixed with an armhf toolchain.',
  },
  prefilter: /-m(?:float-abi|fpu)=/,
  prefilterByKind: FLAG_KIND_PREFILTERS,
  check(ctx) {
    // Whole-file facts, read once (not per flag).
    let arm32File: boolean | undefined, hint: string | undefined;
    const hardFloat = new Map<string, boolean>();
    const hardFloatBuild = (st: { start: number; end: number; text: string }) => {
      const key = `${st.start}:${st.end}`;
      if (!hardFloat.has(key)) hardFloat.set(key, /gnueabihf|armhf/.test(st.text + ' ' + (hint ??= armToolchainHint(ctx.text))));
      return hardFloat.get(key)!;
    };
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'float-abi') continue;
      // A file that otherwise speaks 32-bit ARM (-marm, -mthumb, armv7, gnueabi) is an ARM32 build.
      if (occ.arch === 'any' && (arm32File ??= ARM32_FILE.test(ctx.text))) continue;
      if (occ.arch === 'arm64' || occ.arch === 'any') {
        const edit = removeTokenEdit(ctx.text, occ.start, occ.end);
        const known = occ.arch === 'arm64';
        ctx.report({
          start: occ.start, end: occ.end,
          severity: known ? 'error' : 'warning',
          message: `${occ.flag} is a 32-bit ARM flag: AArch64 GCC stops with "unrecognized command-line option" and clang ≥ 17 with "unsupported option" (AArch64 always passes floats in FP/SIMD registers). ` +
            (known ? 'Remove it from the AArch64 build.' : 'Nothing restricts this line to 32-bit ARM, so an arm64 build fails; guard it for 32-bit ARM or remove it.'),
          fixes: known && edit ? [{ title: `Remove ${occ.flag} (AArch64 has no float-ABI choice)`, kind: 'fix', edits: [edit] }] : [],
        });
      } else if (occ.arch === 'arm32' && /^-mfloat-abi=soft(fp)?$/.test(occ.flag) && hardFloatBuild(occ.statement)) {
        ctx.report({
          start: occ.start, end: occ.end,
          message: `${occ.flag} objects cannot be linked with the armhf (hard-float) C library and objects: ld fails with "uses VFP register arguments" / "failed to merge target specific data". Use -mfloat-abi=hard with an arm-linux-gnueabihf toolchain.`,
        });
      }
    }
  },
};

/** The toolchain a file names (CC=arm-linux-gnueabihf-gcc somewhere), for the armhf mixing check. */
function armToolchainHint(text: string): string {
  return text.match(/arm[\w-]*-linux-gnueabi(?:hf)?/)?.[0] ?? '';
}
