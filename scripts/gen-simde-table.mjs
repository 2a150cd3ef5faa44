#!/usr/bin/env node
// Generates server/src/rules/c/support/simdeX86.json: which x86 intrinsics and vector types SIMDe 0.7.4 (Debian 12's
// libsimde-dev 0.7.4~rc2-2, scripts/lib/simdeDeb.mjs) provides under SIMDE_ENABLE_NATIVE_ALIASES, the simde/x86 header
// that defines each, and which of them run NEON code on AArch64.
//
// The AArch64 cross compiler decides, not a reading of SIMDe's #if chains: every simde/x86/*.h is preprocessed with
// aarch64-linux-gnu-gcc -O2 -E -dD, so only the code SIMDe selects for AArch64 is left (a NEON branch after a
// vector-extension branch, or one that needs __ARM_FEATURE_AES, is gone). Then:
// - provided: a native alias (`#define _mm_add_epi8(a, b) simde_mm_add_epi8(a, b)`, `typedef simde__m128i __m128i`)
//   still defined at the end, whose simde_ function or macro is defined (a few aliases name a function SIMDe lacks),
//   and the _MM_/_CMP_/_SIDD_ constants and macros it defines (the fix needs every x86 name a file uses);
// - NEON-native: that function's body (or macro's text) calls an arm_neon.h intrinsic, or has no loop and no lane
//   subscript of its own and calls only NEON-native SIMDe functions (AVX runs as two NEON-native 128-bit halves).
//   Otherwise the AArch64 code is GCC vector extensions or scalar C: the portable fallback;
// - no-op: a function whose body is empty on AArch64 (_mm_pause).
//
//   node scripts/gen-simde-table.mjs            write the table
//   node scripts/gen-simde-table.mjs --check    exit 1 when the headers and compiler disagree with the shipped table
//   node scripts/gen-simde-table.mjs --include  print the unpacked include folder (the fix test compiles against it)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/writeOrCheck.mjs';
import { SIMDE_PACKAGE, SIMDE_VERSION, simdeIncludeDir } from './lib/simdeDeb.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/rules/c/support/simdeX86.json');
const CC = 'aarch64-linux-gnu-gcc';

const include = simdeIncludeDir();
if (process.argv.includes('--include')) {
  process.stdout.write(`${include}\n`);
  process.exit(0);
}

/** simde/x86 headers, as paths below simde/ ("x86/sse2.h", "x86/avx512/add.h"). */
function x86Headers(dir = 'x86') {
  const out = [];
  for (const e of readdirSync(join(include, 'simde', dir), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...x86Headers(`${dir}/${e.name}`));
    else if (e.name.endsWith('.h')) out.push(`${dir}/${e.name}`);
  }
  return out.sort();
}

/** Each header's direct #include "…" of other simde/x86 headers (the fix picks the narrowest header from these). */
function includeGraph(headers) {
  const graph = {};
  for (const h of headers) {
    const text = readFileSync(join(include, 'simde', h), 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
      const dep = posix.normalize(posix.join(posix.dirname(h), m[1]));
      if (dep.startsWith('x86/') && headers.includes(dep)) deps.add(dep);
    }
    graph[h] = [...deps].sort();
  }
  return graph;
}

function preprocess(headers) {
  const dir = mkdtempSync(join(tmpdir(), 'simde-table-'));
  try {
    const tu = join(dir, 'tu.c');
    writeFileSync(tu, `#define SIMDE_ENABLE_NATIVE_ALIASES\n${headers.map((h) => `#include <simde/${h}>\n`).join('')}`);
    return execFileSync(CC, ['-O2', '-E', '-dD', '-I', include, tu], { encoding: 'utf8', maxBuffer: 256 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The index after the parenthesis or brace group that opens at `from`. */
function closeOf(text, from) {
  const open = text[from], close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let p = from; p < text.length; p++) {
    if (text[p] === open) depth++;
    else if (text[p] === close && --depth === 0) return p + 1;
  }
  return text.length;
}

/** Aliases, simde_ macros and function bodies defined in simde/x86, and the arm_neon.h intrinsic names. */
function readPreprocessed(out) {
  const aliases = new Map(); // x86 name -> { header, target }
  const macros = new Map(); // simde_ name -> replacement text
  const funcs = new Map(); // simde_ name -> body
  const neon = new Set();
  const x86Text = []; // the code lines from simde/x86, in order (function definitions are found in them)
  let file = '';
  for (const line of out.split('\n')) {
    const marker = /^# \d+ "([^"]+)"/.exec(line);
    if (marker) { file = marker[1]; continue; }
    const header = /\/simde\/(x86\/.+\.h)$/.exec(posix.normalize(file))?.[1];
    const def = /^#define (\w+)(?:\([^)]*\))? ?(.*)$/.exec(line);
    if (def) {
      if (file.endsWith('/arm_neon.h') && /^v/.test(def[1])) neon.add(def[1]);
      if (header && /^simde_[a-z]/.test(def[1])) macros.set(def[1], def[2]);
      else if (header && /^_(?:MM|CMP|SIDD)_/.test(def[1])) aliases.set(def[1], { header }); // _MM_SHUFFLE, _CMP_EQ_OQ
      else if (header && /^_/.test(def[1])) {
        const target = /^\(?\s*(simde_[a-z]\w*|simde__m\w+)\b/.exec(def[2])?.[1];
        if (target) aliases.set(def[1], { header, target });
      }
      continue;
    }
    const undef = /^#undef (\w+)/.exec(line);
    if (undef) { aliases.delete(undef[1]); macros.delete(undef[1]); continue; }
    if (file.endsWith('/arm_neon.h')) { const f = /^(v\w+) \(/.exec(line); if (f) neon.add(f[1]); }
    if (!header) continue;
    const td = /^\s*typedef (simde__m\w+) (__m\w+);/.exec(line);
    if (td) aliases.set(td[2], { header, target: td[1] });
    x86Text.push(line);
  }
  // Function definitions at file scope: NAME (params) [__attribute__((…))…] { body }.
  const text = x86Text.join('\n');
  const re = /\b(simde_[a-z]\w*)\s*\(/g;
  for (let m; (m = re.exec(text));) {
    let p = closeOf(text, m.index + m[0].length - 1);
    for (;;) {
      while (/\s/.test(text[p] ?? '')) p++;
      if (!text.startsWith('__attribute__', p)) break;
      p = closeOf(text, text.indexOf('(', p));
    }
    if (text[p] !== '{') continue;
    const end = closeOf(text, p);
    funcs.set(m[1], text.slice(p, end));
    re.lastIndex = end;
  }
  return { aliases, macros, funcs, neon };
}

function classify({ aliases, macros, funcs, neon }) {
  const bodyOf = (n) => macros.get(n) ?? funcs.get(n);
  const ids = (s) => new Set(s.match(/\b[A-Za-z_]\w*/g) ?? []);
  const names = [...new Set([...macros.keys(), ...funcs.keys()])];
  const native = new Set(names.filter((n) => [...ids(bodyOf(n))].some((id) => neon.has(id) || id.startsWith('__builtin_aarch64_'))));
  // Through calls: a body without loops or lane subscripts whose SIMDe calls are all NEON-native (to a fixed point).
  for (let grew = true; grew;) {
    grew = false;
    for (const n of names) {
      if (native.has(n)) continue;
      const body = bodyOf(n);
      if (/\b(?:for|while|do)\b/.test(body) || /\.[iuf]\d+\s*\[/.test(body)) continue;
      const calls = [...ids(body)].filter((id) => id !== n && /^simde_[a-z]/.test(id) && bodyOf(id) !== undefined);
      if (calls.length > 0 && calls.every((c) => native.has(c))) { native.add(n); grew = true; }
    }
  }
  // A body with no statement on AArch64 (_mm_pause: SIMDe has only the x86 instruction).
  const empty = (n) => funcs.has(n) && !macros.has(n) && funcs.get(n).replace(/^#.*$/gm, '').replace(/[\s{}]/g, '') === '';
  const byHeader = {};
  const neonNames = [];
  const noopNames = [];
  const missing = [];
  for (const [name, { header, target }] of [...aliases].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const fn = target !== undefined && !target.startsWith('simde__m'); // not a vector type or an _MM_ constant
    if (fn && bodyOf(target) === undefined) { missing.push(name); continue; } // an alias of a function SIMDe does not define
    (byHeader[header] ??= []).push(name);
    if (fn && native.has(target)) neonNames.push(name);
    if (fn && empty(target)) noopNames.push(name);
  }
  return { byHeader, neonNames, noopNames, missing };
}

const headers = x86Headers();
const parsed = readPreprocessed(preprocess(headers));
const { byHeader, neonNames, noopNames, missing } = classify(parsed);
const total = Object.values(byHeader).reduce((n, l) => n + l.length, 0);
process.stderr.write(`${total} names provided (${neonNames.length} NEON-native), ${missing.length} aliases without a definition (${missing.join(' ')})\n`);
const gcc = execFileSync(CC, ['-dumpfullversion'], { encoding: 'utf8' }).trim();
const table = {
  source: `SIMDe ${SIMDE_VERSION.replace(/-\d+$/, '')}, Debian package ${SIMDE_PACKAGE} ${SIMDE_VERSION}: simde/x86/*.h with SIMDE_ENABLE_NATIVE_ALIASES`,
  aarch64: `${CC} ${gcc} -O2 -E -dD (default -march)`,
  includes: Object.fromEntries(Object.entries(includeGraph(headers)).filter(([, d]) => d.length > 0).map(([h, d]) => [h, d.join(' ')])),
  names: Object.fromEntries(Object.entries(byHeader).sort(([a], [b]) => (a < b ? -1 : 1)).map(([h, l]) => [h, l.join(' ')])),
  neon: neonNames.join(' '),
  noop: noopNames.join(' '),
};
writeOrCheck(OUT, `${JSON.stringify(table, null, 1)}\n`, fileURLToPath(import.meta.url));
