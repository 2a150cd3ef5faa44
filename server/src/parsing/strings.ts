// Long-lived caches must not keep whole file texts alive through the names they hold: V8 represents
// a substring of 13 or more characters as a view into its source string.

/** A copy of a substring that does not pin its source text. */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1); // the concatenation is flattened into a new string
}

/** Replaces every string inside plain objects, arrays and maps by a detached copy (in place). */
export function detachStrings<T>(value: T): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return detached(v);
    if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) v[i] = visit(v[i]); return v; }
    if (v instanceof Map) { for (const [k, x] of [...v]) { v.delete(k); v.set(visit(k), visit(x)); } return v; }
    if (v && typeof v === 'object') { const o = v as Record<string, unknown>; for (const k of Object.keys(o)) o[k] = visit(o[k]); }
    return v;
  };
  return visit(value) as T;
}
