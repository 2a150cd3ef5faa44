// The real C code bases whose layouts the engine must get right: Debian source packages at pinned versions
// (Debian 12), their headers laid out by gcc on every Linux target. See test/realcode/cLayouts.test.ts.
import type { CCodeBase } from './cLayoutCorpus';

/**
 * The share of the compilers' records (of the headers that compile alone) the engine must lay out exactly, per
 * code base: what it reaches today, rounded down, so a regression fails. Wrong layouts are never allowed.
 */
export const EXACT_FLOOR: Record<string, number> = {
  libuv1: 0.97, libzstd: 0.96, redis: 0.98, curl: 1, sqlite3: 0.66, nginx: 0, openssl: 1,
};

/** What many headers of these projects rely on their includer for (size_t, uint32_t, off_t). */
const LIBC_PRELUDE = ['stddef.h', 'stdint.h', 'sys/types.h'];

export const C_CODE_BASES: CCodeBase[] = [
  { package: 'libuv1', version: '1.44.2-1+deb12u1', headers: ['include/uv.h', 'include/uv/*.h', 'src/*.h', 'src/unix/*.h'], include: ['include', 'src'] },
  {
    package: 'libzstd', version: '1.5.4+dfsg2-5',
    headers: ['lib/zstd.h', 'lib/zdict.h', 'lib/zstd_errors.h', 'lib/common/*.h', 'lib/compress/*.h', 'lib/decompress/*.h', 'lib/dictBuilder/*.h'],
    include: ['lib', 'lib/common'],
  },
  {
    package: 'redis', version: '5:7.0.15-1~deb12u7', headers: ['src/*.h'],
    // No prelude: redis's headers set _FILE_OFFSET_BITS (fmacros.h, through server.h) before any glibc header, and
    // C library headers included first would give gcc a 32-bit off_t the real build never has.
    include: ['src', 'deps/hiredis', 'deps/linenoise', 'deps/lua/src', 'deps/hdr_histogram'],
  },
  { package: 'curl', version: '7.88.1-10+deb12u15', headers: ['include/curl/*.h', 'lib/*.h', 'lib/vtls/*.h', 'lib/vauth/*.h'], include: ['include', 'lib'], prelude: LIBC_PRELUDE },
  { package: 'sqlite3', version: '3.40.1-2+deb12u2', headers: ['src/*.h', 'ext/fts5/*.h', 'ext/rtree/*.h'], include: ['src'], prelude: LIBC_PRELUDE },
  {
    package: 'nginx', version: '1.22.1-9+deb12u9', headers: ['src/core/*.h', 'src/event/*.h', 'src/http/*.h', 'src/os/unix/*.h'],
    include: ['src/core', 'src/event', 'src/event/modules', 'src/os/unix', 'src/http', 'src/http/modules'], prelude: LIBC_PRELUDE,
  },
  { package: 'openssl', version: '3.0.20-1~deb12u2', headers: ['include/openssl/*.h', 'include/internal/*.h', 'include/crypto/*.h'], include: ['include'], prelude: LIBC_PRELUDE },
];
