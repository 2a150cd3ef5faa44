// The rdtsc quick fixes (c-x86-inline-asm on the rdtsc asm idioms, c-x86-intrinsics on __rdtsc()/_rdtsc()):
// which shapes get one, and what applying it gives. The fixed files are compiled for aarch64 and x86-64; x86-64
// must preprocess to the same tokens as before the fix, and the aarch64 program runs under qemu-aarch64, where its
// counter must lie between two direct cntvct_el0 reads (so lo/hi are put back together exactly) and move on.
// Skipped when a tool is missing (test/oracle/c/install.sh, scripts/install-test-tools.sh), failed under CI.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rule as inlineAsm } from '../../../server/src/rules/c/c-x86-inline-asm';
import { rule as intrinsics } from '../../../server/src/rules/c/c-x86-intrinsics';
import { parseText } from '../../../server/src/parsing/treeSitter';
import type { Rule } from '../../../server/src/rules/rule';
import { missingTools } from '../../helpers/cOracle';
import { applyFixes, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

/** Fixable shapes: a file, the rule, and the function the test program calls (NAME(void), a 64-bit count). */
const FIXABLE: { name: string; rule: Rule; text: string; fn: string }[] = [
  { name: 'rdtsc with "=a"/"=d" in a small function', rule: inlineAsm, fn: 'ticks',
    text: '#include <stdint.h>\nstatic inline uint64_t ticks(void) {\n    uint32_t lo, hi;\n    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));\n    return ((uint64_t)hi << 32) | lo;\n}\n' },
  { name: 'rdtsc, operands in the other order, over two lines, with a trailing comment and clobbers', rule: inlineAsm, fn: 'now',
    text: 'unsigned long long now(void)\n{\n\tunsigned int a, d;\n\tasm volatile("rdtsc"\n\t\t     : "=d" (d), "=a" (a) : : "memory", "cc"); /* TSC */\n\treturn (unsigned long long)a | ((unsigned long long)d << 32);\n}\n' },
  { name: 'rdtscp (isb first), rcx clobbered, results in struct fields', rule: inlineAsm, fn: 'stamp',
    text: 'struct tsc { unsigned lo, hi; };\nunsigned long long stamp(void) {\n  struct tsc t;\n  __asm__ __volatile__("rdtscp" : "=a"(t.lo), "=d"(t.hi) :: "rcx");\n  return ((unsigned long long)t.hi << 32) | t.lo;\n}\n' },
  { name: 'lfence; rdtsc with 64-bit outputs named cntvct (the temporary takes another name)', rule: inlineAsm, fn: 'serial',
    text: 'unsigned long long serial(void) {\n    unsigned long cntvct, hi;\n    __asm__ volatile ("lfence\\n\\trdtsc" : "=a" (cntvct), "=d" (hi));\n    return (hi << 32) | cntvct;\n}\n' },
  { name: '__rdtsc() from <x86intrin.h>', rule: intrinsics, fn: 'cycles',
    text: '#include <stdint.h>\n#include <x86intrin.h>\n\nuint64_t cycles(void) { return __rdtsc(); }\n' },
  { name: '_rdtsc() and __rdtsc() from <immintrin.h>, in C++', rule: intrinsics, fn: 'both',
    text: '#include <immintrin.h>\nextern "C" unsigned long long both(void) { unsigned long long a = _rdtsc(); return __rdtsc() > a ? __rdtsc() : a; }\n' },
];

/** Reported, but no fix: shapes the fix would not keep exact. */
const NO_FIX: { name: string; rule: Rule; text: string }[] = [
  { name: 'rdtscp with the TSC_AUX output', rule: inlineAsm, text: 'unsigned long long f(unsigned *aux) {\n  unsigned lo, hi;\n  __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(*aux));\n  return ((unsigned long long)hi << 32) | lo;\n}\n' },
  { name: 'cpuid; rdtsc (clobbers and inputs)', rule: inlineAsm, text: 'unsigned long long f(void) {\n  unsigned lo, hi;\n  __asm__ volatile("cpuid\\n\\trdtsc" : "=a"(lo), "=d"(hi) : "a"(0) : "ebx", "ecx");\n  return ((unsigned long long)hi << 32) | lo;\n}\n' },
  { name: '"=A" (one 64-bit output)', rule: inlineAsm, text: 'unsigned long long f(void) {\n  unsigned long long t;\n  __asm__ volatile("rdtsc" : "=A"(t));\n  return t;\n}\n' },
  { name: 'rdtsc followed by more instructions', rule: inlineAsm, text: 'unsigned long long f(void) {\n  unsigned long long t;\n  __asm__ volatile("rdtsc\\n\\tshl $32, %%rdx\\n\\tor %%rdx, %0" : "=a"(t) :: "rdx");\n  return t;\n}\n' },
  { name: 'in a one-line function', rule: inlineAsm, text: 'unsigned long long f(void) { unsigned lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((unsigned long long)hi << 32) | lo; }\n' },
  { name: 'in a macro body', rule: inlineAsm, text: '#define RDTSC(lo, hi) \\\n  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi))\nunsigned f(void) { unsigned lo, hi; RDTSC(lo, hi); return lo; }\n' },
  { name: 'the last line of a macro body', rule: inlineAsm, text: '#define RDTSC(lo, hi) \\\n  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));\nunsigned f(void) { unsigned lo, hi; RDTSC(lo, hi); return lo; }\n' },
  { name: 'pause on the last line of a macro body (the idiom fix)', rule: inlineAsm, text: '#define RELAX() \\\n  __asm__ volatile("pause");\nvoid f(void) { RELAX(); }\n' },
  { name: 'a comment inside an operand', rule: inlineAsm, text: 'unsigned f(void) {\n  unsigned lo, hi;\n  __asm__ volatile("rdtsc" : "=a"(lo /* low */), "=d"(hi));\n  return lo;\n}\n' },
  { name: '__rdtscp (writes TSC_AUX)', rule: intrinsics, text: '#include <x86intrin.h>\nunsigned long long f(unsigned *aux) { return __rdtscp(aux); }\n' },
  { name: '__rdtsc with other x86 intrinsics', rule: intrinsics, text: '#include <x86intrin.h>\nunsigned long long f(void) { _mm_pause(); return __rdtsc(); }\n' },
  { name: '__rdtsc from two x86 headers', rule: intrinsics, text: '#include <x86intrin.h>\n#include <immintrin.h>\nunsigned long long f(void) { return __rdtsc(); }\n' },
  { name: '__rdtsc without an x86 include in the file', rule: intrinsics, text: '#include "timer.h"\nunsigned long long f(void) { return __rdtsc(); }\n' },
];

function fixOf(rule: Rule, text: string, file: string) {
  const found = runRule(rule, { path: file, text });
  const fixes = found.flatMap((f) => f.fixes.filter((x) => x.kind === 'fix'));
  return { found, fix: fixes[0] };
}

const fileOf = (c: { text: string }) => (/extern "C"/.test(c.text) ? 'src/t.cpp' : 'src/t.c');

describe('rdtsc quick fixes', () => {
  for (const c of FIXABLE) {
    it(`fix: ${c.name}`, () => {
      const { found, fix } = fixOf(c.rule, c.text, fileOf(c));
      expect(fix, 'a mechanical fix').toBeDefined();
      expect(found.some((f) => /cntfrq_el0.*not at the CPU clock/.test(f.message))).toBe(true);
      const fixed = applyFixes(c.text, fix!);
      // rdtscp and lfence;rdtsc wait for the instructions before them: the AArch64 read has an isb before it.
      expect(fixed.includes('"isb\\n\\tmrs %0, cntvct_el0"')).toBe(/rdtscp|lfence/.test(c.text));
      // The x86 text is still there, whole, and the rule has nothing left to say on the fixed file.
      for (const line of c.text.split('\n')) expect(fixed.split('\n')).toContain(line);
      expect(runRule(c.rule, { path: fileOf(c), text: fixed })).toEqual([]);
      const tree = parseText(fileOf(c).endsWith('.cpp') ? 'cpp' : 'c', fixed);
      expect(tree.rootNode.hasError).toBe(false);
      tree.delete();
    });
  }
  for (const c of NO_FIX) {
    it(`no fix: ${c.name}`, () => {
      const { found, fix } = fixOf(c.rule, c.text, 'src/t.c');
      expect(found.length).toBeGreaterThan(0);
      expect(fix).toBeUndefined();
    });
  }
  it('the fix of the small function, as the docs page shows it', () => {
    const { fix } = fixOf(inlineAsm, FIXABLE[0].text, 'src/t.c');
    expect(applyFixes(FIXABLE[0].text, fix!)).toBe(
      '#include <stdint.h>\nstatic inline uint64_t ticks(void) {\n    uint32_t lo, hi;\n#if defined(__aarch64__)\n' +
      '    { unsigned long long cntvct; __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(cntvct)); lo = (unsigned int)cntvct; hi = (unsigned int)(cntvct >> 32); }\n' +
      '#else\n    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));\n#endif\n    return ((uint64_t)hi << 32) | lo;\n}\n');
  });
});

const TOOLS = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-g++', 'x86_64-linux-gnu-gcc', 'x86_64-linux-gnu-g++', 'qemu-aarch64'];
const missing = missingTools(TOOLS);
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (missing.length && !inCI) console.warn(`rdtsc fix compile/run test SKIPPED: missing ${missing.join(', ')}`);

/** main() after the fixed file: fn() between two direct counter reads, then again after 2 ms; the counter frequency. */
const MAIN = (file: string, fn: string) => `
#include <stdio.h>
#include <time.h>
#include "${file}"
static unsigned long long cnt(void) { unsigned long long v; __asm__ __volatile__("isb\\n\\tmrs %0, cntvct_el0" : "=r"(v)); return v; }
int main(void) {
  unsigned long long f, a = cnt(), t = ${fn}(), b = cnt(), later;
  struct timespec ms2 = { 0, 2000000 };
  nanosleep(&ms2, 0);
  later = ${fn}();
  __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
  printf("%llu %llu %llu %llu %llu\\n", a, t, b, later, f);
  return 0;
}
`;

describe.skipIf(missing.length > 0 && !inCI)('rdtsc fixes compile for aarch64 and x86-64, and run under qemu-aarch64', () => {
  let dir = '';
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdtsc-fix-')); });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });
  const cc = (arch: string, cpp: boolean) => `${arch}-linux-gnu-${cpp ? 'g++' : 'gcc'}`;
  /** The x86-64 preprocessor's tokens, blank lines dropped (the #if lines of the fix leave blank lines). */
  const x86Tokens = (file: string, cpp: boolean) =>
    execFileSync(cc('x86_64', cpp), ['-E', '-P', file], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter((l) => l.trim() !== '').join('\n');

  it('a fixed header and a fixed .c file that includes it meet in one unit', () => {
    expect(missing, 'tools missing under CI').toEqual([]);
    const h = '#ifndef T_H\n#define T_H\n#include <x86intrin.h>\nstatic inline unsigned long long t_now(void) { return _rdtsc(); }\n#endif\n';
    const c = '#include <x86intrin.h>\n#include "t.h"\nunsigned long long both(void) { return __rdtsc() + t_now(); }\n';
    const sub = path.join(dir, 'unit');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 't.h'), applyFixes(h, fixOf(intrinsics, h, 'src/t.h').fix!));
    fs.writeFileSync(path.join(sub, 'both.c'), applyFixes(c, fixOf(intrinsics, c, 'src/both.c').fix!));
    for (const arch of ['aarch64', 'x86_64']) execFileSync(cc(arch, false), ['-O2', '-Wall', '-Werror', '-c', path.join(sub, 'both.c'), '-o', path.join(sub, `${arch}.o`)]);
  });
  for (const [i, c] of FIXABLE.entries()) {
    it(c.name, () => {
      expect(missing, 'tools missing under CI').toEqual([]);
      const cpp = fileOf(c).endsWith('.cpp');
      const ext = cpp ? 'cpp' : 'c';
      const before = path.join(dir, `before${i}.${ext}`), after = path.join(dir, `after${i}.${ext}`);
      const main = path.join(dir, `main${i}.${ext}`), mainBefore = path.join(dir, `mainBefore${i}.${ext}`);
      fs.writeFileSync(before, c.text);
      fs.writeFileSync(after, applyFixes(c.text, fixOf(c.rule, c.text, fileOf(c)).fix!));
      fs.writeFileSync(main, MAIN(path.basename(after), c.fn));
      fs.writeFileSync(mainBefore, MAIN(path.basename(before), c.fn));
      // x86-64: compiles, and the compiler sees the same tokens as before the fix.
      execFileSync(cc('x86_64', cpp), ['-O2', '-Wall', '-Werror', '-c', after, '-o', path.join(dir, `x86_${i}.o`)]);
      expect(x86Tokens(after, cpp)).toBe(x86Tokens(before, cpp));
      // aarch64: the file before the fix does not compile; after it, it builds and runs.
      expect(() => execFileSync(cc('aarch64', cpp), ['-O2', '-c', mainBefore, '-o', path.join(dir, `bad${i}.o`)], { stdio: 'pipe' })).toThrow();
      const exe = path.join(dir, `arm${i}`);
      execFileSync(cc('aarch64', cpp), ['-O2', '-Wall', '-Werror', '-static', main, '-o', exe]);
      const [a, t, b, later, freq] = execFileSync('qemu-aarch64', [exe], { encoding: 'utf8' }).trim().split(' ').map(BigInt);
      expect(a <= t && t <= b, `${a} <= ${t} <= ${b}`).toBe(true);
      expect(later > t, `${later} > ${t} after sleeping`).toBe(true);
      expect(freq > 0n).toBe(true);
    });
  }
});
