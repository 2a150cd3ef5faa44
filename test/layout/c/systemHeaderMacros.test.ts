// `#include <stdint.h>` (and <limits.h>, <stdatomic.h>...) defines its macros from that line on: an #if on
// UINTPTR_MAX or ATOMIC_INT_LOCK_FREE after it is decided for layouts with the values gcc's headers give on each
// target (server/src/lang/c/systemMacroValues.json), with or without the file's command line. Compared with gcc.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts } from '../../realcode/compareLayouts';
import { compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout, writeIn } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const missing = missingTools(['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf', 'clang-19']);

// redis's quicklist.h and openssl's internal/refcount.h, reduced.
const WORDS = `#include <stdint.h>
#include <stdatomic.h>
#if UINTPTR_MAX == 0xffffffff
typedef uint16_t half_t;
#else
typedef uint32_t half_t;
#endif
#if defined(ATOMIC_INT_LOCK_FREE) && ATOMIC_INT_LOCK_FREE > 0
typedef _Atomic int refcount_t;
#else
typedef long long refcount_t;
#endif
struct node { void *p; half_t a; half_t b; char tag; refcount_t refs; };
`;

let dir = '';
const write = (name: string, text: string) => writeIn(dir, name, text);
const engine = (file: string, complete: boolean) => engineLayouts(dir, file, TARGETS, { complete });

describe.skipIf(skipWithout(missing))('macros of the system headers a file includes', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'system-header-macros-'); });

  it('decides #if UINTPTR_MAX and ATOMIC_INT_LOCK_FREE after the #include, as gcc does', async () => {
    const file = write('words.h', WORDS);
    const gcc = await compilerLayouts(dir, file, TARGETS, []);
    for (const complete of [true, false]) {
      const c = compareLayouts(engine(file, complete), gcc);
      expect(c.wrong).toEqual([]);
      expect(c.unresolved).toEqual([]);
      expect(c.exact.filter((k) => k.endsWith(' node'))).toHaveLength(TARGETS.length);
    }
  });

  // CHAR_BIT is `__CHAR_BIT__` in <limits.h>, INT_MAX `__INT_MAX__`: the compiler's own macros, which the layouts
  // read from the target's predefined table; <stdio.h>'s FILENAME_MAX and BUFSIZ are in the headers' table.
  it('sizes arrays and bit-fields with <stdio.h>\'s macros and the compiler\'s that the headers name', async () => {
    const file = write('compiler.h', `#include <limits.h>
#include <stdint.h>
#include <stdio.h>
struct sized {
  char name[FILENAME_MAX];
  char buf[BUFSIZ / 1024];
  char bits[CHAR_BIT];
  unsigned char word[__SIZEOF_POINTER__];
  short wide[INT_MAX > 0x7fff ? 3 : 1];
  unsigned flag : CHAR_BIT - 7;
  char lanes[__SIZEOF_LONG__ * 2];
  uint8_t max[UINT8_MAX / 85];
};
`);
    const c = compareLayouts(engine(file, false), await compilerLayouts(dir, file, TARGETS, []));
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' sized'))).toHaveLength(TARGETS.length);
  });

  it('does not take a predefined macro that a file of the unit defines or undefines', () => {
    const file = write('undef.h', '#include <limits.h>\n#undef __CHAR_BIT__\nstruct own { char bits[CHAR_BIT]; };\n');
    for (const r of engine(file, false).filter((x) => x.name === 'own')) expect(r.unresolved).toMatch(/__CHAR_BIT__ cannot be evaluated/);
  });

  it('does not know them before the #include', () => {
    const before = write('before.h', WORDS.replace('#include <stdint.h>\n', '').replace('struct node', '#include <stdint.h>\nstruct node'));
    for (const r of engine(before, false).filter((x) => x.name === 'node')) expect(r.unresolved).toMatch(/half_t is defined under an #if that cannot be evaluated/);
  });

  it('takes the project\'s own <stdint.h> when an include folder has one, as gcc does', async () => {
    const own = fs.mkdtempSync(path.join(dir, 'own-'));
    fs.writeFileSync(path.join(own, 'stdint.h'), '#ifndef OWN_STDINT_H\n#define OWN_STDINT_H\ntypedef unsigned short uint16_t;\ntypedef unsigned int uint32_t;\n#define UINTPTR_MAX 0xffffffff\n#endif\n');
    // (Without <stdatomic.h>, which needs the real <stdint.h>.)
    const text = WORDS.replace('#include <stdatomic.h>\n', '').replace(/#if defined\(ATOMIC_INT_LOCK_FREE\)[^]*?#endif\n/, 'typedef int refcount_t;\n');
    const file = write('words_own.h', text);
    const c = compareLayouts(engineLayouts(dir, file, TARGETS, { includeDirs: [own] }), await compilerLayouts(dir, file, TARGETS, [`-I${own}`]));
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' node'))).toHaveLength(TARGETS.length);
  });
});
