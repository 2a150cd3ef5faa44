// c-compiler-barrier-as-fence: fixtures, and the compiler experiment of its docs page (a compiler barrier emits no
// dmb on AArch64; __atomic_thread_fence does).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../server/src/rules/c/c-compiler-barrier-as-fence';
import { barrierKindOfName } from '../../../server/src/rules/c/support/barrierNames';
import { missingTools } from '../../helpers/cOracle';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

const CB = '__asm__ __volatile__("" ::: "memory")';

const valid: { name: string; text: string; path?: string }[] = [
  { name: 'x86-only branch (TSO: a compiler barrier is a read/write barrier there)', text: `#if defined(__x86_64__) || defined(__i386__)\n#define smp_wmb() ${CB}\n#define smp_rmb() ${CB}\n#endif\n` },
  { name: 'a real dmb on AArch64, compiler barrier on x86', text: `#if defined(__aarch64__)\n#define smp_mb() __asm__ __volatile__("dmb ish" ::: "memory")\n#elif defined(__x86_64__)\n#define smp_mb() ${CB}\n#endif\n` },
  { name: '__atomic_thread_fence', text: '#define memory_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)\n#define compiler_barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)\n' },
  { name: 'barrier() is the compiler barrier, named as such', text: `#define barrier() ${CB}\nstatic inline void compiler_barrier(void) { ${CB}; }\n#define COMPILER_BARRIER() asm volatile("":::"memory")\n#define cc_barrier() ${CB}\n` },
  { name: 'MSVC names of compiler barriers', text: '#define ReadWriteBarrier() _ReadWriteBarrier()\n' },
  { name: 'a barrier with a fence besides the compiler barrier', text: `#define smp_mb() do { ${CB}; __sync_synchronize(); ${CB}; } while (0)\n` },
  { name: 'a call the file does not define', text: '#define smp_wmb() barrier()\n#define smp_mb() arch_mb()\n' },
  { name: 'a function with a real fence in the ARM branch (jemalloc atomic_fence)', text: `static inline void atomic_fence(void) {\n\t${CB};\n#if defined(__i386__) || defined(__x86_64__)\n#else\n\t__sync_synchronize();\n#endif\n\t${CB};\n}\n` },
  { name: 'an empty asm without a memory clobber is not a compiler barrier', text: '#define smp_mb() __asm__ __volatile__("")\n' },
  { name: 'a generic fallback after an architecture chain that defines it', text: `#if defined(__x86_64__)\n#define smp_mb() asm volatile("mfence" ::: "memory")\n#elif defined(__aarch64__)\n#define smp_mb() asm volatile("dmb ish" ::: "memory")\n#endif\n#ifndef smp_mb\n#define smp_mb() ${CB}\n#endif\n` },
  { name: 'a uniprocessor branch under a project macro (unknown)', text: `#ifndef CONFIG_SMP\n#define smp_mb() ${CB}\n#else\n#define smp_mb() __asm__ __volatile__("dmb ish" ::: "memory")\n#endif\n` },
  { name: 'read_barrier_depends is a no-op on ARM by design', text: `#define read_barrier_depends() ${CB}\n` },
  { name: 'documented as a compiler barrier (benchmarks: "Prevent aggressive optimization")', text: `#include <stdio.h>\n\n/* Prevent aggressive optimization */\n#define MEMORY_BARRIER() ${CB}\n#define smp_wmb() ${CB} /* compiler only: single-threaded build */\n` },
  { name: 'an x86 file by name', path: 'src/atomic_x86.h', text: `#define smp_wmb() ${CB}\n` },
  { name: 'a 32-bit ARM file by name, on linux/arm64 (Genode arm_v6 emulation)', path: 'src/lx_emul/spec/arm_v6/barrier.h', text: `#define smp_mb() ${CB}\n` },
  { name: 'another architecture\'s file by name (nginx ngx_gcc_atomic_ppc.h)', path: 'src/os/unix/ngx_gcc_atomic_ppc.h', text: `#define ngx_memory_barrier() ${CB}\n` },
];

describe('c-compiler-barrier-as-fence', () => {
  for (const c of valid) it(`valid: ${c.name}`, () => { expect(runRule(rule, { path: c.path ?? 'src/a.h', text: c.text })).toEqual([]); });

  it('invalid: kernel-style macros reachable on arm64, through barrier()', () => {
    const text = [
      `#define barrier() ${CB}`,
      '#define smp_mb() barrier()',
      '#define smp_rmb() barrier()',
      '# define smp_wmb()\tdo { barrier(); } while (0)',
      '',
    ].join('\n');
    const f = runRule(rule, { path: 'src/a.h', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:9-2:15', '3:9-3:16', '4:10-4:17']);
    expect(f.every((x) => x.severity === 'info')).toBe(true);
    expect(f[0].message).toMatch(/^smp_mb is named as a memory barrier but, as compiled for linux\/arm64, it is only a compiler barrier \(__asm__ __volatile__\(.*mfence.*__atomic_thread_fence\(__ATOMIC_SEQ_CST\) or asm volatile\("dmb ish" ::: "memory"\)\.$/);
    expect(f[1].message).toMatch(/read barrier.*__ATOMIC_ACQUIRE.*dmb ishld/);
    expect(f[2].message).toMatch(/write barrier.*__ATOMIC_RELEASE.*dmb ishst/);
  });

  it('invalid: the generic #else of an architecture chain, functions, signal fences, MSVC', () => {
    const text = [
      '#if defined(__x86_64__)',
      '#define memory_barrier() __asm__ __volatile__("mfence" ::: "memory")',
      '#else',
      '#define memory_barrier() asm volatile("":::"memory")',
      '#endif',
      `static inline void MemoryFence(void) {\n  ${CB};\n}`,
      'static inline void full_barrier(void) { atomic_signal_fence(memory_order_seq_cst); }',
      '#define write_barrier() _WriteBarrier()',
      '',
    ].join('\n');
    const f = runRule(rule, { path: 'src/a.c', text });
    expect(f.map((x) => `${rangeOf(text, x)} ${(x.data as { name: string }).name}`)).toEqual([
      '4:9-4:23 memory_barrier', '6:20-6:31 MemoryFence', '9:20-9:32 full_barrier', '10:9-10:22 write_barrier']);
  });

  it('invalid: MSVC only on windows/arm64, with the MSVC fence', () => {
    const text = '#ifdef _MSC_VER\n#define smp_mb() _ReadWriteBarrier()\n#endif\n';
    expect(runRule(rule, { path: 'src/a.h', text })).toEqual([]);
    const f = runRule(rule, { path: 'src/a.h', text, config: { targets: ['linux/arm64', 'windows/arm64'] } });
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/as compiled for windows\/arm64.*\(MSVC: __dmb\(_ARM64_BARRIER_ISH\)\)\.$/)]);
  });

  it('invalid: a 32-bit ARM file on linux/arm', () => {
    const text = `#define smp_mb() ${CB}\n`;
    const f = runRule(rule, { path: 'src/spec/arm_v6/barrier.h', text, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(f.map((x) => (x.data as { target: string }).target)).toEqual(['linux/arm']);
  });

  it('invalid: in a cgo preamble', () => {
    const text = `package p\n\n/*\n#define smp_wmb() ${CB}\n*/\nimport "C"\n`;
    expect(runRule(rule, { path: 'p.go', text }).map((x) => rangeOf(text, x))).toEqual(['4:9-4:16']);
  });

  // Shapes found in public code outside the corpus (docs page, "Outside the corpus"), cut to the definitions.
  it('real code: ixmap/libufp mb/rmb/wmb in the #else of an x86 test (device rings), FastNetMon AF_XDP memory_barrier', () => {
    const rtx = '#if defined(__x86_64__) || defined(__i386__) || defined(__amd64__)\n#define mb()  asm volatile("mfence" ::: "memory")\n' +
      '#define wmb() asm volatile("sfence" ::: "memory")\n#define rmb() asm volatile("lfence" ::: "memory")\n#else\n' +
      '#define mb()  asm volatile("" ::: "memory")\n#define rmb() asm volatile("" ::: "memory")\n#define wmb() asm volatile("" ::: "memory")\n#endif\n';
    const f = runRule(rule, { path: 'lib/libufp_rtx.h', text: rtx });
    expect(f.map((x) => (x.data as { name: string }).name)).toEqual(['mb', 'rmb', 'wmb']);
    expect(f[2].message).toMatch(/__ATOMIC_RELEASE\) or asm volatile\("dmb ishst" ::: "memory"\); if it orders memory shared with a device \(DMA rings, MMIO\), the Linux kernel's wmb\(\) is dsb st on arm64\.$/);
    const xdp = '// We do not need any headroom\n#define FRAME_HEADROOM 0\n\n// clang-format off\n#define memory_barrier() __asm__ __volatile__("": : :"memory")\n// clang-format on\n';
    expect(runRule(rule, { path: 'src/xdp_plugin/xdp_collector.cpp', text: xdp }).map((x) => rangeOf(xdp, x))).toEqual(['5:9-5:23']);
  });

  it('real code: ewoksys (isb on AArch64), lo2s (dmb ld on AArch64, compiler-only on sh/hppa/sparc) are not reported', () => {
    const ewok = '#ifdef __aarch64__\n    #define memory_barrier() __asm__ __volatile__("isb" ::: "memory")\n#elif defined(__arm__) && (__ARM_ARCH > 6)\n' +
      '    #define memory_barrier() __asm__ __volatile__("isb" ::: "memory")\n#else\n    #define memory_barrier() __asm__ __volatile__("" ::: "memory")\n#endif\n';
    expect(runRule(rule, { path: 'src/sched.c', text: ewok })).toEqual([]);
    const lo2s = '#ifdef __powerpc__\n#define rmb() asm volatile("sync" : : : "memory")\n#elif defined(__sh__)\n#define rmb() asm volatile("" ::: "memory")\n' +
      '#elif defined(__hppa__)\n#define rmb() asm volatile("" ::: "memory")\n#elif defined(__sparc__)\n#define rmb() asm volatile("" ::: "memory")\n' +
      '#elif defined(__aarch64__)\n#define rmb() asm volatile("dmb ld" ::: "memory")\n#endif\n';
    expect(runRule(rule, { path: 'include/lo2s/platform.hpp', text: lo2s })).toEqual([]);
  });

  it('names: what promises a CPU barrier', () => {
    const kinds = Object.fromEntries(['smp_mb', '__smp_rmb', 'wmb', 'MemoryBarrier', 'sqlite3MemoryBarrier', 'ngx_memory_barrier', 'fence_acquire',
      'store_barrier', 'barrier', 'compiler_barrier', 'read_barrier_depends', 'smp_mb__before_atomic', '_ReadWriteBarrier', 'signal_fence', 'MB']
      .map((n) => [n, barrierKindOfName(n) ?? '-']));
    expect(kinds).toEqual({
      smp_mb: 'full', __smp_rmb: 'read', wmb: 'write', MemoryBarrier: 'full', sqlite3MemoryBarrier: 'full', ngx_memory_barrier: 'full',
      fence_acquire: 'read', store_barrier: 'write', barrier: '-', compiler_barrier: '-', read_barrier_depends: '-',
      smp_mb__before_atomic: '-', _ReadWriteBarrier: '-', signal_fence: '-', MB: 'full',
    });
  });
});

// The docs page's experiment: message passing with a compiler barrier vs __atomic_thread_fence, compiled -O2.
const inCI = !!process.env.CI && process.env.CI !== 'false';
const TOOLS = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-objdump', 'gcc', 'objdump'];
const missing = missingTools(TOOLS);
if (missing.length && !inCI) console.warn(`compiler-barrier code generation test SKIPPED: missing ${missing.join(', ')}`);
const LITMUS = `int data, flag;
void writer_cb(int v) { data = v; __asm__ __volatile__("" ::: "memory"); flag = 1; }
void writer_sig(int v) { data = v; __atomic_signal_fence(__ATOMIC_SEQ_CST); flag = 1; }
void writer_seq(int v) { data = v; __atomic_thread_fence(__ATOMIC_SEQ_CST); flag = 1; }
void writer_rel(int v) { data = v; __atomic_thread_fence(__ATOMIC_RELEASE); flag = 1; }
int reader_acq(void) { while (!*(volatile int *)&flag) continue; __atomic_thread_fence(__ATOMIC_ACQUIRE); return data; }
`;

/** Each function's instructions, from objdump -d. */
function functions(cc: string, objdump: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64-port-barrier-'));
  try {
    fs.writeFileSync(path.join(dir, 'mp.c'), LITMUS);
    const c = spawnSync(cc, ['-O2', '-c', 'mp.c', '-o', 'mp.o'], { cwd: dir, encoding: 'utf8' });
    expect(c.status, c.stderr).toBe(0);
    const out: Record<string, string> = {};
    let cur = '';
    for (const line of spawnSync(objdump, ['-d', path.join(dir, 'mp.o')], { encoding: 'utf8' }).stdout.split('\n')) {
      const head = /^[0-9a-f]+ <(\w+)>:/.exec(line);
      if (head) { cur = head[1]; out[cur] = ''; } else if (cur) out[cur] += line + '\n';
    }
    return out;
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

describe.skipIf(missing.length > 0 && !inCI)('what the barriers compile to', () => {
  it('aarch64-linux-gnu-gcc -O2: no dmb for a compiler barrier or signal fence; dmb ish / ishld for thread fences', () => {
    expect(missing, 'tools missing under CI').toEqual([]);
    const f = functions('aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-objdump');
    expect(f.writer_cb).not.toMatch(/\bdmb\b/);
    expect(f.writer_sig).not.toMatch(/\bdmb\b/);
    expect(f.writer_seq).toMatch(/\bdmb\s+ish\b/);
    expect(f.writer_rel).toMatch(/\bdmb\s+ish\b/);
    expect(f.reader_acq).toMatch(/\bdmb\s+ishld\b/);
  });
  it('x86-64 gcc -O2: acquire/release fences emit nothing (TSO), a seq_cst fence emits a locked instruction or mfence', () => {
    const f = functions('gcc', 'objdump');
    for (const fn of ['writer_cb', 'writer_sig', 'writer_rel', 'reader_acq']) expect(f[fn], fn).not.toMatch(/\block\b|mfence/);
    expect(f.writer_seq).toMatch(/\block\b|mfence/);
  });
});
