// c-x86-intrinsics: x86 SIMD headers, intrinsics and vector types in code that is compiled for an ARM
// target (after evaluating #if with that target's predefined macros). The ARM compiler has no such headers
// or builtins, so the build fails.
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { cSource, lineBounds, type CSource, C_KIND_PREFILTERS } from './support/cSource';
import { findTargetAttributes } from './support/targetAttributes';
import { includesEmulationLayer, SSE_HEADERS, X86_HEADERS, X86_INTRINSIC } from './support/x86Names';
import { COUNTER_RATE, rdtscIncludeFix, RDTSC_INTRINSICS, X86_GUARD } from './support/rdtscFix';
import { SIMDE_VERSION, simdeEntry } from './support/simde';
import { simdeIncludeFix } from './support/simdeFix';

/** What SIMDe does with an x86 name on AArch64 (simdeX86.json, from the aarch64 cross compiler). */
function simdeAdvice(name: string, isType: boolean): string {
  const e = simdeEntry(name);
  if (!e) return `No translation in SIMDe ${SIMDE_VERSION}: put it behind an x86 #if with an ARM path (arm_neon.h).`;
  const how = isType || !e.path ? '' : e.path === 'neon' ? ' (NEON-native)' : e.path === 'noop' ? ' (as a no-op on AArch64)' : ' (portable fallback, no NEON path)';
  return `SIMDe provides it${how}, in <simde/${e.header}>; or put it behind an x86 #if with an ARM path (arm_neon.h).`;
}

function includeFixes(src: CSource, start: number, end: number, header: string): Fix[] {
  const line = src.text.slice(start, end);
  const fixes: Fix[] = [{
    title: `Include <${header}> only on x86`,
    kind: 'suggest',
    edits: [{ start, end, newText: `${X86_GUARD}\n${line}\n#endif` }],
  }];
  if (SSE_HEADERS.has(header)) {
    fixes.push({
      title: 'Use sse2neon on ARM (https://github.com/DLTcollab/sse2neon)',
      kind: 'suggest',
      edits: [{ start, end, newText: `${X86_GUARD}\n${line}\n#elif defined(__aarch64__) || defined(__arm__) || defined(_M_ARM64)\n#include "sse2neon.h"\n#endif` }],
    });
  }
  return fixes;
}

/** The file provides x86 names itself (an SSE-to-NEON layer, or its own definitions). */
function providesX86Names(src: CSource): boolean {
  return includesEmulationLayer(src.code) || typedefsVectorType(src.code) ||
    /#\s*define\s+_mm(?:256|512)?_\w+/.test(src.code) || definesIntrinsic(src.bare);
}

/**
 * `typedef ... __m128;`, as /typedef[^;]*\b__m(?:64|128|256|512)[idh]?\s*;/ finds it: each statement from a
 * `typedef` to its ';' is matched once (that regex rescans to the end of the text for every `typedef` without one).
 */
function typedefsVectorType(code: string): boolean {
  for (const m of code.matchAll(/typedef[^;]*(?:;|$)/g)) if (/\b__m(?:64|128|256|512)[idh]?\s*;$/.test(m[0])) return true;
  return false;
}

/** `_mm_foo(...) {`, a definition, as /\b_mm(?:256|512)?_\w+\s*\([^;{]*\)\s*\{/ finds it, in linear time. */
function definesIntrinsic(bare: string): boolean {
  // The first ';' or '{' after a name's parenthesis, and the last non-blank before it: names before one stop share it.
  let stop = -1;
  let lastBefore = -1;
  for (const m of bare.matchAll(/\b_mm(?:256|512)?_\w+\s*\(/g)) {
    const from = m.index! + m[0].length;
    if (stop < from) {
      const s = bare.slice(from).search(/[;{]/);
      stop = s < 0 ? bare.length : from + s;
      for (lastBefore = stop - 1; lastBefore >= 0 && /\s/.test(bare[lastBefore]); lastBefore--);
    }
    if (bare[stop] === '{' && lastBefore >= from && bare[lastBefore] === ')') return true;
  }
  return false;
}

/** Whether an offset lies in one of the ranges (merged and searched: there may be thousands of each). */
function insideAny(ranges: { start: number; end: number }[]): (offset: number) => boolean {
  const merged: { start: number; end: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return (o) => {
    let lo = 0, hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid].end <= o) lo = mid + 1; else if (merged[mid].start > o) hi = mid - 1; else return true;
    }
    return false;
  };
}

function directiveLineStarts(code: string): (offset: number) => boolean {
  // Offsets inside preprocessor directives (with continuation lines) are skipped: a #define body is only
  // compiled where it is expanded.
  const ranges: [number, number][] = [];
  for (const m of code.matchAll(/^[ \t]*#[^\n]*(?:\\\n[^\n]*)*/gm)) ranges.push([m.index!, m.index! + m[0].length]);
  return (o) => {
    let lo = 0, hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid][1] < o) lo = mid + 1; else if (ranges[mid][0] > o) hi = mid - 1; else return true;
    }
    return false;
  };
}

/** The first use of each x86 name compiled for an ARM target, with its count; names the file defines itself are left out. */
function firstUses(src: CSource): { name: string; start: number; end: number; target: string; count: number }[] {
  const inAttrBody = insideAny(findTargetAttributes(src.code, src.bare).flatMap((a) => (a.x86.length > 0 && a.body ? [a.body] : [])));
  const inDirective = directiveLineStarts(src.code);
  const first = new Map<string, { name: string; start: number; end: number; target: string; count: number }>();
  for (const m of src.bare.matchAll(X86_INTRINSIC)) {
    const name = m[1];
    const start = m.index!;
    if (inDirective(start) || inAttrBody(start)) continue;
    const target = src.reachableOn(start);
    if (!target) continue;
    const f = first.get(name);
    if (f) f.count++;
    else first.set(name, { name, start, end: start + name.length, target, count: 1 });
  }
  return [...first.values()].filter((f) => !definesName(src, f.name));
}

/**
 * `NAME(void) {` not excluded on an ARM target: the file defines the name itself there (the AArch64 branch of the
 * rdtsc fix does, under a guard of its own that the #if evaluation cannot know).
 */
function definesName(src: CSource, name: string): boolean {
  for (const m of src.bare.matchAll(new RegExp(`\\b${name}\\s*\\(\\s*void\\s*\\)\\s*\\{`, 'g'))) {
    if (src.targets.some((t) => src.activity(t).isActive(m.index!) !== false)) return true;
  }
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'c-x86-intrinsics',
    defaultSeverity: 'error',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'x86 SIMD headers, intrinsics or vector types reachable when compiling for an ARM target.',
    fixable: 'fix',
  },
  prefilter: /intrin\.h|mm3dnow|_mm\d*_|__m\d{2,3}|__builtin_ia32_|_rdrand|_rdseed|_xbegin|_bzhi|_pdep|_pext|_lzcnt|_tzcnt|_popcnt|rdtsc|_xsave|_blsr|_bextr|_mulx|_addcarry|_subborrow|__readmsr|__readcr|_cvtss_sh|_cvtsh_ss|_bit_scan|_ktest|_tile_|_m_/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src || providesX86Names(src)) return;
    // Includes, from the directive list of the #if evaluation.
    let includesX86Header = false;
    const includes: { start: number; end: number; header: string; target: string }[] = [];
    for (const d of src.activity(src.targets[0]).directives) {
      if (d.kind !== 'include') continue;
      const h = /^[<"]([^>"]+)[>"]/.exec(d.text.trim());
      if (!h) continue;
      const header = h[1].replace(/^.*\//, '');
      if (!X86_HEADERS.has(header)) continue;
      includesX86Header = true;
      const target = src.reachableOn(d.start);
      if (target) includes.push({ start: d.start, end: Math.min(d.end, lineBounds(src.text, d.start).end), header, target });
    }
    // A header that uses intrinsics without including an x86 header relies on its includer for them (libsodium's
    // u8.h fragments are included inside an AVX2-guarded .c file): whether it compiles is the includer's business.
    const fragment = !src.fromCgo && /\.(h|hh|hpp|hxx|inc|inl|ipp)$/i.test(ctx.path) && !includesX86Header;
    const first = fragment ? [] : firstUses(src);
    // __rdtsc()/_rdtsc() alone, from one x86 header: a cntvct_el0 definition on AArch64 fixes the include and the uses.
    const rdtsc = includes.length === 1 && ctx.kind !== 'go' ? rdtscIncludeFix(src, includes[0], first.map((f) => f.name)) : undefined;
    // Every x86 name the file uses is in SIMDe: its header with native aliases replaces the x86 one off x86.
    const simde = ctx.kind !== 'go' && !rdtsc ? simdeIncludeFix(src, includes, first.length > 0) : undefined;
    const fileFix = rdtsc ?? simde;
    for (const inc of includes) {
      const { start, end } = lineBounds(src.text, inc.start);
      ctx.report({
        start: inc.start,
        end: inc.end,
        message:
          `<${inc.header}> is an x86-only header and this #include is compiled for ${inc.target}: the ARM compiler stops with ` +
          `"${inc.header}: No such file or directory". Guard it with an x86 #if, or port the code to arm_neon.h ` +
          `(sse2neon or SIMDe translate SSE/AVX intrinsics).`,
        fixes: ctx.kind === 'go' ? [] : [...(fileFix ? [fileFix] : []), ...includeFixes(src, start, end, inc.header)],
        data: { header: inc.header, target: inc.target },
      });
    }
    for (const f of first) {
      const isType = f.name.startsWith('__m');
      const isa = /^_mm512_|^__m512|^__mmask/.test(f.name) ? 'AVX-512' : /^_mm256_|^__m256/.test(f.name) ? 'AVX' : /^_mm_|^__m128|^__m64|^_m_/.test(f.name) ? 'SSE' : 'x86';
      const timer = RDTSC_INTRINSICS.has(f.name) || f.name === '__rdtscp';
      ctx.report({
        start: f.start,
        end: f.end,
        message:
          `${f.name} is an ${isa === 'x86' ? 'x86' : `x86 ${isa}`} ${isType ? 'vector type' : 'intrinsic'}${f.count > 1 ? ` (used ${f.count} times in this file)` : ''}, ` +
          `compiled here for ${f.target}, where it does not exist: the build fails. ` +
          (timer
            ? `On AArch64 read the virtual counter cntvct_el0 instead${f.name === '__rdtscp' ? ' (after an isb)' : ''}, or use ` +
              `clock_gettime(CLOCK_MONOTONIC): ${COUNTER_RATE}.`
            : simdeAdvice(f.name, isType)),
        fixes: rdtsc && RDTSC_INTRINSICS.has(f.name) ? [rdtsc] : simde ? [simde] : [],
        data: { name: f.name, isa, count: f.count, target: f.target },
      });
    }
  },
};
