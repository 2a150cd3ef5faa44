// Asks a compiler for the size and alignment of types, as the table generators need them: one translation unit with
// a prelude (the system headers) and one line of `sizeof`/alignment constants per type, printed into the assembly
// (the asm-offsets trick: "i" operands in an .ascii string), so nothing is run on the target.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function constantsSource(prelude, items, cxx) {
  const src = [prelude];
  src.push('#define K(id, v) __asm__ volatile("\\n.ascii \\"@@K " #id " %0\\"" :: "i"((long long)(v)))');
  src.push('void k(void) {');
  items.forEach((it, i) => {
    src.push(`  K(${2 * i}, sizeof(${it.expr})); K(${2 * i + 1}, ${cxx ? 'alignof' : '_Alignof'}(${it.expr}));`);
  });
  src.push('}');
  return src.join('\n') + '\n';
}

/**
 * `{ key: [size, align] }` for the items (`{ key, expr }`) that compile with `cc args`: the lines that fail (a type
 * the target's headers do not have) are dropped and the rest compiled again.
 */
export function measureTypes(cc, args, prelude, items, tmp, cxx = false) {
  let live = items.slice();
  for (let attempt = 0; attempt < 8; attempt++) {
    const src = constantsSource(prelude, live, cxx);
    const file = join(tmp, cxx ? 'k.cc' : 'k.c');
    writeFileSync(file, src);
    try {
      execFileSync(cc, [cxx ? '-std=gnu++17' : '-std=gnu17', ...(cxx ? ['-x', 'c++'] : []), ...args, '-S', '-o', join(tmp, 'k.s'), file], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const err = String(e.stderr ?? '');
      const lines = new Set([...err.matchAll(/k\.cc?:(\d+):\d+: error/g)].map((m) => Number(m[1])));
      const first = src.split('\n').findIndex((l) => l.startsWith('  K(')) + 1;
      const bad = new Set([...lines].map((l) => l - first).filter((i) => i >= 0 && i < live.length));
      if (!bad.size) throw new Error(`${cc}: ${err.slice(0, 2000)}`);
      live = live.filter((_, i) => !bad.has(i));
      continue;
    }
    const asm = readFileSync(join(tmp, 'k.s'), 'utf8');
    const k = new Map([...asm.matchAll(/@@K (\d+) \$?#?(-?\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]));
    const out = {};
    live.forEach((it, i) => { out[it.key] = [k.get(2 * i), k.get(2 * i + 1)]; });
    return out;
  }
  throw new Error(`${cc}: too many failing types`);
}
