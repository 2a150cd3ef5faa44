// The mechanisms behind the C rules' false findings on Debian 12 sources (docs/precision.md, "C rules on seven
// Debian code bases"): each case is a small excerpt of the real code, with a positive twin that must still fire.
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as charSign } from '../../../server/src/rules/c/c-char-signedness';
import { rule as unaligned } from '../../../server/src/rules/c/c-unaligned-cast';
import { rule as abiMismatch } from '../../../server/src/rules/c/c-abi-layout-mismatch';
import { rule as archError } from '../../../server/src/rules/c/c-arch-error-unguarded';
import { osOfPath } from '../../../server/src/rules/c/support/cSource';
import { ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

describe('files of another OS are not compiled for linux targets (libuv src/win/tty.c, src/unix/os390.c)', () => {
  // libuv src/win/tty.c uv_tty_set_style: a plain char sentinel -1, compared with -1 (a real bug where char is unsigned).
  const tty = 'static void style(int arg) {\n  char fg_color = -1, bg_color = -1;\n  if (arg == 30) fg_color = 7;\n  if (fg_color == -1 && bg_color == -1) return;\n}\n';
  it('negative: the windows folder', () => {
    expect(runRule(charSign, { path: 'src/win/tty.c', text: tty })).toEqual([]);
  });
  it('positive: the same code in a Linux file', () => {
    expect(runRule(charSign, { path: 'src/unix/tty.c', text: tty })).toHaveLength(2);
  });
  it('windows files still count for windows/arm64 (char is signed there, so nothing to say)', () => {
    expect(runRule(charSign, { path: 'src/win/tty.c', text: tty, config: { targets: ['linux/arm64', 'windows/arm64'] } })).toEqual([]);
  });
  it('negative: a z/OS file (libuv src/unix/os390.c uv_resident_set_memory)', () => {
    const text = 'int uv_resident_set_memory(unsigned long *rss) {\n  char* rax = 0;\n  unsigned long nframes;\n  nframes = *(unsigned int*)(rax + RAXFMCT);\n  *rss = nframes;\n  return 0;\n}\n';
    expect(runRule(unaligned, { path: 'src/unix/os390.c', text })).toEqual([]);
    expect(runRule(unaligned, { path: 'src/unix/linux.c', text })).toHaveLength(1);
  });
  it('path words', () => {
    expect(osOfPath('src/win/tty.c')).toBe('windows');
    expect(osOfPath('lib/foo-win32.c')).toBe('windows');
    expect(osOfPath('src/unix/os390-syscalls.c')).toBe('other');
    expect(osOfPath('src/unix/darwin.c')).toBe('other');
    expect(osOfPath('src/unix/linux.c')).toBeUndefined();
    expect(osOfPath('src/unix/core.c')).toBeUndefined();
    expect(osOfPath('lib/window.c')).toBeUndefined();
  });
});

describe('c-char-signedness: a byte >= 0x80 tested with < 0 stays reported (sqlite ext/repair/checkindex.c)', () => {
  it('positive: cidx_isident', () => {
    const text = "static int cidx_isident(char c){\n  return c<0\n    || (c>='0' && c<='9') || (c>='a' && c<='z')\n    || (c>='A' && c<='Z') || c=='_';\n}\n";
    const f = runRule(charSign, { path: 'ext/repair/checkindex.c', text });
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('warning');
  });
});

describe('c-unaligned-cast: only what faults is a warning', () => {
  // sqlite ext/session/session_speed_test.c: a struct seen as bytes, offsets from offsetof.
  const session = 'typedef struct CmdLineOption { const char *zText; int eType; int iOff; } CmdLineOption;\nvoid parse(CmdLineOption *pOpt, void *pStruct) {\n  char *pOut = (char*)pStruct;\n  *(int*)(&pOut[pOpt->iOff]) = 1;\n}\n';
  it('negative: a plain store on AArch64 Linux is a hint, not a warning', () => {
    const f = runRule(unaligned, { path: 'ext/session/session_speed_test.c', text: session });
    expect(f.map((x) => x.severity)).toEqual(['hint']);
  });
  it('negative: a 4-byte int store on linux/arm is STR, which works unaligned', () => {
    const f = runRule(unaligned, { path: 'a.c', text: session, config: { targets: ['linux/arm64', 'linux/arm'] } });
    expect(f.map((x) => x.severity)).toEqual(['hint']);
  });
  it('positive: linux/arm keeps the warning for 8-byte and floating accesses (LDRD/STRD, VLDR/VSTR)', () => {
    for (const t of ['long long', 'double', 'float']) {
      const f = runRule(unaligned, { path: 'a.c', text: session.replace('*(int*)', `*(${t}*)`), config: { targets: ['linux/arm64', 'linux/arm'] } });
      expect(f.map((x) => x.severity)).toEqual(['warning']);
    }
  });
  it('positive: an atomic builtin on the cast pointer is a warning on arm64 alone', () => {
    const text = '#include <stdint.h>\nuint32_t bump(unsigned char *buf, int off) {\n  return __atomic_fetch_add((uint32_t *)(buf + off), 1, __ATOMIC_SEQ_CST);\n}\n';
    const f = runRule(unaligned, { path: 'a.c', text });
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0].message).toMatch(/SIGBUS/);
  });
  it('positive: an _Atomic cast dereferenced', () => {
    const text = '#include <stdint.h>\nuint32_t get(char *buf) { return *(_Atomic uint32_t *)(buf + 1); }\n';
    expect(runRule(unaligned, { path: 'a.c', text }).map((x) => x.severity)).toEqual(['warning']);
  });
  it('negative: an atomic builtin at an aligned literal offset', () => {
    const text = '#include <stdint.h>\nuint32_t bump(unsigned char *buf) { return __atomic_fetch_add((uint32_t *)(buf + 8), 1, __ATOMIC_SEQ_CST); }\n';
    expect(runRule(unaligned, { path: 'a.c', text })).toEqual([]);
  });
});

describe('c-abi-layout-mismatch: only at a real ABI boundary', () => {
  const rec = 'struct rec { long id; char tag; };\n';
  const targets = { targets: ['linux/arm64', 'windows/arm64'] as ('linux/arm64' | 'windows/arm64')[] };
  it('negative: memcpy of a struct into another object of the same type', () => {
    const text = `#include <string.h>\n${rec}void copy(struct rec *dst, const struct rec *src) { memcpy(dst, src, sizeof(struct rec)); }\n`;
    expect(runRule(abiMismatch, { path: 'a.c', text, config: targets })).toEqual([]);
  });
  it('positive: write() of the same struct to a file descriptor', () => {
    const text = `#include <unistd.h>\n${rec}void save(int fd, const struct rec *r) { write(fd, r, sizeof(struct rec)); }\n`;
    expect(runRule(abiMismatch, { path: 'a.c', text, config: targets })).toHaveLength(1);
  });
  it('negative: a packed header differing only in tail padding (curl tests/server/tftp.h)', () => {
    const text = '#if defined(__GNUC__)\n#  define PACKED_STRUCT __attribute__((__packed__))\n#else\n#  define PACKED_STRUCT\n#endif\nstruct tftphdr {\n  short th_opcode;\n  unsigned short th_block;\n  char th_data[1];\n} PACKED_STRUCT;\n';
    expect(runRule(abiMismatch, { path: 'tests/server/tftp.h', text, config: targets })).toEqual([]);
  });
  it('positive: a packed record whose member offsets differ', () => {
    const text = 'struct __attribute__((packed)) msg { long id; int kind; };\n';
    const f = runRule(abiMismatch, { path: 'msg.h', text, config: targets });
    expect(f).toHaveLength(1);
  });
});

describe('c-arch-error-unguarded: ARM branches, other compilers, files outside the build', () => {
  it('negative: an MSVC chain with an _M_ARM64 branch', () => {
    const text = '#if defined(_M_X64)\n#define ARCH "x64"\n#elif defined(_M_ARM64)\n#define ARCH "arm64"\n#else\n#error "unsupported platform"\n#endif\n';
    expect(runRule(archError, { path: 'win_arch.h', text })).toEqual([]);
  });
  it('negative: reached on linux/amd64 as well (an MSVC-only header)', () => {
    const text = '#if defined(_M_IX86)\n#define A 1\n#elif defined(_M_X64)\n#define A 2\n#else\n#error "unsupported architecture"\n#endif\n';
    expect(runRule(archError, { path: 'msvc_only.h', text })).toEqual([]);
  });
  // OpenSSL crypto/poly1305/poly1305_ieee754.c: a template listed in no build.info.
  const poly = '#if defined(__x86_64__)\nstatic const unsigned mxcsr = 0x7f80;\n#elif defined(__PPC__)\nstatic const unsigned long long one = 1;\n#else\n#error "unrecognized platform"\n#endif\n';
  const buildInfo = 'LIBS=../../libcrypto\nSOURCE[../../libcrypto]=poly1305.c $POLY1305ASM\n';
  it('negative: a source file its directory\'s build file does not list', () => {
    expect(runRule(archError, { path: 'crypto/poly1305/poly1305_ieee754.c', text: poly, files: { 'crypto/poly1305/build.info': buildInfo, 'crypto/poly1305/poly1305.c': 'int x;\n' } })).toEqual([]);
  });
  it('positive: the same file when the build file lists it, or when no build file lists sources', () => {
    const listed = buildInfo.replace('poly1305.c', 'poly1305.c poly1305_ieee754.c');
    expect(runRule(archError, { path: 'crypto/poly1305/poly1305_ieee754.c', text: poly, files: { 'crypto/poly1305/build.info': listed, 'crypto/poly1305/poly1305.c': 'int x;\n' } })).toHaveLength(1);
    expect(runRule(archError, { path: 'crypto/poly1305/poly1305_ieee754.c', text: poly })).toHaveLength(1);
  });
  // A header with a GCC-visible x86 branch, included only under _MSC_VER by its directory.
  const msvcHeader = '#if defined(_M_X64) || defined(__x86_64__)\n#define ARCH 1\n#else\n#error "unsupported architecture"\n#endif\n';
  it('negative: a header included only under _MSC_VER', () => {
    const files = { 'src/core.c': '#ifdef _MSC_VER\n#include "cpu_arch.h"\n#endif\nint x;\n' };
    expect(runRule(archError, { path: 'src/cpu_arch.h', text: msvcHeader, files })).toEqual([]);
  });
  it('positive: the same header included unconditionally', () => {
    const files = { 'src/core.c': '#ifdef _MSC_VER\n#include "cpu_arch.h"\n#endif\n#include "cpu_arch.h"\nint x;\n' };
    expect(runRule(archError, { path: 'src/cpu_arch.h', text: msvcHeader, files })).toHaveLength(1);
    expect(runRule(archError, { path: 'src/cpu_arch.h', text: msvcHeader })).toHaveLength(1);
  });
  it('positive: included by a sibling file (#include "x.c") counts as built', () => {
    const files = { 'lib/build.info': 'SOURCE[x]=main.c\n', 'lib/main.c': '#include "arch.c"\n' };
    expect(runRule(archError, { path: 'lib/arch.c', text: poly, files })).toHaveLength(1);
  });
});
