// Is a struct's layout public ABI? Then reordering its members breaks every program, module or plugin compiled
// against the old layout, and c-struct-padding offers no reorder. The evidence, cheapest first, read from files
// only (nothing is run):
//  - the struct is declared in a header under an `include/` folder of the workspace (the public include folder);
//  - a build file in the header's folder or one above it installs the header (installRules.ts);
//  - the header marks its declarations for export (`XXX_API`/`XXX_EXPORT`/`XXX_EXTERN`-style macros starting
//    declarations, `__declspec(dllexport|dllimport)`, `__attribute__((visibility("default")))`): two or more of
//    them, or one that names the struct (a parameter of an exported function);
//  - the struct versions its own layout: a first member named `version` (`iVersion`, `api_version`, ...) or a
//    member holding the struct's size (`struct_size`, `cbSize`);
//  - in a header, most of its members are function pointers: a method table handed between a host and plugins.
import * as path from 'node:path';
import { defineFact } from '../../../core/facts';
import { BUILD_FILES, installPatterns, patternNames, type InstallPattern } from '../../../lang/c/installRules';
import type { CMemberDeclaration } from '../../../lang/c/layoutFile';
import type { RuleContext } from '../../rule';
import { blankComments } from './cSource';

export type AbiContext = Pick<RuleContext, 'path' | 'text' | 'root' | 'fs' | 'memo' | 'fact'>;

const HEADER_FILE = /\.(h|hh|hpp|hxx|h\+\+|inl)$/i;

/** The reason a struct of ctx's file must keep its layout, or undefined when nothing says it is public. */
export function publicAbiReason(ctx: AbiContext, struct: { name: string; members: readonly CMemberDeclaration[] }): string | undefined {
  const header = HEADER_FILE.test(ctx.path);
  const evidence = structEvidence(ctx, struct.members) ?? (header ? headerEvidence(ctx) : undefined)
    ?? (header ? exportEvidence(ctx.memo('c:exported-declarations', () => exportedDeclarations(blankComments(ctx.text, false))), struct.name) : undefined);
  return evidence && `its layout is public ABI (${evidence}); a reorder breaks every program compiled against the old layout`;
}

/** Where the header is, and who installs it: memoized per file. */
export function headerEvidence(ctx: AbiContext): string | undefined {
  return ctx.memo('c:public-abi-header', () => includeDirEvidence(ctx.root, ctx.path) ?? installEvidence(ctx));
}

/** `include/` in the header's path below the workspace root. */
export function includeDirEvidence(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const dirs = rel.split(path.sep).slice(0, -1);
  const at = dirs.lastIndexOf('include');
  return at < 0 ? undefined : `the header is in the public include folder ${[...dirs.slice(0, at + 1)].join('/')}/`;
}

function installEvidence(ctx: AbiContext): string | undefined {
  const root = path.resolve(ctx.root);
  for (let dir = path.dirname(path.resolve(ctx.path)); ; dir = path.dirname(dir)) {
    const hit = installPatternsOf(ctx, dir).find((p) => patternNames(p, path.resolve(ctx.path)));
    if (hit) return `the header is installed by ${hit.source}`;
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
  }
}

/** The install patterns the build files of one folder declare, shared by all headers below it. */
const INSTALL_PATTERNS = defineFact<InstallPattern[], string>({ name: 'c:install-patterns', scope: 'directory', reads: [...BUILD_FILES], lists: false });

function installPatternsOf(ctx: AbiContext, dir: string): InstallPattern[] {
  return ctx.fact(INSTALL_PATTERNS, dir, () => BUILD_FILES.flatMap((name) => {
    const file = path.join(dir, name);
    const text = ctx.fs.readText(file);
    return text === undefined ? [] : installPatterns(file, text, path.resolve(ctx.root));
  }));
}

/** A macro starting a declaration whose name says export: ZSTDLIB_API, CURL_EXTERN, UV_EXTERN, SQLITE_API. */
const EXPORT_MACRO = /^[ \t]*(?:extern[ \t]+)?([A-Z][A-Z0-9_]*_(?:API|EXPORT|EXPORTS|EXPORTED|EXTERN|PUBLIC|IMPORT|DLL|IMPEXP))(?:[ \t]*\([^()\n]*\))?[ \t]+(?:const[ \t]+|unsigned[ \t]+|struct[ \t]+|enum[ \t]+)*[A-Za-z_]\w*[\s*(]/gm;
const DECLSPEC = /__declspec[ \t]*\([ \t]*(dllexport|dllimport)[ \t]*\)/g;
const VISIBILITY = /__attribute__[ \t]*\(\([ \t]*(?:__)?visibility(?:__)?[ \t]*\([ \t]*"default"[^;]*/g;

export interface ExportedDeclaration {
  /** How it is marked: the macro's name, `__declspec(dllexport)`, `visibility("default")`. */
  marker: string;
  /** The declaration's text from the marker to its `;` (or `{`). */
  text: string;
}

/** Declarations marked for export (comments blanked; a `#define` of a marker is not a use of it). */
export function exportedDeclarations(code: string): ExportedDeclaration[] {
  const decls = code.split('\n').map((l) => (/^[ \t]*#/.test(l) ? '' : l)).join('\n');
  const out: ExportedDeclaration[] = [];
  const upTo = (from: number) => { const end = decls.slice(from).search(/[;{]/); return decls.slice(from, end < 0 ? undefined : from + end); };
  for (const m of decls.matchAll(EXPORT_MACRO)) out.push({ marker: m[1], text: upTo(m.index!) });
  for (const m of decls.matchAll(DECLSPEC)) out.push({ marker: `__declspec(${m[1]})`, text: upTo(m.index!) });
  for (const m of decls.matchAll(VISIBILITY)) out.push({ marker: 'visibility("default")', text: upTo(m.index!) });
  return out;
}

/**
 * A header with two or more exported declarations is an API header; one exported declaration makes the struct
 * public only when it names the struct (sqlite's internal sqliteInt.h exports one trace hook, and nothing else).
 */
export function exportEvidence(declarations: readonly ExportedDeclaration[], structName: string): string | undefined {
  const naming = declarations.find((d) => new RegExp(`\\b${structName.replace(/\W.*$/, '')}\\b`).test(d.text));
  if (naming) return `it is used by a declaration exported with ${naming.marker}`;
  if (declarations.length >= 2) return `it marks its declarations for export with ${declarations[0].marker}`;
  return undefined;
}

/** Member names that version a layout when they come first: version, iVersion, api_version, struct_version. */
const VERSION_FIRST = /^(?:i|n|u|ui|dw)?version$|^(?:abi|api|struct|interface|iface|table|methods?|vtable|ops|hdr|header)version$/;
/** Member names that hold the struct's own size, wherever they are. */
const SIZE_MEMBER = /^(?:struct|this)(?:size|len|length)$|^(?:cb|dw)size$|^sizeof(?:struct|this)$|^sizeofstruct$/;

function structEvidence(ctx: AbiContext, members: readonly CMemberDeclaration[]): string | undefined {
  if (!members.length) return undefined;
  const norm = (n: string) => n.replace(/_/g, '').toLowerCase();
  const first = members[0].fieldNames[0];
  if (first !== undefined && VERSION_FIRST.test(norm(first))) return `its first member, ${first}, versions the layout`;
  const size = members.flatMap((m) => m.fieldNames).find((n) => SIZE_MEMBER.test(norm(n)));
  if (size) return `its member ${size} holds the struct's size, an ABI versioning convention`;
  if (!HEADER_FILE.test(ctx.path)) return undefined;
  const code = ctx.memo('c:public-abi-code', () => blankComments(ctx.text, true));
  const typedefs = ctx.memo('c:function-pointer-typedefs', () => functionPointerTypedefs(code));
  const pointers = members.filter((m) => isFunctionPointer(code.slice(m.start, m.end), typedefs)).length;
  if (pointers >= 2 && pointers * 2 >= members.length) return `${pointers} of its ${members.length} members are function pointers, a method table handed between a host and its plugins`;
  return undefined;
}

export interface FunctionTypedefs {
  /** `typedef int (*F)(...)`: F names a function pointer. */
  pointers: Set<string>;
  /** `typedef int F(...)`: F names a function type, `F *x` is a function pointer. */
  functions: Set<string>;
}

export function functionPointerTypedefs(code: string): FunctionTypedefs {
  const pointers = new Set<string>(), functions = new Set<string>();
  for (const m of code.matchAll(/\btypedef\b([^;{}]*);/g)) {
    const body = m[1];
    const ptr = /\(\s*(?:[A-Za-z_]\w*\s+)*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*\)\s*\(/.exec(body);
    if (ptr) { pointers.add(ptr[1]); continue; }
    const fn = /([A-Za-z_]\w*)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$/.exec(body.trim());
    if (fn && /\s/.test(body.trim().slice(0, fn.index))) functions.add(fn[1]);
  }
  return { pointers, functions };
}

export function isFunctionPointer(member: string, typedefs: FunctionTypedefs): boolean {
  if (/\(\s*(?:[A-Za-z_]\w*\s+)*\*\s*(?:const\s+)?[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)?\)\s*\(/.test(member)) return true;
  for (const w of member.matchAll(/\b[A-Za-z_]\w*\b(\s*\*)?/g)) {
    const name = w[0].replace(/\s*\*$/, '');
    if (typedefs.pointers.has(name) || (w[1] && typedefs.functions.has(name))) return true;
  }
  return false;
}
