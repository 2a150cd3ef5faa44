// c-x86-cpuid: x86 CPU feature detection and x86 target selection compiled for an ARM target: <cpuid.h>,
// __get_cpuid*, __builtin_cpu_supports("avx2"), __attribute__((target("avx2"))), target_clones with x86
// features, #pragma GCC target("sse4.2"). GCC for AArch64 rejects them; Clang ignores the x86 target features.
import type { Rule, RuleContext } from '../rule';
import { cSource, lineBounds, matchParen, C_KIND_PREFILTERS } from './support/cSource';
import { findTargetAttributes } from './support/targetAttributes';
import { X86_CPUID_CALL, featuresIn, isX86Feature } from './support/x86Names';

export const rule: Rule = {
  meta: {
    id: 'c-x86-cpuid',
    defaultSeverity: 'warning',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'x86 CPUID, x86 feature tests or x86 target attributes reachable when compiling for an ARM target.',
  },
  prefilter: /cpuid|__builtin_cpu_|target|_xgetbv/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    const report = (start: number, end: number, what: string, effect: string, target: string) => ctx.report({
      start, end,
      message:
        `${what} is compiled here for ${target}: ${effect} Keep it behind an x86 #if and give ARM its own path ` +
        `(getauxval(AT_HWCAP) feature bits, or target("+crc")-style AArch64 features).`,
      data: { target },
    });
    for (const d of src.activity(src.targets[0]).directives) {
      const target = src.reachableOn(d.start);
      if (!target) continue;
      if (d.kind === 'include' && /^[<"](.*\/)?cpuid\.h[>"]/.test(d.text.trim())) {
        report(d.start, d.end, '<cpuid.h> (x86 CPUID)', 'GCC and Clang for ARM have no cpuid.h, so the build stops.', target);
      } else if (d.kind === 'pragma' && /^(GCC|clang)\s+target\b/.test(d.text.trim())) {
        const x86 = featuresIn(d.text).filter(isX86Feature);
        if (x86.length) report(d.start, d.end, `#pragma ${d.text.trim().split(/\s+/).slice(0, 2).join(' ')} with x86 features (${x86.join(', ')})`,
          'GCC for AArch64 stops ("attribute or pragma target is not valid") and Clang ignores the features.', target);
      }
    }
    for (const a of findTargetAttributes(src.code, src.bare)) {
      if (a.x86.length === 0) continue;
      const target = src.reachableOn(a.start);
      if (!target) continue;
      report(a.start, a.end, `__attribute__((${a.kind}(...))) with x86 features (${a.x86.join(', ')})`,
        a.kind === 'target'
          ? 'GCC for AArch64 stops ("pragma or attribute target is not valid") and Clang ignores the features, so x86 intrinsics inside still fail.'
          : 'the ARM compilers reject the x86 feature names (Clang: "function multiversioning is not supported on the current target").',
        target);
    }
    for (const m of src.bare.matchAll(X86_CPUID_CALL)) {
      const start = m.index!;
      if (/^[ \t]*#/.test(src.code.slice(lineBounds(src.text, start).start, start))) continue;
      const target = src.reachableOn(start);
      if (!target) continue;
      report(start, start + m[1].length, `${m[1]} (x86 CPU identification)`, 'it does not exist on ARM compilers, so the build fails.', target);
    }
    let firstFeature: ((start: number, close: number) => string | undefined) | undefined;
    for (const m of src.bare.matchAll(/\b__builtin_cpu_supports\s*\(/g)) {
      const start = m.index!;
      const close = matchParen(src.bare, start + m[0].length - 1);
      if (close === undefined) continue;
      firstFeature ??= x86FeatureLookup(src.code);
      const feature = firstFeature(start, close);
      if (!feature) continue;
      const target = src.reachableOn(start);
      if (!target) continue;
      report(start, close, `__builtin_cpu_supports("${feature}")`,
        'GCC 12 and Clang 19 for AArch64 have no such builtin for x86 features (GCC: implicit declaration, Clang: "use of unknown builtin"), so the build or link fails.', target);
    }
  },
};

/**
 * The first x86 feature named in the string literals of code.slice(start, close), as featuresIn(that slice) finds
 * it: quotes are paired from the first one in the slice. Each quote pair is read once for the whole file, so calls
 * nested in calls do not rescan one another.
 */
function x86FeatureLookup(code: string): (start: number, close: number) => string | undefined {
  const quotes: number[] = [];
  for (let i = code.indexOf('"'); i >= 0; i = code.indexOf('"', i + 1)) quotes.push(i);
  // feature[k]: of the literal from quote k to quote k + 1; next[k]: the first k' = k, k + 2, ... that has one.
  const feature = quotes.map((q, k) => (k + 1 < quotes.length ? featuresIn(code.slice(q, quotes[k + 1] + 1)).find(isX86Feature) : undefined));
  const next = new Int32Array(quotes.length + 2).fill(-1);
  for (let k = quotes.length - 1; k >= 0; k--) next[k] = feature[k] !== undefined ? k : next[k + 2];
  return (start, close) => {
    let lo = 0, hi = quotes.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (quotes[mid] < start) lo = mid + 1; else hi = mid; }
    const k = lo < quotes.length ? next[lo] : -1;
    return k >= 0 && quotes[k + 1] < close ? feature[k] : undefined;
  };
}
