// Lays out the headers of a real C code base twice, by the engine and by the compilers (test/oracle/c/oracle.mjs:
// gcc's DWARF on Linux targets), and compares record by record. Oracle outputs are cached by their inputs (the
// header and everything in its code base's include folders, the flags, the oracle script and the compilers'
// versions), so a warm run only lays out with the engine.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/engine/workspace';
import { layoutCFile, toLayoutContract } from '../../server/src/lang/c/layoutFile';
import type { TargetId } from '../../server/src/layout/targets';
import { compareLayouts, type LayoutComparison, type LayoutRecord } from './compareLayouts';

const ROOT = path.resolve(__dirname, '../..');
const ORACLE = path.join(ROOT, 'test/oracle/c/oracle.mjs');

export interface CCodeBase {
  /** Debian source package and its pinned version. */
  package: string;
  version: string;
  /** Headers to lay out, relative to the unpacked source (globs: a trailing `/*.h` takes a folder's headers). */
  headers: string[];
  /** Include folders (relative), as the project's build passes them with -I. */
  include: string[];
  /** -D flags the project's build always passes (as NAME or NAME=VALUE). */
  defines?: string[];
  /**
   * System headers the compilers include before each header (-include), for headers that rely on their includer
   * for size_t or uint32_t. The engine needs none: it knows the C library's types by name.
   */
  prelude?: string[];
}

export interface HeaderResult { header: string; comparison?: LayoutComparison; skipped?: string }

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

function hashInputs(src: string, cb: CCodeBase, header: string, targets: TargetId[]): string {
  const h = createHash('sha256');
  h.update(fs.readFileSync(ORACLE)).update(compilersVersion()).update(JSON.stringify([cb.include, cb.defines ?? [], cb.prelude ?? [], targets, header]));
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

/** The compilers' layouts of one header; undefined (with the compiler's message) when it does not compile alone. */
async function oracleLayouts(src: string, cb: CCodeBase, header: string, targets: TargetId[], cacheDir: string): Promise<LayoutRecord[] | string> {
  const key = hashInputs(src, cb, header, targets);
  const cached = path.join(cacheDir, `${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, 'utf8'));
  const flags = [...cb.include.map((d) => `-I${path.join(src, d)}`), ...(cb.defines ?? []).map((d) => `-D${d}`), ...(cb.prelude ?? []).flatMap((h) => ['-include', h])];
  let result: LayoutRecord[] | string;
  try {
    const out = await run('node', [ORACLE, '--targets', targets.join(','), '--files', path.basename(header)], {
      ...process.env, C_ORACLE_DIR: path.join(src, path.dirname(header)), C_ORACLE_FLAGS: flags.join(' '), ORACLE_JOBS: '2',
    });
    result = (JSON.parse(out).structs as LayoutRecord[]).map((s) => ({ ...s, file: header }));
  } catch (e) {
    const msg = String((e as Error).message);
    result = `does not compile on its own: ${(/error: .*/.exec(msg)?.[0] ?? msg).slice(0, 200)}`;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(cached, JSON.stringify(result));
  return result;
}

/** The engine's layouts of one header, with the same include folders and macros the compilers got. */
export function engineLayouts(src: string, cb: CCodeBase, header: string, targets: TargetId[]): LayoutRecord[] {
  const p = path.join(src, header);
  const defines = new Map((cb.defines ?? []).map((d) => { const eq = d.indexOf('='); return eq < 0 ? [d, '1'] : [d.slice(0, eq), d.slice(eq + 1)]; }));
  const results = layoutCFile({
    path: p, text: fs.readFileSync(p, 'utf8'), fs: nodeFileSystem, targets,
    includeDirs: cb.include.map((d) => path.join(src, d)), defines, definesComplete: true,
  });
  return toLayoutContract(results, src) as LayoutRecord[];
}

export async function compareCodeBase(src: string, cb: CCodeBase, targets: TargetId[], cacheDir: string): Promise<HeaderResult[]> {
  const out: HeaderResult[] = [];
  for (const header of expandHeaders(src, cb.headers)) {
    const oracle = await oracleLayouts(src, cb, header, targets, cacheDir);
    if (typeof oracle === 'string') { out.push({ header, skipped: oracle }); continue; }
    out.push({ header, comparison: compareLayouts(engineLayouts(src, cb, header, targets), oracle) });
  }
  return out;
}
