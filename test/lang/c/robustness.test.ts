// The C layout extraction must never throw and never report an internal error, whatever the text: mutated
// fixtures (deleted spans, stray braces and directives) go through layoutCFile for every target.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { evaluateConditionals } from '../../../server/src/lang/c/preprocessor';
import { layoutCFile } from '../../../server/src/lang/c/layoutFile';
import { ALL_TARGET_IDS } from '../../../server/src/core/targets';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const DIRS = [path.resolve(__dirname, '../../fixtures/c/layout'), path.resolve(__dirname, '../../layout/c/fixtures')];
const sources = DIRS.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((f) => /\.(h|hpp)$/.test(f)).map((f) => path.join(d, f)));
const JUNK = ['{', '}', ';', ':', '[', ']', '(', ')', '#if FOO\n', '#endif\n', '#else\n', '\n#pragma pack(push, 1)\n', '\n#pragma pack(pop)\n',
  '__attribute__((', '_Alignas(', ' : 0', '[]', '*', 'struct ', 'union { ', '/*', '"', '\\\n', 'sizeof(', 'enum E { A = ', '_Atomic(', '\u00e9\u4e2d'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe('C layout extraction is robust', () => {
  it.each(sources.map((s) => [path.basename(s), s]))('mutations of %s neither throw nor hit internal errors', (_name, file) => {
    const original = fs.readFileSync(file, 'utf8');
    const rand = rng(original.length);
    let resolved = 0;
    for (let i = 0; i < 15; i++) {
      let text = original;
      for (let k = 0; k < 3; k++) {
        const a = Math.floor(rand() * text.length);
        const b = Math.min(text.length, a + Math.floor(rand() * 80));
        const op = rand();
        text = op < 0.4 ? text.slice(0, a) + text.slice(b) : op < 0.8 ? text.slice(0, a) + JUNK[Math.floor(rand() * JUNK.length)] + text.slice(a) : text.slice(0, a) + text.slice(a, b) + text.slice(a);
      }
      const p = '/ws/m' + path.extname(file);
      const results = layoutCFile({ path: p, text, fs: memoryFileSystem({ [p]: text }), targets: ALL_TARGET_IDS });
      for (const s of results) {
        for (const l of s.layouts) {
          expect(l.unresolved ?? '').not.toMatch(/internal error/);
          if (l.unresolved === null) {
            // A resolved layout is a C layout whatever the text was: size a multiple of the alignment, every
            // member inside the record (a bit-field's bits too, its offset the byte of its first bit).
            resolved++;
            const id = `${s.name} ${l.target} (mutation ${i})`;
            expect(l.align, id).toBeGreaterThan(0);
            expect(l.size! % l.align!, `${id}: size ${l.size} is not a multiple of align ${l.align}`).toBe(0);
            for (const f of l.fields) {
              if (f.bitSize === undefined) { expect(f.offset + f.size, `${id}.${f.name}`).toBeLessThanOrEqual(l.size!); continue; }
              expect(f.offset, `${id}.${f.name}`).toBe(Math.floor(f.bitOffset! / 8));
              expect(f.bitOffset! + f.bitSize, `${id}.${f.name}`).toBeLessThanOrEqual(l.size! * 8);
            }
          }
        }
      }
      for (const t of ALL_TARGET_IDS) expect(() => evaluateConditionals(text, t)).not.toThrow();
    }
    // A fixture made only of member-list macros (member_lists_unix.h) has no record of its own to resolve.
    const p = '/ws/m' + path.extname(file);
    const originalResolves = layoutCFile({ path: p, text: original, fs: memoryFileSystem({ [p]: original }), targets: ALL_TARGET_IDS })
      .some((s) => s.layouts.some((l) => l.unresolved === null));
    if (originalResolves) expect(resolved, 'mutated files still have records that resolve, so the checks above ran').toBeGreaterThan(0);
  });
});
