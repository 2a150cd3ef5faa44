// Functions compiled with x86 target attributes (__attribute__((target("avx2"))), target_clones). Their
// bodies are reported once, at the attribute (c-x86-cpuid), not per intrinsic inside.
import { featuresIn, isX86Feature } from './x86Names';
import { matchBrace, matchParen } from './cSource';

export interface TargetAttribute {
  /** Offsets of `__attribute__((...))`. */
  start: number;
  end: number;
  kind: 'target' | 'target_clones';
  features: string[];
  x86: string[];
  /** The body of the function it applies to, when found. */
  body?: { start: number; end: number };
}

const ATTR = /__attribute__\s*\(\s*\(\s*(__target__|target|__target_clones__|target_clones)\s*\(/g;

export function findTargetAttributes(code: string, bare: string): TargetAttribute[] {
  const out: TargetAttribute[] = [];
  let bodies: FunctionBodies | undefined;
  for (const m of code.matchAll(ATTR)) {
    const start = m.index!;
    const outerOpen = code.indexOf('(', start);
    const end = matchParen(bare, outerOpen);
    if (end === undefined) continue;
    const args = code.slice(start, end);
    const features = featuresIn(args);
    const x86 = features.filter(isX86Feature);
    const kind = /clones/.test(m[1]) ? 'target_clones' : 'target';
    bodies ??= new FunctionBodies(bare);
    out.push({ start, end, kind, features, x86, body: bodies.after(end) });
  }
  return out;
}

/**
 * The `{...}` of the function whose declaration continues at an offset: the first ';' or '{' at the same
 * parenthesis depth (none if it is a ';'). The stops are indexed by depth once, so stacked attributes do not
 * each walk to the function.
 */
class FunctionBodies {
  /** Parenthesis depth before each offset, counted from the start of the text. */
  private readonly depth: Int32Array;
  /** Offsets of ';' and '{' by the depth before them, in order. */
  private readonly stops = new Map<number, number[]>();

  constructor(private readonly bare: string) {
    this.depth = new Int32Array(bare.length + 1);
    let d = 0;
    for (let i = 0; i < bare.length; i++) {
      this.depth[i] = d;
      const c = bare[i];
      if (c === '(') d++;
      else if (c === ')') d--;
      else if (c === ';' || c === '{') {
        let list = this.stops.get(d);
        if (!list) this.stops.set(d, list = []);
        list.push(i);
      }
    }
    this.depth[bare.length] = d;
  }

  after(from: number): { start: number; end: number } | undefined {
    const list = this.stops.get(this.depth[from]) ?? [];
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < from) lo = mid + 1; else hi = mid; }
    const i = list[lo];
    if (i === undefined || this.bare[i] === ';') return undefined;
    return { start: i, end: matchBrace(this.bare, i) ?? this.bare.length };
  }
}
