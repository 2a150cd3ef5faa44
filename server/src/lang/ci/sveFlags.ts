// A small local recogniser for compiler flags that enable SVE/SVE2 or bake in the build machine's CPU
// (facts §4.2). Local on purpose: the shared build-flag extraction (lang/build, branch deploy-docker) was not
// merged when this was written; swap to it once it is.

export interface SveFlag { start: number; end: number; flag: string; kind: 'sve' | 'fixed-vl' | 'native' }

const RE = /(-march=armv9[\w.+-]*|-m(?:arch|cpu)=[\w.-]+\+[\w+]*?sve2?\b[\w+]*|-mcpu=(?:neoverse-(?:v1|v2|v3|n2|n3|512tvb)|a64fx|grace)\b|-msve-vector-bits=(?!scalable\b)\w+|-m(?:arch|cpu)=native\b|target-cpu=native\b|target-feature=[\w,+-]*\+sve2?\b)/g;

export function sveFlagsIn(text: string, start = 0, end = text.length): SveFlag[] {
  const src = text.slice(start, end);
  const out: SveFlag[] = [];
  RE.lastIndex = 0;
  for (let m = RE.exec(src); m; m = RE.exec(src)) {
    const f = m[1];
    const kind = /native/.test(f) ? 'native' : /sve-vector-bits/.test(f) ? 'fixed-vl' : 'sve';
    out.push({ start: start + m.index, end: start + m.index + f.length, flag: f, kind });
  }
  return out;
}
