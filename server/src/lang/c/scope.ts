// Per-target view of a C file and its quoted/-I includes: which typedefs, tags, enums and macro constants are
// visible, and how each record definition turns into the layout engine's CRecord (members under #if resolved).
import type { TargetId } from '../../core/targets';
import { CLayoutEngine } from '../../layout/c/layout';
import { deeper, LimitError, MAX_EXPANSION_TOKENS, nestingDepth } from '../../layout/c/limits';
import type { CBase, CField, CRecord, CType } from '../../layout/c/types';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { isLibcTypedef, libcType, scalarFromKeywords, stdTypedef, type LibcVariant } from './builtinTypes';
import { evalConst, type ConstEnv } from './constExpr';
import { DeclParser, tokenizeC, type Attributes, type Derivation, type Specifiers, type Tok } from './declarations';
import { PREDEFINED_MACROS } from './predefinedMacros';
import { functionMacroOf, guardedIncludesOf, includeGuardOf, type Activity, type ConditionalResult, type GuardedInclude, type PreprocessorDirective } from './preprocessor';
import { conditionalsOf, derivedOf } from './conditionalCache';
import { cxxNames, lookupCxx, lookupCxxValue, unnamedScope, type CxxDecl, type CxxNames, type CxxValue } from './cxxNames';
import { isKnownSystemHeader, maySystemDefine, systemHeaderMacros } from './systemMacros';
import { innermostIdentifier } from './declarators';
import { nestedDeclarationUse } from './templateNestedNames';
import { packCarriers, packOperatorIn, type PackOperatorUse } from './packOperators';
import { lineStartOf, MAX_TRANSLATION_UNIT_FILES, oncePerParse, parentOf, previousSiblingOf, RECORD_NODES, type ParsedFile } from './translationUnit';

export { loadTranslationUnit, type ParsedFile } from './translationUnit';

interface PackState { value: number | undefined; unknown?: string }

/** Replays `#pragma pack` directives in order; returns the value in effect at each offset. */
function packTimeline(cond: ConditionalResult): { at: number; state: PackState }[] {
  const out: { at: number; state: PackState }[] = [];
  const stack: PackState[] = [];
  let cur: PackState = { value: undefined };
  for (const d of cond.directives) {
    if (d.kind !== 'pragma' || d.active === false) continue;
    const m = /^pack\s*\((.*)\)\s*$/.exec(d.text.trim());
    if (!m) continue;
    if (d.active === 'unknown') { cur = { value: undefined, unknown: `#pragma pack(${m[1]}) under a condition that cannot be evaluated` }; out.push({ at: d.start, state: cur }); continue; }
    const args = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    const num = args.find((a) => /^\d+$/.test(a));
    if (args[0] === 'push') { stack.push(cur); if (num) cur = { value: Number(num) }; }
    else if (args[0] === 'pop') { cur = stack.pop() ?? { value: undefined }; }
    else if (num) cur = { value: Number(num) };
    else if (args.length === 0) cur = { value: undefined };
    else if (args[0] !== 'show') cur = { value: undefined, unknown: `#pragma pack(${m[1]})` };
    out.push({ at: d.start, state: cur });
  }
  return out;
}

/** Source spans to skip (nested record/enum bodies become one token) inside a node. */
function nestedSpecs(node: SyntaxNode): { start: number; end: number; ref: SyntaxNode }[] {
  const out: { start: number; end: number; ref: SyntaxNode }[] = [];
  // Explicit stack: declarators nest as deep as the text says.
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    for (const c of stack.pop()!.namedChildren) {
      if (!c) continue;
      if ((RECORD_NODES.has(c.type) || c.type === 'enum_specifier') && c.childForFieldName('body')) out.push({ start: c.startIndex, end: c.endIndex, ref: c });
      else stack.push(c);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface RecordInfo {
  record: CRecord;
  node: SyntaxNode;
  file: ParsedFile;
  /** Per CRecord field: index of its member declaration (field_declaration node) in `declarations`. */
  fieldDecl: number[];
  /** Active member declarations in order. */
  declarations: SyntaxNode[];
  /** Per declaration: the named nodes of its block and its index there (its comments are found without tree walks). */
  siblings: { kids: (SyntaxNode | null)[]; index: number }[];
  /** Nested anonymous-type records, by the field that holds them (named field, or `<anon#k>`). */
  nested: { fieldName: string; node: SyntaxNode }[];
  hasConditionalMembers: boolean;
  /** A macro writes several members, or one declaration spans several grammar nodes: not reorderable by text. */
  membersFromMacro?: boolean;
}

/** The members one declaration adds, with the anonymous-record node that holds each (when there is one). */
interface MemberDeclaration { fields: { field: CField; nested?: SyntaxNode; initialized?: boolean; reference?: boolean }[] }
/** readDeclaration's answer when the tokens are not a declaration (the caller quotes the text). */
const CANNOT_PARSE = 'cannot parse';
const INTEGER_SCALARS = new Set(['char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long',
  'unsigned long', 'long long', 'unsigned long long', '__int128', 'unsigned __int128', 'size_t', 'ptrdiff_t', 'wchar_t']);

/** Everything visible for one target. */
export class TargetScope {
  readonly engine: CLayoutEngine;
  private readonly tags = new Map<string, { node: SyntaxNode; file: ParsedFile } | 'unknown'>();
  private readonly enumNodes = new Map<string, { node: SyntaxNode; file: ParsedFile }>();
  private readonly typedefs = new Map<string, { node: SyntaxNode; file: ParsedFile } | 'unknown'>();
  /** Object-like macros by name: their text; tokens are made on first use (most macros are never used). */
  private readonly macros = new Map<string, string>();
  /** The system headers' macro tables the unit's files include (systemMacroValues.json), merged: name -> text. */
  private readonly systemMacros = new Map<string, string>();
  private readonly macroTokenCache = new Map<string, Tok[]>();
  /** Definitions of macros defined more than once, by name, use offset and file (see macroDef). */
  private readonly positionalMacros = new Map<string, FnOrObject | undefined>();
  /** Macros redefined within a file: their value at a given point is not tracked, so they are never used. */
  private readonly redefined = new Set<string>();
  /** Function-like macros by name; the body's tokens are made on first use. */
  private readonly fnMacros = new Map<string, FnMacro>();
  private readonly enumerators = new Map<string, bigint | 'pending'>();
  private enumeratorEnums: Map<string, { node: SyntaxNode; file: ParsedFile }> | undefined;
  private readonly conds = new Map<ParsedFile, ConditionalResult>();
  private readonly packs = new Map<ParsedFile, { at: number; state: PackState }[]>();
  /** Records by node id; class template instantiations by `id<arguments>`. */
  private readonly recordCache = new Map<number | string, RecordInfo>();
  /** C++ names of the translation unit (undefined when it has no C++ file). */
  private readonly cxx: CxxNames | undefined;
  /** While a C++ record, typedef or alias is read: the scope its names are looked up from (`store::Entry::`). */
  private cxxScope = '';
  /** The C++ file read (names in its constant expressions are C++ names, see lookupCxxValue); undefined in C. */
  private cxxFile: ParsedFile | undefined;
  /** C++ integral constants by the id of their declarator ('pending' while evaluated); enumerators by theirs. */
  private readonly cxxConstants = new Map<number, bigint | undefined | 'pending'>();
  private readonly enumeratorById = new Map<number, bigint>();
  /** While a class template instantiation is read: its parameters' arguments (a type, or a value). */
  private templateArgs: Map<string, CType | bigint> | undefined;
  private readonly cxxTypedefCache = new Map<number, CType>();
  /** The files that #define or #undef each macro name (in any branch). */
  private readonly definedBy: Map<string, Set<ParsedFile>>;
  private readonly enumCache = new Map<number, CType>();
  private readonly typedefCache = new Map<string, CType>();
  private readonly typedefBusy = new Set<string>();
  private readonly constEnv: ConstEnv;
  /** Per file: whether it is compiled for the target (see includeActivity). */
  private fileActivity = new Map<ParsedFile, Activity>();
  /** An included header whose #pragma pack state does not return to the default (pshpack-style headers). */
  private packLeftOpenBy: ParsedFile | undefined;

  constructor(
    readonly target: TargetId,
    private readonly files: ParsedFile[],
    private readonly defines?: Map<string, string>,
    /** Whether `defines` is the whole command line (a compile_commands.json entry): a macro not in it is unset. */
    private readonly definesComplete = false,
  ) {
    this.engine = new CLayoutEngine(target);
    this.cxx = files.some((f) => f.lang === 'cpp') ? cxxNames(files) : undefined;
    // A header included only under an #if that is false for the target (`uv/win.h` on Linux, a header for
    // MSVC) is not compiled: its macros and definitions are left out. Which includes are active depends on the
    // macros the headers define, so this is evaluated again without the excluded headers (a few rounds at most).
    // A header also sees the macros its includer defined before including it (`#define ZSTD_STATIC_LINKING_ONLY`
    // then `#include "zstd.h"`): known after a first round too.
    // With the file's whole command line, a macro nothing can define is undefined (closedWorld): kept only when
    // every header the evaluation then compiles was read or is a system header the engine knows.
    this.definedBy = definitionsByName(files);
    const closed = definesComplete && files.length < MAX_TRANSLATION_UNIT_FILES ? closedWorld(this.definedBy, target) : undefined;
    this.settle(files, defines, closed);
    if (closed && !this.includesAllKnown(files)) this.settle(files, defines, undefined);
    const live = files.filter((f) => this.fileActivity.get(f) !== false);
    for (const f of live.slice(1)) {
      const t = this.packs.get(f)!;
      const last = t[t.length - 1]?.state;
      if (last && (last.value !== undefined || last.unknown)) { this.packLeftOpenBy = f; break; }
    }
    // The main file is first: its definitions win over those of included files.
    for (const f of live) {
      const { records, enums } = oncePerParse(f, tagNames);
      for (let k = 0; k < records.length; k++) {
        const name = records[k];
        if (!name) continue;
        const r = f.records[k];
        const a = this.activeAt(f, r.startIndex);
        if (a === false || this.tags.get(name) && this.tags.get(name) !== 'unknown') continue;
        this.tags.set(name, a === true ? { node: r, file: f } : 'unknown');
      }
      for (let k = 0; k < enums.length; k++) {
        const name = enums[k];
        const e = f.enums[k];
        if (name && this.activeAt(f, e.startIndex) === true && !this.enumNodes.has(name)) this.enumNodes.set(name, { node: e, file: f });
      }
      for (const t of f.typedefs) {
        const a = this.activeAt(f, t.startIndex);
        if (a === false) continue;
        for (const name of this.typedefNames(t, f)) {
          if (this.typedefs.has(name) && this.typedefs.get(name) !== 'unknown') continue;
          this.typedefs.set(name, a === true ? { node: t, file: f } : 'unknown');
        }
      }
    }
    this.constEnv = {
      macro: (n) => this.macroTokens(n),
      enumerator: (n, at) => this.enumeratorValue(n, at),
      sizeofType: (toks, what) => this.sizeofTypeName(toks, what),
      isTypeStart: (t) => t.t === 'spec' || (t.t === 'id' && (['struct', 'union', 'enum', 'const', 'volatile', 'signed', 'unsigned', 'char', 'short', 'int', 'long', 'float', 'double', '_Bool', 'void', '__int128', '_Atomic'].includes(t.v) || this.isTypeName(t.v))),
    };
  }

  /** Evaluates the files' #if's until which headers are compiled, and what their includers define, is settled. */
  private settle(files: ParsedFile[], defines: Map<string, string> | undefined, closed: ClosedWorld | undefined): void {
    let excluded = new Set<ParsedFile>();
    let inherited = new Map<ParsedFile, Map<string, string>>();
    // Closed units: for each macro that some #define of it sits in a branch the last round found not compiled, the
    // files whose #defines of it may be compiled. A macro with none (curl's USE_SSL, defined in curl_setup.h only
    // under `#ifdef USE_OPENSSL`...) is undefined everywhere in the next round; one that only file f may define is
    // undefined in f until f's own #define, as the compiler sees it (sqlite's os_setup.h tests SQLITE_OS_OTHER
    // before defining it, and vxworks.h defines it only for VxWorks). #undefs elsewhere only make a macro
    // undefined, so they do not count. Starting from none, each round only adds what the known macros decide; if a
    // round undoes one, the unit is settled again without them.
    let maybeDefiners: MaybeDefiners = new Map();
    let fixedPoint = false;
    // Settled again without the step (below): it must not be taken, nor undone, a second time.
    const extend = !!closed && noFurtherMark.get(closed) !== closed;
    for (let round = 0; ; round++) {
      this.evaluateFiles(files.filter((f) => !excluded.has(f)), defines, inherited, closed && withMaybeDefiners(closed, maybeDefiners, this.target));
      this.fileActivity = includeActivity(files, this.conds);
      const now = new Set(files.filter((f) => this.fileActivity.get(f) === false));
      const inheritedNow = inheritedDefines(files, this.conds, this.fileActivity);
      const definersNow = extend ? this.maybeDefiners() : maybeDefiners;
      fixedPoint = [...now].every((f) => excluded.has(f)) && now.size === excluded.size && sameInherited(inherited, inheritedNow)
        && sameDefiners(maybeDefiners, definersNow);
      if (round === 3 || fixedPoint) {
        if (!fixedPoint && extend && !narrowerDefiners(maybeDefiners, definersNow)) return this.settle(files, defines, noFurther(closed!));
        break;
      }
      excluded = now;
      inherited = inheritedNow;
      maybeDefiners = definersNow;
    }
    // Without a fixed point (an include that turns on and off with the macros it brings), a file that was not
    // evaluated in the last round is left out: its definitions go unknown, never wrong.
    for (const f of files) if (!this.conds.has(f)) this.fileActivity.set(f, false);
  }

  /**
   * The macros that some file of the unit #defines or #undefs in a branch not compiled, each with the compiled files
   * whose #defines of it may be compiled (see settle).
   */
  private maybeDefiners(): MaybeDefiners {
    const maybe = new Map<string, Set<ParsedFile>>();
    for (const [f, cond] of this.conds) {
      if (this.fileActivity.get(f) === false) continue;
      for (const [name, list] of derivedOf(cond, macroDirectives).byName) {
        if (!list.some((d) => d.kind === 'define' && d.active !== false)) continue;
        let set = maybe.get(name);
        if (!set) maybe.set(name, set = new Set());
        set.add(f);
      }
    }
    const out: MaybeDefiners = new Map();
    for (const [name, all] of this.definedBy) {
      const set = maybe.get(name);
      if (!set || set.size < all.size) out.set(name, set ?? new Set());
    }
    return out;
  }

  /** Whether every #include that may be compiled was read, or names a system header whose macros are known. */
  private includesAllKnown(files: ParsedFile[]): boolean {
    for (const f of files) {
      if (this.fileActivity.get(f) === false) continue;
      const read = new Set((f.includes ?? []).map((i) => i.at));
      for (const d of this.conds.get(f)?.directives ?? []) {
        if (d.kind !== 'include' || d.active === false || read.has(d.start)) continue;
        const name = /^[<"]([^>"]+)[>"]/.exec(d.text)?.[1];
        if (!name || !isKnownSystemHeader(name, this.target)) return false;
      }
    }
    return true;
  }

  /**
   * Evaluates the #if's of the files, included headers first (deepest last-loaded first) so the macros they
   * define are known to the files that include them, e.g. __LITTLE_ENDIAN_BITFIELD from <asm/byteorder.h>.
   */
  private evaluateFiles(files: ParsedFile[], defines: Map<string, string> | undefined, inherited: Map<ParsedFile, Map<string, string>>, closed: ClosedWorld | undefined): void {
    this.conds.clear(); this.packs.clear(); this.macros.clear(); this.macroTokenCache.clear(); this.positionalMacros.clear(); this.fnMacros.clear(); this.redefined.clear();
    this.systemMacros.clear();
    const systemTables = new Set<ReadonlyMap<string, string>>();
    const definedInHeaders = new Set<string>();
    const live = new Set(files);
    // Each macro's definition text, to tell a repeated definition from a different one.
    const texts = new Map<string, string>();
    for (const f of completionOrder(this.files).filter((g) => live.has(g))) {
      // The command line, then what the includer defined before including f, then the headers evaluated before f
      // (the ones it includes); the
      // language version of GCC's and Clang's default (-std=gnu17 / gnu++17) unless the command line says.
      const fromIncluder = inherited.get(f);
      const language = f.lang === 'cpp' ? '__cplusplus' : '__STDC_VERSION__';
      const idempotent = this.guardedIncludes(f, live);
      // The main file is read first: nothing but the command line can have defined its include guard, whatever the
      // headers define (node's copies of OpenSSL's headers include the system's, which use the same guards).
      const ownGuard = f === this.files[0] && !f.includes?.some((i) => i.at === -1) ? oncePerParse(f, includeGuardOfFile) : undefined;
      if (ownGuard) idempotent.add(ownGuard);
      const extra = (name: string): string | undefined => defines?.get(name)
        ?? (idempotent.has(name) ? undefined : fromIncluder?.get(name) ?? this.macroText(name))
        ?? (name === language ? (f.lang === 'cpp' ? '201703L' : '201710L') : undefined);
      // Include guards and defaults are assumed undefined before their #define, unless another file defines them.
      // (Headers left out for the target, as uv/win.h on Linux, do not count.)
      const onlyHere = (name: string) => idempotent.has(name) || onlyIn(this.definedBy.get(name), f, live);
      // `#include <stdint.h>` defines UINTPTR_MAX... from that line on, unless the unit read a file of its own for it.
      const systemInclude = (at: number, header: string) => (f.includes?.some((i) => i.at === at) ? undefined : systemHeaderMacros(this.target, f.lang, header));
      const cond = conditionalsOf(f.text, this.target, { extra, definedUnknown: definedInHeaders, assumeDefaults: onlyHere, closedWorld: closed?.(f, live), systemInclude });
      for (const k of cond.definedUnknownValue) definedInHeaders.add(k);
      this.conds.set(f, cond);
      this.packs.set(f, derivedOf(cond, packTimeline));
      for (const k of cond.redefined) this.redefined.add(k);
      // Two files defining a macro differently: which one a use sees depends on the include order, not tracked.
      for (const [k, v] of cond.defines) {
        const seen = texts.get(k) ?? this.systemMacros.get(k);
        if (seen === undefined) { texts.set(k, v); this.macros.set(k, v); } else if (seen !== v) this.redefined.add(k);
      }
      // Each table once per unit (a header that includes <stdint.h> brings the same table as the next one).
      for (const table of cond.systemMacros) {
        if (systemTables.has(table)) continue;
        systemTables.add(table);
        for (const [k, v] of table) {
          const seen = texts.get(k) ?? this.systemMacros.get(k);
          if (seen === undefined) this.systemMacros.set(k, v); else if (seen !== v) this.redefined.add(k);
        }
      }
      for (const [k, v] of cond.functionDefines) {
        const text = `(${v.params.join(',')}${v.variadic ? ',...' : ''})${v.body}`;
        const seen = texts.get(k);
        if (seen === undefined) { texts.set(k, text); this.fnMacros.set(k, { params: v.params, variadic: v.variadic, text: v.body }); } else if (seen !== text) this.redefined.add(k);
      }
    }
    for (const k of this.redefined) { this.macros.delete(k); this.fnMacros.delete(k); this.systemMacros.delete(k); }
  }

  /**
   * A macro the compiler predefines for the target, for what the layouts evaluate (`char c[CHAR_BIT]`: <limits.h>
   * defines CHAR_BIT as `__CHAR_BIT__`). Reserved names only (gcc's `linux` and `unix` are predefined in GNU modes
   * only, and may be a member's name), and only when no file of the unit #defines or #undefs it. (`#if`s have the
   * table of their own: evaluateConditionals.)
   */
  private predefinedText(name: string): string | undefined {
    if (!/^_[_A-Z]/.test(name) || this.definedBy.has(name)) return undefined;
    return PREDEFINED_MACROS[this.target].get(name);
  }

  /** An object-like macro's text: the unit's files' own, or a system header's they include. */
  private macroText(name: string): string | undefined {
    return this.macros.get(name) ?? this.systemMacros.get(name);
  }

  /**
   * The G of f's `#ifndef G / #include "x.h" / #endif` blocks that are the bare #include: G is x.h's include guard,
   * no other file compiled for the target defines it, and f names G nowhere else (it sees G undefined there).
   */
  private guardedIncludes(f: ParsedFile, live: Set<ParsedFile>): Set<string> {
    const out = new Set<string>();
    for (const { name, at } of oncePerParse(f, guardedIncludesOfFile)) {
      const x = f.includes?.find((i) => i.at === at)?.file;
      if (!x || oncePerParse(x, includeGuardOfFile) !== name) continue;
      if (!onlyIn(this.definedBy.get(name), x, live)) continue;
      out.add(name);
    }
    return out;
  }

  /** Whether code at the offset of the file is compiled: the file's own #if's and how the file was included. */
  activeAt(file: ParsedFile, offset: number): Activity {
    const f = this.fileActivity.get(file) ?? false;
    if (f === false) return false;
    const a = this.condition(file).isActive(offset);
    return a === true ? f : a;
  }

  condition(file: ParsedFile): ConditionalResult { return this.conds.get(file)!; }

  /** The replacement tokens of an object-like macro, or undefined when there is none. */
  private macroTokens(name: string): Tok[] | undefined {
    let toks = this.macroTokenCache.get(name);
    if (toks) return toks;
    const text = this.macroText(name) ?? this.predefinedText(name);
    if (text === undefined) return undefined;
    this.macroTokenCache.set(name, toks = tokenizeC(text));
    return toks;
  }

  /**
   * Names a typedef declares, read from its tokens after macro expansion (tree-sitter takes `__bitwise` in
   * `typedef __u16 __bitwise __be16;` for the name); tree-sitter's declarators when that fails.
   */
  private typedefNames(node: SyntaxNode, file: ParsedFile): string[] {
    try {
      const toks = this.expand(typedefTokens(node, file), file);
      const p = new DeclParser(toks, (n) => this.typedefs.has(n) || stdTypedef(n, this.target) !== undefined, this.attrMacro);
      const s = p.specifiers();
      const names: string[] = [];
      if (!s.keywords.length && !s.named && !s.tag && !s.spec && !s.atomicOf) throw new Error('no type');
      for (;;) {
        const d = p.declarator();
        if (d.name) names.push(d.name);
        if (!p.isOp(',')) break;
        p.pos++;
      }
      if (names.length && (p.isOp(';') || p.atEnd())) return names;
    } catch { /* fall back */ }
    return node.childrenForFieldName('declarator').map((d) => (d ? innermostIdentifier(d) : undefined)).filter((x): x is string => !!x);
  }

  isTypeName(name: string): boolean {
    return this.typedefs.has(name) || stdTypedef(name, this.target) !== undefined || isLibcTypedef(name, this.target)
      || !!this.cxx?.bySimpleName.has(name) || !!this.templateArgs?.has(name);
  }

  private variant: LibcVariant | null = null;
  /** The glibc configuration of a 32-bit target: from _FILE_OFFSET_BITS / _TIME_BITS where the files or flags say. */
  private libcVariant(): LibcVariant {
    if (this.variant !== null) return this.variant;
    const value = (name: string): bigint | undefined | 'unset' => {
      const cmd = this.defines?.get(name);
      if (cmd !== undefined) return this.evalConst(tokenizeC(cmd));
      const toks = this.macroTokens(name);
      if (toks) return this.evalConst(toks);
      return this.definesComplete && !this.redefined.has(name) ? 'unset' : undefined;
    };
    const time = value('_TIME_BITS'), offset = value('_FILE_OFFSET_BITS');
    if (time === 64n) this.variant = 'time64';
    else if (offset === 64n) this.variant = 'fob64';
    else this.variant = offset !== undefined && time !== undefined ? 'default' : undefined;
    return this.variant;
  }

  evalConst(toks: Tok[]): bigint | undefined { return evalConst(toks, this.constEnv); }

  private enumeratorValue(name: string, at: number | undefined): bigint | undefined {
    if (this.cxx && this.cxxFile) {
      const found = lookupCxxValue(this.cxx, name, this.cxxScope, { file: this.cxxFile, at });
      if (found) {
        // One in another file may be declared after the use (not visible there); then a global one of a C header
        // (compiled as C++ here, but not read as C++ names) would be meant: a C header naming it makes it unknown.
        const v = found.value;
        if (v && v.file !== this.cxxFile && !/^\w+::/.test(name) && this.namedInCHeader(name.replace(/^::/, ''))) return undefined;
        return v && this.cxxValue(v);
      }
      // Declared in a C++ file, but not where lookup goes from here (another namespace or class): the C lookup
      // below would take it by its simple name. (Through a using-directive it may be visible: kept as before.)
      if (!this.cxx.usingDirectives && !this.cxx.usingDeclarations && this.cxx.valuesBySimpleName.has(name)) return undefined;
    }
    if (name.includes(':')) return undefined;
    if (!this.enumerators.has(name)) {
      // Evaluate the enum that declares it (enums are evaluated lazily).
      const e = this.enumeratorIndex().get(name);
      if (e) this.enumType(e.node, e.file);
    }
    const v = this.enumerators.get(name);
    return typeof v === 'bigint' ? v : undefined;
  }

  private readonly cNames = new Map<string, boolean>();
  /** Whether a file of the unit read as C (whose names cxxNames does not read) has the word. */
  private namedInCHeader(word: string): boolean {
    let r = this.cNames.get(word);
    if (r === undefined) {
      const re = new RegExp(`\\b${word.replace(/\W/g, '\\$&')}\\b`);
      r = this.files.some((f) => f.lang === 'c' && this.fileActivity.get(f) !== false && re.test(f.text));
      this.cNames.set(word, r);
    }
    return r;
  }

  /**
   * A C++ enumerator's or integral constant's value; undefined when it is not compiled for the target, its
   * initializer cannot be evaluated, or the value does not fit its type (converting it is not modelled).
   */
  private cxxValue(v: CxxValue): bigint | undefined {
    if (this.activeAt(v.file, v.declarator.startIndex) !== true) return undefined;
    if (v.kind === 'enumerator') { this.enumType(v.node, v.file); return this.enumeratorById.get(v.declarator.id); }
    if (v.kind !== 'constant') return undefined;
    const id = v.declarator.id;
    const known = this.cxxConstants.get(id);
    if (known !== undefined || this.cxxConstants.has(id)) return known === 'pending' ? undefined : known;
    this.cxxConstants.set(id, 'pending'); // `const int a = a + 1;`
    try {
      const value = deeper('constant', () => this.inCxxScope(v.scope, undefined, () => this.readConstant(v), v.file));
      this.cxxConstants.set(id, value);
      return value;
    } catch (e) {
      this.cxxConstants.delete(id); // too deep from where it was asked: a shallower use evaluates it again
      throw e;
    }
  }

  /** `static const int kN = 7;` (or a static const data member): the initializer's value, if it fits the type. */
  private readConstant({ node, declarator, file }: CxxValue): bigint | undefined {
    const first = node.childrenForFieldName('declarator')[0]!;
    const head = this.expand(tokenizeC(file.text.slice(node.startIndex, first.startIndex), node.startIndex), file);
    const words = new Set(head.filter((t) => t.t === 'id').map((t) => t.v));
    if (!words.has('const') && !words.has('constexpr')) return undefined;
    if (['volatile', 'extern', 'mutable', 'thread_local', 'auto'].some((w) => words.has(w))) return undefined;
    const p = new DeclParser(head, (n) => this.isTypeName(n), this.attrMacro);
    let range: [bigint, bigint] | undefined;
    try {
      const s = p.specifiers();
      if (!p.atEnd()) return undefined;
      range = this.integerRange(this.typeOf(s, [], null));
    } catch (e) {
      if (e instanceof LimitError) throw e;
      return undefined;
    }
    const value = declarator.childForFieldName(node.type === 'declaration' ? 'value' : 'default_value');
    const v = range && value ? this.evalConst(tokenizeC(value.text, value.startIndex)) : undefined;
    return v !== undefined && v >= range![0] && v <= range![1] ? v : undefined;
  }

  /** The values an integer type holds ('char' and 'wchar_t' only those they hold signed and unsigned); else undefined. */
  private integerRange(t: CType): [bigint, bigint] | undefined {
    if (t.kind === 'aligned') return this.integerRange(t.base);
    if (t.kind !== 'scalar' || !INTEGER_SCALARS.has(t.name)) return undefined;
    const info = this.engine.typeInfo(t);
    if ('unresolved' in info) return undefined;
    const bits = BigInt(info.size * 8);
    if (t.name.startsWith('unsigned') || t.name === 'size_t') return [0n, (1n << bits) - 1n];
    if (t.name === 'char' || t.name === 'wchar_t') return [0n, (1n << (bits - 1n)) - 1n];
    return [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
  }

  /** The enum declaring each enumerator name (the last one, as if every enum were evaluated in this order). */
  private enumeratorIndex(): Map<string, { node: SyntaxNode; file: ParsedFile }> {
    if (this.enumeratorEnums) return this.enumeratorEnums;
    const index = new Map<string, { node: SyntaxNode; file: ParsedFile }>();
    const seen = new Set<number>();
    const add = (node: SyntaxNode, file: ParsedFile) => {
      if (seen.has(node.id)) return;
      seen.add(node.id);
      for (const en of node.childForFieldName('body')?.namedChildren ?? []) {
        const n = en?.type === 'enumerator' ? en.childForFieldName('name')?.text : undefined;
        if (n) index.set(n, { node, file });
      }
    };
    for (const { node, file } of this.enumNodes.values()) add(node, file);
    for (const f of this.files) for (const e of f.enums) if (this.activeAt(f, e.startIndex) === true) add(e, f);
    this.enumeratorEnums = index;
    return index;
  }

  private sizeofTypeName(toks: Tok[], what: 'size' | 'align'): number | undefined {
    try {
      const p = new DeclParser(toks, (n) => this.isTypeName(n), this.attrMacro);
      const tn = p.typeName();
      if (!p.atEnd()) return undefined;
      const info = this.engine.typeInfo(this.typeOf(tn.specs, tn.derivations, null));
      return 'unresolved' in info ? undefined : what === 'size' ? info.size : info.align;
    } catch (e) {
      if (e instanceof LimitError) throw e;
      return undefined;
    }
  }

  /**
   * `_Pragma("pack(...)")` / `__pragma(pack(...))` (usually hidden in a PACK_BEGIN macro) is not replayed: a record
   * after one in effect in the file, or in a file whose headers put one in effect, cannot be laid out with confidence
   * (lang/c/packOperators.ts: a macro that only defines one puts nothing in effect).
   */
  private pragmaOperatorBefore(file: ParsedFile, offset: number): string | undefined {
    const own = this.packOperatorOf(file);
    if (own && own.index < offset) return own.what;
    for (const f of this.files) if (f !== file && this.fileActivity.get(f) !== false && this.packOperatorOf(f)) return 'a _Pragma/__pragma pack in an included header';
    return undefined;
  }
  /** The unit's macros that expand to a pack pragma (made on the first record that asks). */
  private packOperatorMacros: Set<string> | undefined;
  private readonly packOperators = new Map<ParsedFile, PackOperatorUse | undefined>();
  private packOperatorOf(f: ParsedFile): PackOperatorUse | undefined {
    if (this.packOperators.has(f)) return this.packOperators.get(f);
    const carriers = this.packOperatorMacros ??= packCarriers(this.files.filter((g) => this.fileActivity.get(g) !== false)
      .map((g) => ({ file: g, definesByName: derivedOf(this.condition(g), macroDirectives).byName })));
    const use = packOperatorIn(f, carriers, (g, at) => this.activeAt(g, at) !== false);
    this.packOperators.set(f, use);
    return use;
  }

  packAt(file: ParsedFile, offset: number): PackState {
    // The last directive before the offset (binary search: a header may have thousands of them).
    const t = this.packs.get(file)!;
    let lo = 0, hi = t.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (t[mid].at < offset) lo = mid + 1; else hi = mid; }
    return lo > 0 ? t[lo - 1].state : { value: undefined };
  }

  // ------------------------------------------------------------------------------------------------------------

  enumType(node: SyntaxNode, file: ParsedFile): CType {
    const cached = this.enumCache.get(node.id);
    if (cached) return cached;
    const name = node.childForFieldName('name')?.text ?? '<anonymous enum>';
    const t: CType & { kind: 'enum' } = { kind: 'enum', name };
    this.enumCache.set(node.id, t);
    const attrs = emptyAttrs();
    const headEnd = node.childForFieldName('body')?.startIndex ?? node.endIndex;
    new DeclParser(tokenizeC(file.text.slice(node.startIndex, headEnd), node.startIndex).filter((x) => x.t !== 'id' || x.v !== 'enum'), () => false, this.attrMacro).attributes(attrs);
    const parent = parentOf(file, node);
    const after = parent && (parent.type === 'declaration' || parent.type === 'type_definition') ? parent.text : '';
    if (attrs.packed || /__attribute__\s*\(\(\s*(__)?packed/.test(file.text.slice(node.childForFieldName('body')?.endIndex ?? node.endIndex, node.endIndex)) || /\}\s*__attribute__\s*\(\(\s*(__)?packed/.test(after)) t.packed = true;
    const defined: string[] = [];
    try {
      // C++: the initializers' names are looked up from the enum's scope.
      const scope = file.lang === 'cpp' ? this.cxx?.scopeOf.get(node.id) : undefined;
      const read = () => this.readEnumerators(node, file, t, defined);
      deeper('enum', () => (scope === undefined ? read() : this.inCxxScope(scope, undefined, read, file)));
    } catch (e) {
      // Enums referring to enums nested too deep from where they were asked: nothing is kept, a shallower use
      // evaluates them again.
      this.enumCache.delete(node.id);
      for (const n of defined) this.enumerators.delete(n);
      throw e;
    }
    // A fixed underlying type (C++ `enum class K : uint8_t`, C23 `enum E : unsigned char`): the enum is that type.
    // A scoped enum without one is an int.
    const base = node.childForFieldName('base');
    if (base || /^enum\s+(class|struct)\b/.test(node.text)) {
      let fixed: CType = { kind: 'scalar', name: 'int' };
      if (base) {
        const p = new DeclParser(this.expand(tokenizeC(file.text.slice(base.startIndex, base.endIndex), base.startIndex), file), (n) => this.isTypeName(n), this.attrMacro);
        try { const tn = p.typeName(); fixed = p.atEnd() ? this.typeOf(tn.specs, tn.derivations, null) : { kind: 'unknown', reason: `the underlying type of enum ${name} cannot be read` }; }
        catch (e) { if (e instanceof LimitError) throw e; fixed = { kind: 'unknown', reason: `the underlying type of enum ${name} cannot be read` }; }
      }
      this.enumCache.set(node.id, fixed);
      return fixed;
    }
    return t;
  }

  /** Evaluates the enumerators in order into t (min, max or the first unknown) and this.enumerators. */
  private readEnumerators(node: SyntaxNode, file: ParsedFile, t: CType & { kind: 'enum' }, defined: string[]): void {
    let prev = -1n;
    let min: bigint | undefined;
    let max: bigint | undefined;
    const cond = this.condition(file);
    for (const en of node.childForFieldName('body')!.namedChildren) {
      if (!en || en.type !== 'enumerator' || cond.isActive(en.startIndex) !== true) continue;
      const enName = en.childForFieldName('name')?.text;
      if (!enName) continue;
      const valueNode = en.childForFieldName('value');
      let v: bigint | undefined;
      defined.push(enName);
      if (valueNode) {
        this.enumerators.set(enName, 'pending');
        v = this.evalConst(tokenizeC(valueNode.text, valueNode.startIndex));
      } else v = prev + 1n;
      if (v === undefined) { t.unknownValue = enName; this.enumerators.delete(enName); return; }
      this.enumerators.set(enName, v);
      this.enumeratorById.set(en.id, v);
      prev = v;
      min = min === undefined || v < min ? v : min;
      max = max === undefined || v > max ? v : max;
    }
    t.min = min ?? 0n;
    t.max = max ?? 0n;
  }

  /** CType of a record definition node (per target, cached). */
  recordType(node: SyntaxNode, file: ParsedFile): CType {
    return { kind: 'record', record: this.recordInfo(node, file).record };
  }

  recordInfo(node: SyntaxNode, file: ParsedFile, instance?: TemplateInstance): RecordInfo {
    const key = instance ? instance.key : node.id;
    const cached = this.recordCache.get(key);
    if (cached) return cached;
    const kind = node.type === 'union_specifier' ? 'union' : node.type === 'class_specifier' ? 'class' : 'struct';
    const name = instance?.name ?? node.childForFieldName('name')?.text ?? '<anonymous>';
    const record: CRecord = { kind, name, fields: [], ...(file.lang === 'cpp' ? { cxx: true } : {}) };
    const info: RecordInfo = { record, node, file, fieldDecl: [], declarations: [], siblings: [], nested: [], hasConditionalMembers: false };
    this.recordCache.set(key, info);
    const fromTop = nestingDepth() === 0;
    // Incomplete while it is read: a `sizeof` of the record inside its own definition has no answer.
    record.incomplete = true;
    try {
      const reason = deeper('struct', () => this.inCxxScope(this.recordScope(node), instance?.args, () => this.readRecord(info, !!instance), file));
      if (reason) record.unresolved = reason;
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      record.unresolved = e.message;
      // Asked from deep inside something else, the record itself may be fine: not cached, a shallower use reads
      // it again. The records around it keep the reason, so a chain of any length is still read once.
      if (!fromTop) this.recordCache.delete(key);
    } finally {
      delete record.incomplete;
    }
    return info;
  }

  /** Reads the record's attributes and members into info; returns why it cannot be laid out, if so. */
  private readRecord(info: RecordInfo, instantiated = false): string | undefined {
    const { node, file, record } = info;
    // Record attributes: attribute_specifier children before or after the body.
    const attrs = emptyAttrs();
    for (const c of node.namedChildren) {
      if (c && (c.type === 'attribute_specifier' || c.type === 'ms_declspec_modifier' || c.type === 'alignas_qualifier' || c.type === 'attribute_declaration')) {
        new DeclParser(tokenizeC(c.text, c.startIndex), () => false, this.attrMacro).attributes(attrs);
      }
    }
    // Attributes between the keyword and the body, read from the original text (see blankGrammarTraps), and
    // after the body up to the declarator; unknown macros there (`struct foo {...} __packed;`) make it unresolved.
    if (this.packLeftOpenBy && file !== this.packLeftOpenBy) {
      return `layout depends on a #pragma pack left in effect by ${this.packLeftOpenBy.path.split(/[\\/]/).pop()}`;
    }
    const pragmaOp = this.pragmaOperatorBefore(file, node.startIndex);
    if (pragmaOp) return `layout depends on ${pragmaOp}, which is not modelled`;
    const macroProblem = this.recordHeadAndTailAttrs(node, file, attrs);
    if (macroProblem) return macroProblem;
    if (attrs.packed) record.packed = true;
    const align = this.alignFromAttrs(attrs);
    if (typeof align === 'string') return align;
    if (align) record.alignAttr = align;
    if (attrs.unsupported.length) return `layout depends on __attribute__((${attrs.unsupported[0]})), which is not modelled`;
    const pack = this.packAt(file, node.startIndex);
    if (pack.unknown) return `layout depends on ${pack.unknown}`;
    if (pack.value) record.pack = pack.value;

    if (node.type === 'class_specifier' || file.lang === 'cpp') {
      const reason = cxxReason(node, file, instantiated);
      if (reason) return reason;
      const body = node.childForFieldName('body');
      if (body && declaresVirtual(file, body)) {
        // The word is in the body: a member declared `virtual` (not a comment, not under an #if not taken) makes
        // the class dynamic; anything else, unresolved as before.
        if (virtualMember(body, (at) => this.condition(file).isActive(at)) !== true) return 'layout of a C++ class with virtual functions is not computed';
        record.dynamic = true;
      }
      const clause = node.namedChildren.find((c) => c?.type === 'base_class_clause');
      if (clause) {
        const bases = this.readBases(clause, node, file);
        if (typeof bases === 'string') return bases;
        record.bases = bases;
      }
      if (record.cxx) specialMemberFacts(record, node.childForFieldName('body')!, node.childForFieldName('name')?.text, (at) => this.condition(file).isActive(at));
    }

    return this.readMembers(info, node.childForFieldName('body')!, file);
  }

  /**
   * The base classes of a base clause (`: public A, private ns::B<int>`), looked up from the scope around the class;
   * a virtual base, a pack expansion or a base that is not found is the reason the class is unresolved.
   */
  private readBases(clause: SyntaxNode, node: SyntaxNode, file: ParsedFile): CBase[] | string {
    const toks = this.withTemplateValues(this.expand(tokenizeC(file.text.slice(clause.startIndex, clause.endIndex), clause.startIndex), file));
    if (toks[0]?.t === 'op' && toks[0].v === ':') toks.shift();
    const parts: Tok[][] = [[]];
    let depth = 0;
    for (const t of toks) {
      if (t.t === 'op' && (t.v === '<' || t.v === '(' || t.v === '[')) depth++;
      else if (t.t === 'op' && (t.v === '>' || t.v === ')' || t.v === ']')) depth--;
      else if (t.t === 'op' && t.v === '>>') depth -= 2;
      if (depth === 0 && t.t === 'op' && t.v === ',') { parts.push([]); continue; }
      parts[parts.length - 1].push(t);
    }
    const outer = this.cxx ? this.recordScope(node).replace(/[^:]*::$/, '') : '';
    const out: CBase[] = [];
    for (let part of parts) {
      while (part[0]?.t === 'id' && /^(public|private|protected|virtual)$/.test(part[0].v)) {
        if (part[0].v === 'virtual') return 'layout of a C++ class with virtual base classes is not computed';
        part = part.slice(1);
      }
      const name = displayTokens(part);
      if (!part.length || part.some((t) => t.t === 'op' && t.v === '...')) return `the base class ${name || '(none)'} is not modelled`;
      const type = this.inCxxScope(outer, this.templateArgs, () => {
        const p = new DeclParser(part, (n) => this.isTypeName(n), this.attrMacro);
        try {
          const tn = p.typeName();
          if (!p.atEnd() || tn.derivations.length || !tn.specs.named) return undefined;
          return this.typeOf(tn.specs, [], null);
        } catch (e) {
          if (e instanceof LimitError) throw e;
          return undefined;
        }
      }, file);
      if (!type) return `the base class ${name} cannot be read`;
      if (type.kind === 'unknown') return `the base class ${name}: ${type.reason}`;
      out.push({ name: name.replace(/^::/, ''), type });
    }
    return out;
  }

  /**
   * Adds the active members of a record body to info; returns why the record cannot be laid out, if so.
   * Members are read from the original text's tokens after macro expansion, in order across the grammar's
   * declaration nodes: a macro may write several members (`UV_HANDLE_FIELDS`), or a declaration may be split
   * by the grammar where it did not know a name was a macro. A member list that cannot be read to its end makes
   * the record unresolved, never smaller.
   */
  private readMembers(info: RecordInfo, body: SyntaxNode, file: ParsedFile): string | undefined {
    const cond = this.condition(file);
    let anon = 0;
    const anonName = () => `<anon#${anon++}>`;
    // C++ access of the members read (a class starts private): a non-public data member makes it non-POD.
    let access = info.node.type === 'class_specifier' ? 'private' : 'public';
    // Tokens read but not yet ended by ';', and the nodes they came from.
    let pending: Tok[] = [];
    let pendingNodes: { c: SyntaxNode; kids: (SyntaxNode | null)[]; index: number }[] = [];
    const quote = () => {
      const from = pendingNodes[0].c.startIndex, to = pendingNodes[pendingNodes.length - 1].c.endIndex;
      return `cannot parse the member declaration "${file.text.slice(from, to).trim().slice(0, 40)}"`;
    };
    const flush = (): string | undefined => {
      const p = new DeclParser(pending, (n) => this.isTypeName(n), this.attrMacro);
      const declIndex = info.declarations.length;
      const last = pendingNodes[pendingNodes.length - 1];
      let declarations = 0;
      const before = info.record.fields.length;
      while (!p.atEnd()) {
        let r: MemberDeclaration | string;
        try { r = this.readDeclaration(p, anonName); } catch (e) { if (e instanceof LimitError) throw e; return quote(); }
        if (typeof r === 'string') return r === CANNOT_PARSE ? quote() : r;
        for (const f of r.fields) {
          info.record.fields.push(f.field); info.fieldDecl.push(declIndex); if (f.nested) info.nested.push({ fieldName: f.field.name, node: f.nested });
          if (info.record.cxx) notePod(info.record, access, f);
        }
        declarations++;
      }
      if (info.record.fields.length > before) {
        info.declarations.push(last.c);
        info.siblings.push({ kids: last.kids, index: last.index });
        if (declarations > 1 || pendingNodes.length > 1) info.membersFromMacro = true;
      }
      pending = [];
      pendingNodes = [];
      return undefined;
    };
    // Members in document order; #if blocks are entered in place (explicit stack: they nest as deep as the text says).
    const stack: { c: SyntaxNode; kids: (SyntaxNode | null)[]; index: number }[] = [];
    const pushChildren = (n: SyntaxNode) => {
      const kids = n.namedChildren;
      // An #if's condition (or #ifdef's name) is not a member.
      const skip = new Set([n.childForFieldName('condition')?.id, n.childForFieldName('name')?.id]);
      for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c && !(n !== body && skip.has(c.id))) stack.push({ c, kids, index: i }); }
    };
    pushChildren(body);
    while (stack.length) {
      const { c, kids, index } = stack.pop()!;
      if (c.type === 'comment' || c.type === 'preproc_def' || c.type === 'preproc_function_def') continue;
      if ((c.type === 'preproc_include' || c.type === 'preproc_call') && cond.isActive(c.startIndex) !== false) {
        // Members pulled in by an #include (X-macro lists), or a #pragma inside the body: not followed.
        const directive = c.text.trim();
        if (c.type === 'preproc_include' || /^#\s*(include|include_next|import)\b/.test(directive)) {
          return `members come from ${directive}, which is not followed inside a struct`;
        }
        if (/^#\s*pragma\s+pack\b/.test(directive)) return 'a #pragma pack inside the struct body is not modelled';
        continue;
      }
      if (c.type === 'preproc_include' || c.type === 'preproc_call') continue;
      if (c.type.startsWith('preproc_')) {
        info.hasConditionalMembers = true;
        pushChildren(c);
        continue;
      }
      if (c.type === 'access_specifier') { access = c.text.replace(/\s*:?\s*$/, '').trim(); continue; }
      const act = cond.isActive(c.startIndex);
      if (act === false) continue;
      if (act === 'unknown') {
        const region = cond.regionAt(c.startIndex);
        const ids = region?.unknownIdentifiers?.length ? region.unknownIdentifiers.join(', ') : region?.condition ?? 'a condition';
        return `layout depends on #if ${ids} which cannot be evaluated`;
      }
      if (c.type === 'field_declaration') {
        const toks = this.withTemplateValues(this.expand(tokenizeC(file.text.slice(c.startIndex, c.endIndex), c.startIndex, nestedSpecs(c)), file));
        // A macro that expands to nothing writes no member.
        if (!toks.length && !pending.length) continue;
        pending.push(...toks);
        pendingNodes.push({ c, kids, index });
        const lastTok = pending[pending.length - 1];
        if (lastTok && lastTok.t === 'op' && lastTok.v === ';') { const r = flush(); if (r) return r; }
        continue;
      }
      if (pending.length && (c.type === 'declaration' || c.type === 'function_definition')) {
        // The rest of a member the grammar split at a macro it did not know, after a member function's parameters
        // (`void Lock() EXCLUSIVE_LOCK_FUNCTION() { ... }`, `Status Apply(Edit* e) LOCKS_REQUIRED(mu_);`).
        // A body ends it: the declaration then declares member functions only, which take no space.
        const body = c.type === 'function_definition' ? c.childForFieldName('body') : null;
        const head = file.text.slice(c.startIndex, body?.startIndex ?? c.endIndex);
        pending.push(...this.withTemplateValues(this.expand(tokenizeC(head, c.startIndex))));
        if (body) pending.push({ t: 'op', v: ';', start: body.startIndex, end: body.startIndex });
        pendingNodes.push({ c, kids, index });
        const lastTok = pending[pending.length - 1];
        if (lastTok.t !== 'op' || lastTok.v !== ';') continue;
        const before = info.record.fields.length, why = quote();
        const r = flush();
        if (r) return r;
        if (body && info.record.fields.length > before) return why;
        continue;
      }
      if (c.type === 'function_definition' || c.type === 'declaration' || c.type === 'template_declaration'
        || c.type === 'friend_declaration' || c.type === 'using_declaration' || c.type === 'alias_declaration'
        || c.type === 'static_assert_declaration' || c.type === 'type_definition') continue;
      if (c.type === 'ERROR') return `cannot parse the member declaration "${c.text.trim().slice(0, 40)}"`;
      return `unsupported member ${c.type} "${c.text.trim().slice(0, 40)}"`;
    }
    if (pending.length) return quote();
    return undefined;
  }

  /**
   * Reads one member declaration (specifiers, declarators, ';') from p. Returns the members it declares,
   * CANNOT_PARSE, or why the record cannot be laid out.
   */
  private readDeclaration(p: DeclParser, anonName: () => string): MemberDeclaration | string {
    const start = p.pos;
    if (p.isOp(';')) { p.pos++; return { fields: [] }; } // an empty declaration (a GNU extension)
    const s = p.specifiers();
    const declNode = (s.spec ?? s.atomicOf?.specs.spec) as SyntaxNode | undefined;
    // C++ static members and member typedefs take no space.
    const noStorage = p.toks.slice(start, p.pos).some((t) => t.t === 'id' && (t.v === 'static' || t.v === 'typedef'));
    const out: MemberDeclaration = { fields: [] };
    const end = () => { if (p.isOp(';')) { p.pos++; return true; } return p.atEnd(); };
    const hasType = s.keywords.length || s.named || s.tag || s.spec || s.inlineBody || s.atomicOf || s.unsupported;
    if (!hasType) {
      // `FOO;` or `FOO int x;`: a name that is neither a type nor a macro of the files read.
      const t = p.peek();
      return t?.t === 'id' ? `layout depends on ${t.v}, a macro not defined in the files read` : CANNOT_PARSE;
    }
    if (p.isOp(';') || p.atEnd()) {
      end();
      if (noStorage) return out;
      // No declarator: an anonymous struct/union member (C11), else a declaration of a tag or nothing.
      if (s.inlineBody && !s.inlineBody.name) {
        const f: CField = { name: anonName(), typeName: `${s.inlineBody.kind} <anon>`, type: this.typeOf(s, [], null), anonymous: true };
        const r = this.applyAttrs(f, s.attrs);
        if (r) return r;
        out.fields.push({ field: f });
      } else if (declNode && RECORD_NODES.has(declNode.type) && !declNode.childForFieldName('name')) {
        const f: CField = { name: anonName(), typeName: `${declNode.type === 'union_specifier' ? 'union' : 'struct'} <anon>`, type: this.recordType(declNode, this.fileOf(declNode)), anonymous: true };
        const r = this.applyAttrs(f, s.attrs);
        if (r) return r;
        out.fields.push({ field: f, nested: declNode });
      }
      return out;
    }
    for (;;) {
      const d = p.declarator();
      // A member function (C++) or a function declaration takes no space in the record.
      if (d.derivations[0]?.kind !== 'function' && !noStorage) {
        const f: CField = { name: d.name ?? '', typeName: typeDisplay(s, d.derivations), type: this.typeOf(s, d.derivations, d.name) };
        if (d.bitWidth) {
          const w = this.evalConst(d.bitWidth);
          if (w === undefined) return `the width of bit-field ${d.name ?? '(unnamed)'} cannot be evaluated`;
          f.bitWidth = Number(w);
        }
        const r = this.applyAttrs(f, mergeAttrs(s.attrs, d.attrs));
        if (r) return r;
        const nested = declNode && RECORD_NODES.has(declNode.type) && !declNode.childForFieldName('name') && d.name ? declNode : undefined;
        if (f.name || f.bitWidth !== undefined) out.fields.push({ field: f, nested, initialized: d.initializer, reference: d.reference });
      }
      if (!p.isOp(',')) break;
      p.pos++;
    }
    return end() ? out : CANNOT_PARSE;
  }

  /**
   * Expands object-like macros (as the compiler does before parsing): `#define __aligned_u64 __u64
   * __attribute__((aligned(8)))` used as a member type. Expanded tokens keep the position of the macro use.
   * Macros that use an argument several times grow exponentially: past MAX_EXPANSION_TOKENS, a LimitError.
   */
  expand(toks: Tok[], file?: ParsedFile): Tok[] {
    return this.expandIn(toks, new Set(), 0, { left: MAX_EXPANSION_TOKENS }, file, -1);
  }

  /**
   * `file`: where the tokens were written, so a macro defined more than once is looked up as it stands at the
   * use (`at`: the offset of the outermost macro name, for everything its expansion brings).
   */
  private expandIn(toks: Tok[], active: Set<string>, depth: number, budget: { left: number }, file?: ParsedFile, at = -1): Tok[] {
    const useAt = (t: Tok) => (depth === 0 ? t.start : at);
    const isMacro = (t: Tok) => t.t === 'id' && !active.has(t.v) && this.macroDef(t.v, file, useAt(t)) !== undefined;
    if (depth > 16 || !toks.some(isMacro)) return toks;
    const out: Tok[] = [];
    // Every token copied counts against the budget.
    const add = (list: Tok[], r: Tok) => {
      if (--budget.left < 0) throw new LimitError(`macro expansion larger than ${MAX_EXPANSION_TOKENS} tokens`);
      list.push(r);
    };
    const emit = (r: Tok) => add(out, r);
    let closers: Int32Array | undefined;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      // The text's own tokens are not counted: only what macros produce.
      if (!isMacro(t)) { if (depth === 0) out.push(t); else emit(t); continue; }
      const inner = new Set(active).add(t.v);
      const at = (r: Tok): Tok => ({ ...r, start: t.start, end: t.end } as Tok);
      const site = useAt(t);
      const def = this.macroDef(t.v, file, site)!;
      if (def.obj) { for (const r of this.expandIn(def.obj, inner, depth + 1, budget, file, site)) emit(at(r)); continue; }
      const fn = def.fn!;
      fn.body ??= tokenizeC(fn.text);
      const next = toks[i + 1];
      // A function-like macro name without arguments stays as it is (and fails to parse).
      if (!next || next.t !== 'op' || next.v !== '(') { emit(t); continue; }
      // The closing parenthesis from a table: a scan per call is quadratic in a run of unclosed `F(`s.
      closers ??= matchingClosers(toks);
      const j = closers[i + 1];
      if (j < 0) { emit(t); continue; }
      const args: Tok[][] = [[]];
      let d = 0;
      for (let k = i + 2; k < j; k++) {
        const a = toks[k];
        if (a.t === 'op' && (a.v === '(' || a.v === '[')) d++;
        if (a.t === 'op' && (a.v === ')' || a.v === ']')) d--;
        if (a.t === 'op' && a.v === ',' && d === 0 && !(fn.variadic && args.length > fn.params.length)) { args.push([]); continue; }
        args[args.length - 1].push(a);
      }
      // Each argument is expanded once, however often the body uses it.
      const expandedArgs = new Map<number, Tok[]>();
      const argOf = (b: Tok | undefined): number => (b?.t !== 'id' ? -1 : b.v === '__VA_ARGS__' && fn.variadic ? fn.params.length : fn.params.indexOf(b.v));
      const isPaste = (b: Tok | undefined) => b?.t === 'op' && b.v === '##';
      const body: Tok[] = [];
      // Indices in `body` of the `##` operators of the macro's own body.
      const pastes: number[] = [];
      for (let k = 0; k < fn.body.length; k++) {
        const b = fn.body[k];
        const pi = argOf(b);
        if (b.t === 'op' && b.v === '#' && argOf(fn.body[k + 1]) >= 0) {
          // `#x`: the argument's spelling as a string literal.
          const raw = args[argOf(fn.body[++k])] ?? [];
          add(body, { t: 'str', v: JSON.stringify(raw.map((a) => a.v).join(' ')), start: b.start, end: b.end });
        } else if (pi >= 0) {
          // Operands of `##` are pasted unexpanded; elsewhere the argument is macro-expanded first.
          if (isPaste(fn.body[k - 1]) || isPaste(fn.body[k + 1])) {
            const raw = args[pi] ?? [];
            // An empty operand is a placemarker: `a ## x` with x empty gives `a`, not `a` pasted to what follows.
            if (!raw.length) add(body, { t: 'op', v: '', start: b.start, end: b.end });
            for (const a of raw) add(body, a);
            continue;
          }
          if (!expandedArgs.has(pi)) expandedArgs.set(pi, this.expandIn(args[pi] ?? [], active, depth + 1, budget, file, site));
          for (const a of expandedArgs.get(pi)!) add(body, a);
        } else {
          if (isPaste(b)) pastes.push(body.length);
          add(body, b);
        }
      }
      const pasted = pastes.length ? pasteTokens(body, pastes) : body;
      for (const r of this.expandIn(pasted, inner, depth + 1, budget, file, site)) emit(at(r));
      i = j;
    }
    return out;
  }

  /**
   * A macro's definition where it is used. A macro defined once in the unit (or the same everywhere) is the unit's;
   * one defined differently in several places (libuv's X-macro `XX`, redis's `redisAtomic`) only where that is
   * certain: after its file's last #define or #undef before the use with no #include between them that may be
   * compiled, or, used in another file, after the last of the one file that defines it, when that file includes
   * nothing between its first and last directive for it (a file using it before then would not compile). Every
   * directive for it on the way must be decided; otherwise undefined, as for any unknown name.
   */
  private macroDef(name: string, file: ParsedFile | undefined, at: number): FnOrObject | undefined {
    if (!this.redefined.has(name)) {
      const obj = this.macroTokens(name);
      if (obj) return { obj };
      const fn = this.fnMacros.get(name);
      return fn ? { fn } : undefined;
    }
    if (!file || at < 0) return undefined;
    const key = `${name} ${at} ${file.path}`;
    if (this.positionalMacros.has(key)) return this.positionalMacros.get(key);
    const d = this.directiveInEffect(name, file, at);
    const def = d ? macroFromDirective(d.text) : undefined;
    this.positionalMacros.set(key, def);
    return def;
  }

  /** The #define in effect for a macro defined more than once, at an offset of a file (see macroDef). */
  private directiveInEffect(name: string, file: ParsedFile, at: number): PreprocessorDirective | undefined {
    if (this.fileActivity.get(file) !== true || maySystemDefine(name, this.target)) return undefined;
    const own = derivedOf(this.condition(file), macroDirectives);
    let last: PreprocessorDirective | 'unknown' | undefined;
    for (const d of own.byName.get(name) ?? []) {
      if (d.start >= at) break;
      if (d.active === 'unknown') last = 'unknown'; else if (d.active === true) last = d;
    }
    if (last === 'unknown') return undefined;
    if (last) {
      if (own.includes.some((i) => i.active !== false && i.start > last.start && i.start < at)) return undefined;
      return last.kind === 'define' ? last : undefined;
    }
    // Used before any directive of its own file for it: the one other file that defines it, as it ends.
    const definers = this.definedBy.get(name);
    if (!definers || definers.size !== 1) return undefined;
    const [g] = definers;
    if (g === file || this.fileActivity.get(g) !== true) return undefined;
    const theirs = derivedOf(this.condition(g), macroDirectives);
    const list = theirs.byName.get(name) ?? [];
    if (!list.length || list.some((d) => d.active === 'unknown')) return undefined;
    const first = list[0].start, end = list[list.length - 1].start;
    if (theirs.includes.some((i) => i.active !== false && i.start > first && i.start < end)) return undefined;
    const final = list.filter((d) => d.active === true).pop();
    return final?.kind === 'define' ? final : undefined;
  }

  /** Replacement of an object-like macro that expands to attributes, else undefined. */
  readonly attrMacro = (name: string, depth = 0): Tok[] | undefined => {
    const toks = this.macroTokens(name);
    if (!toks?.length || depth > 8 || toks[0].t !== 'id') return undefined;
    if (/^(__attribute__|__attribute|__declspec|_Alignas|alignas)$/.test(toks[0].v)) return toks;
    // `#define PACKED __packed` with `#define __packed __attribute__((packed))`: the parser expands again.
    return toks.length === 1 && this.attrMacro(toks[0].v, depth + 1) ? toks : undefined;
  };

  private recordHeadAndTailAttrs(node: SyntaxNode, file: ParsedFile, attrs: Attributes): string | undefined {
    const body = node.childForFieldName('body')!;
    const nameNode = node.childForFieldName('name');
    const tagName = nameNode?.text;
    // The tag itself is not macro-expanded: a macro defined after the definition does not apply to it (redis's
    // `#define RedisModuleClientInfo RedisModuleClientInfoV1` renames the tag for later uses), and a tag's name
    // does not change the layout.
    const slice = (from: number, to: number) => this.expand(tokenizeC(file.text.slice(from, to), from), file);
    const head = nameNode && nameNode.startIndex > node.startIndex && nameNode.endIndex <= body.startIndex
      ? [...slice(node.startIndex, nameNode.startIndex), ...tokenizeC(nameNode.text, nameNode.startIndex), ...slice(nameNode.endIndex, body.startIndex)]
      : slice(node.startIndex, body.startIndex);
    const p = new DeclParser(head, () => false, this.attrMacro);
    p.pos = 1; // the keyword
    while (!p.atEnd() && !p.isOp(':')) { // ':' starts a C++ base clause
      if (p.attributes(attrs)) continue;
      const t = p.peek()!;
      if (t.t === 'id' && t.v !== tagName && t.v !== 'final') return `layout depends on ${t.v}, a macro not defined in the files read`;
      p.pos++;
    }
    const decl = parentOf(file, node);
    if (!decl) return undefined;
    // Before the keyword: `typedef ALIGN16 struct {...}` / `__declspec(align(16)) struct S {...}` (text since the
    // previous statement: the grammar may not have seen a macro there).
    const isDecl = decl.type === 'declaration' || decl.type === 'type_definition';
    let from = isDecl ? decl.startIndex : (previousSiblingOf(file, node)?.endIndex ?? (decl.type === 'translation_unit' ? 0 : decl.startIndex));
    // Outside a declaration, only the keyword's own line: earlier lines are statements of their own (__BEGIN_DECLS).
    if (!isDecl) from = Math.max(from, lineStartOf(file, node.startIndex));
    const before = this.expand(tokenizeC(file.text.slice(from, node.startIndex), from), file);
    const b = new DeclParser(before, () => false, this.attrMacro);
    while (!b.atEnd()) {
      if (b.attributes(attrs)) continue;
      const t = b.peek()!;
      if (t.t === 'id' && (t.v === '_Pragma' || t.v === '__pragma')) break; // reported by pragmaOperatorBefore
      if (t.t === 'id' && !/^(typedef|static|extern|const|volatile|register|inline|__extension__|_Thread_local|__thread|thread_local|constexpr)$/.test(t.v)) {
        return `layout depends on ${t.v}, a macro not defined in the files read`;
      }
      b.pos++;
    }
    if (!isDecl) return undefined;
    const tail = this.expand(tokenizeC(file.text.slice(body.endIndex, decl.endIndex), body.endIndex), file);
    const q = new DeclParser(tail, () => false, this.attrMacro);
    const ids: Tok[] = [];
    while (!q.atEnd() && !q.isOp(',') && !q.isOp(';') && !q.isOp('=') && !q.isOp('[') && !q.isOp('(')) {
      if (q.attributes(attrs)) continue;
      const t = q.peek()!;
      if (t.t === 'id') ids.push(t);
      q.pos++;
    }
    // The last identifier is the declarator; identifiers before it (or a lone reserved `__x`) are macros.
    const macros = ids.length > 1 ? ids.slice(0, -1) : ids.filter((t) => t.v.startsWith('__') && decl.type === 'declaration');
    for (const m of macros) return `layout depends on ${m.v}, a macro not defined in the files read`;
    return undefined;
  }

  private applyAttrs(f: CField, attrs: Attributes): string | undefined {
    if (attrs.packed) f.packed = true;
    if (attrs.noUniqueAddress) f.noUniqueAddress = attrs.noUniqueAddress;
    const a = this.alignFromAttrs(attrs);
    if (typeof a === 'string') return a;
    if (a) f.alignAttr = a;
    if (attrs.unsupported.length) return `layout depends on __attribute__((${attrs.unsupported[0]})), which is not modelled`;
    return undefined;
  }

  /** Largest alignment requested by aligned(N)/_Alignas; a string is an unresolved reason. */
  private alignFromAttrs(attrs: Attributes): number | string | undefined {
    let best: number | undefined;
    for (const e of attrs.aligned) {
      let v: number;
      // `aligned` without a number means __BIGGEST_ALIGNMENT__ of the target.
      if (e === null) v = Number(PREDEFINED_MACROS[this.target].get('__BIGGEST_ALIGNMENT__') ?? 8);
      else {
        const x = this.evalConst(e);
        if (x === undefined) return `the alignment ${e.map((t) => t.v).join('')} cannot be evaluated`;
        v = Number(x);
      }
      if (v > 0) best = Math.max(best ?? 0, v);
    }
    for (const tn of attrs.alignasType) {
      const info = this.engine.typeInfo(this.typeOf(tn.specs, tn.derivations, null));
      if ('unresolved' in info) return info.unresolved;
      best = Math.max(best ?? 0, info.align);
    }
    return best;
  }

  typeOf(s: Specifiers, derivations: Derivation[], memberName: string | null): CType {
    // A pointer anywhere outside the arrays hides the pointee: its size never matters.
    const firstPtr = derivations.findIndex((d) => d.kind === 'pointer' || d.kind === 'function');
    let inner: CType;
    if (firstPtr >= 0) {
      inner = derivations[firstPtr].kind === 'function' && firstPtr === derivations.length - 1 && !derivations.some((d) => d.kind === 'pointer')
        ? { kind: 'unknown', reason: `${memberName ?? 'a member'} has function type` }
        : { kind: 'scalar', name: 'pointer' };
    } else inner = this.baseType(s);
    const arrays = firstPtr >= 0 ? derivations.slice(0, firstPtr) : derivations;
    let t = inner;
    for (let i = arrays.length - 1; i >= 0; i--) {
      const d = arrays[i];
      if (d.kind !== 'array') continue;
      if (d.size === null) {
        t = i === 0 ? { kind: 'array', elem: t, count: null } : { kind: 'unknown', reason: 'an inner array has no size' };
        continue;
      }
      const n = this.evalConst(d.size);
      if (n === undefined) {
        const txt = d.size.map((x) => x.v).join(' ');
        return { kind: 'unknown', reason: `size unknown because the array size ${txt} cannot be evaluated` };
      }
      t = { kind: 'array', elem: t, count: Number(n) };
    }
    return t;
  }

  /** A record whose body comes from a macro expansion: laid out from tokens (no source ranges, never reordered). */
  private recordFromTokens(kind: 'struct' | 'union', name: string | undefined, body: Tok[]): CRecord {
    const rec: CRecord = { kind, name: name ?? '<from macro>', fields: [], fromMacro: !name };
    try {
      const reason = deeper('struct', () => this.membersFromTokens(body, rec));
      if (reason) rec.unresolved = reason;
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      rec.unresolved = e.message;
    }
    return rec;
  }

  /** Adds the members written in tokens to rec; returns why it cannot be laid out, if so. */
  private membersFromTokens(body: Tok[], rec: CRecord): string | undefined {
    let anon = 0;
    const p = new DeclParser(body, (n) => this.isTypeName(n), this.attrMacro);
    try {
      while (!p.atEnd()) {
        const r = this.readDeclaration(p, () => `<anon#${anon++}>`);
        if (r === CANNOT_PARSE) break;
        if (typeof r === 'string') return r;
        for (const f of r.fields) rec.fields.push(f.field);
      }
    } catch (e) {
      if (e instanceof LimitError) throw e;
    }
    return p.atEnd() ? undefined : 'cannot parse a struct or union that comes from a macro';
  }

  private baseType(s: Specifiers): CType {
    let t: CType;
    if (s.unsupported) t = { kind: 'unknown', reason: `size unknown because ${s.unsupported} is not supported` };
    else if (s.atomicOf) t = { kind: 'atomic', base: this.typeOf(s.atomicOf.specs, s.atomicOf.derivations, null) };
    else if (s.inlineBody) {
      const rec = this.recordFromTokens(s.inlineBody.kind, s.inlineBody.name, s.inlineBody.toks);
      rec.sourceOffset = s.inlineBody.start;
      if (!rec.unresolved) {
        if (s.inlineBody.attrs.packed) rec.packed = true;
        const a = this.alignFromAttrs(s.inlineBody.attrs);
        if (typeof a === 'string') rec.unresolved = a;
        else if (a) rec.alignAttr = a;
        if (s.inlineBody.attrs.unsupported.length) rec.unresolved = `layout depends on __attribute__((${s.inlineBody.attrs.unsupported[0]})), which is not modelled`;
      }
      t = { kind: 'record', record: rec };
    }
    else if (s.spec) {
      const n = s.spec as SyntaxNode;
      const file = this.fileOf(n);
      t = n.type === 'enum_specifier' ? this.enumType(n, file) : this.recordType(n, file);
    } else if (s.tag) t = this.cxx?.bySimpleName.has(s.tag.name) ? this.namedType(s.tag.name, undefined) : this.tagType(s.tag.kind, s.tag.name);
    else if (s.named) t = this.namedType(s.named, s.templateArgs);
    else if (s.keywords.length) t = scalarFromKeywords(s.keywords);
    else t = { kind: 'unknown', reason: 'a member has no type' };
    if (s.atomic) t = { kind: 'atomic', base: t };
    return t;
  }

  private fileOf(n: SyntaxNode): ParsedFile {
    for (const f of this.files) if (f.root.tree === n.tree) return f;
    return this.files[0];
  }

  private tagType(kind: string, name: string): CType {
    if (kind === 'enum') {
      const e = this.enumNodes.get(name);
      return e ? this.enumType(e.node, e.file) : { kind: 'unknown', reason: `size unknown because enum ${name} is not found` };
    }
    const r = this.tags.get(name);
    if (r === 'unknown') return { kind: 'unknown', reason: `size unknown because ${kind} ${name} is defined under an #if that cannot be evaluated` };
    if (!r) return libcType(`${kind} ${name}`, this.target, this.libcVariant()) ?? { kind: 'unknown', reason: `size unknown because ${kind} ${name} is not found` };
    return this.recordType(r.node, r.file);
  }

  /** A type written by name: a template parameter, a C++ name (looked up from the current scope), or a typedef. */
  private namedType(name: string, args: Tok[][] | undefined): CType {
    const param = !name.includes(':') ? this.templateArgs?.get(name) : undefined;
    if (param !== undefined) return typeof param === 'bigint' ? { kind: 'unknown', reason: `${name} is a value, not a type` } : param;
    if (this.cxx) {
      const found = lookupCxx(this.cxx, name, this.cxxScope);
      if (found.length) return this.cxxDeclType(found, name, args);
      const simple = name.slice(name.lastIndexOf(':') + 1);
      const std = /^(?:::)?std::(\w+)$/.exec(name);
      if (std) return this.standardLibraryType(std[1], args) ?? { kind: 'unknown', reason: `size unknown because ${name}${args ? '<…>' : ''} is not modelled` };
      if (name.includes(':') || args) return { kind: 'unknown', reason: `size unknown because ${name}${args ? '<…>' : ''} is not found` };
      // Declared in some namespace or class that does not enclose this use (or reached by a using-directive).
      if (this.cxx.bySimpleName.has(simple)) return { kind: 'unknown', reason: `size unknown because ${name} is not found from ${this.cxxScope.replace(/\(unnamed#\d+\)::/g, '').slice(0, -2) || 'the global namespace'}${this.cxx.usingDirectives ? ' (using-directives are not followed)' : ''}` };
    }
    if (args) return { kind: 'unknown', reason: `size unknown because ${name}<…> is not found` };
    return this.typedefType(name);
  }

  /**
   * A C++ standard library type: the C library's typedefs (`std::size_t`), `std::array<T, N>` (an array of N T's),
   * and the libstdc++ classes whose size does not depend on their arguments (libcTypes.json: `std::string`,
   * `std::vector<_>` for any element type but bool, `std::map<_,_>` with the default comparator and allocator).
   */
  private standardLibraryType(name: string, args: Tok[][] | undefined): CType | undefined {
    if (!args) return stdTypedef(name, this.target) ?? libcType(name, this.target, this.libcVariant()) ?? libcType(`std::${name}`, this.target, undefined);
    if (name === 'array' && args.length === 2) {
      const n = this.evalConst(args[1]);
      const p = new DeclParser(args[0], (x) => this.isTypeName(x), this.attrMacro);
      try {
        const tn = p.typeName();
        if (n === undefined || n <= 0n || !p.atEnd()) return undefined;
        return { kind: 'array', elem: this.typeOf(tn.specs, tn.derivations, null), count: Number(n) };
      } catch (e) { if (e instanceof LimitError) throw e; return undefined; }
    }
    if (name === 'atomic' && args.length === 1) return this.stdAtomic(args[0]);
    if (name === 'vector' && args[0]?.length === 1 && args[0][0].v === 'bool') return undefined; // a bit vector
    const t = libcType(`std::${name}<${args.map(() => '_').join(',')}>`, this.target, undefined);
    return t?.kind === 'opaque' ? { ...t, name: `std::${name}<…>` } : t;
  }

  /**
   * `std::atomic<T>` for an integer or pointer T, on the Linux targets (libstdc++): its one member is T aligned to
   * the larger of T's size and alignment (`alignas(_S_alignment)`), as C's _Atomic T. Other T: undefined.
   */
  private stdAtomic(arg: Tok[]): CType | undefined {
    if (!this.target.startsWith('linux/')) return undefined;
    const p = new DeclParser(arg, (x) => this.isTypeName(x), this.attrMacro);
    try {
      const tn = p.typeName();
      if (!p.atEnd()) return undefined;
      const t = this.typeOf(tn.specs, tn.derivations, null);
      if (t.kind !== 'scalar' || !(INTEGER_SCALARS.has(t.name) || t.name === '_Bool' || t.name === 'pointer')) return undefined;
      return { kind: 'atomic', base: t };
    } catch (e) { if (e instanceof LimitError) throw e; return undefined; }
  }

  /** The type a C++ declaration found by lookup denotes (a typedef of a record of the same name wins: the same type). */
  private cxxDeclType(found: CxxDecl[], name: string, args: Tok[][] | undefined): CType {
    const live: CxxDecl[] = [];
    for (const d of found) {
      const a = this.activeAt(d.file, d.node.startIndex);
      if (a === 'unknown') return { kind: 'unknown', reason: `size unknown because ${name} is defined under an #if that cannot be evaluated` };
      if (a === true) live.push(d);
    }
    if (!live.length) return { kind: 'unknown', reason: `size unknown because ${name} is not defined for this target` };
    const d = live.find((x) => x.kind === 'typedef' || x.kind === 'alias') ?? live[0];
    if (d.kind === 'template') {
      if (!args) return { kind: 'unknown', reason: `size unknown because ${name} is a class template used without arguments` };
      return this.instantiate(d, args);
    }
    if (args) return { kind: 'unknown', reason: `size unknown because ${name} is not a class template` };
    if (d.kind === 'record') return this.recordType(d.node, d.file);
    if (d.kind === 'enum') return this.enumType(d.node, d.file);
    let t = this.cxxTypedefCache.get(d.node.id);
    if (!t) {
      const simple = d.qualified.slice(d.qualified.lastIndexOf(':') + 1);
      this.cxxTypedefCache.set(d.node.id, { kind: 'unknown', reason: `${name} refers to itself` });
      t = this.inCxxScope(this.cxx!.scopeOf.get(d.node.id) ?? '', undefined, () => (d.kind === 'alias' ? this.readAlias(d.node, d.file) : this.readTypedef(simple, d.node, d.file)), d.file);
      this.cxxTypedefCache.set(d.node.id, t);
    }
    return t;
  }

  /** `using X = type-id;` */
  private readAlias(node: SyntaxNode, file: ParsedFile): CType {
    const type = node.childForFieldName('type');
    if (!type) return { kind: 'unknown', reason: `size unknown because the alias ${node.text.slice(0, 40)} cannot be read` };
    const p = new DeclParser(this.expand(tokenizeC(file.text.slice(type.startIndex, type.endIndex), type.startIndex, nestedSpecs(type)), file), (n) => this.isTypeName(n), this.attrMacro);
    try {
      const tn = p.typeName();
      if (!p.atEnd()) throw new Error('trailing tokens');
      return this.typeOf(tn.specs, tn.derivations, null);
    } catch (e) {
      if (e instanceof LimitError) throw e;
      return { kind: 'unknown', reason: `size unknown because the alias ${node.text.slice(0, 40)} cannot be read` };
    }
  }

  /**
   * A class template instantiated with concrete arguments (`Ring<short, 3>`), read from the template's members with
   * the arguments in place: types resolved where the template is used, values evaluated there. Specializations,
   * defaults, packs and types declared inside the template (unless reached through pointers only) are not modelled: the
   * reason, then.
   */
  private instantiate(d: CxxDecl, written: Tok[][]): CType {
    const spec = d.node.namedChildren.find((x) => !!x && RECORD_NODES.has(x.type))!;
    const unknown = (why: string): CType => ({ kind: 'unknown', reason: `size unknown because ${d.qualified}<…> ${why}` });
    if (d.unsupported) return unknown(`uses ${d.unsupported}`);
    if (this.cxx!.specialized.has(d.qualified)) return unknown('has specializations, which are not modelled');
    if (d.params!.length !== written.length) return unknown('has default arguments, which are not modelled');
    const body = spec.childForFieldName('body');
    const nestedUse = body ? nestedDeclarationUse(body) : undefined;
    if (nestedUse) return unknown(nestedUse);
    const args = new Map<string, CType | bigint>();
    const shown: string[] = [];
    for (let i = 0; i < written.length; i++) {
      const param = d.params![i];
      const toks = written[i];
      if (param.kind === 'value') {
        const v = this.evalConst(toks);
        if (v === undefined) return unknown(`has the argument ${toks.map((t) => t.v).join(' ')}, which cannot be evaluated`);
        args.set(param.name, v);
        shown.push(String(v));
      } else {
        const p = new DeclParser(toks, (n) => this.isTypeName(n), this.attrMacro);
        let t: CType;
        try {
          const tn = p.typeName();
          if (!p.atEnd()) return unknown(`has the argument ${toks.map((x) => x.v).join(' ')}, which cannot be read`);
          t = this.typeOf(tn.specs, tn.derivations, null);
        } catch (e) {
          if (e instanceof LimitError) throw e;
          return unknown(`has the argument ${toks.map((x) => x.v).join(' ')}, which cannot be read`);
        }
        if (t.kind === 'unknown') return t;
        args.set(param.name, t);
        shown.push(toks.map((x) => x.v).join(' '));
      }
    }
    const name = `${d.qualified.slice(d.qualified.lastIndexOf(':') + 1)}<${shown.join(', ')}>`;
    return { kind: 'record', record: this.recordInfo(spec, d.file, { key: `${spec.id}<${shown.join(',')}>`, name, args }).record };
  }

  /** Value template parameters in member tokens become their numbers (types are found by namedType). */
  private withTemplateValues(toks: Tok[]): Tok[] {
    const args = this.templateArgs;
    if (!args) return toks;
    return toks.map((t) => {
      const v = t.t === 'id' ? args.get(t.v) : undefined;
      return typeof v === 'bigint' ? { t: 'num', v: String(v), start: t.start, end: t.end } : t;
    });
  }

  /** Runs fn with the C++ lookup scope and template arguments of what it reads. */
  private inCxxScope<T>(scope: string, args: Map<string, CType | bigint> | undefined, fn: () => T, file: ParsedFile): T {
    const saved = [this.cxxScope, this.templateArgs, this.cxxFile] as const;
    this.cxxScope = scope;
    this.templateArgs = args;
    this.cxxFile = file.lang === 'cpp' ? file : undefined;
    try { return fn(); } finally { [this.cxxScope, this.templateArgs, this.cxxFile] = saved; }
  }

  /** The scope a record's members are looked up from: its own (`store::Entry::`), inside its namespaces. */
  private recordScope(node: SyntaxNode): string {
    if (!this.cxx) return '';
    const outer = this.cxx.scopeOf.get(node.id) ?? this.cxx.scopeOf.get(node.parent?.id ?? -1) ?? '';
    const name = node.childForFieldName('name');
    return name && name.type === 'type_identifier' ? `${outer}${name.text}::` : unnamedScope(outer, node);
  }

  typedefType(name: string): CType {
    const cached = this.typedefCache.get(name);
    if (cached) return cached;
    const td = this.typedefs.get(name);
    if (td === 'unknown') return { kind: 'unknown', reason: `size unknown because ${name} is defined under an #if that cannot be evaluated` };
    if (!td) {
      const std = stdTypedef(name, this.target) ?? libcType(name, this.target, this.libcVariant());
      return std ?? { kind: 'unknown', reason: `size unknown because ${name} is not found` };
    }
    if (this.typedefBusy.has(name)) return { kind: 'unknown', reason: `${name} refers to itself` };
    this.typedefBusy.add(name);
    let result: CType;
    const fromTop = nestingDepth() === 0;
    try {
      result = deeper('typedef', () => this.readTypedef(name, td.node, td.file));
      this.typedefCache.set(name, result);
    } catch (e) {
      // Too deep from where it was asked: not cached, a shallower use reads it again.
      if (e instanceof LimitError) {
        result = { kind: 'unknown', reason: e.message };
        if (fromTop) this.typedefCache.set(name, result);
      } else this.typedefCache.set(name, result = { kind: 'unknown', reason: `size unknown because typedef ${name} cannot be read` });
    } finally {
      this.typedefBusy.delete(name);
    }
    return result;
  }

  private readTypedef(name: string, node: SyntaxNode, file: ParsedFile): CType {
    const toks = this.expand(typedefTokens(node, file), file)
      .filter((t, i) => !(i === 0 && t.t === 'id' && t.v === 'typedef'));
    const p = new DeclParser(toks, (n) => n !== name && this.isTypeName(n), this.attrMacro);
    const s = p.specifiers();
    for (;;) {
      const d = p.declarator();
      if (d.name === name) {
        const t = this.typeOf(s, d.derivations, null);
        const attrs = mergeAttrs(s.attrs, d.attrs);
        const a = this.alignFromAttrs({ ...attrs, packed: false });
        // A typedef's aligned(N) replaces the alignment (GCC lets it lower it too).
        if (typeof a === 'number' && d.attrs.aligned.length + s.attrs.aligned.length > 0) return { kind: 'aligned', base: t, align: a, name };
        if (typeof a === 'string') return { kind: 'unknown', reason: a };
        return t;
      }
      if (!p.isOp(',')) break;
      p.pos++;
    }
    return { kind: 'unknown', reason: `size unknown because typedef ${name} cannot be read` };
  }
}

/**
 * Applies the `##` operators at the given indices of a macro body: the tokens on both sides become one token
 * (an empty argument pastes to nothing). A paste that does not form one token leaves both, as a C preprocessor
 * would after its diagnostic.
 */
function pasteTokens(body: Tok[], pastes: number[]): Tok[] {
  const at = new Set(pastes);
  const out: Tok[] = [];
  for (let k = 0; k < body.length; k++) {
    if (!at.has(k)) { out.push(body[k]); continue; }
    const right = body[k + 1] && !at.has(k + 1) ? body[++k] : undefined;
    const left = out.pop();
    if (!left || !right) { if (left) out.push(left); if (right) out.push(right); continue; }
    const joined = tokenizeC(left.v + right.v);
    if (joined.length === 1) out.push({ ...joined[0], start: left.start, end: right.end } as Tok);
    else if (joined.length > 1) out.push(left, right);
  }
  return out.filter((t) => t.v !== '' || t.t !== 'op');
}

/** For each '(' or '[' token, the index of the ')' or ']' that closes it (the two counted as one kind), else -1. */
function matchingClosers(toks: Tok[]): Int32Array {
  const out = new Int32Array(toks.length).fill(-1);
  const open: number[] = [];
  toks.forEach((a, k) => {
    if (a.t !== 'op') return;
    if (a.v === '(' || a.v === '[') open.push(k);
    else if ((a.v === ')' || a.v === ']') && open.length) out[open.pop()!] = k;
  });
  return out;
}

/** A typedef's tokens before macro expansion (its nested record/enum bodies as one token each); once per parse. */
const typedefTokenCache = new WeakMap<SyntaxNode, Tok[]>();
function typedefTokens(node: SyntaxNode, file: ParsedFile): Tok[] {
  let toks = typedefTokenCache.get(node);
  if (!toks) typedefTokenCache.set(node, toks = tokenizeC(file.text.slice(node.startIndex, typedefEnd(node, file.text)), node.startIndex, nestedSpecs(node)));
  return toks;
}

/**
 * End of a typedef's text. tree-sitter ends `typedef __u16 __bitwise __be16;` after `__bitwise` (it cannot know
 * the macro is empty): then the statement runs to the next ';'.
 */
function typedefEnd(node: SyntaxNode, text: string): number {
  if (text[node.endIndex - 1] === ';') return node.endIndex;
  const semi = text.indexOf(';', node.endIndex);
  return semi < 0 ? node.endIndex : semi + 1;
}


interface TemplateInstance { key: string; name: string; args: Map<string, CType | bigint> }

function emptyAttrs(): Attributes { return { aligned: [], alignasType: [], unsupported: [] }; }

function mergeAttrs(a: Attributes, b: Attributes): Attributes {
  return { packed: a.packed || b.packed, aligned: [...a.aligned, ...b.aligned], alignasType: [...a.alignasType, ...b.alignasType], unsupported: [...a.unsupported, ...b.unsupported], noUniqueAddress: a.noUniqueAddress ?? b.noUniqueAddress };
}


const virtualWords = new WeakMap<ParsedFile, number[]>();
/**
 * Whether the class whose body this is declares a virtual function: the word `virtual` in the body (positions found
 * once per file: classes nest, bodies overlap), but not inside a class nested in it (leveldb's `WriteBatch::Handler`).
 */
function declaresVirtual(file: ParsedFile, body: SyntaxNode): boolean {
  let at = virtualWords.get(file);
  if (!at) virtualWords.set(file, at = [...file.text.matchAll(/\bvirtual\b/g)].map((m) => m.index!));
  let lo = 0, hi = at.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (at[mid] < body.startIndex) lo = mid + 1; else hi = mid; }
  const inBody: number[] = [];
  for (let i = lo; i < at.length && at[i] + 7 <= body.endIndex; i++) inBody.push(at[i]);
  if (!inBody.length) return false;
  // The bodies of the records nested in this one (explicit stack: they nest as deep as the text says).
  const nested: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [body];
  while (stack.length) {
    for (const c of stack.pop()!.namedChildren) {
      if (!c) continue;
      const b = RECORD_NODES.has(c.type) ? c.childForFieldName('body') : null;
      if (b) nested.push(b); else stack.push(c);
    }
  }
  return inBody.some((p) => !nested.some((b) => p >= b.startIndex && p < b.endIndex));
}

/** Why a C++ record is not a plain standard-layout aggregate we can lay out, or undefined. */
function cxxReason(node: SyntaxNode, file: ParsedFile, instantiated: boolean): string | undefined {
  if (!instantiated && parentOf(file, node)?.type === 'template_declaration') return 'layout of a C++ class template is not computed';
  return undefined;
}

/** A type written in tokens as clang prints it: `ns::Pair<int, 3>`. */
function displayTokens(toks: Tok[]): string {
  let out = '';
  toks.forEach((t, i) => {
    const prev = toks[i - 1];
    if (prev && (prev.t === 'id' || prev.t === 'num') && (t.t === 'id' || t.t === 'num')) out += ' ';
    out += t.v;
    if (t.t === 'op' && t.v === ',') out += ' ';
  });
  return out;
}

/** C++: what a data member says about the class being POD for the purpose of layout (GCC, gnu++17 and gnu++20). */
function notePod(rec: CRecord, access: string, f: { initialized?: boolean; reference?: boolean }): void {
  if (access !== 'public') rec.nonPod ??= 'a private or protected data member';
  if (f.initialized) rec.nonPod ??= 'a default member initializer';
  // `int& (*f)()` also has one: a reference member is non-POD, but that one is not.
  if (f.reference) rec.podUnknown ??= 'a member declared with &';
}

/**
 * Whether a member of the class body (not of a class nested in it) is declared `virtual` in code compiled for the
 * target: true; 'unknown' when one is under an #if that cannot be evaluated; false when none is.
 */
function virtualMember(body: SyntaxNode, active: (at: number) => Activity): Activity {
  let found: Activity = false;
  for (const c of memberNodes(body)) {
    const head = c.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
    const cut = head.search(/[{(]/);
    if (!/(^|[\s>\]])virtual\b/.test(cut < 0 ? head : head.slice(0, cut))) continue;
    const a = active(c.startIndex);
    if (a === true) return true;
    if (a === 'unknown') found = 'unknown';
  }
  return found;
}

const MEMBER_NODES = new Set(['declaration', 'function_definition', 'field_declaration', 'template_declaration']);

/** The member declarations of a class body, also those inside its #if blocks (not those of classes nested in it). */
function* memberNodes(body: SyntaxNode): Generator<SyntaxNode> {
  const stack = body.namedChildren.slice();
  while (stack.length) {
    const c = stack.pop();
    if (!c) continue;
    if (c.type.startsWith('preproc_')) { stack.push(...c.namedChildren); continue; }
    if (MEMBER_NODES.has(c.type)) yield c;
  }
}
/**
 * C++: the special members a class declares that decide whether it is POD for the purpose of layout, as GCC keeps
 * C++03's POD for the Itanium ABI (compiler runs: test/layout/c/cxxBases.test.ts): a user-provided or explicit
 * constructor, a user-provided destructor or copy assignment make it non-POD; a defaulted or deleted constructor
 * keeps it POD in C++17 but not in C++20 (not known here); a move or other assignment changes nothing.
 */
function specialMemberFacts(rec: CRecord, body: SyntaxNode, name: string | undefined, active: (at: number) => Activity): void {
  if (!name) return;
  const esc = name.replace(/\W/g, '\\$&');
  const constructor = new RegExp(`^${esc}\\s*\\((?!\\s*[*&^])`);
  const destructor = new RegExp(`^~\\s*${esc}\\s*\\(`);
  const afterMacro = new RegExp(`(?<![\\w:])~?\\s*${esc}\\s*\\((?!\\s*[*&^])`);
  const copyParameter = new RegExp(`^(?:(?:const|volatile)\\s+)*${esc}(?:\\s*<[^>]*>)?(?:\\s+(?:const|volatile))*\\s*&?\\s*\\w*\\s*$`);
  for (const c of memberNodes(body)) {
    const a = active(c.startIndex);
    if (a === false) continue;
    // A member function's head: what follows is its body (read whole, an inline body cost more than all the rest).
    const fnBody = c.type === 'function_definition' ? c.childForFieldName('body') : null;
    const head = fnBody ? c.text.slice(0, fnBody.startIndex - c.startIndex) : c.text;
    let text = head.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').trim();
    // Leading `template <...>`, attributes and specifiers.
    let explicit = false;
    for (let again = true; again;) {
      again = false;
      if (/^template\s*</.test(text)) {
        let d = 0, i = text.indexOf('<');
        for (; i < text.length; i++) { if (text[i] === '<') d++; else if (text[i] === '>' && --d === 0) break; }
        text = text.slice(i + 1).trim(); again = true;
      }
      const m = /^(?:\[\[[\s\S]*?\]\]|__attribute__\s*\(\([\s\S]*?\)\)|(?:inline|constexpr|consteval|virtual|static|friend|explicit(?:\s*\([^)]*\))?)\b)\s*/.exec(text);
      if (m && m[0]) { if (m[0].startsWith('explicit')) explicit = true; if (m[0].startsWith('friend')) text = ''; else text = text.slice(m[0].length); again = !!text; }
    }
    if (!text) continue;
    const defaulted = /=\s*(default|delete)\s*;?$/.test(text);
    const unknown = (why: string) => { rec.podUnknown ??= why; };
    const nonPod = (why: string) => { if (a === true) rec.nonPod ??= why; else unknown(`${why} under an #if that cannot be evaluated`); };
    if (constructor.test(text)) {
      if (explicit) nonPod('an explicit constructor');
      else if (defaulted) unknown('a defaulted or deleted constructor (POD in C++17, not in C++20)');
      else nonPod('a user-provided constructor');
    } else if (destructor.test(text)) {
      if (!defaulted) nonPod('a user-provided destructor');
    } else if (afterMacro.test(text.slice(0, (text.indexOf('{') + 1 || text.length + 1) - 1))) {
      // `EXPORT_MACRO A();`: a constructor or destructor after a word not known here.
      unknown(`a constructor or destructor of ${name} after a macro`);
    } else if (/^[A-Za-z_]\w*\s*\(/.test(text) && !/^operator\b/.test(text)) {
      // `DISALLOW_COPY_AND_ASSIGN(A);`: a macro may declare constructors.
      unknown(`the macro ${/^\w+/.exec(text)![0]} in the class body`);
    } else {
      const op = /\boperator\s*=\s*\(([^)]*)\)/.exec(text);
      // A copy assignment takes the class by value or by (const, volatile) lvalue reference.
      if (op && !defaulted && copyParameter.test(op[1].trim())) nonPod('a user-provided copy assignment');
    }
  }
}

function typeDisplay(s: Specifiers, derivations: Derivation[]): string {
  let base = s.named ?? (s.tag ? `${s.tag.kind} ${s.tag.name}` : s.spec ? `${(s.spec as SyntaxNode).type.replace('_specifier', '')} ${(s.spec as SyntaxNode).childForFieldName('name')?.text ?? '<anon>'}` : s.keywords.join(' '));
  if (s.atomicOf) base = `_Atomic(${s.atomicOf.specs.named ?? s.atomicOf.specs.tag?.name ?? s.atomicOf.specs.keywords.join(' ')}${s.atomicOf.derivations.some((d) => d.kind === 'pointer') ? ' *' : ''})`;
  if (s.atomic) base = `_Atomic ${base}`;
  let out = base;
  const firstPtr = derivations.findIndex((d) => d.kind === 'pointer');
  const ptrs = derivations.filter((d) => d.kind === 'pointer').length;
  if (ptrs) out += ' ' + '*'.repeat(ptrs);
  const arrays = (firstPtr >= 0 ? derivations.slice(0, firstPtr) : derivations).filter((d): d is { kind: 'array'; size: Tok[] | null } => d.kind === 'array');
  if (arrays.length) out += arrays.map((a) => `[${a.size ? a.size.map((t) => t.v).join('') : ''}]`).join('');
  return out;
}

type FnMacro = { params: string[]; variadic: boolean; text: string; body?: Tok[] };
/** A macro's replacement: an object-like macro's tokens, or a function-like macro. */
type FnOrObject = { obj?: Tok[]; fn?: FnMacro };

/** A #define's text (`NAME body`, `NAME(params) body`) as a macro; an object-like macro with no body is empty. */
function macroFromDirective(text: string): FnOrObject | undefined {
  const m = /^([A-Za-z_$][A-Za-z0-9_$]*)(\()?(.*)$/s.exec(text);
  if (!m) return undefined;
  if (!m[2]) return { obj: tokenizeC(m[3].trim()) };
  const fn = functionMacroOf(m[3]);
  return fn && { fn: { params: fn.params, variadic: fn.variadic, text: fn.body } };
}

/** A file's #define/#undef directives by macro name, and its #includes, in order (once per evaluation). */
function macroDirectives(cond: ConditionalResult): { byName: Map<string, PreprocessorDirective[]>; includes: PreprocessorDirective[] } {
  const byName = new Map<string, PreprocessorDirective[]>();
  const includes: PreprocessorDirective[] = [];
  for (const d of cond.directives) {
    if (d.kind === 'include') { includes.push(d); continue; }
    if (d.kind !== 'define' && d.kind !== 'undef') continue;
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(d.text)?.[0];
    if (!name) continue;
    let list = byName.get(name);
    if (!list) byName.set(name, list = []);
    list.push(d);
  }
  return { byName, includes };
}

/**
 * The unit's files in the order the preprocessor finishes them: each header after the headers it includes, and an
 * earlier #include (with all it includes) before a later one, so a header sees the macros of the headers read
 * before it, whichever file included them (nginx's ngx_shmtx.h tests NGX_HAVE_ATOMIC_OPS, which ngx_atomic.h,
 * included earlier by ngx_core.h, defines). A file included twice counts where it is first included. Files are in
 * the order they were found (breadth first), the main file first; the same for every target (memoized).
 */
function completionOrder(files: ParsedFile[]): ParsedFile[] {
  let order = completionOrders.get(files);
  if (order) return order;
  order = [];
  const seen = new Set<ParsedFile>([files[0]]);
  // Explicit stack: include chains are as deep as the files make them.
  const stack: { file: ParsedFile; next: number }[] = [{ file: files[0], next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const incs = top.file.includes ?? [];
    if (top.next < incs.length) {
      const child = incs[top.next++].file;
      if (!seen.has(child)) { seen.add(child); stack.push({ file: child, next: 0 }); }
      continue;
    }
    order.push(top.file);
    stack.pop();
  }
  // Every file was found through an #include of another (loadTranslationUnit), so the walk reaches them all.
  completionOrders.set(files, order);
  return order;
}
const completionOrders = new WeakMap<ParsedFile[], ParsedFile[]>();

/**
 * Whether each file of the translation unit is compiled for the target: the main file is; a header is when an
 * #include of it is active in a file that is (true beats 'unknown', which beats false). Files are in include order.
 */
function includeActivity(files: ParsedFile[], conds: Map<ParsedFile, ConditionalResult>): Map<ParsedFile, Activity> {
  const out = new Map<ParsedFile, Activity>([[files[0], true]]);
  const rank = (a: Activity | undefined) => (a === true ? 2 : a === 'unknown' ? 1 : 0);
  // A header may be included by a later file (files are in first-seen order): repeat until nothing changes.
  for (let changed = true, rounds = 0; changed && rounds < files.length; rounds++) {
    changed = false;
    for (const f of files) {
      const own = out.get(f);
      const cond = conds.get(f);
      if (!own || !cond || !f.includes) continue;
      const directiveActivity = derivedOf(cond, includeDirectives);
      for (const inc of f.includes) {
        const d = directiveActivity.get(inc.at) ?? cond.isActive(inc.at);
        const a: Activity = d === false ? false : d === true ? own : 'unknown';
        if (rank(a) > rank(out.get(inc.file))) { out.set(inc.file, a); changed = true; }
      }
    }
  }
  for (const f of files) if (!out.has(f)) out.set(f, false);
  return out;
}

/**
 * Per header: the object-like macros its first includer had defined, in active code, before the #include of it
 * (and so on up the chain of includers), among the names the header's own directives use. Files are in include
 * order; each name is looked up along the chain, so nothing is copied per include.
 */
function inheritedDefines(files: ParsedFile[], conds: Map<ParsedFile, ConditionalResult>, activity: Map<ParsedFile, Activity>): Map<ParsedFile, Map<string, string>> {
  const includer = new Map<ParsedFile, { by: ParsedFile; at: number }>();
  for (const f of files) {
    if (activity.get(f) === false || !conds.has(f)) continue;
    for (const inc of f.includes ?? []) if (inc.file !== files[0] && !includer.has(inc.file)) includer.set(inc.file, { by: f, at: inc.at });
  }
  // Per file: each macro's #define / #undef events in active code (once per evaluation: see conditionalCache.ts).
  const eventsOf = (g: ParsedFile) => {
    const cond = conds.get(g);
    return cond ? derivedOf(cond, defineEvents) : new Map<string, { at: number; value: string | undefined }[]>();
  };
  const out = new Map<ParsedFile, Map<string, string>>();
  for (const f of files) {
    if (!includer.has(f)) continue;
    const seen = new Map<string, string>();
    // Each word takes the last event for it before the include point in the nearest includer that has one (up
    // the chain, at most files.length links). Per link, whichever is smaller is walked: the words still open,
    // or the includer's events (a header's words against a config header's hundreds of #defines, or the reverse).
    // The words still open are the file's words less those decided (the shared set is not copied per file).
    const words = directiveWords(f);
    const decided = new Set<string>();
    const decide = (w: string, list: { at: number; value: string | undefined }[], at: number) => {
      let last: { at: number; value: string | undefined } | undefined;
      for (const ev of list) if (ev.at < at) last = ev;
      if (!last) return;
      decided.add(w);
      if (last.value !== undefined) seen.set(w, last.value);
    };
    for (let link = includer.get(f), steps = 0; link && steps <= files.length && words.size > decided.size; link = includer.get(link.by), steps++) {
      const events = eventsOf(link.by);
      if (events.size < words.size - decided.size) {
        for (const [w, list] of events) if (words.has(w) && !decided.has(w)) decide(w, list, link.at);
      } else {
        for (const w of words) { if (decided.has(w)) continue; const list = events.get(w); if (list) decide(w, list, link.at); }
      }
    }
    if (seen.size) out.set(f, seen);
  }
  return out;
}

/** Each macro's #define / #undef events in active code of the file, in order (value undefined for #undef). */
function defineEvents(cond: ConditionalResult): Map<string, { at: number; value: string | undefined }[]> {
  const e = new Map<string, { at: number; value: string | undefined }[]>();
  for (const [name, list] of derivedOf(cond, macroDirectives).byName) {
    const events = list.filter((d) => d.active === true).map((d) => {
      // An object-like macro's value; a function-like one (`NAME(` with no space) and #undef give none.
      const rest = d.text.slice(name.length);
      return { at: d.start, value: d.kind === 'undef' || rest.startsWith('(') ? undefined : rest.trim() };
    });
    if (events.length) e.set(name, events);
  }
  return e;
}

/** The activity of each #include of the file, by the offset of its '#'. */
function includeDirectives(cond: ConditionalResult): Map<number, Activity> {
  return new Map(cond.directives.filter((d) => d.kind === 'include').map((d) => [d.start, d.active]));
}

function sameInherited(a: Map<ParsedFile, Map<string, string>>, b: Map<ParsedFile, Map<string, string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [f, m] of a) {
    const n = b.get(f);
    if (!n || n.size !== m.size) return false;
    for (const [k, v] of m) if (n.get(k) !== v) return false;
  }
  return true;
}

/** Identifiers of a file's preprocessor directives (once per parsed file: headers are shared between units). */
function directiveWords(f: ParsedFile): Set<string> { return oncePerParse(f, readDirectiveWords); }
function readDirectiveWords(f: ParsedFile): Set<string> {
  const words = new Set<string>();
  for (const line of f.text.matchAll(/^[ \t]*#.*(?:\\\r?\n.*)*/gm)) for (const w of line[0].matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) words.add(w[0]);
  return words;
}


/**
 * A closed translation unit's test for "undefined", per file: neither the compiler nor a system header may define
 * the name, and no other file of the unit that is compiled for the target (`live`) #defines or #undefs it in any
 * branch (the file's own directives are followed in order by the evaluation itself). Undefined when files were left unread (the cap).
 */
type ClosedWorld = (file: ParsedFile, live: Set<ParsedFile>) => (name: string) => boolean;

/** Which files #define or #undef each name, in any branch (read from the text: activity does not matter here). */
/** Per parse (the preprocessor's own cache of a text's lines is small: /usr/include's headers evict each other). */
function guardedIncludesOfFile(f: ParsedFile): GuardedInclude[] {
  // A file with no `#ifndef X` or no #include has none: not worth its logical lines. (Blank and comment lines may
  // sit between the two, as in png.h's `#ifndef PNGLCONF_H` /* comment */ `#include "pnglibconf.h"`.)
  if (!/^[ \t]*#[ \t]*if(?:ndef|[ \t]*![ \t]*defined)\b/m.test(f.text) || !/^[ \t]*#[ \t]*include\b/m.test(f.text)) return [];
  // Only a G that the file names nowhere else: it sees G undefined at that #ifndef and nowhere else.
  return guardedIncludesOf(f.text).filter(({ name }) => f.text.match(new RegExp(`\\b${name}\\b`, 'g'))?.length === 1);
}
function includeGuardOfFile(f: ParsedFile): string | undefined { return includeGuardOf(f.text); }

/** The tags of a file's records and enums (parallel to `records` and `enums`), read from the tree once per parse. */
function tagNames(f: ParsedFile): { records: (string | undefined)[]; enums: (string | undefined)[] } {
  return { records: f.records.map((r) => r.childForFieldName('name')?.text), enums: f.enums.map((e) => e.childForFieldName('name')?.text) };
}

/** Per file list: the same for every target of a unit (its scopes only read it), so merged once. */
const definedByOfFiles = new WeakMap<ParsedFile[], Map<string, Set<ParsedFile>>>();
function definitionsByName(files: ParsedFile[]): Map<string, Set<ParsedFile>> {
  let out = definedByOfFiles.get(files);
  if (!out) definedByOfFiles.set(files, out = mergeDefinitions(files));
  return out;
}
function mergeDefinitions(files: ParsedFile[]): Map<string, Set<ParsedFile>> {
  const out = new Map<string, Set<ParsedFile>>();
  for (const f of files) {
    for (const name of oncePerParse(f, definedNames)) {
      let s = out.get(name);
      if (!s) out.set(name, s = new Set());
      s.add(f);
    }
  }
  return out;
}

/** The names a file #define's or #undef's, in order (once per parse: headers are shared between units). */
function definedNames(f: ParsedFile): string[] {
  return [...f.text.matchAll(/^[ \t]*#[ \t]*(?:define|undef)[ \t]+([A-Za-z_$][A-Za-z0-9_$]*)/gm)].map((m) => m[1]);
}

/**
 * A closed translation unit's test for "undefined", per file: neither the compiler nor a system header may define
 * the name, and no other file of the unit that is compiled for the target (`live`) #defines or #undefs it in any
 * branch (the file's own directives are followed in order by the evaluation itself).
 */
function closedWorld(definedBy: Map<string, Set<ParsedFile>>, target: TargetId): ClosedWorld {
  return (file, live) => (name) => !maySystemDefine(name, target) && onlyIn(definedBy.get(name), file, live);
}

/** Whether no file of `live` but `file` is among `files` (a name's definers): asked per #if name, so no array is made. */
function onlyIn(files: ReadonlySet<ParsedFile> | undefined, file: ParsedFile, live: Set<ParsedFile>): boolean {
  if (files) for (const g of files) if (g !== file && live.has(g)) return false;
  return true;
}

/** Per macro, the compiled files whose #defines of it may be compiled (settle): only macros with fewer than all. */
type MaybeDefiners = Map<string, ReadonlySet<ParsedFile>>;

/** The closed world, plus the macros that no compiled branch of another file of the unit #defines (settle). */
function withMaybeDefiners(closed: ClosedWorld, never: MaybeDefiners, target: TargetId): ClosedWorld {
  if (!never.size || closed === noFurtherMark.get(closed)) return closed;
  return (file, live) => {
    const base = closed(file, live);
    return (name) => {
      if (base(name)) return true;
      const definers = never.get(name);
      return !!definers && onlyIn(definers, file, live) && !maySystemDefine(name, target);
    };
  };
}

function sameDefiners(a: MaybeDefiners, b: MaybeDefiners): boolean {
  if (a.size !== b.size) return false;
  for (const [name, s] of a) {
    const t = b.get(name);
    if (!t || t.size !== s.size) return false;
    for (const f of s) if (!t.has(f)) return false;
  }
  return true;
}

/** Whether `now` takes back nothing `before` assumed: each macro of `before` is in `now`, with no new definer. */
function narrowerDefiners(before: MaybeDefiners, now: MaybeDefiners): boolean {
  for (const [name, s] of before) {
    const t = now.get(name);
    if (!t) return false;
    for (const f of t) if (!s.has(f)) return false;
  }
  return true;
}

/** A closed world that settle does not extend with never-defined macros (after a round undid one). */
const noFurtherMark = new WeakMap<ClosedWorld, ClosedWorld>();
function noFurther(closed: ClosedWorld): ClosedWorld {
  const c: ClosedWorld = (file, live) => closed(file, live);
  noFurtherMark.set(c, c);
  return c;
}
