#!/usr/bin/env node
// Generates server/src/lang/c/systemMacros.json: the system headers the engine knows without reading them, and
// the name of every macro they (or the compiler itself) may define on a Linux target, with or without the usual
// feature macros, as the cross compilers print them (`gcc -dM -E`; test/oracle/c/install.sh installs them).
//
// Why: with a file's whole compile command (compile_commands.json), a macro that no -D sets, no file of the
// translation unit defines and no system header may define is undefined for the compiler, so an `#if` on it can
// be decided for layouts. The compiler's own macros are taken under many flags (-O2 defines __OPTIMIZE__, -pthread
// _REENTRANT, -march=... the feature macros), for gcc and clang, C and C++: a name none of them defines (`__ICCARM__`,
// `__FreeBSD__`) belongs to another compiler or system.
//
//   node scripts/gen-system-macros.mjs            write the table
//   node scripts/gen-system-macros.mjs --check    exit 1 when the compilers disagree with the shipped table
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/writeOrCheck.mjs';
import { COMPILER_HEADERS, CXX_HEADERS, LIBC_HEADERS, MORE_HEADERS } from './lib/systemHeaders.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/lang/c/systemMacros.json');
const COMPILERS = {
  'aarch64-linux-gnu-gcc': ['-march=armv8.2-a+sve+sve2+crypto+fp16+dotprod+bf16+i8mm+lse', '-mcpu=neoverse-v1', '-moutline-atomics', '-mbig-endian', '-mgeneral-regs-only'],
  'x86_64-linux-gnu-gcc': ['-march=sapphirerapids', '-march=znver4', '-mavx2 -mfma -mbmi2', '-fcf-protection', '-mx32', '-m32'],
  'arm-linux-gnueabihf-gcc': ['-mthumb -mfpu=neon-vfpv4', '-marm -march=armv7-a', '-march=armv8-a+crc+crypto -mfpu=crypto-neon-fp-armv8', '-mfloat-abi=softfp', '-mfloat-abi=soft', '-mbig-endian'],
  'i686-linux-gnu-gcc': ['-march=sapphirerapids', '-mavx2 -mfma', '-mfpmath=sse -msse2', '-fcf-protection'],
};
/** Feature macros that change what the system headers define. */
const HEADER_FLAG_SETS = [[], ['-D_GNU_SOURCE'], ['-D_DEFAULT_SOURCE'], ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64', '-D_GNU_SOURCE'], ['-O2', '-D_FORTIFY_SOURCE=2', '-D_GNU_SOURCE'], ['-D_XOPEN_SOURCE=700'], ['-D_POSIX_C_SOURCE=200809L']];
/** Compiler flags that change the predefined macros (every name any of them defines may be defined). */
const COMMON_FLAG_SETS = ['', '-O2', '-Os', '-Og', '-O3 -ffast-math', '-fPIC', '-fPIE', '-pthread', '-fopenmp', '-fsanitize=address',
  '-fsanitize=thread', '-fsanitize=undefined', '-fstack-protector-strong', '-funsigned-char', '-fsigned-char', '-fshort-wchar',
  '-fshort-enums', '-fno-math-errno', '-ffinite-math-only', '-fno-builtin', '-ffreestanding', '-fno-exceptions', '-fno-rtti',
  '-fexceptions', '-g', '-ansi', '-std=c99', '-std=c11', '-std=gnu89', '-std=c2x', '-fgnu-tm', '-fopenacc', '-fprofile-arcs'];
const CLANG_TARGETS = ['aarch64-linux-gnu', 'x86_64-linux-gnu', 'armv7a-linux-gnueabihf', 'i686-linux-gnu'];

/**
 * The macro names the compiler prints; none when it rejects the flags (a flag not for this target). A header that
 * stops with #error on a target (arm's <mmintrin.h> without iWMMXt) does not hide the others' macros.
 */
function macroNames(cc, args) {
  const r = spawnSync(cc, [...args, '-dM', '-E'], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`${cc}: ${r.error.message} (test/oracle/c/install.sh installs the compilers)`);
  if (r.status !== 0 && /unrecognized|unknown|not supported|invalid|error: .*option/i.test(r.stderr ?? '') && !/#error/.test(r.stderr ?? '')) return [];
  return [...(r.stdout ?? '').matchAll(/^#define ([A-Za-z_]\w*)/gm)].map((m) => m[1]);
}

function generate() {
  const cHeaders = [...new Set([...LIBC_HEADERS, ...MORE_HEADERS, ...COMPILER_HEADERS])].sort();
  const headers = [...cHeaders, ...CXX_HEADERS].sort();
  const tmp = mkdtempSync(join(tmpdir(), 'system-macros-'));
  const names = new Set();
  const add = (list) => { for (const n of list) names.add(n); };
  try {
    const include = (list) => list.map((h) => `#if __has_include(<${h}>)\n#include <${h}>\n#endif`).join('\n') + '\n';
    const file = join(tmp, 'all.c');
    writeFileSync(file, include(cHeaders));
    const cxxFile = join(tmp, 'all.cc');
    writeFileSync(cxxFile, include([...cHeaders, ...CXX_HEADERS]));
    for (const [cc, archFlags] of Object.entries(COMPILERS)) {
      for (const flags of HEADER_FLAG_SETS) {
        const found = macroNames(cc, ['-std=gnu17', ...flags, '-x', 'c', file]);
        if (!found.length) throw new Error(`${cc} ${flags.join(' ')}: the system headers do not preprocess`);
        add(found);
        const cxxFound = macroNames(cc, ['-std=gnu++17', '-pthread', ...flags, '-x', 'c++', cxxFile]);
        if (!cxxFound.length) throw new Error(`${cc} -x c++ ${flags.join(' ')}: the C++ standard headers do not preprocess`);
        add(cxxFound);
      }
      for (const flags of [...COMMON_FLAG_SETS, ...archFlags]) {
        for (const lang of ['c', 'c++']) add(macroNames(cc, [...flags.split(' ').filter(Boolean), '-x', lang, '/dev/null']));
      }
    }
    for (const t of CLANG_TARGETS) {
      for (const flags of ['', '-O2', '-fPIC', '-pthread', '-fsanitize=address', '-ffast-math']) {
        for (const lang of ['c', 'c++']) add(macroNames('clang-19', [`--target=${t}`, ...flags.split(' ').filter(Boolean), '-x', lang, '/dev/null']));
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const macros = [...names].sort();
  // One name per line: diffs of a regenerated table stay readable.
  return `{\n "version": 1,\n "generatedBy": "scripts/gen-system-macros.mjs",\n "headers": ${JSON.stringify(headers)},\n "macros": [\n${macros.map((m) => `  ${JSON.stringify(m)}`).join(',\n')}\n ]\n}\n`;
}

writeOrCheck(OUT, generate(), fileURLToPath(import.meta.url));
