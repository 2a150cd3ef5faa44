#!/usr/bin/env node
// C/C++ layout oracle: asks the real compilers for the layout of every record in
// test/fixtures/c/layout/*.h (C) and *.hpp (C++), per target, and prints the `layout --json`
// contract of docs/architecture.md. No npm dependencies. See test/oracle/README-c.md.
//
// Where each number comes from (per fixture and target):
//   structure  clang -Xclang -ast-dump=json with the target's triple: which records exist after
//              the target's #if's, their names, lines, fields, bit-field/packed/pragma-pack flags.
//   gcc        (linux targets) gcc -g -c, DWARF read back with readelf: record sizes, field byte
//              offsets and DW_AT_data_bit_offset; gcc -S of a generated TU: _Alignof/__alignof__/
//              sizeof constants (asm-offsets trick: "i" operands printed into an .ascii string).
//   clang      (windows/arm64, and the linux triples under --crosscheck) -fdump-record-layouts-
//              complete text: sizes, aligns, offsets, bit ranges; the same constants TU for aligns.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
// C_ORACLE_DIR points the oracle at another folder of headers (the quick-fix tests use a fixed copy).
const FIXTURES = process.env.C_ORACLE_DIR ?? join(ROOT, 'test/fixtures/c/layout');
// C_ORACLE_FLAGS: extra compiler flags for every run, split on spaces (`-I/src/include -DNDEBUG` for real code).
const EXTRA = (process.env.C_ORACLE_FLAGS ?? '').split(' ').filter(Boolean);

const TARGETS = {
  'linux/arm64': { gcc: 'aarch64-linux-gnu-gcc', gxx: 'aarch64-linux-gnu-g++', triple: 'aarch64-linux-gnu' },
  'linux/amd64': { gcc: 'x86_64-linux-gnu-gcc', gxx: 'x86_64-linux-gnu-g++', triple: 'x86_64-linux-gnu' },
  'linux/arm': { gcc: 'arm-linux-gnueabihf-gcc', gxx: 'arm-linux-gnueabihf-g++', triple: 'armv7-linux-gnueabihf' },
  'linux/386': { gcc: 'i686-linux-gnu-gcc', gxx: 'i686-linux-gnu-g++', triple: 'i686-linux-gnu' },
  'windows/arm64': { gcc: null, gxx: null, triple: 'aarch64-pc-windows-msvc' },
};
const TARGET_ORDER = Object.keys(TARGETS);

// ---------- small utilities ----------
function run(cmd, args, opts = {}) {
  return new Promise((res, rej) => {
    execFile(cmd, args, { maxBuffer: 256 << 20, ...opts }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${cmd} ${args.join(' ')}\n${stderr || err.message}`));
      else res(stdout);
    });
  });
}
// Bounded parallelism: the machine has 2 cores.
function pool(limit) {
  let active = 0; const queue = [];
  const next = () => {
    if (active >= limit || !queue.length) return;
    active++;
    const { fn, res, rej } = queue.shift();
    fn().then(res, rej).finally(() => { active--; next(); });
  };
  return (fn) => new Promise((res, rej) => { queue.push({ fn, res, rej }); next(); });
}
const alignUp = (n, a) => Math.ceil(n / a) * a;

let CLANG = null;
async function findClang() {
  for (const v of [22, 21, 20, 19, 18, 17, 16]) {
    try { await run(`clang-${v}`, ['--version']); return `clang-${v}`; } catch { /* next */ }
  }
  throw new Error('no clang >= 16 found: run test/oracle/c/install.sh');
}

// ---------- structure: clang JSON AST ----------
// clang's JSON omits "file"/"line" when unchanged since the previously printed location, so
// walk every location in print order and fill them in.
function annotateLocations(root) {
  let file = null, line = null;
  const visit = (node) => {
    if (Array.isArray(node)) { for (const x of node) visit(x); return; }
    if (!node || typeof node !== 'object') return;
    if ('offset' in node && 'col' in node) {
      if (node.file) file = node.file;
      if (node.line) line = node.line;
      node._file = file; node._line = line;
    }
    for (const k of Object.keys(node)) if (k !== 'includedFrom') visit(node[k]);
  };
  visit(root);
}
const locOf = (n) => (n.loc && (n.loc.expansionLoc || n.loc)) || {};
const ANON_AT = /\((?:unnamed|anonymous)(?: (?:struct|union|class))? at ([^)]*):(\d+):(\d+)\)/;

// Build the list of entries (top-level records and nested anonymous-type records) of one fixture.
function structureFromAst(ast, fixturePath, cxx) {
  annotateLocations(ast);
  const inFixture = (n) => { const f = locOf(n)._file; return f && resolve(f) === fixturePath; };
  const recKinds = new Set(['RecordDecl', 'CXXRecordDecl']);
  const entries = [];
  const typedefOf = new Map(); // record id -> typedef name (typedef struct {...} name;)
  const namedTypedef = new Map(); // record id -> typedef name of a tagged record (C)
  const typedefsIn = (scope, prefix) => {
    for (const d of scope.inner || []) {
      if (cxx && d.kind === 'NamespaceDecl' && d.name) { typedefsIn(d, `${prefix}${d.name}::`); continue; }
      if (d.kind === 'LinkageSpecDecl') { typedefsIn(d, prefix); continue; }
      if (d.kind !== 'TypedefDecl' || !inFixture(d)) continue;
      const walk = (t) => {
        if (!t || typeof t !== 'object') return;
        if (t.ownedTagDecl && !t.ownedTagDecl.name) { if (!typedefOf.has(t.ownedTagDecl.id)) typedefOf.set(t.ownedTagDecl.id, { name: d.name, line: locOf(d)._line }); }
        // `typedef struct X {...} Y;`: Y names the record even where a later `#define X Y` hides the tag (redis).
        else if (t.ownedTagDecl && !cxx && !namedTypedef.has(t.ownedTagDecl.id)) namedTypedef.set(t.ownedTagDecl.id, d.name);
        for (const c of t.inner || []) walk(c);
      };
      walk(d);
    }
  };
  typedefsIn(ast, '');
  const byKey = new Map(); // "line:col" -> record decl
  const collect = (n) => {
    for (const c of n.inner || []) if (recKinds.has(c.kind) && c.completeDefinition && !c.isImplicit) {
      byKey.set(`${locOf(c)._line}:${locOf(c).col}`, c); collect(c);
    }
  };
  collect(ast);

  // selfTop: a nested record reached through a pointer, named by its own __typeof__ expression (topExpr).
  const makeEntry = (rec, name, line, top, accessPath, topExpr, packedParent, selfAccess, selfTop) => {
    const cx = cxx;
    const e = {
      name, kind: rec.tagUsed === 'union' ? 'union' : 'struct', line, key: `${locOf(rec)._line}:${locOf(rec).col}`,
      tag: rec.name ? (cx && top ? name : rec.name) : null, tagUsed: rec.tagUsed, top, accessPath, cxx: cx,
      // C++: the name as written at file scope, with its namespaces (`ns::inner::Deep`).
      typeExpr: top ? (rec.name ? (cx ? name : namedTypedef.get(rec.id) ?? `${rec.tagUsed} ${rec.name}`) : name) : null,
      packed: false, bitfields: false, flexible: false, cxxNonStandard: false, fields: [],
      packedParent: !!packedParent, selfAccess: selfAccess || null, selfTop: !!selfTop, recName: rec.name || null,
    };
    e.topExpr = topExpr || e.typeExpr;
    // A record a macro writes at file scope (openssl's DEFINE_LHASH_OF_INTERNAL): spelled inside the macro's body.
    const l = rec.loc || {};
    if (top && l.spellingLoc && l.expansionLoc) e.macroWritten = true;
    for (const c of rec.inner || []) {
      if (c.kind === 'PackedAttr' || c.kind === 'MaxFieldAlignmentAttr') e.packed = true;
    }
    if (cx && rec.definitionData) {
      if (rec.definitionData.isStandardLayout === false) e.cxxNonStandard = true;
      if (rec.definitionData.isPolymorphic) e.cxxNonStandard = true;
    }
    if (cx && rec.bases && rec.bases.length) e.cxxNonStandard = true;
    for (const b of rec.bases || []) {
      e.fields.push({ name: b.type.qualType.replace(/^(class|struct) /, ''), type: b.type.qualType, base: true });
    }
    let anon = 0;
    const nestedQueue = [];
    const queued = new Set();
    for (const c of rec.inner || []) {
      if (c.kind !== 'FieldDecl') continue;
      const qt = c.type.qualType;
      if (c.isBitfield) e.bitfields = true;
      if ((c.inner || []).some((a) => a.kind === 'PackedAttr')) e.packed = true;
      // [[no_unique_address]]: members may overlap, the stable sort by alignment below does not apply.
      if ((c.inner || []).some((a) => a.kind === 'NoUniqueAddressAttr' || a.kind === 'MSNoUniqueAddressAttr')) e.overlapping = true;
      if (/\[\]$/.test(qt)) e.flexible = true;
      if (c.isBitfield && !c.name) continue; // unnamed bit-fields are not members: not listed
      const m = ANON_AT.exec(qt);
      const nestedRec = m ? byKey.get(`${m[2]}:${m[3]}`) : null;
      let fname = c.name;
      if (!fname) fname = `<anon#${anon++}>`;
      const f = { name: fname, type: qt.replace(ANON_AT, '<anon>').replace(/\s*\w+::<anon>/, ' <anon>'), bitfield: !!c.isBitfield, flexible: /\[\]$/.test(qt) };
      // gcc's __alignof__ of an overlapping member's expression answers 0: its type's alignment is asked instead.
      if ((c.inner || []).some((a) => a.kind === 'NoUniqueAddressAttr')) f.overlapping = true;
      if (c.name) f.access = `${accessPath}${c.name}`;
      if (nestedRec) {
        f.nestedKey = `${locOf(nestedRec)._line}:${locOf(nestedRec).col}`;
      }
      // One entry per record: `union {...} Yi, EKi, H;` (openssl's gcm128_context) is reported once, by its first name.
      if (nestedRec && !queued.has(nestedRec.id)) {
        queued.add(nestedRec.id);
        const isArray = /\]$/.test(qt);
        const stars = /^\s*(\**)\s*$/.exec(qt.slice(m.index + m[0].length))?.[1].length ?? 0;
        if (stars && c.name) {
          // `struct {...} *db`: no member of the parent holds the record; name it by the pointer's target type.
          const self = `__typeof__(${'*'.repeat(stars)}((${e.topExpr}*)0)->${accessPath}${c.name})`;
          nestedQueue.push([nestedRec, `${name}.${fname}`, '', null, self]);
        } else {
          const childPath = c.name ? `${accessPath}${c.name}${isArray ? qt.match(/(\[\d*\])+$/)[0].replace(/\[\d*\]/g, '[0]') : ''}.` : accessPath;
          nestedQueue.push([nestedRec, `${name}.${fname}`, childPath, c.name && !isArray ? `${accessPath}${c.name}` : null]);
        }
      }
      e.fields.push(f);
    }
    entries.push(e);
    for (const [nr, nn, np, selfAccess, self] of nestedQueue) {
      makeEntry(nr, nn, locOf(nr)._line, false, np, self ?? e.topExpr, e.packed || e.packedParent, selfAccess, !!self);
    }
    return e;
  };

  const nestedKeys = new Set();
  for (const rec of byKey.values()) for (const c of rec.inner || []) {
    if (c.kind === 'FieldDecl') { const m = ANON_AT.exec(c.type.qualType); if (m) nestedKeys.add(`${m[2]}:${m[3]}`); }
  }
  const tops = [];
  const walkTop = (n, prefix) => {
    for (const c of n.inner || []) {
      // C++ namespaces (named ones: an anonymous namespace's records have no name to report) and extern blocks.
      if (cxx && c.kind === 'NamespaceDecl' && c.name) { walkTop(c, `${prefix}${c.name}::`); continue; }
      if (c.kind === 'LinkageSpecDecl') { walkTop(c, prefix); continue; }
      if (!recKinds.has(c.kind) || !c.completeDefinition || c.isImplicit) continue;
      if (!inFixture(c)) continue;
      const key = `${locOf(c)._line}:${locOf(c).col}`;
      let name = c.name, line = locOf(c)._line;
      if (!name) { const td = typedefOf.get(c.id); if (td) { name = td.name; line = td.line; } }
      if (name && !nestedKeys.has(key)) tops.push([c, prefix + name, line]);
      // C: a tagged struct declared inside another, even inside an anonymous one (sqlite's WhereLevel.u.in holds
      // `struct InLoop {...} *aInLoop`), is file-scope.
      if (!cxx) walkTop(c, '');
    }
  };
  walkTop(ast, '');
  for (const [c, name, line] of tops) {
    makeEntry(c, name, line, true, '');
  }
  const macroTops = new Set(entries.filter((e) => e.macroWritten).map((e) => e.name));
  for (const e of entries) if (!e.top && macroTops.has(e.name.split('.')[0])) e.macroWritten = true;
  return entries;
}

// ---------- gcc: DWARF via readelf ----------
function parseDwarf(text) {
  const dies = new Map(); const roots = []; const stack = [];
  let cur = null;
  for (const ln of text.split('\n')) {
    let m = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?/.exec(ln);
    if (m) {
      const depth = +m[1];
      if (m[3] === '0') { cur = null; continue; }
      cur = { off: parseInt(m[2], 16), tag: m[4], attrs: {}, children: [] };
      dies.set(cur.off, cur);
      stack.length = depth;
      if (depth > 0 && stack[depth - 1]) stack[depth - 1].children.push(cur); else roots.push(cur);
      stack[depth] = cur;
      continue;
    }
    m = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(ln);
    if (m && cur) {
      let v = m[2].trim();
      const ind = /^\(indirect (?:line )?string, offset: (?:0x)?[0-9a-f]+\): (.*)$/.exec(v);
      if (ind) v = ind[1];
      const ref = /^<0x([0-9a-f]+)>$/.exec(v);
      if (ref) v = { ref: parseInt(ref[1], 16) };
      else if (/^-?\d+$/.test(v)) v = Number(v);
      // readelf prints large data4/data8 constants in hex (a 95976-byte struct's DW_AT_byte_size is 0x176e8).
      else if (/^0x[0-9a-f]+$/.test(v)) v = parseInt(v, 16);
      cur.attrs[m[1]] = v;
    }
  }
  return dies;
}
function parseFileTable(text) {
  const files = new Map(); let on = false;
  for (const ln of text.split('\n')) {
    if (/The File Name Table/.test(ln)) { on = true; continue; }
    if (on) {
      // DWARF 5: "0 0 (indirect line string, offset: 0x87): t.h"; DWARF 3 (arm gas): "1 0 0 0 t.h"
      const m = /^\s+(\d+)\s.*?(\S+)\s*$/.exec(ln);
      if (m) files.set(+m[1], m[2]); else if (!/Entry/.test(ln)) on = false;
    }
  }
  return files;
}
async function gccLayouts(fixturePath, target, cxx, tmp) {
  const t = TARGETS[target];
  const obj = join(tmp, `${basename(fixturePath)}.${target.replace('/', '_')}.o`);
  await run(cxx ? t.gxx : t.gcc, [...EXTRA, '-x', cxx ? 'c++' : 'c', '-std=' + (cxx ? 'gnu++17' : 'gnu17'), '-gdwarf-5', '-g', '-fno-eliminate-unused-debug-types', ...(cxx ? ['-femit-class-debug-always'] : []), '-c', fixturePath, '-o', obj]);
  const [info, line] = await Promise.all([run('readelf', ['--debug-dump=info', obj]), run('readelf', ['--debug-dump=line', obj])]);
  const files = parseFileTable(line);
  const dies = parseDwarf(info);
  const want = basename(fixturePath);
  const recs = new Map(); // "line:col" -> {size, members:[...]}
  const strip = (d) => { // typedef/cv/array -> the record DIE it names, if any
    while (d && d.attrs.DW_AT_type && /typedef|const|volatile|array|atomic/.test(d.tag)) d = dies.get(d.attrs.DW_AT_type.ref);
    return d;
  };
  for (const d of dies.values()) {
    if (!/^DW_TAG_(structure|union|class)_type$/.test(d.tag) || d.attrs.DW_AT_declaration) continue;
    if (files.get(d.attrs.DW_AT_decl_file) !== want) continue;
    const members = [];
    for (const c of d.children) {
      if (c.tag !== 'DW_TAG_member' && c.tag !== 'DW_TAG_inheritance') continue;
      if (c.attrs.DW_AT_artificial || c.attrs.DW_AT_external || c.attrs.DW_AT_declaration) continue;
      const mm = { name: c.attrs.DW_AT_name ?? null, base: c.tag === 'DW_TAG_inheritance' };
      if (c.attrs.DW_AT_bit_size !== undefined) {
        mm.bitSize = c.attrs.DW_AT_bit_size;
        mm.bitOffset = c.attrs.DW_AT_data_bit_offset ?? 0;
        mm.offset = Math.floor(mm.bitOffset / 8);
      } else mm.offset = c.attrs.DW_AT_data_member_location ?? 0;
      const ty = c.attrs.DW_AT_type && strip(dies.get(c.attrs.DW_AT_type.ref));
      if (ty && /structure|union|class/.test(ty.tag)) mm.typeKey = `${ty.attrs.DW_AT_decl_line}:${ty.attrs.DW_AT_decl_column}`;
      if (mm.base && ty) mm.name = ty.attrs.DW_AT_name;
      members.push(mm);
    }
    const rec = { size: d.attrs.DW_AT_byte_size, align: d.attrs.DW_AT_alignment ?? null, members };
    recs.set(`${d.attrs.DW_AT_decl_line}:${d.attrs.DW_AT_decl_column}`, rec);
    // Records written by one macro share its line and column (openssl's DEFINE_LHASH_OF_EX): named ones by name too.
    if (d.attrs.DW_AT_name) recs.set(`${d.attrs.DW_AT_decl_line}:${d.attrs.DW_AT_decl_column}:${d.attrs.DW_AT_name}`, rec);
  }
  return recs;
}

// ---------- clang: -fdump-record-layouts-complete ----------
function parseRecordDump(text) {
  const recs = new Map(); // key: "struct C06" or "line:col" for unnamed
  for (const block of text.split('*** Dumping AST Record Layout').slice(1)) {
    const lines = block.split('\n').filter((l) => l.includes('|'));
    const head = /^\s*\d+\s\|\s(.*)$/.exec(lines[0]);
    if (!head) continue;
    const title = head[1].trim();
    const am = ANON_AT.exec(title);
    const key = am ? `${am[2]}:${am[3]}` : title.replace(/^(struct|union|class) /, '').replace(/ \(empty\)$/, '');
    const rec = { size: null, align: null, members: [] };
    for (const l of lines.slice(1)) {
      const sz = /\[sizeof=(\d+),\s*(?:dsize=\d+,\s*)?align=(\d+)/.exec(l);
      if (sz) { rec.size = +sz[1]; rec.align = +sz[2]; continue; }
      const m = /^\s*(\d+)(?::(\d+|-)(?:-(\d+))?)?\s\|\s(\s*)(.*)$/.exec(l);
      if (!m) continue;
      if (m[4].length !== 2) continue; // deeper lines belong to nested records (dumped on their own too)
      let rest = m[5].replace(/ \(empty\)$/, '');
      if (rest.startsWith('(')) continue; // vtable pointer etc.
      const baseM = /^(?:class |struct )?(.*?) \((?:primary )?base\)$/.exec(rest);
      const mm = { offset: +m[1], name: null, base: false };
      if (baseM) { mm.base = true; mm.name = baseM[1]; rec.members.push(mm); continue; }
      if (m[2] !== undefined) {
        if (m[2] === '-') continue; // zero-width bit-field
        mm.bitOffset = +m[1] * 8 + +m[2]; mm.bitSize = +m[3] - +m[2] + 1;
      }
      const an = ANON_AT.exec(rest);
      if (an) mm.typeKey = `${an[2]}:${an[3]}`;
      if (rest.endsWith(' ')) mm.name = null;
      else { const nm = /([A-Za-z_]\w*)$/.exec(rest); mm.name = nm ? nm[1] : null; }
      if (mm.bitSize !== undefined && !mm.name) continue; // unnamed bit-field
      rec.members.push(mm);
    }
    recs.set(key, rec);
  }
  return recs;
}

// ---------- constants TU (sizeof / alignof) compiled to assembly ----------
function constantsSource(fixturePath, entries, cxx) {
  const items = []; const src = [];
  const alignofT = cxx ? 'alignof' : '_Alignof';
  const typeofE = cxx ? 'decltype' : '__typeof__';
  const add = (expr) => { items.push(expr); return items.length - 1; };
  for (const e of entries) {
    const top = e.topExpr;
    if (e.top || e.selfTop) { e.kSize = add(`sizeof(${top})`); e.kAlign = add(`${alignofT}(${top})`); }
    else if (e.selfAccess) {
      e.kSize = add(`sizeof(((${top}*)0)->${e.selfAccess})`);
      e.kAlign = add(`${alignofT}(${typeofE}(((${top}*)0)->${e.selfAccess}))`);
    }
    for (const f of e.fields) {
      if (f.base) { f.kSize = add(`sizeof(${f.name})`); f.kAlign = add(`${alignofT}(${f.name})`); continue; }
      if (f.bitfield) { f.kSize = add(`sizeof(${f.type})`); f.kAlign = add(`${alignofT}(${f.type})`); continue; }
      if (!f.access) continue; // anonymous member: taken from its own entry
      const acc = `((${top}*)0)->${f.access}`;
      // A C++ reference member takes a pointer's room; sizeof of its expression answers the referenced type's.
      const reference = cxx && /&&?\s*$/.test(f.type);
      if (!f.flexible) f.kSize = add(reference ? 'sizeof(void *)' : `sizeof(${acc})`);
      f.kAlign = add(reference ? `${alignofT}(void *)` : f.overlapping ? `${alignofT}(${typeofE}(${acc}))` : `__alignof__(${acc})`);
      // offsetof as a second opinion on the debug-info/dump offset (top-level records only:
      // offsets in nested entries are relative to an anonymous record offsetof cannot name)
      if (e.top) f.kOffset = add(`__builtin_offsetof(${top}, ${f.access})`);
    }
  }
  src.push(`#include "${fixturePath}"`);
  src.push('#define ORACLE_K(id, v) __asm__ volatile("\\n.ascii \\"@@K " #id " %0\\"" :: "i"((long long)(v)))');
  src.push(`${cxx ? 'extern "C" ' : ''}void oracle_constants(void) {`);
  items.forEach((x, i) => src.push(`  ORACLE_K(${i}, ${x});`));
  src.push('}');
  return src.join('\n') + '\n';
}
async function constants(fixturePath, entries, compiler, args, cxx, tmp, tag, dump) {
  const file = join(tmp, `${basename(fixturePath)}.${tag}.k.${cxx ? 'cpp' : 'c'}`);
  const src = constantsSource(fixturePath, entries, cxx);
  writeFileSync(file, src);
  // With dump=true (clang), the record layouts are dumped as the constants TU uses them. Not
  // -fdump-record-layouts-complete: that dumps at the closing brace, before a trailing
  // `} __attribute__((packed));` applies (it printed 24 for an 11-byte packed struct).
  const asmFile = file.replace(/\.\w+$/, '.s');
  const out = await run(compiler, [...args, ...EXTRA, '-x', cxx ? 'c++' : 'c', '-std=' + (cxx ? 'gnu++17' : 'gnu17'), ...(cxx ? ['-fno-access-control', '-Wno-invalid-offsetof'] : []),
    ...(dump ? ['-Xclang', '-fdump-record-layouts'] : []), '-S', '-o', asmFile, file]);
  const asm = readFileSync(asmFile, 'utf8');
  const k = [];
  for (const m of asm.matchAll(/@@K (\d+) [$#]?(-?\d+)/g)) k[+m[1]] = +m[2];
  const n = (src.match(/ORACLE_K\(\d+,/g) || []).length;
  for (let i = 0; i < n; i++) if (!Number.isInteger(k[i])) throw new Error(`${file}: constant #${i} missing in the assembly`);
  return { k, recs: dump ? parseRecordDump(out) : null };
}

// ---------- assemble the contract entries ----------
function lookupRecord(recs, e, viaDump) {
  // dump titles: `struct tag`, a typedef name for `typedef struct {...} name`, or `(anonymous at f:l:c)`
  if (viaDump) return (e.top ? recs.get(e.tag || e.name) : null) || recs.get(e.key);
  return (e.recName && recs.get(`${e.key}:${e.recName}`)) || recs.get(e.key);
}
function buildEntries(entries, recs, k, target, file, viaDump) {
  const out = [];
  // Nested entries first need sizes from their own record; fill in order children-after-parents,
  // so compute per entry from recs.
  const raw = new Map();
  for (const e of entries) {
    const r = lookupRecord(recs, e, viaDump);
    if (!r) throw new Error(`${file} ${target}: no compiler layout for ${e.name} (${e.key})`);
    raw.set(e, r);
  }
  const sizeAlign = (e) => {
    const r = raw.get(e);
    let size = r.size, align = r.align;
    if (e.kSize !== undefined) { if (k[e.kSize] !== size) throw new Error(`${file} ${target} ${e.name}: sizeof ${k[e.kSize]} != layout ${size}`); align = k[e.kAlign]; }
    return { size, align };
  };
  const entryStructs = new Map();
  // process deepest first so parents can use children's size/align
  for (const e of [...entries].reverse()) {
    const r = raw.get(e);
    const { size } = sizeAlign(e);
    let { align } = sizeAlign(e);
    const used = new Set();
    const fields = e.fields.map((f) => {
      const idx = r.members.findIndex((m, i) => !used.has(i) && (f.nestedKey && !f.access ? m.typeKey === f.nestedKey && !m.name : m.name === (f.base ? f.name : f.access?.split('.').pop().replace(/\[0\]$/, '') ?? f.name)));
      if (idx < 0) throw new Error(`${file} ${target} ${e.name}: field ${f.name} not in compiler layout`);
      used.add(idx);
      const m = r.members[idx];
      const o = { name: f.name, type: f.type, offset: m.offset, size: null, align: null };
      if (f.kOffset !== undefined && k[f.kOffset] !== m.offset) throw new Error(`${file} ${target} ${e.name}.${f.name}: offsetof ${k[f.kOffset]} != layout ${m.offset}`);
      if (f.nestedKey && !f.access) { const ch = entryStructs.get(f.nestedKey); o.size = ch.size; o.align = ch.align; }
      else { o.size = f.flexible ? 0 : k[f.kSize]; o.align = k[f.kAlign]; }
      if (m.bitSize !== undefined) { o.bitOffset = m.bitOffset; o.bitSize = m.bitSize; }
      return o;
    });
    if (align == null) align = fields.reduce((a, f) => Math.max(a, f.align), 1); // anonymous member without own align (gcc)
    const s = {
      name: e.name, language: 'c', file, line: e.line, target, size, align,
      optimalSize: optimalSize(e, size, align, fields), fields, unresolved: null,
    };
    if (e.kind === 'union') s.kind = 'union';
    if (e.cxx) s.cxx = true;
    if (e.cxxNonStandard) s.cxxNonStandard = true;
    if (e.macroWritten) s.macroWritten = true;
    entryStructs.set(e.key, s);
    out.unshift(s);
  }
  return out;
}
// Stable sort by alignment descending, then lay out; only for records a reorder may touch.
function optimalSize(e, size, align, fields) {
  if (e.kind === 'union' || e.bitfields || e.packed || e.packedParent || e.flexible || e.cxxNonStandard || e.overlapping) return size;
  const sorted = fields.map((f, i) => [f, i]).sort((a, b) => b[0].align - a[0].align || a[1] - b[1]).map((x) => x[0]);
  let off = 0;
  for (const f of sorted) off = alignUp(off, f.align) + f.size;
  return alignUp(Math.max(off, e.cxx ? 1 : 0), align); // a C++ record takes at least one byte
}

// ---------- driver ----------
async function layoutFixture(fixturePath, target, tmp, limit, useClang) {
  // C_ORACLE_LANG=c++: headers named .h that are C++ (a C++ code base's include folder).
  const cxx = fixturePath.endsWith('.hpp') || process.env.C_ORACLE_LANG === 'c++';
  const t = TARGETS[target];
  const astText = await limit(() => run(CLANG, ['--target=' + t.triple, ...EXTRA, '-x', cxx ? 'c++' : 'c', '-std=' + (cxx ? 'gnu++17' : 'gnu17'), '-fsyntax-only', '-Xclang', '-ast-dump=json', fixturePath]));
  const entries = structureFromAst(JSON.parse(astText), fixturePath, cxx);
  const file = relative(FIXTURES, fixturePath);
  const viaClang = useClang || !t.gcc;
  const tag = target.replace('/', '_');
  let recs, k;
  if (viaClang) {
    ({ recs, k } = await limit(() => constants(fixturePath, entries, CLANG, ['--target=' + t.triple], cxx, tmp, `clang.${tag}`, true)));
  } else {
    [recs, { k }] = await Promise.all([
      limit(() => gccLayouts(fixturePath, target, cxx, tmp)),
      limit(() => constants(fixturePath, entries, cxx ? t.gxx : t.gcc, [], cxx, tmp, `gcc.${tag}`, false)),
    ]);
  }
  return buildEntries(entries, recs, k, target, file, viaClang);
}

function compareLayouts(a, b) {
  const diffs = [];
  const key = (s) => `${s.file} ${s.target} ${s.name}`;
  const bm = new Map(b.map((s) => [key(s), s]));
  for (const s of a) {
    const o = bm.get(key(s));
    if (!o) { diffs.push(`${key(s)}: missing in clang`); continue; }
    for (const p of ['size', 'align', 'optimalSize']) if (s[p] !== o[p]) diffs.push(`${key(s)}: ${p} gcc=${s[p]} clang=${o[p]}`);
    if (s.fields.length !== o.fields.length) { diffs.push(`${key(s)}: field count`); continue; }
    s.fields.forEach((f, i) => {
      for (const p of ['name', 'offset', 'size', 'align', 'bitOffset', 'bitSize']) if (f[p] !== o.fields[i][p]) diffs.push(`${key(s)}.${f.name}: ${p} gcc=${f[p]} clang=${o.fields[i][p]}`);
    });
  }
  return diffs;
}

async function main() {
  const argv = process.argv.slice(2);
  const opt = (n) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : null; };
  const targets = (opt('--targets') || TARGET_ORDER.join(',')).split(',');
  for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}`);
  const only = opt('--files');
  const fixtures = readdirSync(FIXTURES).filter((f) => /\.(h|hpp)$/.test(f)).sort()
    .filter((f) => !only || only.split(',').includes(f)).map((f) => join(FIXTURES, f));
  CLANG = await findClang();
  const tmp = mkdtempSync(join(tmpdir(), 'c-oracle-'));
  const limit = pool(Number(process.env.ORACLE_JOBS || 3));
  try {
    const jobs = [];
    for (const f of fixtures) for (const t of targets) jobs.push(layoutFixture(f, t, tmp, limit, false));
    const structs = (await Promise.all(jobs)).flat();
    const order = (s) => TARGET_ORDER.indexOf(s.target);
    structs.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name) || order(a) - order(b));
    if (argv.includes('--crosscheck')) {
      const linux = targets.filter((t) => TARGETS[t].gcc);
      const cj = [];
      for (const f of fixtures) for (const t of linux) cj.push(layoutFixture(f, t, tmp, limit, true));
      const clangStructs = (await Promise.all(cj)).flat();
      const diffs = compareLayouts(structs.filter((s) => TARGETS[s.target].gcc), clangStructs);
      process.stderr.write(`crosscheck gcc vs ${CLANG}: ${clangStructs.length} record layouts compared, ${diffs.length} mismatches\n`);
      for (const d of diffs) process.stderr.write(`  ${d}\n`);
      if (diffs.length) process.exitCode = 1;
      if (argv.includes('--quiet')) return;
    }
    const json = JSON.stringify({ version: 1, structs }, null, argv.includes('--pretty') ? 1 : 0) + '\n';
    const outFile = opt('--out');
    if (outFile) writeFileSync(outFile, json); else process.stdout.write(json);
  } finally {
    if (!argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
    else process.stderr.write(`kept ${tmp}\n`);
  }
}
main().catch((e) => { process.stderr.write(`c-oracle: ${e.stack || e.message}\n`); process.exit(2); });
