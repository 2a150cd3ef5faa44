// layoutCFile does not parse a file whose text cannot define a record (mayDefineRecord). The test must be sound:
// whenever it says no, tree-sitter finds no record with a body, on hand-written cases, on the layout fixtures, on
// random mutations of them (stray braces, semicolons, comments and directives: tree-sitter's error recovery) and on
// the system's headers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mayDefineRecord } from '../../../server/src/lang/c/layoutFile';
import { parseFile } from '../../../server/src/lang/c/translationUnit';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

function records(file: string, text: string): number {
  const parsed = parseFile(file, text);
  try { return parsed.records.length; } finally { parsed.delete(); }
}

describe('mayDefineRecord', () => {
  it('says yes to every way of writing a record with a body', () => {
    for (const text of [
      'struct S { int a; };', 'typedef struct { int a; } T;', 'union U{char c;};', 'class C : public B<int> { int x; };',
      'struct __attribute__((packed)) P { char c; int i; };', 'struct /* a; b } */ S { int a; };', 'struct S // x;\n{ int a; };',
      'struct S\n#ifdef X\n;\n#endif\n{ int a; };', 'struct alignas(decltype([] { return 1; }())) A { int a; };',
    ]) expect(mayDefineRecord(text), text).toBe(true);
  });

  it('says no to forward declarations, parameters and words that only contain a keyword', () => {
    for (const text of [
      'struct stat;', 'int f(struct stat *st);\nvoid g(void) { struct timespec ts; }', 'int structure; union_t x; { subclass; }',
      'typedef struct S S_t;', '#define X 1\nint y;',
    ]) expect(mayDefineRecord(text), text).toBe(false);
  });

  it('is sound: no record in any text it says no to (fixtures, their mutations, system headers)', () => {
    const dirs = [path.resolve(__dirname, '../../fixtures/c/layout'), path.resolve(__dirname, '../../layout/c/fixtures'), path.resolve(__dirname, '../../../samples')];
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p); else if (/\.(h|hpp|c|cc|cpp)$/.test(e.name)) files.push(p);
      }
    };
    for (const d of dirs) if (fs.existsSync(d)) walk(d);
    for (const d of ['/usr/include', '/usr/include/linux']) if (fs.existsSync(d)) files.push(...fs.readdirSync(d).filter((f) => f.endsWith('.h')).map((f) => path.join(d, f)).filter((p) => fs.statSync(p).isFile()));
    expect(files.length).toBeGreaterThan(50);
    const JUNK = ['{', '}', ';', '/*', '*/', '//', '"', "'", '#if X\n', '#endif\n', 'struct ', 'class ', 'union ', '\n'];
    let said = 0;
    let seed = 7;
    const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
    for (const file of files) {
      const original = fs.readFileSync(file, 'utf8');
      const texts = [original];
      for (let i = 0; i < 3 && original.length < 200_000; i++) {
        let t = original;
        for (let k = 0; k < 4; k++) {
          const at = Math.floor(rand() * t.length);
          t = rand() < 0.5 ? t.slice(0, at) + JUNK[Math.floor(rand() * JUNK.length)] + t.slice(at) : t.slice(0, at) + t.slice(at + Math.floor(rand() * 40));
        }
        texts.push(t);
      }
      for (const text of texts) {
        if (mayDefineRecord(text)) continue;
        said++;
        expect(records(file, text), `${file}: says no, tree-sitter finds records`).toBe(0);
      }
    }
    expect(said).toBeGreaterThan(10);
  });
});
