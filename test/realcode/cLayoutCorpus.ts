// Lays out the headers of a real C code base twice, by the engine and by the compilers (test/oracle/c/oracle.mjs:
// gcc's DWARF on the Linux targets, clang's MSVC record layouts on windows/arm64), and compares record by record.
// A header is compiled alone, or, when it does not compile alone, after the project headers its includers include
// first (the code base's `includer`), by the compilers (-include) and the engine (forcedIncludes) alike. Oracle
// outputs are cached by their inputs (the header and everything in its code base's include folders, the flags, the
// oracle script and the compilers' versions), so a warm run only lays out with the engine.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { layoutCFile, toLayoutContract } from '../../server/src/lang/c/layoutFile';
import type { TargetId } from '../../server/src/core/targets';
import { compareLayouts, type LayoutComparison, type LayoutRecord } from './compareLayouts';

const ROOT = path.resolve(__dirname, '../..');
const ORACLE = path.join(ROOT, 'test/oracle/c/oracle.mjs');

export interface CCodeBase {
  /** Debian source package and its pinned version. */
  package: string;
  version: string;
  /**
   * Whether the headers need the project's configure step first (config.h and friends): the source is then the
   * configured copy of test/realcode/configure-source.sh, and generated headers are laid out like the others.
   */
  configure?: boolean;
  /** Headers to lay out, relative to the unpacked source (globs: a trailing `/*.h` takes a folder's headers). */
  headers: string[];
  /** Include folders (relative), as the project's build passes them with -I. */
  include: string[];
  /** -D flags the project's build always passes (as NAME or NAME=VALUE). */
  defines?: string[];
  /**
   * The project headers (relative to the source) its .c files include before this header (curl's curl_setup.h,
   * nginx's ngx_config.h and ngx_core.h): used for a header that does not compile alone.
   */
  includer?: (header: string) => string[];
  /** A C++ code base whose headers are named `.h`: the compilers read them as C++ (the engine tells by content). */
  cxx?: boolean;
}

/** The targets compared with gcc (Linux) and with clang's MSVC record layouts (Windows). */
export type Platform = 'linux' | 'windows';
export const platformOf = (t: TargetId): Platform => (t.startsWith('windows/') ? 'windows' : 'linux');

export interface HeaderResult {
  header: string;
  platform: Platform;
  /** The includer's headers it was compiled after (empty: alone). */
  after: string[];
  comparison?: LayoutComparison;
  skipped?: string;
}

/**
 * windows/arm64 has no Windows SDK here: mingw-w64's headers stand in for it (Debian's mingw-w64-x86-64-dev; the
 * C library and Win32 declarations are the same for arm64). They need a GNU compiler (vadefs.h has no MSVC arm64
 * branch), so clang gets -fgnuc-version=12 and the engine the macros that adds. The record layout stays MSVC's.
 */
export const MINGW_INCLUDE = '/usr/x86_64-w64-mingw32/include';
const WINDOWS_FLAGS = ['-fgnuc-version=12', '-isystem', MINGW_INCLUDE];
const WINDOWS_GNU_MACROS: [string, string][] = [['__GNUC__', '12'], ['__GNUC_MINOR__', '0'], ['__GNUC_PATCHLEVEL__', '0'], ['__GNUC_STDC_INLINE__', '1'], ['__GXX_ABI_VERSION', '1002']];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, maxBuffer: 256 << 20, timeout: 300_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)));
  });
}

let toolVersions: string | undefined;
function compilersVersion(): string {
  toolVersions ??= ['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'clang-19']
    .map((c) => { try { return execFileSync(c, ['--version'], { encoding: 'utf8' }).split('\n')[0]; } catch { return `${c}: none`; } }).join('\n');
  return toolVersions;
}

/** Expands `dir/*.h` entries to the headers of that folder (sorted). */
export function expandHeaders(src: string, patterns: string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!p.endsWith('/*.h')) { out.push(p); continue; }
    const dir = p.slice(0, -4);
    for (const f of fs.readdirSync(path.join(src, dir)).sort()) if (f.endsWith('.h')) out.push(`${dir}/${f}`);
  }
  return out;
}

function hashInputs(src: string, cb: CCodeBase, header: string, targets: TargetId[], flags: string[]): string {
  const h = createHash('sha256');
  h.update(fs.readFileSync(ORACLE)).update(compilersVersion()).update(JSON.stringify([flags, cb.cxx ?? false, targets, header]));
  // The header and every header of the code base it could include.
  const seen = new Set<string>();
  for (const dir of [path.dirname(header), ...cb.include]) {
    const abs = path.join(src, dir);
    if (seen.has(abs) || !fs.existsSync(abs)) continue;
    seen.add(abs);
    for (const f of fs.readdirSync(abs).sort()) if (f.endsWith('.h')) h.update(f).update(fs.readFileSync(path.join(abs, f)));
  }
  return h.digest('hex').slice(0, 24);
}

/** The compiler flags of a header on a platform: include folders, macros, the includer's headers. */
function compilerFlags(src: string, cb: CCodeBase, platform: Platform, after: string[]): string[] {
  return [
    ...(platform === 'windows' ? WINDOWS_FLAGS : []),
    ...cb.include.map((d) => `-I${path.join(src, d)}`), ...(cb.defines ?? []).map((d) => `-D${d}`),
    ...after.flatMap((f) => ['-include', path.join(src, f)]),
  ];
}

/** The compilers' layouts of one header; a string (the compiler's message) when it does not compile. */
async function oracleLayouts(src: string, cb: CCodeBase, header: string, targets: TargetId[], flags: string[], cacheDir: string): Promise<LayoutRecord[] | string> {
  const key = hashInputs(src, cb, header, targets, flags);
  const cached = path.join(cacheDir, `${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, 'utf8'));
  let result: LayoutRecord[] | string;
  try {
    // The oracle splits its flags on spaces: none of these has one.
    const out = await run('node', [ORACLE, '--targets', targets.join(','), '--files', path.basename(header)], {
      ...process.env, C_ORACLE_DIR: path.join(src, path.dirname(header)), C_ORACLE_FLAGS: flags.join(' '), ORACLE_JOBS: '2', ...(cb.cxx ? { C_ORACLE_LANG: 'c++' } : {}),
    });
    result = (JSON.parse(out).structs as LayoutRecord[]).map((s) => ({ ...s, file: header }));
  } catch (e) {
    const msg = String((e as Error).message);
    // An error in the oracle's own translation unit (`.k.c`, the sizeof/offsetof constants) is the oracle's limit.
    const who = /\.k\.c:\d+:\d+: error|c-oracle: Error/.test(msg) ? 'the oracle cannot lay it out' : 'does not compile';
    result = `${who}: ${(/error: .*/.exec(msg)?.[0] ?? msg).slice(0, 200)}`;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(cached, JSON.stringify(result));
  return result;
}

/** The engine's layouts of one header, with the same include folders, macros and -include files the compilers got. */
export function engineLayouts(src: string, cb: CCodeBase, header: string, targets: TargetId[], after: string[] = []): LayoutRecord[] {
  const p = path.join(src, header);
  const defines = new Map((cb.defines ?? []).map((d) => { const eq = d.indexOf('='); return eq < 0 ? [d, '1'] : [d.slice(0, eq), d.slice(eq + 1)]; }));
  if (targets.some((t) => platformOf(t) === 'windows')) for (const [k, v] of WINDOWS_GNU_MACROS) defines.set(k, v);
  const results = layoutCFile({
    path: p, text: fs.readFileSync(p, 'utf8'), fs: nodeFileSystem, targets,
    includeDirs: cb.include.map((d) => path.join(src, d)), defines, definesComplete: true, forcedIncludes: after.map((f) => path.join(src, f)),
  });
  return toLayoutContract(results, src) as LayoutRecord[];
}

/** Per header and platform: alone, else after its includer's headers; skipped with the compiler's message. */
export async function compareCodeBase(src: string, cb: CCodeBase, targets: TargetId[], cacheDir: string): Promise<HeaderResult[]> {
  const out: HeaderResult[] = [];
  const platforms = (['linux', 'windows'] as const).filter((p) => targets.some((t) => platformOf(t) === p));
  for (const header of expandHeaders(src, cb.headers)) {
    for (const platform of platforms) {
      const group = targets.filter((t) => platformOf(t) === platform);
      if (platform === 'windows' && !fs.existsSync(MINGW_INCLUDE)) { out.push({ header, platform, after: [], skipped: `no ${MINGW_INCLUDE}` }); continue; }
      let after: string[] = [];
      let oracle = await oracleLayouts(src, cb, header, group, compilerFlags(src, cb, platform, after), cacheDir);
      const includer = cb.includer?.(header) ?? [];
      if (typeof oracle === 'string' && includer.length) {
        after = includer;
        oracle = await oracleLayouts(src, cb, header, group, compilerFlags(src, cb, platform, after), cacheDir);
      }
      if (typeof oracle === 'string') { out.push({ header, platform, after, skipped: oracle }); continue; }
      out.push({ header, platform, after, comparison: compareLayouts(engineLayouts(src, cb, header, group, after), oracle) });
    }
  }
  return out;
}
