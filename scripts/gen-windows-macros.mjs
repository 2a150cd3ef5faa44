#!/usr/bin/env node
// Generates server/src/lang/c/windowsMacros.json: on windows/arm64, the system headers the engine knows without
// reading them (mingw-w64's Win32, Winsock and C runtime headers, and the C headers it has), and the name of every
// macro they or the compiler may define, as clang-19 prints them (`-dM -E`) compiled as the layout oracle compiles
// windows/arm64 (--target=aarch64-pc-windows-msvc -fgnuc-version=12 over mingw-w64's headers). The windows/arm64
// half of scripts/gen-system-macros.mjs (Linux): with a file's whole compile command, a unit that includes
// <windows.h> is closed, and a macro that neither the project nor these may define is undefined.
//
// The headers are preprocessed under the configuration macros a Windows project sets (UNICODE, WIN32_LEAN_AND_MEAN,
// _WIN32_WINNT, WINAPI_FAMILY, NOMINMAX...): a name any run defines may be defined. A macro the run itself passes
// with -D is not counted unless the headers define it without it (it is the project's to set, on its command line).
//
//   node scripts/gen-windows-macros.mjs            write the table
//   node scripts/gen-windows-macros.mjs --check    exit 1 when the compiler disagrees with the shipped table
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/writeOrCheck.mjs';
import { COMPILER_HEADERS, LIBC_HEADERS, MORE_HEADERS, WINDOWS_HEADERS, WINDOWS_INCLUDE } from './lib/systemHeaders.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/lang/c/windowsMacros.json');
const CC = 'clang-19';
const BASE = ['--target=aarch64-pc-windows-msvc', '-fgnuc-version=12', '-isystem', WINDOWS_INCLUDE];
/** Configuration macros of Windows projects that change what the headers define. */
const HEADER_FLAG_SETS = [[], ['-DUNICODE', '-D_UNICODE'], ['-DWIN32_LEAN_AND_MEAN'], ['-D_WIN32_WINNT=0x0501'], ['-D_WIN32_WINNT=0x0600'],
  ['-D_WIN32_WINNT=0x0A00', '-DNTDDI_VERSION=0x0A00000C'], ['-DWINAPI_FAMILY=2'], ['-DNOMINMAX', '-DSTRICT'], ['-DNO_STRICT'],
  ['-D_UCRT'], ['-D_DEBUG'], ['-D_DLL', '-D_MT'], ['-D__USE_MINGW_ANSI_STDIO=1'], ['-D_CRT_SECURE_NO_WARNINGS', '-D_CRT_NONSTDC_NO_DEPRECATE'],
  ['-DNO_OLDNAMES'], ['-D_POSIX_C_SOURCE=200809L'], ['-D_GNU_SOURCE'], ['-D_FILE_OFFSET_BITS=64'], ['-DCOBJMACROS', '-DINITGUID'],
  ['-DNONAMELESSUNION'], ['-D_WIN32_IE=0x0A00'], ['-O2', '-D_FORTIFY_SOURCE=2'], ['-D__STDC_WANT_SECURE_LIB__=1'], ['-D_CRT_RAND_S'],
  ['-D_USE_MATH_DEFINES'], ['-D_TIMESPEC_DEFINED'], ['-DWIN32', '-D_WINDOWS']];
/** Compiler flags that change the predefined macros. */
const COMMON_FLAG_SETS = ['', '-O2', '-Os', '-O3 -ffast-math', '-g', '-fno-ms-extensions', '-funsigned-char', '-fshort-wchar', '-fno-builtin',
  '-ffreestanding', '-fno-exceptions', '-fexceptions', '-std=c99', '-std=c11', '-std=c2x', '-std=gnu89', '-fsanitize=address', '-march=armv8.2-a+crypto'];

/** The macro names clang prints (the -D's of the run are the project's: left out unless the headers define them too). */
function macroNames(args) {
  const r = spawnSync(CC, [...BASE, ...args, '-dM', '-E'], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`${CC}: ${r.error.message} (test/oracle/c/install.sh installs it)`);
  if (r.status !== 0) throw new Error(`${CC} ${args.join(' ')}: ${(r.stderr ?? '').slice(0, 2000)}`);
  return [...(r.stdout ?? '').matchAll(/^#define ([A-Za-z_]\w*)/gm)].map((m) => m[1]);
}

function generate() {
  const candidates = [...new Set([...WINDOWS_HEADERS, ...LIBC_HEADERS, ...MORE_HEADERS, ...COMPILER_HEADERS])];
  const tmp = mkdtempSync(join(tmpdir(), 'windows-macros-'));
  const names = new Set();
  const headers = [];
  try {
    // The headers the target has and that preprocess there (the x86 intrinsics' headers stop with #error on arm64).
    const file = join(tmp, 'all.c');
    for (const h of candidates) {
      writeFileSync(file, `#include <${h}>\n`);
      const r = spawnSync(CC, [...BASE, '-std=gnu17', '-E', '-x', 'c', file], { stdio: 'ignore' });
      if (r.error) throw new Error(`${CC}: ${r.error.message} (test/oracle/c/install.sh installs it)`);
      if (r.status === 0) headers.push(h);
    }
    writeFileSync(file, headers.map((h) => `#include <${h}>`).join('\n') + '\n');
    const base = new Set(macroNames(['-std=gnu17', '-x', 'c', file]));
    for (const flags of HEADER_FLAG_SETS) {
      const passed = new Set(flags.filter((f) => f.startsWith('-D')).map((f) => f.slice(2).split('=')[0]));
      for (const n of macroNames(['-std=gnu17', ...flags, '-x', 'c', file])) if (!passed.has(n) || base.has(n)) names.add(n);
    }
    for (const flags of COMMON_FLAG_SETS) {
      for (const n of macroNames([...flags.split(' ').filter(Boolean), '-x', 'c', '/dev/null'])) names.add(n);
      for (const n of macroNames([...flags.split(' ').filter((f) => f && !f.startsWith('-std=')), '-x', 'c++', '/dev/null'])) names.add(n);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const macros = [...names].sort();
  // One name per line: diffs of a regenerated table stay readable.
  return `{\n "version": 1,\n "generatedBy": "scripts/gen-windows-macros.mjs",\n "headers": ${JSON.stringify(headers.sort())},\n "macros": [\n${macros.map((m) => `  ${JSON.stringify(m)}`).join(',\n')}\n ]\n}\n`;
}

writeOrCheck(OUT, generate(), fileURLToPath(import.meta.url));
