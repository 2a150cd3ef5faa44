// A macro defined more than once (an X-macro #defined, used and #undef'd around each table; a qualifier #defined
// empty and then again under a condition) is looked up as it stands where it is used, when that is certain; the
// layouts must equal gcc's on every Linux target, and stay unknown where another definition could be in effect.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts } from '../../realcode/compareLayouts';
import { compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout, writeIn } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const COMPILERS = ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf'];
const missing = missingTools(COMPILERS);

// libuv's uv.h: `#define XX(uc, lc) uv_##lc##_t lc;` around each union, `#undef XX` after.
const X_MACRO = `#include <stdint.h>
typedef struct { char tag; int64_t stamp; } uv_timer_t;
typedef struct { short id; void *data; } uv_idle_t;
typedef struct { char name[13]; } uv_fs_t;
#define HANDLE_MAP(XX) XX(TIMER, timer) XX(IDLE, idle)
#define REQ_MAP(XX) XX(FS, fs)
#define XX(uc, lc) uv_##lc##_t lc;
union any_handle {
  HANDLE_MAP(XX)
};
union any_req {
  REQ_MAP(XX)
};
#undef XX
#define XX(uc, lc) char lc##_flag;
struct flags {
  HANDLE_MAP(XX)
  int count;
};
#undef XX
#define WIDTH 4
struct narrow { char x[WIDTH]; short s; };
#undef WIDTH
#define WIDTH 9
struct wide { char y[WIDTH]; short s; };
`;

let dir = '';
const write = (name: string, text: string) => writeIn(dir, name, text);
const engine = (file: string, complete: boolean) => engineLayouts(dir, file, TARGETS, { defines: {}, complete });
const gcc = (file: string) => compilerLayouts(dir, file, TARGETS, []);

describe.skipIf(skipWithout(missing))('macros defined more than once, looked up where they are used', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'redefined-macros-'); });

  it('an X-macro #defined again for each table, and an object-like macro #defined again, equal gcc', async () => {
    const file = write('xmacro.h', X_MACRO);
    for (const complete of [true, false]) {
      const c = compareLayouts(engine(file, complete), await gcc(file));
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      for (const name of ['any_handle', 'any_req', 'flags', 'narrow', 'wide']) expect(c.exact.filter((k) => k.endsWith(` ${name}`)), name).toHaveLength(TARGETS.length);
    }
  });

  it('a qualifier #defined empty, then again in the one header that defines it, is its last definition in the includer', async () => {
    // redis's atomicvar.h: `#define redisAtomic`, then `#undef redisAtomic / #define redisAtomic _Atomic` for C11.
    write('atomicvar.h', '#define atomicQ\n#if __STDC_VERSION__ >= 201112L\n#undef atomicQ\n#define atomicQ _Atomic\n#endif\n');
    const file = write('server.h', '#include <stdint.h>\n#include "atomicvar.h"\nstruct server { char flag; atomicQ uint64_t next_id; atomicQ int clients; };\n');
    const c = compareLayouts(engine(file, true), await gcc(file));
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' server'))).toHaveLength(TARGETS.length);
  });

  it('stays unknown where another definition could be in effect', () => {
    // An #include between the #define and the use may #define XX again.
    write('other.h', '#include <stdint.h>\n');
    const between = write('between.h', X_MACRO.replace('union any_handle', '#include "other.h"\nunion any_handle'));
    for (const r of engine(between, true).filter((x) => x.name === 'any_handle')) expect(r.unresolved).toBeTruthy();
    // The one defining header includes a file between its two definitions: which one an includer sees is not certain.
    write('mid.h', '#include <stdint.h>\n');
    write('atomicmid.h', '#define atomicQ\n#include "mid.h"\n#undef atomicQ\n#define atomicQ _Atomic\n');
    const mid = write('server_mid.h', '#include "atomicmid.h"\nstruct server { char flag; atomicQ uint64_t next_id; };\n');
    for (const r of engine(mid, true).filter((x) => x.name === 'server')) expect(r.unresolved).toBeTruthy();
    // A definition under a condition that cannot be evaluated.
    write('atomicunknown.h', '#define atomicQ\n#ifdef PROJECT_ATOMICS\n#undef atomicQ\n#define atomicQ _Atomic\n#endif\n');
    const unknown = write('server_unknown.h', '#include <stdint.h>\n#include "atomicunknown.h"\nstruct server { char flag; atomicQ uint64_t next_id; };\n');
    for (const r of engine(unknown, false).filter((x) => x.name === 'server')) expect(r.unresolved).toBeTruthy();
  });
});
