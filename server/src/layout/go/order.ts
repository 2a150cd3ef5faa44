// Field orders that minimise a Go struct's size (and, secondarily, its GC pointer bytes).
// Sorting by alignment, descending, with zero-size fields first is optimal for size because every gc
// type's size is a multiple of its alignment (facts §2.1). Stable sorts keep the diff small.
import { alignof, ptrdata, sizeof, structLayout, type GoArch } from './sizes';
import type { GoField } from './types';

export function reordered<T>(items: readonly T[], order: readonly number[]): T[] { return order.map((i) => items[i]); }

/** The smallest size any field order reaches on one target. */
export function optimalSize(fields: readonly GoField[], a: GoArch): number {
  return structLayout(reordered(fields, bestOrderForAll(fields, [a])), a).size;
}

/**
 * One order that is of minimal size on every given target at once and, among those, has the fewest
 * GC pointer bytes on the first (64-bit) target: zero-size fields first, then alignment descending on
 * each target in turn (64-bit first; a field's 32-bit alignment never exceeds its 64-bit one, so the
 * order is non-increasing on both), then fieldalignment's pointer criteria. Stable, and `groups`
 * (blank-line group per field) keeps fields inside their group when given.
 */
export function bestOrderForAll(fields: readonly GoField[], arches: readonly GoArch[], groups?: readonly number[]): number[] {
  const sorted = [...arches].sort((x, y) => y.wordSize - x.wordSize);
  const p = sorted[0];
  const k = fields.map((f, index) => ({
    index, group: groups?.[index] ?? 0, zero: sorted.some((a) => sizeof(f.type, a) === 0),
    aligns: sorted.map((a) => alignof(f.type, a)), size: sizeof(f.type, p), ptr: ptrdata(f.type, p),
  }));
  return k.sort((x, y) => {
    if (x.group !== y.group) return x.group - y.group;
    if (x.zero !== y.zero) return x.zero ? -1 : 1;
    for (let i = 0; i < x.aligns.length; i++) if (x.aligns[i] !== y.aligns[i]) return y.aligns[i] - x.aligns[i];
    if ((x.ptr > 0) !== (y.ptr > 0)) return x.ptr > 0 ? -1 : 1;
    if (x.ptr > 0 && y.ptr > 0 && x.size - x.ptr !== y.size - y.ptr) return (x.size - x.ptr) - (y.size - y.ptr);
    return y.size - x.size;
  }).map((e) => e.index);
}
