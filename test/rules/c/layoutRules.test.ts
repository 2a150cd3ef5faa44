// The C layout rules. c-struct-padding's reorder is applied to every fixture record it is offered
// for; the result must compile for every target and the compilers (the C oracle) must give exactly
// the promised sizes. c-packed-atomic and c-abi-layout-mismatch: table-driven cases.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../server/src/core/config';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { scanWorkspaceParallel } from '../../../server/src/engine/parallelScan';
import { applyEdits, overlaps } from '../../../server/src/fixes/applyEdits';
import type { TextEdit } from '../../../server/src/core/types';
import { ALL_TARGET_IDS } from '../../../server/src/core/targets';
import type { LayoutEntry } from '../../../server/src/layout/contract';
import { rule as padding } from '../../../server/src/rules/c/c-struct-padding';
import { rule as packedAtomic } from '../../../server/src/rules/c/c-packed-atomic';
import { rule as abiMismatch } from '../../../server/src/rules/c/c-abi-layout-mismatch';
import { ready, runRule } from '../../helpers/ruleTester';
import { makeTempDir } from '../../helpers/tempDirs';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/c/layout');
const COMPILERS: Record<string, string[]> = {
  'linux/arm64': ['aarch64-linux-gnu-gcc'], 'linux/amd64': ['gcc'], 'linux/arm': ['arm-linux-gnueabihf-gcc'], 'linux/386': ['i686-linux-gnu-gcc'],
};

beforeAll(ready);

describe('c-struct-padding reorder on the fixtures', () => {
  let work: string;
  const promised: { file: string; struct: string; sizes: Record<string, { optimal: number }> }[] = [];

  beforeAll(async () => {
    work = makeTempDir('cfix-');
    for (const f of fs.readdirSync(FIXTURES)) if (/\.h$/.test(f)) fs.copyFileSync(path.join(FIXTURES, f), path.join(work, f));
    const config = configSchema.parse({ targets: ALL_TARGET_IDS });
    const result = await scanWorkspaceParallel({ jobs: 1, root: work, paths: [work], config, fs: nodeFileSystem, rules: [padding] });
    const byFile = new Map<string, TextEdit[]>();
    for (const f of result.findings) {
      const fix = f.fixes[0];
      if (!fix) continue;
      const edits = byFile.get(f.file) ?? [];
      if (fix.edits.some((e) => edits.some((o) => overlaps(o, e)))) continue;
      edits.push(...fix.edits);
      byFile.set(f.file, edits);
      promised.push({ file: path.basename(f.file), struct: String(f.data!.struct), sizes: f.data!.sizes as Record<string, { optimal: number }> });
    }
    for (const [file, edits] of byFile) fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), edits));
  });

  it('is offered for several records', () => expect(promised.length).toBeGreaterThanOrEqual(5));

  it('still compiles for every Linux target', () => {
    for (const [target, [cc]] of Object.entries(COMPILERS)) {
      for (const f of fs.readdirSync(work)) {
        const tu = path.join(work, `tu_${f}.c`);
        fs.writeFileSync(tu, `#include "${f}"\n`);
        execFileSync(cc, ['-fsyntax-only', '-std=gnu11', tu], { cwd: work, stdio: 'pipe' });
        fs.rmSync(tu);
      }
      void target;
    }
  });

  it('reaches the promised size on every target, as the compilers lay it out', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'test/oracle/c/oracle.mjs')], { env: { ...process.env, C_ORACLE_DIR: work }, encoding: 'utf8', maxBuffer: 64 << 20 });
    const after = new Map((JSON.parse(out).structs as LayoutEntry[]).map((e) => [`${e.file}|${e.name}|${e.target}`, e]));
    const wrong: string[] = [];
    for (const p of promised) for (const [t, s] of Object.entries(p.sizes)) {
      const got = after.get(`${p.file}|${p.struct}|${t}`);
      if (got?.size !== s.optimal) wrong.push(`${p.file} ${p.struct} ${t}: promised ${s.optimal}, compiler ${got?.size}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('c-packed-atomic', () => {
  it.each([
    ['packed attribute', 'struct __attribute__((packed)) h { char v; _Atomic long long head; };', 'head'],
    ['pragma pack(1)', '#pragma pack(push, 1)\nstruct h { char v; _Atomic int n; };\n#pragma pack(pop)', 'n'],
  ])('reports an atomic member under %s', (_n, text, field) => {
    const f = runRule(packedAtomic, { path: 'a.h', text: `#include <stdint.h>\n${text}\n` });
    expect(f.map((x) => x.message.split(' ')[0])).toEqual([field]);
    expect(f[0].severity).toBe('error');
  });

  it.each([
    ['an unpacked struct', 'struct h { char v; _Atomic long long head; };'],
    ['a packed struct without atomics', 'struct __attribute__((packed)) h { char v; long long head; };'],
    ['pragma pack(8) that keeps natural alignment', '#pragma pack(push, 8)\nstruct h { char v; _Atomic int n; };\n#pragma pack(pop)'],
  ])('is silent for %s', (_n, text) => {
    expect(runRule(packedAtomic, { path: 'a.h', text: `${text}\n` })).toEqual([]);
  });
});

describe('c-abi-layout-mismatch', () => {
  const header = 'struct rec { long id; char tag; };\n';
  it('reports a struct copied as raw bytes whose size differs between targets', () => {
    const text = `#include <stdio.h>\n${header}void save(FILE *f, struct rec *r) { fwrite(r, sizeof(struct rec), 1, f); }\n`;
    const f = runRule(abiMismatch, { path: 'a.c', text, config: { targets: ['linux/arm64', 'windows/arm64'] } });
    expect(f).toHaveLength(1);
    expect(text.slice(f[0].start, f[0].end)).toBe('sizeof(struct rec)');
    expect(f[0].message).toContain('16 bytes on linux/arm64 but 8 on windows/arm64');
  });

  it('follows the struct into an included header', () => {
    const f = runRule(abiMismatch, {
      path: 'a.c', text: '#include "rec.h"\nvoid send_it(int s, struct rec *r) { send(s, r, sizeof(struct rec), 0); }\n',
      files: { 'rec.h': header }, config: { targets: ['linux/arm64', 'windows/arm64'] },
    });
    expect(f).toHaveLength(1);
  });

  it('is silent when layouts agree, or the struct is not copied as bytes', () => {
    expect(runRule(abiMismatch, { path: 'a.c', text: `${header}void f(struct rec *r) { fwrite(r, sizeof(struct rec), 1, 0); }\n` })).toEqual([]);
    expect(runRule(abiMismatch, { path: 'a.c', text: header, config: { targets: ['linux/arm64', 'windows/arm64'] } })).toEqual([]);
  });
});
