#!/usr/bin/env node
// Generates server/src/lang/c/systemMacroValues.json: for a few standard headers whose macros decide layouts
// (`#if UINTPTR_MAX == 0xffffffff`, openssl's `#if ATOMIC_INT_LOCK_FREE > 0`, `char name[FILENAME_MAX]`), the
// object-like macros that `#include <h>` defines on each Linux target, in C and in C++, with their text, as the cross
// compilers print them (`gcc -dM -E`); on windows/arm64, as clang-19 prints them over mingw-w64's headers, compiled
// as the layout oracle compiles windows/arm64 (mingw-w64 stands in for the Windows SDK, as for windowsTypes.json).
//
// A macro is kept only when every run of the language gives it the same text: several language versions, the feature
// macros that change what glibc's headers define, and the flags that change a header's own #if's (-funsigned-char
// changes CHAR_MAX). A macro that one of them leaves out or writes differently stays unknown to the engine. The
// text may name the compiler's own macros (`__GCC_ATOMIC_INT_LOCK_FREE`): the engine expands them with its
// predefined table of the target.
//
//   node scripts/gen-system-macro-values.mjs            write the table
//   node scripts/gen-system-macro-values.mjs --check    exit 1 when the compilers disagree with the shipped table
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/writeOrCheck.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/lang/c/systemMacroValues.json');
const MINGW_INCLUDE = '/usr/x86_64-w64-mingw32/include';
/** Each target's compiler and the flags that make it that target's (the oracle's, test/oracle/c). */
const COMPILERS = {
  'linux/arm64': ['aarch64-linux-gnu-gcc'], 'linux/amd64': ['x86_64-linux-gnu-gcc'], 'linux/arm': ['arm-linux-gnueabihf-gcc'], 'linux/386': ['i686-linux-gnu-gcc'],
  'windows/arm64': ['clang-19', '--target=aarch64-pc-windows-msvc', '-fgnuc-version=12', '-isystem', MINGW_INCLUDE],
};
/** The headers: the C standard's macro-only ones, <stdatomic.h>, and <stdio.h> (BUFSIZ, FILENAME_MAX). */
const HEADERS = ['stdint.h', 'inttypes.h', 'limits.h', 'stdatomic.h', 'stddef.h', 'stdbool.h', 'stdalign.h', 'stdio.h'];
/** Each run's flags; a macro must have one text in all of them (runs the compiler rejects are left out). */
const LINUX_RUNS = [
  ['-x', 'c', '-std=gnu17'], ['-x', 'c', '-std=c99'], ['-x', 'c', '-std=c11'], ['-x', 'c', '-std=c2x'], ['-x', 'c', '-std=gnu89'],
  ['-x', 'c', '-std=gnu17', '-D_GNU_SOURCE'], ['-x', 'c', '-std=gnu17', '-D_DEFAULT_SOURCE'], ['-x', 'c', '-std=gnu17', '-D_XOPEN_SOURCE=700'],
  ['-x', 'c', '-std=gnu17', '-D_POSIX_C_SOURCE=200809L'], ['-x', 'c', '-std=gnu17', '-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64', '-D_GNU_SOURCE'],
  ['-x', 'c', '-std=gnu17', '-O2', '-D_FORTIFY_SOURCE=2'], ['-x', 'c', '-std=gnu17', '-funsigned-char'], ['-x', 'c', '-std=gnu17', '-fsigned-char'],
  ['-x', 'c', '-std=gnu17', '-fshort-wchar'], ['-x', 'c', '-std=gnu17', '-fshort-enums'], ['-x', 'c', '-std=gnu17', '-pthread'],
  ['-x', 'c++', '-std=gnu++17'], ['-x', 'c++', '-std=c++11'], ['-x', 'c++', '-std=gnu++20', '-D_GNU_SOURCE'], ['-x', 'c++', '-std=gnu++17', '-funsigned-char'],
];
/** The configuration macros Windows projects set that change what mingw-w64's C headers define. */
const WINDOWS_RUNS = [
  ['-x', 'c', '-std=gnu17'], ['-x', 'c', '-std=c99'], ['-x', 'c', '-std=c11'], ['-x', 'c', '-std=gnu89'], ['-x', 'c', '-std=gnu17', '-D_CRT_SECURE_NO_WARNINGS'],
  ['-x', 'c', '-std=gnu17', '-D__USE_MINGW_ANSI_STDIO=1'], ['-x', 'c', '-std=gnu17', '-D_POSIX_C_SOURCE=200809L'], ['-x', 'c', '-std=gnu17', '-D_GNU_SOURCE'],
  ['-x', 'c', '-std=gnu17', '-D_FILE_OFFSET_BITS=64'], ['-x', 'c', '-std=gnu17', '-DUNICODE', '-D_UNICODE'], ['-x', 'c', '-std=gnu17', '-D_UCRT'],
  ['-x', 'c', '-std=gnu17', '-D_DLL', '-D_MT'], ['-x', 'c', '-std=gnu17', '-DNO_OLDNAMES'], ['-x', 'c', '-std=gnu17', '-funsigned-char'],
  ['-x', 'c', '-std=gnu17', '-O2', '-D_FORTIFY_SOURCE=2'],
  ['-x', 'c++', '-std=gnu++17'], ['-x', 'c++', '-std=c++11'], ['-x', 'c++', '-std=gnu++20', '-D_GNU_SOURCE'], ['-x', 'c++', '-std=gnu++17', '-funsigned-char'],
];

/** Object-like macros the compiler prints (name -> text), or undefined when it rejects the input. */
function objectMacros(cc, args, file) {
  const r = spawnSync(cc, [...args, '-dM', '-E', file], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`${cc}: ${r.error.message} (test/oracle/c/install.sh installs the compilers)`);
  if (r.status !== 0) return undefined;
  const out = new Map();
  for (const m of (r.stdout ?? '').matchAll(/^#define ([A-Za-z_]\w*)(?:[ \t]+(.*))?$/gm)) out.set(m[1], (m[2] ?? '').trim());
  return out;
}

function generate() {
  const tmp = mkdtempSync(join(tmpdir(), 'system-macro-values-'));
  const values = {};
  try {
    const empty = join(tmp, 'empty.h');
    writeFileSync(empty, '');
    for (const [target, [cc, ...targetFlags]] of Object.entries(COMPILERS)) {
      const RUNS = (target.startsWith('windows/') ? WINDOWS_RUNS : LINUX_RUNS).map((run) => [...run, ...targetFlags]);
      const base = RUNS.map((args) => objectMacros(cc, args, empty));
      const perLang = {};
      for (const lang of ['c', 'c++']) {
        const perHeader = {};
        for (const h of HEADERS) {
          const file = join(tmp, h.replace(/\W/g, '_') + '.h');
          writeFileSync(file, `#include <${h}>\n`);
          /** name -> the text every run gave it so far (a name one run leaves out or writes differently is dropped). */
          let agreed;
          let runs = 0;
          RUNS.forEach((args, i) => {
            if (args[1] !== lang) return;
            const got = base[i] && objectMacros(cc, args, file);
            if (!got) return;
            runs++;
            // What the header added or changed, over the compiler's own macros for the same flags.
            const added = new Map([...got].filter(([k, v]) => base[i].get(k) !== v));
            if (!agreed) { agreed = added; return; }
            for (const [k, v] of agreed) if (added.get(k) !== v) agreed.delete(k);
          });
          // A header that does not preprocess in every run of the language (C++17's <stdatomic.h>) is left out.
          if (!agreed || runs < RUNS.filter((r) => r[1] === lang).length) continue;
          perHeader[h] = Object.fromEntries([...agreed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        perLang[lang === 'c' ? 'c' : 'cpp'] = perHeader;
      }
      values[target] = perLang;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return `${JSON.stringify({ version: 1, generatedBy: 'scripts/gen-system-macro-values.mjs', values }, null, 1)}\n`;
}

writeOrCheck(OUT, generate(), fileURLToPath(import.meta.url));
