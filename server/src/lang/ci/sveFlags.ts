// Compiler flags that enable SVE/SVE2, fix the SVE vector length, or bake in the build machine's CPU
// (facts §4.2), found in CI text. Uses the shared build-flag classifier (lang/build/flags.ts) so CI and build
// files agree on what an SVE flag is; adds Rust's `-C target-feature=+sve`, which that scanner does not cover.
import { scanFlags } from '../build/flags';

export interface SveFlag { start: number; end: number; flag: string; kind: 'sve' | 'fixed-vl' | 'native' }

const RUST_SVE = /target-feature=[\w,+-]*\+sve2?\b/g;

export function sveFlagsIn(text: string, start = 0, end = text.length): SveFlag[] {
  const src = text.slice(start, end);
  const out: SveFlag[] = [];
  for (const t of scanFlags(src, start)) {
    // -mtune=native only changes scheduling, not the instructions used.
    if (t.cls === 'native' && /^-mtune=/.test(t.flag)) continue;
    const kind = t.cls === 'sve' ? 'sve' : t.cls === 'sve-fixed' ? 'fixed-vl' : t.cls === 'native' ? 'native' : undefined;
    if (kind) out.push({ start: t.start, end: t.end, flag: t.flag, kind });
  }
  for (const m of src.matchAll(RUST_SVE)) out.push({ start: start + m.index!, end: start + m.index! + m[0].length, flag: m[0], kind: 'sve' });
  return out.sort((a, b) => a.start - b.start);
}
