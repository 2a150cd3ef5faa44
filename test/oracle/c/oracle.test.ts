// Self-checks of the C layout oracle: it runs the real compilers (install them with
// test/oracle/c/install.sh) and its output must be a consistent layout for every record.
// These are invariants of any correct layout, not numbers typed by hand.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

interface Field { name: string; type: string; offset: number; size: number; align: number; bitOffset?: number; bitSize?: number }
interface Layout {
  name: string; language: string; file: string; line: number; target: string; size: number; align: number;
  optimalSize: number; fields: Field[]; unresolved: null | string; kind?: string; cxx?: boolean; cxxNonStandard?: boolean;
}

const ORACLE = path.join(__dirname, 'oracle.mjs');
const TARGETS = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386', 'windows/arm64'];
let structs: Layout[] = [];

beforeAll(async () => {
  // Awaited: every fixture through four gccs and clang is too long to block the worker (helpers/eventLoop.ts).
  const out = (await promisify(execFile)('node', [ORACLE], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
  const json = JSON.parse(out) as { version: number; structs: Layout[] };
  expect(json.version).toBe(1);
  structs = json.structs;
});

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

describe('C layout oracle output', () => {
  it('covers at least 70 top-level records on every target', () => {
    const top = new Set(structs.filter((s) => !s.name.includes('.')).map((s) => `${s.file}:${s.name}`));
    expect(top.size).toBeGreaterThanOrEqual(70);
    for (const t of TARGETS) expect(structs.filter((s) => s.target === t).length).toBeGreaterThanOrEqual(70);
  });

  it('follows the layout --json contract', () => {
    for (const s of structs) {
      expect(Object.keys(s).slice(0, 10)).toEqual(['name', 'language', 'file', 'line', 'target', 'size', 'align', 'optimalSize', 'fields', 'unresolved']);
      expect(s.language).toBe('c');
      expect(TARGETS).toContain(s.target);
      expect(s.unresolved).toBeNull();
      expect(s.line).toBeGreaterThan(0);
      for (const f of s.fields) for (const k of ['offset', 'size', 'align'] as const) expect(Number.isInteger(f[k]), `${s.name}.${f.name}.${k}`).toBe(true);
    }
  });

  it('has sizes that are multiples of power-of-two alignments, and optimal sizes no larger', () => {
    for (const s of structs) {
      const id = `${s.file} ${s.target} ${s.name}`;
      expect(isPow2(s.align), id).toBe(true);
      expect(s.size % s.align, id).toBe(0);
      expect(s.optimalSize, id).toBeLessThanOrEqual(s.size);
      expect(s.optimalSize % s.align, id).toBe(0);
      for (const f of s.fields) expect(isPow2(f.align), `${id}.${f.name}`).toBe(true);
    }
  });

  it('places every member inside its record, struct members in order without overlap', () => {
    // C++ members declared [[no_unique_address]] may share an address (an empty class at offset 0, Itanium ABI).
    const fixtures = path.join(__dirname, '../../fixtures/c/layout');
    const overlapping = (file: string, member: string) =>
      new RegExp(`\\[\\[no_unique_address\\]\\][^;]*\\b${member}\\s*;`).test(fs.readFileSync(path.join(fixtures, file), 'utf8'));
    for (const s of structs) {
      const id = `${s.file} ${s.target} ${s.name}`;
      let end = 0;
      for (const f of s.fields) {
        if (s.cxx && !s.target.startsWith('windows/') && overlapping(s.file, f.name)) { expect(f.offset, `${id}.${f.name}`).toBe(0); continue; }
        if (f.bitSize !== undefined) {
          expect(f.offset, `${id}.${f.name}`).toBe(Math.floor(f.bitOffset! / 8));
          expect(f.bitOffset! + f.bitSize, `${id}.${f.name}`).toBeLessThanOrEqual(s.size * 8);
          continue;
        }
        expect(f.offset + f.size, `${id}.${f.name}`).toBeLessThanOrEqual(s.size);
        if (s.kind === 'union') expect(f.offset, `${id}.${f.name}`).toBe(0);
        else if (!s.cxxNonStandard) { expect(f.offset, `${id}.${f.name}`).toBeGreaterThanOrEqual(end); end = f.offset + f.size; }
      }
    }
  });

  it('gives every anonymous member its own entry of the same size', () => {
    const byKey = new Map(structs.map((s) => [`${s.file} ${s.target} ${s.name}`, s]));
    for (const s of structs) for (const f of s.fields) {
      if (!f.name.startsWith('<anon#')) continue;
      const nested = byKey.get(`${s.file} ${s.target} ${s.name}.${f.name}`);
      expect(nested, `${s.name}.${f.name}`).toBeDefined();
      expect(nested!.size).toBe(f.size);
    }
  });

  it('agrees with clang on the linux targets except the documented differences (README-c.md)', () => {
    let stderr = '';
    try {
      execFileSync('node', [ORACLE, '--crosscheck', '--quiet'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr ?? '');
    }
    const known = [/^attributes\.h linux\/\w+ atomics\.tb: (size|align) /, /^attributes\.h linux\/386 cacheline_aligned\.counter: align /];
    const unexpected = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('crosscheck') && !known.some((r) => r.test(l)));
    expect(unexpected).toEqual([]);
  });
});
