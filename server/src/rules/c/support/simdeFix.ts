// The "Use SIMDe on non-x86" fix of c-x86-intrinsics: keep the x86 header for x86 compilers and include SIMDe's
// header with native aliases elsewhere, so the _mm_* calls compile unchanged on ARM. Offered only when it is exact:
// every x86 name the file may compile for ARM is one SIMDe 0.7.4 defines (simdeX86.json), and each x86 include is
// a line of its own. test/rules/c/simdeFix.test.ts compiles the fixed files for aarch64 and x86-64.
import type { Fix } from '../../../core/types';
import { lineBounds, type CSource } from './cSource';
import { X86_GUARD } from './rdtscFix';
import { narrowestHeader, simdeEntry } from './simde';
import { findTargetAttributes } from './targetAttributes';
import { X86_INTRINSIC } from './x86Names';

/** x86 names the rule does not report but the x86 headers define: _MM_SHUFFLE, _CMP_EQ_OQ, __m128i_u, __mmask16. */
const X86_MACROS_AND_TYPES = /\b(_(?:MM|CMP|SIDD)_\w+|__m(?:64|128|256|512)\w*|__mmask\w+)\b/g;

/**
 * The SIMDe headers that define every x86 name the file may compile for an ARM target (not certainly
 * inactive there; #define bodies included, since they are compiled where expanded), or undefined when one has none.
 */
function simdeHeadersFor(src: CSource): Set<string> | undefined {
  const headers = new Set<string>();
  const mayCompile = (o: number) => src.targets.some((t) => src.activity(t).isActive(o) !== false);
  for (const re of [X86_INTRINSIC, X86_MACROS_AND_TYPES]) {
    for (const m of src.bare.matchAll(re)) {
      if (!mayCompile(m.index!)) continue;
      const entry = simdeEntry(m[1]);
      if (!entry) return undefined;
      headers.add(entry.header);
    }
  }
  return headers;
}

/**
 * The edits: the first x86 include becomes `#if x86 / the include / #else / SIMDe / #endif`, any other one is kept for
 * x86 only. Undefined when the file uses no x86 name, one SIMDe lacks, an x86 target attribute or pragma (which
 * the ARM compiler rejects), or an include that shares its line with something else.
 */
export function simdeIncludeFix(src: CSource, includes: { start: number }[], usesX86Names: boolean): Fix | undefined {
  if (includes.length === 0 || !usesX86Names) return undefined;
  if (/#\s*pragma\s+(?:GCC|clang)\s+(?:target|attribute)/.test(src.code)) return undefined;
  if (findTargetAttributes(src.code, src.bare).some((a) => a.x86.length > 0)) return undefined;
  const needed = simdeHeadersFor(src);
  const header = needed && narrowestHeader(needed);
  if (!header) return undefined;
  const lines = includes.map((i) => lineBounds(src.text, i.start)).sort((a, b) => a.start - b.start);
  const texts = lines.map((l) => src.text.slice(l.start, l.end));
  if (texts.some((t) => !/^[ \t]*#[ \t]*include[ \t]*[<"][\w/.+-]+[>"][ \t\r]*$/.test(t))) return undefined;
  const simde = `#else\n#define SIMDE_ENABLE_NATIVE_ALIASES\n#include <simde/${header}>\n`;
  return {
    title: `Use SIMDe on non-x86 (<simde/${header}> with native aliases)`,
    // A judgement call (the project takes on SIMDe as a dependency), so never applied in bulk.
    kind: 'suggest',
    edits: lines.map((l, i) => ({ start: l.start, end: l.end, newText: `${X86_GUARD}\n${texts[i]}\n${i === 0 ? simde : ''}#endif` })),
  };
}
