// With a file's whole command line (its compile_commands.json entry), a project macro that no -D, no file of the
// translation unit and no system header defines is undefined for the compiler: the layouts under `#ifdef` on it
// must equal gcc's. Where anything could still define it (an include the engine did not read, a header that
// defines it under a condition the engine cannot decide, no complete command line), the layout stays unknown.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts, type LayoutRecord } from '../../realcode/compareLayouts';
import { compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout, writeIn } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const COMPILERS = ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf', 'clang-19'];
const missing = missingTools(COMPILERS);

const LOCKS = `#include <stdint.h>
#include <pthread.h>
#ifdef PROJECT_THREADS
typedef pthread_mutex_t lock_t;
#else
typedef int lock_t;
#endif
#if defined(__FreeBSD__) || defined(__ICCARM__)
#  define SLOT_BITS 7
#else
#  define SLOT_BITS 3
#endif
struct slot { char tag; lock_t lock; uint64_t seq; unsigned kind : SLOT_BITS; };
`;

let dir = '';
const write = (name: string, text: string) => writeIn(dir, name, text);

const engine = (file: string, defines: Record<string, string>, complete: boolean) => engineLayouts(dir, file, TARGETS, { defines, complete });

const gcc = (file: string, flags: string[]) => compilerLayouts(dir, file, TARGETS, flags);

const slot = (records: LayoutRecord[]) => records.filter((r) => r.name === 'slot');

describe.skipIf(skipWithout(missing))('closed translation units: #if on project macros decided for layouts', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'closed-world-'); });

  it('equals gcc without the -D, and with it, when the command line is complete', async () => {
    const file = write('locks.h', LOCKS);
    for (const [defines, flags] of [[{}, []], [{ PROJECT_THREADS: '1' }, ['-DPROJECT_THREADS=1']]] as const) {
      const c = compareLayouts(engine(file, defines, true), await gcc(file, [...flags]));
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      expect(c.extra).toEqual([]);
      expect(c.exact.filter((k) => k.endsWith(' slot'))).toHaveLength(TARGETS.length);
    }
  });

  it('stays unknown without the whole command line', () => {
    const file = write('locks.h', LOCKS);
    for (const r of slot(engine(file, {}, false))) expect(r.unresolved).toMatch(/lock_t is defined under an #if that cannot be evaluated|the width of bit-field kind cannot be evaluated/);
  });

  it('stays unknown when an include was not read: it could define the macro', () => {
    for (const include of ['#include "generated_config.h"', '#include <zlib.h>']) {
      const file = write('open.h', `${include}\n${LOCKS}`);
      for (const r of slot(engine(file, {}, true))) expect(r.unresolved, include).toMatch(/lock_t is defined under an #if that cannot be evaluated|the width of bit-field kind cannot be evaluated/);
    }
  });

  it('stays unknown when another header defines the macro under a condition the engine cannot decide', () => {
    write('config.h', '#ifdef UINTPTR_MAX\n#define PROJECT_THREADS 1\n#endif\n');
    const file = write('conditional.h', `#include "config.h"\n${LOCKS}`);
    for (const r of slot(engine(file, {}, true))) expect(r.unresolved).toMatch(/lock_t is defined under an #if that cannot be evaluated|the width of bit-field kind cannot be evaluated/);
  });

  it('follows a definition in a header that the compiler reads', async () => {
    write('config_on.h', '#define PROJECT_THREADS 1\n');
    const file = write('configured.h', `#include "config_on.h"\n${LOCKS}`);
    const c = compareLayouts(engine(file, {}, true), await gcc(file, []));
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' slot'))).toHaveLength(TARGETS.length);
  });

  it('takes a macro that is #defined only in branches the compiler skips as undefined, through two headers', async () => {
    // curl's USE_SSL: defined in curl_setup.h only under `#ifdef USE_OPENSSL`..., none of which is set.
    write('tls_features.h', '#ifdef WITH_TLS_LIBRARY\n#define PROJECT_TLS 1\n#endif\n');
    write('threads_config.h', '#include "tls_features.h"\n#ifdef PROJECT_TLS\n#define PROJECT_THREADS 1\n#endif\n');
    const file = write('skipped.h', `#include "threads_config.h"\n${LOCKS}`);
    for (const [defines, flags] of [[{}, []], [{ WITH_TLS_LIBRARY: '1' }, ['-DWITH_TLS_LIBRARY=1']]] as const) {
      const c = compareLayouts(engine(file, defines, true), await gcc(file, [...flags]));
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      expect(c.exact.filter((k) => k.endsWith(' slot'))).toHaveLength(TARGETS.length);
    }
    // Without the whole command line WITH_TLS_LIBRARY may be set: unknown.
    for (const r of slot(engine(file, {}, false))) expect(r.unresolved).toMatch(/lock_t is defined under an #if that cannot be evaluated|the width of bit-field kind cannot be evaluated/);
  });

  it('takes a macro as undefined in the one file that #defines it in compiled code, before its #define', async () => {
    // sqlite's os_setup.h tests `SQLITE_OS_OTHER+1>1` before it #defines SQLITE_OS_OTHER itself, and vxworks.h
    // #defines it only for VxWorks, a branch the compiler skips.
    write('vx.h', '#if defined(__RTP__) || defined(_WRS_KERNEL)\n#define PROJECT_OS_OTHER 0\n#endif\n');
    write('os_setup.h', [
      '#ifndef PROJECT_OS_UNIX', '#define PROJECT_OS_UNIX 1', '#endif',
      '#if PROJECT_OS_OTHER+1>1', '#undef PROJECT_OS_KV', '#define PROJECT_OS_KV 0', '#endif',
      '#if PROJECT_OS_KV+1>1', '#define PROJECT_THREADS 1', '#endif',
      '#if PROJECT_OS_UNIX+1>1', '#undef PROJECT_OS_OTHER', '#define PROJECT_OS_OTHER 0', '#endif', '',
    ].join('\n'));
    const file = write('os.h', `#include "vx.h"\n#include "os_setup.h"\n${LOCKS}`);
    for (const [defines, flags] of [[{}, []], [{ PROJECT_OS_KV: '1' }, ['-DPROJECT_OS_KV=1']]] as const) {
      const c = compareLayouts(engine(file, defines, true), await gcc(file, [...flags]));
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      expect(c.exact.filter((k) => k.endsWith(' slot'))).toHaveLength(TARGETS.length);
    }
    // Without the whole command line PROJECT_OS_OTHER may be set: unknown.
    for (const r of slot(engine(file, {}, false))) expect(r.unresolved).toMatch(/lock_t is defined under an #if that cannot be evaluated|the width of bit-field kind cannot be evaluated/);
  });

  it('sees a macro that a header included earlier by another file defined (nginx\'s NGX_HAVE_ATOMIC_OPS)', async () => {
    // ngx_core.h includes ngx_atomic.h, which defines NGX_HAVE_ATOMIC_OPS, then ngx_shmtx.h, which tests it.
    write('sib_atomic.h', '#ifndef SIB_ATOMIC_H\n#define SIB_ATOMIC_H\n#define PROJECT_THREADS 1\n#endif\n');
    write('sib_locks.h', `#ifndef SIB_LOCKS_H\n#define SIB_LOCKS_H\n${LOCKS}#endif\n`);
    write('sib_core.h', '#include "sib_atomic.h"\n#include "sib_locks.h"\n');
    const file = write('sib_pool.h', '#include "sib_core.h"\nstruct pool { char c; struct slot first; };\n');
    const c = compareLayouts(engine(file, {}, true), await gcc(file, []));
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' pool'))).toHaveLength(TARGETS.length);
  });

  it('reads `#ifndef G / #include "x.h" / #endif`, G being x.h\'s own guard, as the bare #include', async () => {
    // curl_setup.h's `#ifndef HEADER_CURL_SETUP_ONCE_H / #include "curl_setup_once.h" / #endif`.
    write('setup_once.h', '#ifndef HEADER_SETUP_ONCE_H\n#define HEADER_SETUP_ONCE_H\n#include <stdint.h>\ntypedef uint64_t bits_t;\n#endif /* HEADER_SETUP_ONCE_H */\n');
    const file = write('setup.h', '#ifndef HEADER_SETUP_ONCE_H\n#include "setup_once.h"\n#endif\nstruct uses_once { char c; bits_t b; short s; };\n');
    for (const complete of [true, false]) {
      const c = compareLayouts(engine(file, {}, complete), await gcc(file, []));
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      expect(c.exact.filter((k) => k.endsWith(' uses_once'))).toHaveLength(TARGETS.length);
    }
    // Another file defines the guard too: which one the compiler saw first is not known.
    write('other.h', '#define HEADER_SETUP_ONCE_H\n');
    const both = write('setup_both.h', '#include "other.h"\n#ifndef HEADER_SETUP_ONCE_H\n#include "setup_once.h"\n#endif\nstruct uses_once { char c; bits_t b; short s; };\n');
    for (const r of engine(both, {}, false).filter((x) => x.name === 'uses_once')) expect(r.unresolved).toBeTruthy();
  });
});
