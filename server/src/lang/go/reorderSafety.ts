// Whether moving a struct's fields is safe: a reorder changes the type's memory image, so it is
// withheld whenever something may depend on that image (rules-catalogue "When a reorder must not be
// offered"; facts layout-and-abi.md §2.2).
import * as path from 'node:path';
import type { GoField, GoType } from '../../layout/go/types';
import { goArch, sizeof, structLayout, type GoArch } from '../../layout/go/sizes';
import type { TargetId } from '../../core/targets';
import type { GoWorkspace, GoPackage } from './packages';
import type { GoFileSyntax, LayoutUses } from './syntax';
import type { Tree } from '../../parsing/treeSitter';

export interface SafetyInput {
  ws: GoWorkspace;
  pkg: GoPackage;
  file: GoFileSyntax;
  filePath: string;
  text: string;
  /** The full tree of `text`, when one is at hand (the editor's). */
  tree?: Tree;
  /** See RuleContext.editing. */
  editing?: boolean;
  typeName: string;
  nested: boolean;
  fields: GoField[];
  /** Field order after the reorder (indices into fields). */
  order: number[];
  /** The fields used with 64-bit sync/atomic functions (see atomic64Fields). */
  atomics: readonly number[];
  targets: readonly TargetId[];
}

const FIXED_SIZE_BASICS = new Set(['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'complex64', 'complex128']);

function isFixedSize(t: GoType): boolean {
  switch (t.kind) {
    case 'basic': return FIXED_SIZE_BASICS.has(t.name);
    case 'array': return isFixedSize(t.elem);
    case 'struct': return t.fields.every((f) => isFixedSize(f.type));
    default: return false;
  }
}

const ATOMIC64 = /\batomic\.(?:Add|Load|Store|Swap|CompareAndSwap|And|Or)(?:Int64|Uint64)\(\s*&([\w.[\]()*]+)/g;

/** Field names used with the 64-bit sync/atomic functions anywhere in the given texts. */
export function atomic64FieldNames(texts: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const t of texts) {
    if (!t.includes('atomic.')) continue;
    for (const m of t.matchAll(ATOMIC64)) {
      const last = /\.(\w+)\)?$/.exec(m[1]);
      if (last) names.add(last[1]);
    }
  }
  return names;
}

const is64 = (t: GoType) => t.kind === 'basic' && (t.name === 'int64' || t.name === 'uint64');

/**
 * Offsets (on `arch`) inside a value of type `t` of the 64-bit integers reached through a field whose
 * name is in `names`: the field itself, or the counters of a nested struct (bbolt's `DB.stats Stats`,
 * whose TxStats counters are atomic) or of array elements. `name` is the field name `t` was declared with.
 */
function atomicLeafOffsets(t: GoType, name: string, names: (n: string) => boolean, arch: GoArch, depth = 0): number[] {
  if (depth > 8) return [];
  if (is64(t)) return names(name) ? [0] : [];
  if (t.kind === 'struct') {
    const l = structLayout(t.fields, arch);
    return t.fields.flatMap((f, j) => atomicLeafOffsets(f.type, f.name, names, arch, depth + 1).map((o) => l.fields[j].offset + o));
  }
  if (t.kind === 'array' && t.len > 0) {
    const inner = atomicLeafOffsets(t.elem, name, names, arch, depth + 1);
    if (!inner.length) return [];
    const size = sizeof(t.elem, arch);
    // The first two elements show the pattern: every element repeats it (size is a multiple of the alignment).
    return [...inner, ...(t.len > 1 ? inner.map((o) => o + size) : [])];
  }
  return [];
}

/**
 * The fields (indices) of a struct that hold 64-bit integers the package uses with the 64-bit sync/atomic
 * functions: int64 and uint64 fields whose name is passed as `&x.name` to one of them in a file of the
 * package (or an importer), and struct or array fields with such counters inside. By name, so a field of
 * another struct with the same name counts too (never too few).
 */
export function atomic64Fields(fields: readonly GoField[], packageNames: () => Iterable<Set<string>>): number[] {
  const candidates = fields.flatMap((f, i) => (is64(f.type) || f.type.kind === 'struct' || f.type.kind === 'array' ? [i] : []));
  if (candidates.length === 0) return [];
  const sets = [...packageNames()];
  const used = sets.length === 1 ? (n: string) => sets[0].has(n) : (n: string) => sets.some((names) => names.has(n));
  const arch = goArch('386');
  return candidates.filter((i) => atomicLeafOffsets(fields[i].type, fields[i].name, used, arch).length > 0);
}

/**
 * An atomic 64-bit integer (a field, or one nested in a struct or array field) that is 8-byte aligned on
 * 32-bit targets before the reorder and would not be after it. Go's 32-bit targets (arm, 386, mips,
 * mipsle) lay structs out alike: 4-byte words, 64-bit integers 4-aligned, so an unaligned 64-bit atomic
 * panics there (sync/atomic "Bugs"). Checked whatever targets are enabled: the fix must never create the
 * bug the project reports.
 */
export function misalignedAtomic(fields: readonly GoField[], order: readonly number[], atomics: readonly number[]): { name: string; offset: number } | undefined {
  if (atomics.length === 0) return undefined;
  const arch = goArch('386');
  const before = structLayout(fields, arch).fields;
  const after = structLayout(order.map((i) => fields[i]), arch).fields;
  for (const i of atomics) {
    // Every 64-bit integer inside the field: they all move by the same amount, so one that was aligned
    // becomes unaligned only when the atomic ones do (unless those were unaligned already).
    const leaves = atomicLeafOffsets(fields[i].type, fields[i].name, () => true, arch);
    const now = after[order.indexOf(i)].offset;
    const bad = leaves.find((o) => (before[i].offset + o) % 8 === 0 && (now + o) % 8 !== 0);
    if (bad !== undefined) return { name: fields[i].name, offset: now + bad };
  }
  return undefined;
}

/** A file of the package (any build), with what cheap text tests say it may contain. */
export interface PackageFile {
  path: string;
  /** May call encoding/binary (`binary.` occurs). */
  mayUseBinary: boolean;
  /** May import unsafe (`"unsafe"` occurs). */
  mayImportUnsafe: boolean;
}

/**
 * Every .go file in the package's directory that belongs to it (package clause `pkg.name`), for every
 * build: its _test.go files and the files of targets that are not enabled hold literals and unsafe uses
 * too, and a reorder changes the struct on all of them. Texts are read through ws.textOf when needed.
 */
export function packageFilesOfAnyBuild(ws: GoWorkspace, pkg: GoPackage): PackageFile[] {
  return packageDirectory(ws, pkg).files;
}

/** The package's directory read once per package object: its Go files of every build, and any assembly. */
function packageDirectory(ws: GoWorkspace, pkg: GoPackage): { files: PackageFile[]; assembly: boolean } {
  const known = filesOfPackage.get(pkg);
  if (known) return known;
  const out: PackageFile[] = [];
  let assembly = false;
  for (const e of ws.fs.readDir(pkg.dir)) {
    if (e.name.endsWith('.s')) assembly = true;
    if (!(e.isFile || e.isSymlink) || !e.name.endsWith('.go')) continue;
    const file = path.join(pkg.dir, e.name);
    const facts = ws.derivedOf(file, 'package-file', (text) => ({
      packageName: packageClauseName(text), mayUseBinary: text.includes('binary.'), mayImportUnsafe: text.includes('"unsafe"'),
    }));
    if (facts && facts.packageName === pkg.name) out.push({ path: file, mayUseBinary: facts.mayUseBinary, mayImportUnsafe: facts.mayImportUnsafe });
  }
  const dir = { files: out, assembly };
  filesOfPackage.set(pkg, dir);
  return dir;
}

/** Per package object: the workspace makes a new one when a file of its directory changes or is added. */
const filesOfPackage = new WeakMap<GoPackage, { files: PackageFile[]; assembly: boolean }>();

/** The package's import path, from its module (undefined outside a module). */
export function importPathOf(ws: GoWorkspace, pkg: GoPackage): string | undefined {
  const mod = ws.moduleOf(pkg.dir);
  if (!mod) return undefined;
  const rel = pkg.dir.slice(mod.root.length).split(path.sep).join('/').replace(/^\//, '');
  // The standard library's module "std" has no path prefix, and its vendored packages keep their own paths.
  return mod.mod.module === 'std' ? rel.replace(/^vendor\//, '') : rel ? `${mod.mod.module}/${rel}` : mod.mod.module;
}

/** The name in a Go file's package clause (after comments, build lines included). */
export function packageClauseName(text: string): string | undefined {
  return /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*package\s+(\w+)/.exec(text)?.[1];
}

/** The reason a reorder must not be offered, or undefined when it is safe. */
export function reorderBlocker(input: SafetyInput): string | undefined {
  const { pkg, file, typeName } = input;
  const base = path.basename(input.filePath);
  if (file.generated || /^ztypes_|^zerrors_/.test(base)) return 'the file is generated';
  if (file.importsC) return 'the file uses cgo, so the struct may mirror a C layout';
  if (input.fields.some((f) => f.typeText === 'structs.HostLayout' || f.typeText.endsWith('.HostLayout'))) {
    return 'it has a structs.HostLayout field: its layout follows the platform ABI';
  }
  // Assembly of any target: a reorder moves the fields on every one.
  if (packageDirectory(input.ws, pkg).assembly) return 'its package has assembly that may address fields by offset';
  if (!input.nested) {
    const files = packageFilesOfAnyBuild(input.ws, pkg);
    const offsetofed = new Set<string>(), casts = new Set<string>();
    let binaryRW = false;
    for (const f of files) {
      const syntax = () => input.ws.syntaxOf(f.path, input.ws.textOf(f.path) ?? '');
      if (f.mayUseBinary && syntax().usesBinaryRW) binaryRW = true;
      // Offsetof and unsafe.Pointer conversions need the unsafe import.
      if (!f.mayImportUnsafe || ![...syntax().imports.values()].includes('unsafe')) continue;
      const uses = usesIn(input, { path: f.path, syntax: syntax() }, undefined, (t) => t.includes('.Offsetof') || t.includes('.Pointer'));
      uses.offsetofFields.forEach((n) => offsetofed.add(n));
      uses.unsafeCasts.forEach((n) => casts.add(n));
    }
    if (input.fields.some((f) => offsetofed.has(f.name))) return 'unsafe.Offsetof is used on its fields';
    if (casts.has(typeName)) return 'it is converted from an unsafe.Pointer, so its layout is relied on';
    if (binaryRW && isFixedSize({ kind: 'struct', fields: input.fields })) return 'its package uses encoding/binary and the struct is fixed-size, so it may be a wire format';
    const positional = positionalLiteralSite(input, files);
    if (positional) return `a positional composite literal of ${typeName} exists (${positional}); reordering would reassign its values`;
  }
  // Go's 32-bit targets lay structs out alike (386's layout stands for arm, mips and mipsle).
  const arch32 = goArch('386');
  const size32 = structLayout(input.fields, arch32).size, after32 = structLayout(input.order.map((i) => input.fields[i]), arch32).size;
  if (after32 > size32) return `the new order would make it larger on 32-bit targets (${size32} → ${after32} bytes on linux/386 and linux/arm)`;
  const misaligned = misalignedAtomic(input.fields, input.order, input.atomics);
  if (misaligned) {
    return `field ${misaligned.name} is used with 64-bit sync/atomic functions and would move to offset ${misaligned.offset} on 32-bit targets (arm, 386), where it must stay 8-byte aligned`;
  }
  return undefined;
}

const NO_USES: LayoutUses = { positionalLiterals: [], offsetofFields: [], unsafeCasts: [] };

/**
 * The layout uses of a package file (positional literals of typeName, or else the unsafe uses), from a
 * parse made only when `wanted` says its text may hold one. The editor's own file has its full tree,
 * whose walk is remembered per declaration: cheaper after an edit than the text scan `wanted` makes.
 */
function usesIn(input: SafetyInput, file: { path: string; syntax: GoFileSyntax }, typeName: string | undefined, wanted: (text: string) => boolean): LayoutUses {
  const self = file.path === path.resolve(input.filePath);
  const text = self ? input.text : input.ws.textOf(file.path);
  const fullTree = self ? input.tree : undefined;
  if (text === undefined || (!fullTree && !wanted(text))) return NO_USES;
  return input.ws.layoutUsesOf(file.path, text, file.syntax, { typeName, fullTree, editing: input.editing });
}

function positionalLiteralSite(input: SafetyInput, files: PackageFile[]): string | undefined {
  // Only files whose text can hold a literal of the type are parsed in full.
  const self = path.resolve(input.filePath);
  for (const f of files) {
    const text = f.path === self ? input.text : input.ws.textOf(f.path);
    if (text === undefined || (f.path !== self && !input.ws.mayHaveLiteralOf(f.path, text, input.typeName))) continue;
    const syntax = f.path === self ? input.file : input.ws.syntaxOf(f.path, text);
    if (usesIn(input, { path: f.path, syntax }, input.typeName, () => true).positionalLiterals.some((l) => !l.pkg && l.name === input.typeName)) return path.basename(f.path);
  }
  // Other packages of the workspace that import this one.
  const importPath = importPathOf(input.ws, input.pkg);
  if (importPath === undefined) return undefined;
  // Their _test.go files (external test packages) and the files of every build included.
  for (const other of input.ws.filesImporting(importPath)) {
    const text = input.ws.fs.readText(other);
    if (text === undefined) continue;
    // A dot import names the type without a qualifier.
    const dotImported = text.includes('. "' + importPath + '"');
    // Only files with a literal `pkg.T{` (or `T{` when dot-imported) that is not visibly keyed are parsed.
    if (!dotImported && !input.ws.qualifiedLiteralNames(other).has(input.typeName)) continue;
    if (!input.ws.mayHaveLiteralOf(other, text, input.typeName)) continue;
    const syntax = input.ws.syntaxOf(other, text);
    for (const l of input.ws.layoutUsesOf(other, text, syntax, { typeName: input.typeName }).positionalLiterals) {
      if (l.name !== input.typeName) continue;
      if (l.pkg ? syntax.imports.get(l.pkg) === importPath : dotImported) return path.relative(input.ws.root, other);
    }
  }
  return undefined;
}
