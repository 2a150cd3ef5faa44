// Functions compiled with x86 target attributes (__attribute__((target("avx2"))), target_clones). Their
// bodies are reported once, at the attribute (c-x86-cpuid), not per intrinsic inside.
import { featuresIn, isX86Feature } from './x86Names';
import { matchParen } from './cSource';

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
  for (const m of code.matchAll(ATTR)) {
    const start = m.index!;
    const outerOpen = code.indexOf('(', start);
    const end = matchParen(bare, outerOpen);
    if (end === undefined) continue;
    const args = code.slice(start, end);
    const features = featuresIn(args);
    const x86 = features.filter(isX86Feature);
    const kind = /clones/.test(m[1]) ? 'target_clones' : 'target';
    out.push({ start, end, kind, features, x86, body: functionBodyAfter(bare, end) });
  }
  return out;
}

/** The `{...}` of the function whose declaration continues at `from` (none if a `;` comes first). */
function functionBodyAfter(bare: string, from: number): { start: number; end: number } | undefined {
  let depth = 0;
  for (let i = from; i < bare.length; i++) {
    const c = bare[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === ';') return undefined;
    else if (depth === 0 && c === '{') {
      let d = 0;
      for (let j = i; j < bare.length; j++) {
        if (bare[j] === '{') d++;
        else if (bare[j] === '}') { d--; if (d === 0) return { start: i, end: j + 1 }; }
      }
      return { start: i, end: bare.length };
    }
  }
  return undefined;
}
