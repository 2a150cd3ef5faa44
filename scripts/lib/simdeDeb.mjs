// The pinned SIMDe headers: Debian 12's libsimde-dev .deb, downloaded with apt-get and unpacked with dpkg-deb into
// $ARM64PORT_CACHE (default ~/.cache/arm64-port)/deb/libsimde-dev_VERSION; a second call only returns the folder.
// Used by scripts/gen-simde-table.mjs and by the c-x86-intrinsics fix test, which compiles against these headers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SIMDE_PACKAGE = 'libsimde-dev';
export const SIMDE_VERSION = '0.7.4~rc2-2';

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });

/** The unpacked package's include folder (it holds simde/x86/*.h), downloading the .deb on first use. */
export function simdeIncludeDir() {
  const cache = process.env.ARM64PORT_CACHE || join(homedir(), '.cache', 'arm64-port');
  const dest = join(cache, 'deb', `${SIMDE_PACKAGE}_${SIMDE_VERSION.replace(/:/g, '%')}`);
  const include = join(dest, 'usr', 'include');
  if (existsSync(join(dest, '.complete'))) return include;
  mkdirSync(join(cache, 'deb'), { recursive: true });
  const spec = `${SIMDE_PACKAGE}=${SIMDE_VERSION}`;
  // apt-get download needs the version in the package lists; update them once when it is not there.
  try {
    run('apt-cache', ['show', spec]);
  } catch {
    if (process.getuid?.() === 0) run('apt-get', ['update', '-qq']);
    else run('sudo', ['-n', 'apt-get', 'update', '-qq']);
  }
  const work = mkdtempSync(join(cache, 'deb', '.tmp.'));
  try {
    // apt-get download writes into the current folder; as root it warns that _apt cannot write there (harmless).
    run('apt-get', ['download', '-qq', spec], { cwd: work });
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${spec} gave no .deb`);
    rmSync(dest, { recursive: true, force: true });
    run('dpkg-deb', ['-x', join(work, deb), dest]);
    writeFileSync(join(dest, '.complete'), `${deb}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return include;
}
