// Include directories and -D macros from compile_commands.json (the CMake/Bear compilation database).
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';

/**
 * `complete`: the file has its own entry, so a macro its -D flags do not set is unset. `forcedIncludes`: its
 * -include files (absolute when they name a file of the working directory, else names for the include dirs).
 */
export interface CompileFlags { includeDirs: string[]; defines: Map<string, string>; complete?: boolean; forcedIncludes?: string[] }

interface Entry { directory?: string; file?: string; command?: string; arguments?: string[] }

/** Splits a shell command line (quotes and backslashes; enough for compilation databases). */
function shellWords(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  let has = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < cmd.length) cur += cmd[++i];
      else cur += c;
    } else if (c === '"' || c === '\'') { q = c; has = true; }
    else if (c === '\\' && i + 1 < cmd.length) { cur += cmd[++i]; has = true; }
    else if (/\s/.test(c)) { if (has || cur) out.push(cur); cur = ''; has = false; }
    else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

function flagsOf(e: Entry, fs: FileSystem): CompileFlags {
  const args = e.arguments ?? shellWords(e.command ?? '');
  const dir = e.directory ?? '.';
  const includeDirs: string[] = [];
  const defines = new Map<string, string>();
  const forcedIncludes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // gcc looks an -include file up in the working directory first, then like #include "...".
    const inc = /^(?:-include(?!-)|\/FI)(.*)$/.exec(a);
    if (inc) {
      const v = inc[1] || args[++i];
      if (v) forcedIncludes.push(fs.exists(path.resolve(dir, v)) ? path.resolve(dir, v) : v);
      continue;
    }
    const m = /^(-I|-isystem|-iquote|-idirafter|\/I)(.*)$/.exec(a);
    if (m) {
      const v = m[2] || args[++i];
      if (v) includeDirs.push(path.resolve(dir, v));
      continue;
    }
    const d = /^(-D|\/D)(.*)$/.exec(a);
    if (d) {
      const v = d[2] || args[++i];
      if (!v) continue;
      const eq = v.indexOf('=');
      defines.set(eq < 0 ? v : v.slice(0, eq), eq < 0 ? '1' : v.slice(eq + 1));
    }
    const u = /^-U(.*)$/.exec(a);
    if (u) defines.delete(u[1] || args[++i]);
  }
  return { includeDirs, defines, ...(forcedIncludes.length ? { forcedIncludes } : {}) };
}

/**
 * Flags for a file from <root>/compile_commands.json or <root>/build/compile_commands.json. A source file gets its
 * own entry's -I and -D; a header (never listed) gets the union of every entry's include dirs and no macros.
 */
export function compileFlagsFor(fs: FileSystem, root: string, file: string): CompileFlags {
  const empty: CompileFlags = { includeDirs: [], defines: new Map() };
  let db: Entry[] | undefined;
  for (const p of [path.join(root, 'compile_commands.json'), path.join(root, 'build', 'compile_commands.json')]) {
    const t = fs.readText(p);
    if (t === undefined) continue;
    try { const j = JSON.parse(t); if (Array.isArray(j)) { db = j; break; } } catch { /* ignore a broken database */ }
  }
  if (!db) return empty;
  const abs = path.resolve(file);
  const own = db.find((e) => e.file && path.resolve(e.directory ?? root, e.file) === abs);
  if (own) return { ...flagsOf(own, fs), complete: true };
  const dirs = new Set<string>();
  for (const e of db) for (const d of flagsOf(e, fs).includeDirs) dirs.add(d);
  return { includeDirs: [...dirs], defines: new Map() };
}
