// The reorder fix prints fields the way gofmt does. The Go standard library is gofmt-clean, so
// printing every one of its structs in its own order must give back the very same text (or the fix
// must refuse, saying why); random orders of the same structs must stay gofmt-clean.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reorderGoStruct } from '../../server/src/fixes/goReorder';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { extractGoFile, type StructSyntax, type TypeExpr } from '../../server/src/lang/go/syntax';
import { initTreeSitter, parseText } from '../../server/src/parsing/treeSitter';
import { goFiles } from '../helpers/goFiles';
import { makeTempDir } from '../helpers/tempDirs';

const SRC = path.join(goEnvFromEnvironment().goroot ?? '/nonexistent', 'src');


function structsOf(t: TypeExpr, out: StructSyntax[] = []): StructSyntax[] {
  if (t.k === 'struct') { out.push(t.struct); for (const f of t.struct.fields) structsOf(f.type, out); }
  if (t.k === 'array') structsOf(t.elem, out);
  if (t.k === 'pointer' && t.target) structsOf(t.target, out);
  return out;
}

/** A deterministic shuffle (so failures reproduce). */
function shuffled(n: number, seed: number): number[] {
  const a = [...Array(n).keys()];
  let x = seed;
  for (let i = n - 1; i > 0; i--) { x = (x * 1103515245 + 12345) & 0x7fffffff; const j = x % (i + 1); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

const files: { file: string; text: string; structs: StructSyntax[] }[] = [];

beforeAll(async () => {
  await initTreeSitter();
  for (const file of goFiles(SRC, { tests: true })) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('struct {')) continue;
    const tree = parseText('go', text);
    const syntax = extractGoFile(tree, text);
    tree.delete();
    const structs = syntax.types.flatMap((d) => structsOf(d.type)).filter((s) => s.fields.length > 1);
    if (structs.length) files.push({ file, text, structs });
  }
}, 300_000);

describe('gofmt-exact printing of struct fields', () => {
  it('reprints every standard-library struct unchanged, or refuses', () => {
    let same = 0, refused = 0;
    const changed: string[] = [];
    const reasons = new Map<string, number>();
    for (const { file, text, structs } of files) {
      for (const s of structs) {
        const r = reorderGoStruct(text, s, s.fields.map((_, i) => i));
        if (!r.ok) { refused++; reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1); continue; }
        if (r.newText === text.slice(s.bodyStart, s.bodyEnd)) same++;
        else changed.push(`${path.relative(SRC, file)}:${text.slice(0, s.start).split('\n').length}`);
      }
    }
    console.log(`struct printing: ${same} identical, ${refused} refused, ${changed.length} changed`);
    for (const [why, n] of reasons) console.log(`  refused ${n}: ${why}`);
    expect(changed.slice(0, 20)).toEqual([]);
    expect(same).toBeGreaterThan(3000);
    expect(refused / (same + refused)).toBeLessThan(0.05);
  });

  it('keeps random reorders gofmt-clean', () => {
    const dir = makeTempDir('gofmt-');
    let written = 0;
    for (const { file, text, structs } of files.slice(0, 400)) {
      // Reorder the outermost structs of the file (nested ones are inside their edits).
      const outer = structs.filter((s) => !structs.some((o) => o !== s && o.start <= s.start && s.end <= o.end));
      let out = text;
      for (const s of [...outer].sort((a, b) => b.start - a.start)) {
        const r = reorderGoStruct(text, s, shuffled(s.fields.length, s.start));
        if (r.ok) out = out.slice(0, r.edit.start) + r.newText + out.slice(r.edit.end);
      }
      if (out !== text) { fs.writeFileSync(path.join(dir, `${written++}_${path.basename(file)}`), out); }
    }
    expect(written).toBeGreaterThan(100);
    expect(execFileSync('gofmt', ['-l', dir], { encoding: 'utf8' }).trim()).toBe('');
  });
});
