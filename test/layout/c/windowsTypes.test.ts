// Win32, Winsock and C runtime members on windows/arm64 (windowsTypes.json, scripts/gen-windows-types.mjs): the
// engine does not read <windows.h>, and must still equal clang's MSVC record layouts field by field, as the layout
// oracle compiles windows/arm64 (mingw-w64's headers). A type a project macro changes (fd_set with FD_SETSIZE) stays
// unknown; a type the project's own headers define is the project's; the Linux targets do not know Win32 names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts } from '../../realcode/compareLayouts';
import { compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout } from '../../helpers/cOracle';

const MINGW_INCLUDE = '/usr/x86_64-w64-mingw32/include';
const WINDOWS: TargetId[] = ['windows/arm64'];
const missing = [...missingTools(['clang-19']), ...(fs.existsSync(MINGW_INCLUDE) ? [] : [MINGW_INCLUDE])];
// As test/realcode/cLayoutCorpus.ts compiles windows/arm64 (the engine gets the macros -fgnuc-version adds).
const FLAGS = ['-fgnuc-version=12', '-isystem', MINGW_INCLUDE];
const GNU = { __GNUC__: '12', __GNUC_MINOR__: '0', __GNUC_PATCHLEVEL__: '0' };

const HEADER = `#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>

typedef struct io_state {
  HANDLE handle;
  char flag;
  OVERLAPPED overlapped;
  WSABUF buf;
  SOCKET socket;
  DWORD bytes;
  union { struct sockaddr_in6 in6; struct sockaddr_in in4; struct sockaddr_storage any; } peer;
  CRITICAL_SECTION lock;
  SRWLOCK rw;
  CONDITION_VARIABLE cond;
  INIT_ONCE once;
  LARGE_INTEGER counter;
  union _ULARGE_INTEGER total;
  FILETIME mtime;
  SYSTEMTIME when;
  WIN32_FIND_DATAW found;
  HMODULE module;
  BOOL ok;
  BYTE tag;
  WORD port;
  ULONG_PTR key;
  SIZE_T length;
  __int64 big;
  unsigned __int64 ubig;
  unsigned __int8 ubyte;
  __int16 i16;
  unsigned __int32 u32;
  time_t stamp;
  _off_t small_offset;
  off_t offset;
  struct stat st;
  FILE *out;
  va_list args;
} io_state;
`;

// A project's own struct dirent (its .c files do not include <dirent.h>): the engine must use it, not the table's.
const OWN_DIRENT = `#include <windows.h>
struct dirent { char d_name[3]; };
struct entry { struct dirent d; DWORD n; };
`;

// A unit that includes <windows.h>, with its whole command line: a project macro nothing defines is undefined
// (#ifndef defaults, sqlite's UINT8_TYPE pattern), and so is one only a -D would define (UNICODE); one the Windows
// headers may define (INVALID_HANDLE_VALUE) is not: its value is not in the table, so a layout under it is unknown.
const CLOSED = `#include <windows.h>
#include <intrin.h>
#ifndef APP_COUNT_TYPE
# ifdef HAVE_UINT64
#  define APP_COUNT_TYPE unsigned long long
# else
#  define APP_COUNT_TYPE unsigned __int64
# endif
#endif
typedef APP_COUNT_TYPE app_count;
struct closed_unit {
  char tag;
  app_count n;
#ifdef APP_DEBUG
  char name[100];
#endif
#ifdef UNICODE
  WCHAR wide[7];
#else
  char narrow[7];
#endif
};
struct header_macro {
  char tag;
#ifdef INVALID_HANDLE_VALUE
  HANDLE h;
#endif
};
`;

const FD_SET_MEMBER = `#include <winsock2.h>
struct watch { fd_set readers; int n; };
`;

let dir = '';
describe.skipIf(skipWithout(missing))('Win32 and C runtime members equal clang on windows/arm64', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'windows-types-', 'clang-19 and mingw-w64'); });

  async function compare(name: string, text: string, defines: Record<string, string> = {}) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const engine = engineLayouts(dir, file, WINDOWS, { defines: { ...GNU, ...defines }, complete: true });
    const clang = await compilerLayouts(dir, file, WINDOWS, [...FLAGS, ...Object.entries(defines).map(([k, v]) => `-D${k}=${v}`)]);
    return { engine, comparison: compareLayouts(engine, clang) };
  }

  it('lays out HANDLE, OVERLAPPED, CRITICAL_SECTION, sockaddr_in6, FILETIME, off_t... as clang does', async () => {
    const { comparison: c } = await compare('iostate.h', HEADER);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact.length).toBeGreaterThanOrEqual(2);
  });

  // The C runtime's values (scripts/gen-system-macro-values.mjs: clang over mingw-w64) and clang's own macros.
  it('sizes arrays with <stdio.h>, <limits.h> and <stdint.h> macros as clang does', async () => {
    const text = '#include <stdio.h>\n#include <limits.h>\n#include <stdint.h>\n'
      + 'struct io { char buf[BUFSIZ]; char name[FILENAME_MAX]; char bits[CHAR_BIT]; short w[INT_MAX > 0x7fff ? 3 : 1]; uint8_t p[UINTPTR_MAX > 0xffffffffu ? 8 : 4]; char c; };\n';
    const { comparison: c } = await compare('runtime_values.h', text);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact).toContain('runtime_values.h windows/arm64 io');
  });

  it('off_t and struct stat follow _FILE_OFFSET_BITS=64', async () => {
    const { comparison: c } = await compare('iostate64.h', HEADER, { _FILE_OFFSET_BITS: '64' });
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
  });

  it('a struct the project defines is the project\'s, not the table\'s', async () => {
    const { comparison: c } = await compare('dirent_own.h', OWN_DIRENT);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.exact).toContain('dirent_own.h windows/arm64 entry');
  });

  it('a unit that includes <windows.h> is closed by its command line, as clang compiles it', async () => {
    const { engine, comparison: c } = await compare('closed.h', CLOSED);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved.map((u) => u.why)).toEqual(['layout depends on #if INVALID_HANDLE_VALUE which cannot be evaluated']);
    expect(c.exact).toContain('closed.h windows/arm64 closed_unit');
    expect(engine.find((r) => r.name === 'closed_unit')?.fields.map((f) => f.name)).toEqual(['tag', 'n', 'narrow']);
    const u = await compare('closed_unicode.h', CLOSED, { UNICODE: '1', APP_DEBUG: '1' });
    expect(u.comparison.wrong).toEqual([]);
    expect(u.comparison.exact).toContain('closed_unicode.h windows/arm64 closed_unit');
    expect(u.engine.find((r) => r.name === 'closed_unit')?.fields.map((f) => f.name)).toEqual(['tag', 'n', 'name', 'wide']);
  });

  it('fd_set (FD_SETSIZE is the project\'s to set) stays unknown', async () => {
    const { comparison: c } = await compare('watch.h', FD_SET_MEMBER);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved.map((u) => u.why).join('\n')).toMatch(/fd_set/);
  });

  it('the Linux targets do not know the Win32 names', () => {
    const file = path.join(dir, 'iostate.h');
    const linux = engineLayouts(dir, file, ['linux/arm64'], { complete: true });
    expect(linux.find((r) => r.name === 'io_state')?.unresolved).toMatch(/HANDLE/);
  });
});
