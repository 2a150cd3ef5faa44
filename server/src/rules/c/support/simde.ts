// What SIMDe 0.7.4 (Debian 12's libsimde-dev) does with each x86 intrinsic on AArch64, from simdeX86.json
// (scripts/gen-simde-table.mjs: the aarch64 cross compiler preprocesses SIMDe's x86 headers and says which
// code SIMDe selects). sse2neon is not in Debian, so nothing here is about it.
import TABLE from './simdeX86.json';

/** neon: SIMDe's AArch64 code calls NEON intrinsics; portable: GCC vector extensions or scalar C; noop: an empty body. */
export type SimdePath = 'neon' | 'portable' | 'noop';
export interface SimdeEntry { header: string; path?: SimdePath }

export const SIMDE_VERSION = '0.7.4';

const words = (s: string) => (s ? s.split(' ') : []);
const NEON = new Set(words(TABLE.neon));
const NOOP = new Set(words(TABLE.noop));
const HEADER_OF = new Map<string, string>();
for (const [header, names] of Object.entries(TABLE.names as Record<string, string>)) for (const n of words(names)) HEADER_OF.set(n, header);
const INCLUDES = new Map(Object.entries(TABLE.includes as Record<string, string>).map(([h, d]) => [h, words(d)]));

/** The simde/x86 header that defines an x86 name and SIMDe's AArch64 path for it (none for types and _MM_ constants). */
export function simdeEntry(name: string): SimdeEntry | undefined {
  const header = HEADER_OF.get(name);
  if (!header) return undefined;
  if (/^__m|^_[A-Z]/.test(name)) return { header };
  return { header, path: NEON.has(name) ? 'neon' : NOOP.has(name) ? 'noop' : 'portable' };
}

/** A header and every simde/x86 header it includes, directly or not. */
function closure(header: string): Set<string> {
  const seen = new Set<string>();
  const todo = [header];
  for (let h = todo.pop(); h !== undefined; h = todo.pop()) {
    if (seen.has(h)) continue;
    seen.add(h);
    todo.push(...(INCLUDES.get(h) ?? []));
  }
  return seen;
}

const ALL_HEADERS = [...new Set([...HEADER_OF.values(), ...INCLUDES.keys()])].sort();

/** The simde/x86 header that includes all of `headers` and the fewest others (ties: the first by name). */
export function narrowestHeader(headers: Iterable<string>): string | undefined {
  const need = [...new Set(headers)];
  let best: { header: string; size: number } | undefined;
  for (const h of ALL_HEADERS) {
    const c = closure(h);
    if (need.every((n) => c.has(n)) && (!best || c.size < best.size)) best = { header: h, size: c.size };
  }
  return best?.header;
}
