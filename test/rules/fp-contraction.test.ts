// Floating-point contraction (issue 17, candidate 5): the experiments of docs/fp-contraction.md, kept so that the
// page stays true of the compilers installed. No rule is built on them (the page says why); this test asserts what
// Go's gc and GCC emit for x*y+z on arm64 and x86-64, and what the programs print under qemu-aarch64 and natively.
// Skipped when a tool is missing (scripts/install-test-tools.sh), failed under CI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../helpers/cOracle';

const inCI = !!process.env.CI && process.env.CI !== 'false';
const GO_TOOLS = ['go', 'qemu-aarch64'];
const C_TOOLS = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-g++', 'aarch64-linux-gnu-objdump', 'gcc', 'objdump', 'qemu-aarch64'];
const goMissing = missingTools(GO_TOOLS);
const cMissing = missingTools(C_TOOLS);
const clangMissing = missingTools(['clang-19', 'aarch64-linux-gnu-objdump']);
for (const [what, m] of [['Go', goMissing], ['C', cMissing]] as const) {
  if (m.length && !inCI) console.warn(`fp-contraction ${what} experiment SKIPPED: missing ${m.join(', ')}`);
}

let dir = '';
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64-port-fma-')); });
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd = dir): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  expect(r.status, `${cmd} ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

// Inputs where fused and unfused differ: 0.1*10 rounds to exactly 1, so (0.1*10)-1 is 0 when the product is
// rounded and 2^-54 (the rounding error of the double nearest 0.1, times 10) when it is not.
const X = '0.1', Y = '10', Z = '-1';

/** Go functions of the spec's examples (noinline, so constants are not folded into them). */
const GO_SRC = `package main

import "unsafe"

//go:noinline
func fused(x, y, z float64) float64 { return x*y + z }

//go:noinline
func rounded(x, y, z float64) float64 { return float64(x*y) + z }

//go:noinline
func acrossStatements(x, y, z float64) float64 { t := x * y; return t + z }

//go:noinline
func subtracted(x, y, z float64) float64 { return z - x*y }

//go:noinline
func single(x, y, z float32) float32 { return x*y + z }

func bits(f float64) uint64 { return *(*uint64)(unsafe.Pointer(&f)) }

func main() {
	println(bits(fused(${X}, ${Y}, ${Z})), bits(rounded(${X}, ${Y}, ${Z})), bits(acrossStatements(${X}, ${Y}, ${Z})))
	_ = subtracted(1, 2, 3)
	_ = single(1, 2, 3)
}
`;

/** Each function's assembly lines from `go build -gcflags=-S`. */
function goAsm(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let cur = '';
  for (const line of run('go', ['build', '-gcflags=-S', '-o', os.devNull, '.'], { ...env, GOOS: 'linux', CGO_ENABLED: '0', GOFLAGS: '', GOTOOLCHAIN: 'local' }, path.join(dir, 'go')).split('\n')) {
    const head = /^main\.(\w+) STEXT/.exec(line);
    if (head) { cur = head[1]; out[cur] = ''; } else if (/^\S/.test(line)) cur = ''; else if (cur) out[cur] += line + '\n';
  }
  return out;
}

const goMinor = (() => { const m = /go1\.(\d+)/.exec(spawnSync('go', ['version'], { encoding: 'utf8' }).stdout ?? ''); return m ? Number(m[1]) : 0; })();

describe.skipIf(goMissing.length > 0 && !inCI)('Go: gc fuses x*y+z on arm64, not on amd64 (GOAMD64=v1)', () => {
  beforeAll(() => {
    expect(goMissing, 'tools missing under CI').toEqual([]);
    fs.mkdirSync(path.join(dir, 'go'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'go', 'go.mod'), 'module fma\n\ngo 1.21\n');
    fs.writeFileSync(path.join(dir, 'go', 'main.go'), GO_SRC);
  });

  it('GOARCH=arm64: FMADDD for x*y+z, also across statements; FMULD+FADDD after an explicit float64()', () => {
    const f = goAsm({ GOARCH: 'arm64' });
    expect(f.fused).toMatch(/\tFMADDD\t/);
    expect(f.acrossStatements).toMatch(/\tFMADDD\t/);
    expect(f.subtracted).toMatch(/\tFMSUBD\t/);
    expect(f.single).toMatch(/\tFMADDS\t/);
    expect(f.rounded).not.toMatch(/\tF(N?M(ADD|SUB))D\t/);
    expect(f.rounded).toMatch(/\tFMULD\t[\s\S]*\tFADDD\t/);
  });

  it('GOARCH=amd64 GOAMD64=v1 (the default): MULSD+ADDSD, no VFMADD anywhere', () => {
    const f = goAsm({ GOARCH: 'amd64', GOAMD64: 'v1' });
    for (const fn of ['fused', 'rounded', 'acrossStatements', 'subtracted', 'single']) expect(f[fn], fn).not.toMatch(/VFN?M(ADD|SUB)/);
    expect(f.fused).toMatch(/\tMULSD\t[\s\S]*\tADDSD\t/);
  });

  it.skipIf(goMinor < 25)('GOARCH=amd64 GOAMD64=v3 (Go 1.25+, golang/go#71204): VFMADD for x*y+z, not after float64()', () => {
    const f = goAsm({ GOARCH: 'amd64', GOAMD64: 'v3' });
    expect(f.fused).toMatch(/\tVFMADD\d+SD\t/);
    expect(f.rounded).not.toMatch(/VFMADD/);
  });

  it('run: 0.1*10 + -1 is 2^-54 under qemu-aarch64 and 0 on amd64 v1; float64(0.1*10) + -1 is 0 on both', () => {
    const env = { GOOS: 'linux', CGO_ENABLED: '0', GOFLAGS: '', GOTOOLCHAIN: 'local' };
    const cwd = path.join(dir, 'go');
    run('go', ['build', '-o', 'arm64.bin', '.'], { ...env, GOARCH: 'arm64' }, cwd);
    run('go', ['build', '-o', 'amd64.bin', '.'], { ...env, GOARCH: 'amd64', GOAMD64: 'v1' }, cwd);
    const twoToMinus54 = String(0x3c9n << 52n); // the bits of 2^-54: biased exponent 1023-54 = 0x3c9
    expect(run('qemu-aarch64', ['./arm64.bin'], {}, cwd).trim()).toBe(`${twoToMinus54} 0 ${twoToMinus54}`);
    if (process.arch === 'x64') expect(run('./amd64.bin', [], {}, cwd).trim()).toBe('0 0 0');
  });
});

const C_SRC = `#include <stdio.h>
#include <stdlib.h>
__attribute__((noinline)) double muladd(double x, double y, double z) { return x * y + z; }
__attribute__((noinline)) double viavar(double x, double y, double z) { double t = x * y; return t + z; }
int main(int argc, char **argv) {
  (void)argc;
  double x = strtod(argv[1], 0), y = strtod(argv[2], 0), z = strtod(argv[3], 0);
  printf("%a %a\\n", muladd(x, y, z), viavar(x, y, z));
  return 0;
}
`;

/** The instructions of each function of C_SRC compiled with `cc flags -c`, from objdump -d. */
function cAsm(cc: string, objdump: string, flags: string[], file = 'f.c'): Record<string, string> {
  const obj = path.join(dir, 'c', 'f.o');
  run(cc, [...flags, '-c', file, '-o', obj], {}, path.join(dir, 'c'));
  const out: Record<string, string> = {};
  let cur = '';
  for (const line of run(objdump, ['-d', obj]).split('\n')) {
    const head = /^[0-9a-f]+ <(\w+)>:/.exec(line);
    if (head) { cur = /muladd/.test(head[1]) ? 'muladd' : /viavar/.test(head[1]) ? 'viavar' : head[1]; out[cur] = ''; } else if (cur) out[cur] += line + '\n';
  }
  return out;
}

const A64 = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-objdump'] as const;
const FMADD = /\tfmadd\s/;

describe.skipIf(cMissing.length > 0 && !inCI)('C: GCC contracts x*y+z on aarch64 by default, not on x86-64 without FMA', () => {
  beforeAll(() => {
    expect(cMissing, 'tools missing under CI').toEqual([]);
    fs.mkdirSync(path.join(dir, 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'c', 'f.c'), C_SRC);
    fs.writeFileSync(path.join(dir, 'c', 'f.cc'), C_SRC);
  });

  it('aarch64 gcc -O2 (GNU C, the default -ffp-contract=fast): fmadd, also across statements', () => {
    const f = cAsm(...A64, ['-O2']);
    expect(f.muladd).toMatch(FMADD);
    expect(f.viavar).toMatch(FMADD);
  });

  it('aarch64 gcc -O2 -ffp-contract=off, and -std=c11 (ISO C): fmul + fadd, no fmadd', () => {
    for (const flags of [['-O2', '-ffp-contract=off'], ['-O2', '-std=c11']]) {
      const f = cAsm(...A64, flags);
      expect(f.muladd, flags.join(' ')).not.toMatch(FMADD);
      expect(f.muladd, flags.join(' ')).toMatch(/\tfmul\s[\s\S]*\tfadd\s/);
    }
  });

  it('aarch64 g++ -O2 -std=c++17 contracts too (ISO C++ mode does not turn it off); -ffp-contract=off does', () => {
    expect(cAsm('aarch64-linux-gnu-g++', 'aarch64-linux-gnu-objdump', ['-O2', '-std=c++17'], 'f.cc').muladd).toMatch(FMADD);
    expect(cAsm('aarch64-linux-gnu-g++', 'aarch64-linux-gnu-objdump', ['-O2', '-std=c++17', '-ffp-contract=off'], 'f.cc').muladd).not.toMatch(FMADD);
  });

  it('aarch64 gcc -O0 and -O1: no fmadd (GCC 12 forms the FMA only from -O2)', () => {
    for (const o of ['-O0', '-O1']) expect(cAsm(...A64, [o]).muladd, o).not.toMatch(FMADD);
  });

  it('x86-64 gcc -O2: mulsd + addsd; with -mfma (or -march=x86-64-v3): vfmadd', () => {
    expect(cAsm('gcc', 'objdump', ['-O2']).muladd).not.toMatch(/vfmadd/);
    expect(cAsm('gcc', 'objdump', ['-O2']).muladd).toMatch(/mulsd[\s\S]*addsd/);
    expect(cAsm('gcc', 'objdump', ['-O2', '-mfma']).muladd).toMatch(/vfmadd\d+sd/);
  });

  it('run: x*y+z with 0.1, 10, -1 prints 0x1p-54 on aarch64 (qemu), 0x0p+0 on x86-64 and on aarch64 -ffp-contract=off', () => {
    const cwd = path.join(dir, 'c');
    run('aarch64-linux-gnu-gcc', ['-O2', '-static', 'f.c', '-o', 'a64'], {}, cwd);
    run('aarch64-linux-gnu-gcc', ['-O2', '-ffp-contract=off', '-static', 'f.c', '-o', 'a64off'], {}, cwd);
    expect(run('qemu-aarch64', ['./a64', X, Y, Z], {}, cwd).trim()).toBe('0x1p-54 0x1p-54');
    expect(run('qemu-aarch64', ['./a64off', X, Y, Z], {}, cwd).trim()).toBe('0x0p+0 0x0p+0');
    if (process.arch === 'x64') {
      run('gcc', ['-O2', 'f.c', '-o', 'x64'], {}, cwd);
      expect(run('./x64', [X, Y, Z], {}, cwd).trim()).toBe('0x0p+0 0x0p+0');
    }
  });
});

describe.skipIf(clangMissing.length > 0)('C: clang 19 contracts within an expression only (-ffp-contract=on)', () => {
  it('aarch64: fmadd for x*y+z, fmul + fadd across statements; -ffp-contract=fast fuses both, off neither', () => {
    fs.mkdirSync(path.join(dir, 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'c', 'f.c'), C_SRC);
    const clang = (flags: string[]) => cAsm('clang-19', 'aarch64-linux-gnu-objdump', ['--target=aarch64-linux-gnu', '-O2', ...flags]);
    const on = clang([]);
    expect(on.muladd).toMatch(FMADD);
    expect(on.viavar).not.toMatch(FMADD);
    const fast = clang(['-ffp-contract=fast']);
    expect(fast.viavar).toMatch(FMADD);
    const off = clang(['-ffp-contract=off']);
    expect(off.muladd).not.toMatch(FMADD);
  });
});
