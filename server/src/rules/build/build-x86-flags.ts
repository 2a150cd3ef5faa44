// x86-only compiler flags reaching an ARM build.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { reachesArm } from '../../lang/build/arch';
import { armEquivalent } from '../../lang/build/flags';
import { removeTokenEdit, whereText, x86GuardEdits } from './common';

const CLANG_WARNS_ONLY = /^-msse/;
/** Word-size flags: GCC for AArch64/ARM rejects them, clang accepts them (the 64- or 32-bit variant of its target). */
const WIDTH_FLAG = /^-m(?:32|64)$/;
/** A statement that names GCC: the compiler is known to reject what GCC rejects. */
const NAMES_GCC = /(?<![\w.-])(?:[\w.-]+-)?(?:gcc|g\+\+|cc)(?:-\d+)?(?![\w.+-])/;

export const rule: Rule = {
  meta: {
    id: 'build-x86-flags', defaultSeverity: 'error', category: 'build-flags', fixable: 'fix',
    // cgo #cgo lines are go-cgo-x86-flags' job.
    kinds: ['makefile', 'cmake', 'meson', 'shell', 'dockerfile'],
    description: 'x86-only compiler flags (-msse*, -mavx*, -m64, -march=x86-64*, ...) not guarded by an x86 condition.',
  },
  prefilter: /-m(?:sse|ssse|avx|fma|pclmul|aes|popcnt|bmi|lzcnt|f16c|sha|xop|3dnow|mmx|32|64|x32|abm|tbm|rdrnd|rdseed|adx|movbe|vpclmul|vaes|gfni|fpmath|arch=|tune=)/,
  check(ctx) {
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'x86' || !reachesArm(occ.arch)) continue;
      // Only `make <target>` on purpose applies it: not the default build.
      if (occ.optInTarget) continue;
      const width = WIDTH_FLAG.test(occ.flag);
      // macOS builds with Apple clang, which accepts -m32/-m64 on arm64.
      if (width && occ.compiler === 'clang') continue;
      // Written for an ARM branch on purpose (`netbsd_arm64) ... -m64`) with no compiler named: clang accepts it,
      // GCC does not; whether it breaks depends on the platform's compiler, so it is not an error.
      const compilerDependent = (width && (occ.arch === 'arm64' || occ.arch === 'arm32') && !NAMES_GCC.test(occ.statement.text))
        || (occ.compiler === 'clang' && CLANG_WARNS_ONLY.test(occ.flag));
      const fixes: Fix[] = [];
      // A guard only makes sense where the line also builds x86; in an AArch64-only build, map or remove.
      const guard = occ.arch === 'any' ? x86GuardEdits(ctx.text, occ) : undefined;
      if (guard) fixes.push({ title: `Apply ${occ.flag} only on x86 hosts`, kind: 'fix', edits: guard });
      if (occ.arch === 'arm64') {
        const eq = armEquivalent(occ.flag);
        if (eq) fixes.push({ title: `Replace ${occ.flag} with ${eq}`, kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: eq }] });
        else {
          const rm = removeTokenEdit(ctx.text, occ.start, occ.end);
          if (rm) fixes.push({ title: `Remove ${occ.flag} from the AArch64 build`, kind: 'suggest', edits: [rm] });
        }
      }
      const clang = CLANG_WARNS_ONLY.test(occ.flag) ? ' (clang only warns about this one)' : '';
      if (compilerDependent) {
        ctx.report({
          start: occ.start, end: occ.end, severity: 'warning',
          message: width
            ? `${occ.flag} ${whereText(occ)}: GCC for ARM stops with "unrecognized command-line option", clang accepts it. Check which compiler this branch uses, or drop ${occ.flag}.`
            : `${occ.flag} is an x86 flag in a macOS branch: Apple clang on arm64 only warns about it. Guard it with an x86 condition${armEquivalent(occ.flag) ? ` or use ${armEquivalent(occ.flag)} on arm64` : ''}.`,
          fixes,
        });
        continue;
      }
      ctx.report({
        start: occ.start, end: occ.end,
        message: `${occ.flag} is an x86 flag and ${whereText(occ)}: AArch64 GCC stops with "unrecognized command-line option"${clang}. Guard it with an x86 condition${armEquivalent(occ.flag) ? ` or use ${armEquivalent(occ.flag)} on arm64` : ''}.`,
        fixes,
      });
    }
  },
};
