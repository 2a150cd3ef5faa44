// The shipped C library tables are what the cross compilers say today: scripts/gen-libc-types.mjs --check,
// scripts/gen-system-macros.mjs --check and scripts/gen-system-macro-values.mjs --check regenerate libcTypes.json,
// systemMacros.json and systemMacroValues.json from gcc (and clang) and glibc's headers and compare byte for byte;
// scripts/gen-windows-types.mjs --check and scripts/gen-windows-macros.mjs --check regenerate windowsTypes.json and
// windowsMacros.json from clang-19 (MSVC ABI) and mingw-w64's headers.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/runScript';

const COMPILERS = ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc'];
const has = (cmd: string) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
const missing = COMPILERS.filter((c) => !has(c));
const inCI = !!process.env.CI && process.env.CI !== 'false';

describe.skipIf(missing.length > 0 && !inCI)('C library type table', () => {
  it('equals what the cross compilers print for every type and target', async () => {
    expect(missing, 'test/oracle/c/install.sh installs the cross compilers').toEqual([]);
    const out = await runScript('gen-libc-types.mjs', '--check');
    expect(out).toMatch(/matches the compilers/);
  });

  it('the system headers and macro names of systemMacros.json are what the compilers define', async () => {
    expect(missing, 'test/oracle/c/install.sh installs the cross compilers').toEqual([]);
    const out = await runScript('gen-system-macros.mjs', '--check');
    expect(out).toMatch(/matches the compilers/);
  }, 120_000);

  it('the macro values of systemMacroValues.json are what the compilers define', async () => {
    expect(missing, 'test/oracle/c/install.sh installs the cross compilers').toEqual([]);
    const out = await runScript('gen-system-macro-values.mjs', '--check');
    expect(out).toMatch(/matches the compilers/);
  }, 120_000);
});

const MINGW_INCLUDE = '/usr/x86_64-w64-mingw32/include';
const windowsMissing = [...(has('clang-19') ? [] : ['clang-19']), ...(fs.existsSync(MINGW_INCLUDE) ? [] : [MINGW_INCLUDE])];

describe.skipIf(windowsMissing.length > 0 && !inCI)('windows/arm64 type and macro tables', () => {
  it('equals what clang-19 prints for every type over mingw-w64\'s headers', async () => {
    expect(windowsMissing, 'test/oracle/c/install.sh installs clang-19 and mingw-w64').toEqual([]);
    const out = await runScript('gen-windows-types.mjs', '--check');
    expect(out).toMatch(/matches the compilers/);
  }, 120_000);

  it('the system headers and macro names of windowsMacros.json are what clang-19 defines over mingw-w64\'s headers', async () => {
    expect(windowsMissing, 'test/oracle/c/install.sh installs clang-19 and mingw-w64').toEqual([]);
    const out = await runScript('gen-windows-macros.mjs', '--check');
    expect(out).toMatch(/matches the compilers/);
  }, 120_000);
});
