// c-legacy-sync-builtins: GCC's legacy __sync_* builtins. They still work on ARM, but each is a full
// barrier; the __atomic_* builtins state the order actually needed, which on a weakly ordered CPU is what
// separates a correct lock-free algorithm from an accidental one (and a cheap one from a fenced one).
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { cSource, matchParen, splitArgs, C_KIND_PREFILTERS } from './support/cSource';
import { atomicsFallbackReason } from './support/buildMembership';

/** Mechanical equivalents with the same (sequentially consistent or documented) ordering. */
function replacement(name: string, args: string[]): string | undefined {
  const rmw = /^(fetch_and_(add|sub|or|and|xor|nand)|(add|sub|or|and|xor|nand)_and_fetch)$/.exec(name);
  if (rmw && args.length === 2) {
    const fn = rmw[2] ? `__atomic_fetch_${rmw[2]}` : `__atomic_${rmw[3]}_fetch`;
    return `${fn}(${args[0]}, ${args[1]}, __ATOMIC_SEQ_CST)`;
  }
  if (name === 'synchronize' && args.length === 0) return '__atomic_thread_fence(__ATOMIC_SEQ_CST)';
  // GCC documents these two as acquire and release barriers.
  if (name === 'lock_test_and_set' && args.length === 2) return `__atomic_exchange_n(${args[0]}, ${args[1]}, __ATOMIC_ACQUIRE)`;
  if (name === 'lock_release' && args.length === 1) return `__atomic_store_n(${args[0]}, 0, __ATOMIC_RELEASE)`;
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'c-legacy-sync-builtins',
    defaultSeverity: 'info',
    category: 'alignment',
    kinds: ['c', 'cpp', 'go'],
    description: 'Legacy __sync_* builtins (full barriers): use __atomic_* with an explicit memory order.',
    fixable: 'suggest',
  },
  prefilter: /__sync_/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    const calls = [...src.bare.matchAll(/\b__sync_([a-z_]+)\s*\(/g)];
    for (const [k, m] of calls.entries()) {
      const start = m.index!;
      const open = start + m[0].length - 1;
      const close = matchParen(src.bare, open);
      if (close === undefined) continue;
      const target = src.reachableOn(start);
      if (!target) continue;
      // A call with another one in its arguments gets no replacement: the inner call has its own, the two edits
      // would overlap, and nested n deep the replacement texts would add up to n^2 characters.
      const nested = k + 1 < calls.length && calls[k + 1].index! < close;
      const args = nested ? [] : splitArgs(src.bare, open, close).map((a) => src.text.slice(a.start, a.end).trim());
      const repl = nested ? undefined : replacement(m[1], args);
      const fixes: Fix[] = repl ? [{ title: `Replace with ${repl.slice(0, repl.indexOf('('))}`, kind: 'suggest', edits: [{ start, end: close, newText: repl }] }] : [];
      // A header the includers pick only when __atomic/C11 atomics are missing is not what an ARM64 build compiles.
      const fallback = atomicsFallbackReason(ctx, target);
      ctx.report({
        start,
        end: start + m[0].length - 1,
        message:
          `__sync_${m[1]} is a legacy builtin with full-barrier semantics. On ARM's weakly ordered memory model, say ` +
          `which order the algorithm needs with the __atomic builtins (or C11 <stdatomic.h>); ` +
          `__ATOMIC_SEQ_CST keeps today's behaviour, acquire/release is often enough and cheaper.` +
          (fallback ? ` Probably not compiled on ARM64: this header is a fallback for compilers without __atomic builtins or C11 atomics (${fallback}), and every ARM64 compiler has them.` : ''),
        ...(fallback ? { severity: 'hint' as const } : {}),
        fixes,
        data: { builtin: `__sync_${m[1]}`, target, ...(fallback ? { fallback } : {}) },
      });
    }
  },
};
