import { beforeAll, describe, expect, it } from 'vitest';
import { rule as longDouble } from '../../../server/src/rules/c/c-long-double';
import { rule as unaligned } from '../../../server/src/rules/c/c-unaligned-cast';
import { rule as sync } from '../../../server/src/rules/c/c-legacy-sync-builtins';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

describe('c-long-double', () => {
  it('valid: prototypes and header declarations, guarded code', () => {
    for (const text of [
      'long double sqrtl(long double x);\nextern long double ld_table[4];\n',
      '#if defined(__x86_64__)\nlong double f(void) { long double x = 1; return x; }\n#endif\n',
      'double f(double x) { return x * 2; }\n',
    ]) expect(runRule(longDouble, { path: 'a.c', text })).toEqual([]);
    // libstdc++ numeric_traits.h: a C++ header with a .h name; a constant, not arithmetic
    const cxx = 'template <>\n  struct __norm_min_impl<long double, true>\n  { static inline constexpr long double value = __LDBL_MIN__; };\n';
    expect(runRule(longDouble, { path: 'bits/numeric_traits.h', text: cxx })).toEqual([]);
    expect(runRule(longDouble, { path: 'bits/numeric_traits.h', text: cxx.replace('template <>', 'struct X {};') })).toEqual([]);
  });
  it('invalid: one note per function (local and cast)', () => {
    const text = 'double f(double a) {\n  long double acc = a;\n  long double b = acc * 3;\n  return (double)b;\n}\ndouble g(double a) { return (double)((long double)a / 3); }\n';
    const f = runRule(longDouble, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:3-2:14', '6:39-6:50']);
    expect(f[0].severity).toBe('info');
    expect(f[0].message).toMatch(/binary128 computed in software/);
  });
  it('invalid: a comment inside the parentheses is not the operand', () => {
    for (const text of ['double f(long double x) { return (double)((/* c */ x) * 3); }\n', 'double f(long double x) { return (double)((x /* c */) * 3); }\n']) {
      expect(runRule(longDouble, { path: 'a.c', text }), text).toHaveLength(1);
    }
  });
  it('valid: long double stored, converted, compared, classified, but not computed with (redis)', () => {
    for (const text of [
      // redis src/util.c string2ld: strtold, HUGE_VAL comparisons (one negated: a double), isnan
      '#include <math.h>\n#include <stdlib.h>\nint string2ld(const char *buf, long double *dp) {\n  long double value; char *eptr;\n  value = strtold(buf, &eptr);\n' +
        '  if (value == HUGE_VAL || value == -HUGE_VAL || fpclassify(value) == FP_ZERO || isnan(value)) return 0;\n  if (dp) *dp = value;\n  return 1;\n}\n',
      // src/object.c getLongDoubleFromObject: a cast of a long and a store
      'int get(void *o, long double *target) {\n  long double value;\n  if (o == 0) value = 0; else value = (long)o;\n  *target = value;\n  return 0;\n}\n',
      // src/module.c RM_LoadLongDouble, tests/modules/reply.c: parsed and passed on
      'long double load(const char *s) {\n  long double value;\n  string2ld(s, 3, &value);\n  return value;\n}\nint reply(long double);\nint rw(const char *a) { long double d; parse(a, &d); return reply(d); }\n',
      // tests/modules/testrdb.c: a round trip checked against a constant; tests/modules/misc.c: a constant passed on
      '#include <assert.h>\nvoid load(void *rdb) { long double ld = LoadLongDouble(rdb); assert(ld==0.333333333333333333L); }\n' +
        'int conv(void) { long double ld = 0.00000000000000001L; return CreateStringFromLongDouble(ld, 1) != 0; }\n',
      // hyperloglog.c: an exact long double function (rounding) of a double; ceill of a value, no operator
      '#include <math.h>\nlong long est(double m, double z) { long long E = llroundl(0.7213*m*m/z); return E; }\n',
      '#include <math.h>\nlong long up(long double x) { return (long long)ceill(x); }\n',
      // printf and a long double parameter only printed
      '#include <stdio.h>\nvoid show(long double x) { printf("%Lf\\n", x); }\n',
    ]) expect(runRule(longDouble, { path: 'a.c', text })).toEqual([]);
  });
  it('invalid: compound assignment, math call, unary minus, increment, parameter, literal (redis t_string.c, timeout.c)', () => {
    // t_string.c incrbyfloatCommand: value += incr, reported at the declaration of value
    const incr = 'void incrbyfloat(void) {\n  long double incr, value;\n  get(&value); get(&incr);\n  value += incr;\n  reply(value);\n}\n';
    let f = runRule(longDouble, { path: 'a.c', text: incr });
    expect(f.map((x) => rangeOf(incr, x))).toEqual(['2:3-2:14']);
    expect(f[0].message).toContain('(value += incr at line 4)');
    // timeout.c getTimeoutFromObjectOrReply: ceill(ftval * 1000.0)
    const timeout = '#include <math.h>\nint timeout(long long *t) {\n  long double ftval;\n  if (get(&ftval)) return 1;\n  *t = (long long) ceill(ftval * 1000.0);\n  return 0;\n}\n';
    f = runRule(longDouble, { path: 'a.c', text: timeout });
    expect(f.map((x) => rangeOf(timeout, x))).toEqual(['3:3-3:14']);
    for (const text of [
      'long double neg(long double x) { return -x; }\n',
      'void inc(long double *p) { (*p)++; }\n',
      'void inc2(long double *p) { p[0] += 1; }\n',
      '#include <math.h>\ndouble r(double x) { return (double)sqrtl(x); }\n',
      'double third(double x) { return x / 3.0L; }\n',
      'long double acc;\nvoid add(double x) { acc += x; }\n',
    ]) expect(runRule(longDouble, { path: 'a.c', text }), text).toHaveLength(1);
  });
  it('invalid: on linux/arm it says long double is double', () => {
    const f = runRule(longDouble, { path: 'a.c', text: 'double f(double a) { long double x = a; return (double)(x * x); }\n', config: { targets: ['linux/arm'] } });
    expect(f[0].message).toMatch(/same as double/);
  });
});

describe('c-unaligned-cast', () => {
  it('valid: aligned offsets, memcpy, non-byte base, unknown base type', () => {
    for (const text of [
      '#include <stdint.h>\nuint32_t f(const uint8_t *buf) { return *(const uint32_t *)(buf + 4); }\n',
      '#include <string.h>\n#include <stdint.h>\nuint32_t f(const uint8_t *buf) { uint32_t v; memcpy(&v, buf + 1, sizeof v); return v; }\n',
      '#include <stdint.h>\nuint32_t f(const uint32_t *w, int i) { return *(const uint32_t *)(w + i); }\n',
      'unsigned f(int i) { return *(unsigned *)(p + i); }\n',
    ]) expect(runRule(unaligned, { path: 'a.c', text })).toEqual([]);
  });
  it('invalid: odd literal offset and variable offset; hint on arm64; on linux/arm a warning for 8-byte widths only', () => {
    const text = '#include <stdint.h>\nuint32_t f(const unsigned char *buf, int pos) {\n  uint16_t a = *(uint16_t *)(buf + 1);\n  return *(const uint32_t *)&buf[pos] + a;\n}\n';
    const f = runRule(unaligned, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['3:16-3:38', '4:10-4:38']);
    expect(f.map((x) => x.severity)).toEqual(['hint', 'hint']); // plain loads do not fault on AArch64 Linux (facts §6): a hint since docs/precision.md "C rules on seven Debian code bases"
    // 2- and 4-byte integer accesses are LDRH/LDR on ARMv7, which work unaligned (facts §6): hints there too.
    const g = runRule(unaligned, { path: 'a.c', text, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(g.map((x) => x.severity)).toEqual(['hint', 'hint']);
    const wide = text.replace('*(const uint32_t *)&buf[pos]', '(uint32_t)*(const uint64_t *)&buf[pos]');
    const w = runRule(unaligned, { path: 'a.c', text: wide, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(w.map((x) => x.severity)).toEqual(['hint', 'warning']);
    expect(w[1].message).toMatch(/LDRD\/STRD/);
  });
  it('found however the cast value is spaced, parenthesized or commented (the text prefilter must not hide it)', () => {
    for (const value of ['((buf) + 1)', '(\n  buf\n  + 1)', '( /* x */ buf + 1)', '(buf /* x */ + 1)', '&(buf)[1]', '& buf [ 1 ]', '(&buf[1])']) {
      const text = `#include <stdint.h>\nuint32_t f(const uint8_t *buf) { return *(const uint32_t *)${value}; }\n`;
      expect(runRule(unaligned, { path: 'a.c', text }), value).toHaveLength(1);
    }
  });
});

describe('c-legacy-sync-builtins', () => {
  it('valid: __atomic builtins; guarded __sync', () => {
    for (const text of [
      'int f(int *p) { return __atomic_fetch_add(p, 1, __ATOMIC_RELAXED); }\n',
      '#if defined(__i386__)\nint f(int *p) { return __sync_fetch_and_add(p, 1); }\n#endif\n',
    ]) expect(runRule(sync, { path: 'a.c', text })).toEqual([]);
  });
  it('invalid: each call, with mechanical suggestions where the order is documented', () => {
    const text = 'int f(int *p, int v) {\n  __sync_synchronize();\n  int old = __sync_fetch_and_add(&p[0], v + 1);\n  while (__sync_lock_test_and_set(p, 1)) {}\n  __sync_lock_release(p);\n  return __sync_bool_compare_and_swap(p, old, 2);\n}\n';
    const f = runRule(sync, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:3-2:21', '3:13-3:33', '4:10-4:34', '5:3-5:22', '6:10-6:38']);
    expect(f.every((x) => x.severity === 'info')).toBe(true);
    let fixed = text;
    for (const x of [...f].reverse()) if (x.fixes[0]) fixed = applyFixes(fixed, x.fixes[0]);
    expect(fixed).toBe('int f(int *p, int v) {\n  __atomic_thread_fence(__ATOMIC_SEQ_CST);\n  int old = __atomic_fetch_add(&p[0], v + 1, __ATOMIC_SEQ_CST);\n  while (__atomic_exchange_n(p, 1, __ATOMIC_ACQUIRE)) {}\n  __atomic_store_n(p, 0, __ATOMIC_RELEASE);\n  return __sync_bool_compare_and_swap(p, old, 2);\n}\n');
    const tree = parseText('c', fixed);
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
    expect(f[4].fixes).toEqual([]);
  });
  it('a call with another one in its arguments is reported without a replacement (the inner call has one)', () => {
    const text = 'int f(int *p, int *q) {\n  return __sync_fetch_and_add(p, __sync_fetch_and_add(q, 1));\n}\n';
    const f = runRule(sync, { path: 'a.c', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['2:10-2:30', '2:34-2:54']);
    expect(f[0].fixes).toEqual([]);
    expect(applyFixes(text, f[1].fixes[0])).toContain('__sync_fetch_and_add(p, __atomic_fetch_add(q, 1, __ATOMIC_SEQ_CST))');
  });
  // jemalloc 5.3 include/jemalloc/internal/atomic.h picks its implementation; ARM64 compilers have __atomic builtins.
  const JE_ATOMIC = '#if defined(JEMALLOC_GCC_ATOMIC_ATOMICS)\n#  include "jemalloc/internal/atomic_gcc_atomic.h"\n#  if !defined(JEMALLOC_GCC_U8_ATOMIC_ATOMICS)\n#    undef JEMALLOC_U8_ATOMICS\n#  endif\n' +
    '#elif defined(JEMALLOC_GCC_SYNC_ATOMICS)\n#  include "jemalloc/internal/atomic_gcc_sync.h"\n#elif defined(_MSC_VER)\n#  include "jemalloc/internal/atomic_msvc.h"\n' +
    '#elif defined(JEMALLOC_C11_ATOMICS)\n#  include "jemalloc/internal/atomic_c11.h"\n#else\n#  error "Don\'t have atomics implemented on this platform."\n#endif\n';
  const GCC_ATOMIC = 'static inline int atomic_load_i(int *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }\n';
  const SYNC = 'static inline int atomic_fetch_add_i(int *p, int v) {\n  __sync_synchronize();\n  return __sync_fetch_and_add(p, v);\n}\n';
  const dir = 'include/jemalloc/internal/';
  it('a fallback header (included only after a branch that includes __atomic/C11 atomics) is a hint that says why (jemalloc)', () => {
    const f = runRule(sync, { path: dir + 'atomic_gcc_sync.h', text: SYNC, files: { [dir + 'atomic.h']: JE_ATOMIC, [dir + 'atomic_gcc_atomic.h']: GCC_ATOMIC } });
    expect(f.map((x) => x.severity)).toEqual(['hint', 'hint']);
    expect(f[0].message).toContain('Probably not compiled on ARM64: this header is a fallback');
    expect(f[0].message).toContain('include/jemalloc/internal/atomic.h:7 includes it only in an #elif/#else branch after the one that includes jemalloc/internal/atomic_gcc_atomic.h');
    // C11 <stdatomic.h> in the earlier branch counts too.
    const c11 = '#if HAVE_C11\n#include <stdatomic.h>\n#else\n#include "sync_ops.h"\n#endif\n';
    expect(runRule(sync, { path: 'lib/sync_ops.h', text: SYNC, files: { 'lib/ops.h': c11 } }).map((x) => x.severity)).toEqual(['hint', 'hint']);
  });
  it('still info: the generic #else (libuv src/unix/atomic-ops.h, included unconditionally), an earlier branch without modern atomics, another includer that always includes it', () => {
    // libuv 1.44 atomic-ops.h: the __sync call is the #else of an arch #if inside the header; async.c includes it plainly.
    const uv = 'static int cmpxchgi(int* ptr, int oldval, int newval) {\n#if defined(__i386__) || defined(__x86_64__)\n  return x86_cas(ptr, oldval, newval);\n' +
      '#else\n  return __sync_val_compare_and_swap(ptr, oldval, newval);\n#endif\n}\n';
    expect(runRule(sync, { path: 'src/unix/atomic-ops.h', text: uv, files: { 'src/unix/async.c': '#include "atomic-ops.h"\n', 'src/unix/spinlock.h': '#include "atomic-ops.h"\n' } }).map((x) => x.severity)).toEqual(['info']);
    // The earlier branch includes the MSVC implementation: no __atomic builtins there.
    const msvcFirst = JE_ATOMIC.replace('atomic_gcc_atomic.h', 'atomic_msvc.h');
    expect(runRule(sync, { path: dir + 'atomic_gcc_sync.h', text: SYNC, files: { [dir + 'atomic.h']: msvcFirst, [dir + 'atomic_gcc_atomic.h']: GCC_ATOMIC, [dir + 'atomic_msvc.h']: 'long _InterlockedIncrement(long volatile *);\n' } })
      .map((x) => x.severity)).toEqual(['info', 'info']);
    // A second includer that includes it in its first branch (or unconditionally).
    expect(runRule(sync, { path: dir + 'atomic_gcc_sync.h', text: SYNC, files: { [dir + 'atomic.h']: JE_ATOMIC, [dir + 'atomic_gcc_atomic.h']: GCC_ATOMIC, [dir + 'bench.c']: '#include "jemalloc/internal/atomic_gcc_sync.h"\n' } })
      .map((x) => x.severity)).toEqual(['info', 'info']);
    // The fallback branch is the one the ARM64 target takes (its condition is true there).
    const armFirst = '#if defined(__aarch64__)\n#include "sync_ops.h"\n#elif 1\n#include <stdatomic.h>\n#endif\n';
    const armElse = '#if defined(__x86_64__)\n#include <stdatomic.h>\n#elif defined(__aarch64__)\n#include "sync_ops.h"\n#endif\n';
    expect(runRule(sync, { path: 'lib/sync_ops.h', text: SYNC, files: { 'lib/ops.h': armFirst } }).map((x) => x.severity)).toEqual(['info', 'info']);
    expect(runRule(sync, { path: 'lib/sync_ops.h', text: SYNC, files: { 'lib/ops.h': armElse } }).map((x) => x.severity)).toEqual(['info', 'info']);
  });
});
