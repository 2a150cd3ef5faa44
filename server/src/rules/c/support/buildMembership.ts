// Whether a C source file is left out of its project's build: its own directory has a build file that lists the
// sources there by name (OpenSSL build.info, CMakeLists.txt, Makefile.am, meson.build, curl's Makefile.inc, a
// Makefile naming .o files), that file names sibling sources but not this one, and no file of the directory
// #includes it. OpenSSL's crypto/poly1305/poly1305_ieee754.c is such a file ("meant to be used as template",
// listed in no build.info). Headers are never judged (they are included, not listed), nor directories whose
// build files name no source (globs, or the list lives elsewhere): then the answer is "built, as far as we know".
import * as path from 'node:path';
import type { RuleContext } from '../../rule';
import { defineFact } from '../../../core/facts';
import { evaluateConditionals } from '../../../lang/c/preprocessor';
import type { TargetId } from '../../../core/targets';

const BUILD_FILE = /^(build\.info|CMakeLists\.txt|.*\.cmake|Makefile(\.am|\.in|\.inc|\.mk)?|GNUmakefile|makefile|.*\.mk|meson\.build|Kbuild|SConscript|BUILD(\.bazel)?|.*\.gyp|.*\.gypi|.*\.gn)$/;
const SOURCE = /\.(c|cc|cpp|cxx|m|mm|S|s|asm)$/;

interface DirIndex { listsSources: boolean; names: Set<string> }

function stem(name: string): string { return name.replace(/\.[^.]+$/, ''); }

function indexDir(ctx: RuleContext, dir: string): DirIndex {
  const entries = ctx.fs.readDir(dir);
  const sources = entries.filter((e) => e.isFile && SOURCE.test(e.name)).map((e) => stem(e.name));
  const words = new Set<string>();
  for (const e of entries) {
    if (!e.isFile || !BUILD_FILE.test(e.name)) continue;
    const text = ctx.fs.readText(path.join(dir, e.name));
    if (!text) continue;
    for (const m of text.matchAll(/[A-Za-z0-9_+-]+(?=\.(?:c|cc|cpp|cxx|m|mm|S|s|asm|o|obj|lo)\b)/g)) words.add(m[0]);
  }
  // #include "x.c" from a file of the same directory (sqlite, zstd and others build one file from several).
  for (const e of entries) {
    if (!e.isFile || !/\.(c|cc|cpp|h|hpp|inc)$/.test(e.name)) continue;
    const text = ctx.fs.readText(path.join(dir, e.name));
    if (!text || !text.includes('#')) continue;
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*["<]([^">]+)[">]/gm)) if (SOURCE.test(m[1])) words.add(stem(path.basename(m[1])));
  }
  return { listsSources: sources.some((s) => words.has(s)), names: words };
}

/** The sources a folder's build files (and its sources' `#include "x.c"`) name. */
const BUILD_MEMBERSHIP = defineFact<DirIndex, string>({ name: 'c:build-membership', scope: 'directory', lists: true,
  reads: [
    'build.info', 'CMakeLists.txt', '*.cmake', 'Makefile', 'Makefile.am', 'Makefile.in', 'Makefile.inc', 'Makefile.mk', 'GNUmakefile', '*.mk',
    'meson.build', 'Kbuild', 'SConscript', 'BUILD', 'BUILD.bazel', '*.gyp', '*.gypi', '*.gn',
    ...['c', 'cc', 'cpp', 'cxx', 'm', 'mm', 's', 'asm', 'h', 'hpp', 'inc'].map((x) => `*.${x}`),
  ],
});

/** True only when the directory's build files list sources by name and this source file is not among them. */
export function notInBuild(ctx: RuleContext): boolean {
  if (ctx.kind === 'go' || !SOURCE.test(ctx.path)) return false;
  const dir = path.dirname(ctx.path);
  const ix = ctx.fact(BUILD_MEMBERSHIP, dir, () => indexDir(ctx, dir));
  return ix.listsSources && !ix.names.has(stem(path.basename(ctx.path)));
}

/**
 * Whether a header is included by files of its own directory only where the #include is not compiled for the
 * target: `#ifdef _MSC_VER #include "msvc_arch.h" #endif` (GCC on Linux never reads the header). Undefined (no
 * answer) when no file of the directory includes it, or some include is active or unknown there.
 */
export function includedOnlyWhereInactive(ctx: RuleContext, target: TargetId): boolean {
  if (ctx.kind === 'go' || !/\.(h|hh|hpp|hxx|inc)$/i.test(ctx.path)) return false;
  // Once per file and target: the rule asks for every #error of the header.
  return ctx.memo(`c:included-only-where-inactive:${target}`, () => includersAllInactive(ctx, target));
}

function includersAllInactive(ctx: RuleContext, target: TargetId): boolean {
  const dir = path.dirname(ctx.path);
  const base = path.basename(ctx.path);
  let includes = 0;
  for (const e of ctx.fs.readDir(dir)) {
    if (!e.isFile || e.name === base || !/\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc)$/i.test(e.name)) continue;
    const text = ctx.fs.readText(path.join(dir, e.name));
    if (!text || !text.includes(base)) continue;
    let activity: ReturnType<typeof evaluateConditionals> | undefined;
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*["<]([^">]+)[">]/gm)) {
      if (path.basename(m[1]) !== base) continue;
      includes++;
      activity ??= evaluateConditionals(text, target);
      if (activity.isActive(m.index!) !== false) return false;
    }
  }
  return includes > 0;
}

/** A header that implements atomics the modern way: the __atomic builtins, C11 <stdatomic.h>, C++ <atomic>. */
const MODERN_ATOMICS = /\b__atomic_\w+\s*\(|<stdatomic\.h>|\b_Atomic\b|\batomic_(?:load|store|fetch_\w+|exchange|compare_exchange_\w+|thread_fence)(?:_explicit)?\s*\(|<atomic>|\bstd::atomic\b/;
const INCLUDE_LINE = /^[ \t]*#[ \t]*include[ \t]*["<]([^">]+)[">]/;

/**
 * Why a header is only a fallback for atomics, or undefined: every file of its directory that includes it does
 * so in an #elif/#else branch that comes after a branch including <stdatomic.h>/<atomic> or a header using the
 * __atomic builtins or C11 atomics (jemalloc atomic.h: `#if defined(JEMALLOC_GCC_ATOMIC_ATOMICS)` includes
 * atomic_gcc_atomic.h, `#elif defined(JEMALLOC_GCC_SYNC_ATOMICS)` atomic_gcc_sync.h). Every ARM64 compiler has
 * the __atomic builtins and C11 atomics, so an ARM64 build takes the earlier branch. An include the target's
 * #if evaluation shows active, or an earlier branch it shows inactive, does not count. Undefined as well when no
 * file of the directory includes the header (libuv src/unix/atomic-ops.h is included unconditionally).
 */
export function atomicsFallbackReason(ctx: RuleContext, target: TargetId): string | undefined {
  if (ctx.kind === 'go' || !/\.(h|hh|hpp|hxx|inc)$/i.test(ctx.path)) return undefined;
  return ctx.memo(`c:atomics-fallback:${target}`, () => fallbackOf(ctx, target));
}

interface Branch { includes: { name: string; offset: number }[] }

function fallbackOf(ctx: RuleContext, target: TargetId): string | undefined {
  const dir = path.dirname(ctx.path);
  const base = path.basename(ctx.path);
  const modern = new Map<string, boolean>();
  const isModern = (includer: string, name: string): boolean => {
    if (/^(stdatomic\.h|atomic)$/.test(name)) return true;
    const candidates = [path.join(path.dirname(includer), name), path.join(dir, path.basename(name))];
    for (const file of candidates) {
      if (file === ctx.path) continue;
      let m = modern.get(file);
      if (m === undefined) { const t = ctx.fs.readText(file); m = !!t && MODERN_ATOMICS.test(t); modern.set(file, m); }
      if (m) return true;
    }
    return false;
  };
  const reasons: string[] = [];
  for (const e of ctx.fs.readDir(dir)) {
    if (!e.isFile || e.name === base || !/\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc)$/i.test(e.name)) continue;
    const file = path.join(dir, e.name);
    const text = ctx.fs.readText(file);
    if (!text || !text.includes(base)) continue;
    let activity: ReturnType<typeof evaluateConditionals> | undefined;
    // Open #if groups, each with its branches so far (#if, #elif…, #else).
    const groups: Branch[][] = [];
    let offset = 0;
    let line = 0;
    for (const raw of text.split('\n')) {
      line++;
      const at = offset;
      offset += raw.length + 1;
      const d = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/.exec(raw);
      if (d) {
        if (d[1].startsWith('if')) groups.push([{ includes: [] }]);
        else if (d[1] === 'endif') groups.pop();
        else groups[groups.length - 1]?.push({ includes: [] });
        continue;
      }
      const inc = INCLUDE_LINE.exec(raw);
      if (!inc) continue;
      if (path.basename(inc[1]) !== base) {
        for (const g of groups) g[g.length - 1].includes.push({ name: inc[1], offset: at });
        continue;
      }
      // An include of the header: a fallback only in a later branch of its innermost group, after a modern one.
      const g = groups[groups.length - 1];
      if (!g || g.length < 2) return undefined;
      activity ??= evaluateConditionals(text, target);
      if (activity.isActive(at) === true) return undefined;
      const first = g.slice(0, -1).flatMap((b) => b.includes)
        .find((i) => activity!.isActive(i.offset) !== false && isModern(file, i.name));
      if (!first) return undefined;
      reasons.push(`${path.relative(ctx.root, file)}:${line} includes it only in an #elif/#else branch after the one that includes ${first.name}`);
    }
  }
  return reasons.length ? reasons.join('; ') : undefined;
}
