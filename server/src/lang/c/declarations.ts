// A small parser for C member declarations and type names, working on tokens. tree-sitter-c finds the records;
// this reads each member declaration itself because the grammar mis-parses `_Complex`, `_Atomic(T)` and some
// attribute positions. Nested record/enum bodies arrive as one opaque token (`spec`) that the caller resolves.
import { deeper, LimitError } from '../../layout/c/limits';

export type Tok =
  | { t: 'id'; v: string; start: number; end: number }
  | { t: 'num'; v: string; start: number; end: number }
  | { t: 'op'; v: string; start: number; end: number }
  | { t: 'str'; v: string; start: number; end: number }
  | { t: 'spec'; v: string; start: number; end: number; ref: unknown };

const PUNCT = ['<<=', '>>=', '...', '##', '&&', '||', '<<', '>>', '<=', '>=', '==', '!=', '->', '++', '--', '::',
  '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '?', ':', '(', ')', ',', '#', '[', ']', '{', '}', '=', ';', '.'];

/** Tokenizes C text (comments and preprocessor lines are expected to be blanked by the caller). */
export function tokenizeC(text: string, base = 0, skip: { start: number; end: number; ref: unknown }[] = []): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let k = 0;
  const n = text.length;
  while (i < n) {
    if (k < skip.length && base + i >= skip[k].start) {
      const s = skip[k++];
      toks.push({ t: 'spec', v: '<spec>', start: s.start, end: s.end, ref: s.ref });
      i = s.end - base;
      continue;
    }
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (/\s/.test(c)) { i++; continue; }
    const start = base + i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^[0-9a-zA-Z_.']*([eEpP][+-][0-9a-zA-Z_.]*)?/.exec(text.slice(i, i + 64))!;
      toks.push({ t: 'num', v: m[0], start, end: start + m[0].length }); i += m[0].length; continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(text.slice(i, i + 256))!;
      toks.push({ t: 'id', v: m[0], start, end: start + m[0].length }); i += m[0].length; continue;
    }
    if (c === '\'' || c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') { if (text[j] === '\\') j++; j++; }
      toks.push({ t: 'str', v: text.slice(i, j + 1), start, end: base + j + 1 }); i = j + 1; continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i)) ?? c;
    toks.push({ t: 'op', v: p, start, end: start + p.length }); i += p.length;
  }
  return toks;
}

// ---------------------------------------------------------------------------------------------------------------

export interface Attributes {
  packed?: boolean;
  /** Expressions of aligned(N) / _Alignas(N) / __declspec(align(N)); `null` means `aligned` without argument. */
  aligned: (Tok[] | null)[];
  /** `_Alignas(type-name)`. */
  alignasType: TypeName[];
  /** Attribute tokens we do not model but which change the layout (mode, vector_size, ...). */
  unsupported: string[];
  /** C++ `[[no_unique_address]]` (honoured by the Itanium ABI) or `[[msvc::no_unique_address]]` (by MSVC's). */
  noUniqueAddress?: 'itanium' | 'msvc';
}

/** Declaration specifiers: a base type description and qualifiers/attributes. */
export interface Specifiers {
  /** Scalar keywords in order (e.g. ['unsigned', 'long', 'long']); empty when `named` or `tag` is set. */
  keywords: string[];
  /** A typedef name; in C++ also a class or enum name, qualified as written (`detail::Cursor`). */
  named?: string;
  /** C++ template arguments after the name (`Ring<short, 3>`): one token list per argument. */
  templateArgs?: Tok[][];
  /** `struct X` / `union X` / `enum X` without a body. */
  tag?: { kind: 'struct' | 'union' | 'enum' | 'class'; name: string };
  /** A nested specifier with a body (opaque, resolved by the caller). */
  spec?: unknown;
  /** A struct/union body written in tokens (from a macro expansion). */
  inlineBody?: { kind: 'struct' | 'union'; name?: string; toks: Tok[]; attrs: Attributes; start: number };
  /** `_Atomic(type-name)`. */
  atomicOf?: TypeName;
  atomic?: boolean;
  attrs: Attributes;
  /** Something we could not read (e.g. `__typeof__`). */
  unsupported?: string;
}

export type Derivation =
  | { kind: 'pointer' }
  | { kind: 'array'; size: Tok[] | null }
  | { kind: 'function' };

export interface Declarator {
  name: string | null;
  nameStart: number;
  nameEnd: number;
  /** Outermost first: for `*a[3]` this is [array 3, pointer]. */
  derivations: Derivation[];
  bitWidth?: Tok[];
  attrs: Attributes;
  /** C++: `= init` or `{init}` after the declarator (a default member initializer). */
  initializer?: boolean;
  /** C++: a `&` or `&&` among the declarator's pointer operators (a reference, or a pointer to a function returning one). */
  reference?: boolean;
}

export interface TypeName { specs: Specifiers; derivations: Derivation[] }

const QUALIFIERS = new Set(['typedef', 'const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const', '__volatile__',
  '__volatile', 'register', 'static', 'extern', 'mutable', 'inline', '__inline', '__inline__', '__extension__',
  'thread_local', '_Thread_local', '__thread', 'constexpr', 'virtual', 'explicit', '_Nonnull', '_Nullable', '__unaligned', '__ptr32', '__ptr64', 'typename']);
const SCALAR_KEYWORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned',
  '__signed', '__signed__', '__unsigned', '_Bool', 'bool', '_Complex', '__complex__', '_Imaginary', '__int128',
  '__int128_t', '__uint128_t', '_Float16', '__fp16', '_Float32', '_Float64', '_Float128', '__float128', 'wchar_t', 'char8_t',
  'char16_t', 'char32_t',
  // MSVC's sized integer keywords (clang's MSVC target has them; `unsigned __int64` is sqlite's sqlite_uint64).
  '__int8', '__int16', '__int32', '__int64']);

/** Skips to after the next comma at depth 0 of an attribute list (arguments were read as groups). */
function skipToComma(p: DeclParser): void {
  while (!p.atEnd() && !p.isOp(',')) p.pos++;
  if (p.isOp(',')) p.pos++;
}

export class DeclParser {
  pos = 0;
  constructor(
    readonly toks: Tok[],
    private readonly isTypedefName: (name: string) => boolean,
    /** Replacement tokens of an object-like macro that expands to attributes (`#define PACKED __attribute__((packed))`). */
    private readonly attrMacro?: (name: string) => Tok[] | undefined,
  ) {}

  peek(o = 0): Tok | undefined { return this.toks[this.pos + o]; }
  isOp(v: string, o = 0): boolean { const t = this.peek(o); return !!t && t.t === 'op' && t.v === v; }
  isId(v: string, o = 0): boolean { const t = this.peek(o); return !!t && t.t === 'id' && t.v === v; }
  atEnd(): boolean { return this.pos >= this.toks.length; }

  /** Tokens of a balanced parenthesised group starting at '(' (exclusive of the outer parentheses). */
  group(): Tok[] {
    if (!this.isOp('(')) throw new Error('expected (');
    const start = ++this.pos;
    let depth = 1;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && (t.v === '(' || t.v === '[')) depth++;
      else if (t.t === 'op' && (t.v === ')' || t.v === ']')) { depth--; if (depth === 0) return this.toks.slice(start, this.pos - 1); }
    }
    throw new Error('unbalanced (');
  }

  /** Tokens inside a balanced { ... } starting at '{' (exclusive). */
  body(): Tok[] {
    const start = ++this.pos;
    let depth = 1;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && t.v === '{') depth++;
      else if (t.t === 'op' && t.v === '}') { depth--; if (depth === 0) return this.toks.slice(start, this.pos - 1); }
    }
    throw new Error('unbalanced {');
  }

  private bracket(): Tok[] {
    const start = ++this.pos;
    let depth = 1;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && (t.v === '[' || t.v === '(')) depth++;
      else if (t.t === 'op' && (t.v === ']' || t.v === ')')) { depth--; if (depth === 0) return this.toks.slice(start, this.pos - 1); }
    }
    throw new Error('unbalanced [');
  }

  /** Reads GNU/MS/C11 attributes at the current position into attrs; returns true if any was read. */
  attributes(attrs: Attributes): boolean {
    let any = false;
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'id') {
        // C23 [[...]] attributes
        if (this.isOp('[') && this.isOp('[', 1)) {
          this.pos++; const inner = this.bracket(); this.pos++; any = true;
          this.readAttrList(inner, attrs);
          continue;
        }
        return any;
      }
      if (t.v === '__attribute__' || t.v === '__attribute') {
        this.pos++;
        const outer = this.group();
        const inner = outer.length && outer[0].t === 'op' && outer[0].v === '(' ? outer.slice(1, -1) : outer;
        this.readAttrList(inner, attrs);
        any = true;
      } else if (t.v === '__declspec') {
        this.pos++;
        this.readAttrList(this.group(), attrs);
        any = true;
      } else if (t.v === '_Alignas' || t.v === 'alignas') {
        this.pos++;
        const g = this.group();
        const sub = new DeclParser(g, this.isTypedefName, this.attrMacro);
        const looksType = g.length > 0 && (g[0].t === 'spec' || (g[0].t === 'id' && (SCALAR_KEYWORDS.has(g[0].v) || QUALIFIERS.has(g[0].v)
          || ['struct', 'union', 'enum', '_Atomic'].includes(g[0].v) || this.isTypedefName(g[0].v))));
        if (looksType) {
          let tn: TypeName | undefined;
          try { tn = deeper('type', () => sub.typeName()); } catch (e) { if (e instanceof LimitError) throw e; }
          if (tn) attrs.alignasType.push(tn); else attrs.unsupported.push('_Alignas');
        } else attrs.aligned.push(g);
        any = true;
      } else {
        const exp = this.attrMacro?.(t.v);
        if (!exp) return any;
        this.pos++;
        new DeclParser(exp, this.isTypedefName, this.attrMacro).attributes(attrs);
        any = true;
      }
    }
  }

  private readAttrList(toks: Tok[], attrs: Attributes): void {
    const p = new DeclParser(toks, this.isTypedefName);
    while (!p.atEnd()) {
      const t = p.toks[p.pos++];
      if (t.t !== 'id') continue;
      // A C++ attribute namespace: `gnu::packed`, `msvc::no_unique_address`.
      let scope = '';
      if (p.isOp('::') && p.peek(1)?.t === 'id') { scope = t.v.replace(/^__(.*)__$/, '$1'); p.pos++; }
      const name = (scope ? p.toks[p.pos++].v : t.v).replace(/^__(.*)__$/, '$1');
      if (scope && scope !== 'gnu' && scope !== 'msvc' && scope !== 'clang') { skipToComma(p); continue; }
      if (name === 'no_unique_address') { attrs.noUniqueAddress = scope === 'msvc' ? 'msvc' : 'itanium'; skipToComma(p); continue; }
      let args: Tok[] | null = null;
      if (p.isOp('(')) args = p.group();
      if (name === 'packed') attrs.packed = true;
      else if (name === 'aligned' || name === 'align') attrs.aligned.push(args && args.length ? args : null);
      else if (['mode', 'vector_size', 'ext_vector_type', 'ms_struct', 'gcc_struct', 'scalar_storage_order', 'designated_init_hidden', 'empty_bases', 'layout_version'].includes(name)) {
        attrs.unsupported.push(name);
      }
      skipToComma(p);
    }
  }

  specifiers(): Specifiers {
    const s: Specifiers = { keywords: [], attrs: { aligned: [], alignasType: [], unsupported: [] } };
    for (;;) {
      if (this.attributes(s.attrs)) continue;
      const t = this.peek();
      if (!t) break;
      if (t.t === 'spec') { s.spec = t.ref; this.pos++; continue; }
      // C++ `::store::Kind`: a name from the global namespace.
      if (t.t === 'op' && t.v === '::' && this.peek(1)?.t === 'id' && !s.keywords.length && !s.named && !s.tag && !s.spec) { this.pos++; continue; }
      if (t.t !== 'id') break;
      if (QUALIFIERS.has(t.v)) { this.pos++; continue; }
      if (t.v === '_Atomic') {
        this.pos++;
        if (this.isOp('(')) {
          const g = this.group();
          const sub = new DeclParser(g, this.isTypedefName, this.attrMacro);
          s.atomicOf = deeper('type', () => sub.typeName());
        } else s.atomic = true;
        continue;
      }
      if (SCALAR_KEYWORDS.has(t.v)) { s.keywords.push(t.v); this.pos++; continue; }
      if (t.v === 'struct' || t.v === 'union' || t.v === 'enum' || t.v === 'class') {
        this.pos++;
        this.attributes(s.attrs);
        const nameTok = this.peek();
        if (nameTok && nameTok.t === 'spec') { s.spec = nameTok.ref; this.pos++; continue; }
        let tagName: string | undefined;
        if (nameTok && nameTok.t === 'id') { tagName = nameTok.v; this.pos++; this.attributes(s.attrs); }
        if (this.isOp('{')) {
          // A body that came out of a macro expansion (tree-sitter never saw it).
          if (t.v === 'enum') { s.unsupported = 'an enum defined inside a macro'; this.body(); continue; }
          const start = this.peek()!.start;
          const toks = this.body();
          // Attributes right after the closing brace belong to the record type itself.
          const typeAttrs: Attributes = { aligned: [], alignasType: [], unsupported: [] };
          this.attributes(typeAttrs);
          s.inlineBody = { kind: t.v === 'union' ? 'union' : 'struct', name: tagName, toks, attrs: typeAttrs, start };
          continue;
        }
        if (tagName) { s.tag = { kind: t.v, name: tagName }; continue; }
        s.unsupported = `${t.v} without a name`;
        break;
      }
      if (t.v === '__typeof__' || t.v === 'typeof' || t.v === '__typeof' || t.v === 'decltype' || t.v === '__auto_type') {
        s.unsupported = t.v; this.pos++; if (this.isOp('(')) this.group(); continue;
      }
      // A typedef name is a type only where no other type specifier was seen.
      const first = !s.keywords.length && !s.named && !s.tag && !s.spec && !s.inlineBody && !s.atomicOf;
      // C++: a qualified name (`detail::Cursor`, `::store::Kind`), then template arguments (`Ring<short, 3>`).
      if (first && (this.isOp('::', 1) || this.isTypedefNameAt())) {
        const name = this.qualifiedName();
        if (!name) { s.unsupported = `${t.v}::...`; break; }
        s.named = name;
        if (this.isOp('<')) {
          const args = this.templateArguments();
          if (!args) { s.unsupported = `${name}<...`; break; }
          s.templateArgs = args;
        }
        if (this.isOp('::')) { s.unsupported = `${name}::...`; break; }
        continue;
      }
      break;
    }
    // `MACRO struct foo f;` / `MACRO int x;`: an identifier we took for a type next to a real type is a macro we
    // know nothing about (it may change alignment or packing).
    if (s.named && (s.tag || s.spec || s.inlineBody || s.keywords.length || s.atomicOf)) s.unsupported ??= `${s.named}, a macro not defined in the files read,`;
    return s;
  }

  /** `a::b::C` at the current identifier, without a leading `::` (read before this is called). */
  private qualifiedName(): string | undefined {
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'id') return undefined;
      parts.push(t.v);
      this.pos++;
      if (!this.isOp('::') || this.peek(1)?.t !== 'id') return parts.join('::');
      this.pos++;
    }
  }

  /** C++ template arguments from '<' to the matching '>' (`>>` closes two), split at top-level commas. */
  private templateArguments(): Tok[][] | undefined {
    const args: Tok[][] = [];
    let cur: Tok[] = [];
    let angle = 0;
    let paren = 0;
    this.pos++;
    while (!this.atEnd()) {
      const t = this.toks[this.pos++];
      if (t.t === 'op' && (t.v === '(' || t.v === '[')) paren++;
      else if (t.t === 'op' && (t.v === ')' || t.v === ']')) paren--;
      else if (paren === 0 && t.t === 'op' && t.v === '<') angle++;
      else if (paren === 0 && t.t === 'op' && (t.v === '>' || t.v === '>>')) {
        const closes = t.v === '>>' ? 2 : 1;
        if (angle - closes < -1) return undefined; // `>>` closing this list and one outside it: not modelled
        if (angle - closes === -1) { args.push(cur); return args; }
        angle -= closes;
      } else if (paren === 0 && angle === 0 && t.t === 'op' && t.v === ',') { args.push(cur); cur = []; continue; }
      else if (t.t === 'op' && (t.v === ';' || t.v === '{')) return undefined;
      cur.push(t);
    }
    return undefined;
  }

  /**
   * Whether the identifier at the current position names a type: it does when the resolver knows it, or when it
   * is followed by something that can only follow a type (a declarator), as in `foo_t x;` for an unknown foo_t.
   */
  private isTypedefNameAt(): boolean {
    const t = this.peek()!;
    if (this.isTypedefName(t.v)) return true;
    const next = this.peek(1);
    if (!next) return false;
    if (next.t === 'id') return true;
    return next.t === 'op' && (next.v === '*' || next.v === '(' || next.v === '&');
  }

  /** A declarator (abstract when `abstract`), with trailing bit-width and attributes. */
  declarator(abstract = false): Declarator {
    const d: Declarator = { name: null, nameStart: -1, nameEnd: -1, derivations: [], attrs: { aligned: [], alignasType: [], unsupported: [] } };
    this.attributes(d.attrs);
    const inner = this.declaratorCore(d, abstract);
    d.derivations = inner;
    if (this.isOp(':')) {
      this.pos++;
      const start = this.pos;
      let depth = 0;
      while (!this.atEnd()) {
        const t = this.peek()!;
        if (t.t === 'op' && (t.v === '(' || t.v === '[')) depth++;
        if (t.t === 'op' && (t.v === ')' || t.v === ']')) depth--;
        if (depth === 0 && t.t === 'op' && (t.v === ',' || t.v === ';')) break;
        if (depth === 0 && t.t === 'id' && (t.v === '__attribute__' || t.v === '__attribute')) break;
        this.pos++;
      }
      d.bitWidth = this.toks.slice(start, this.pos);
    }
    this.attributes(d.attrs);
    // `= init` (C++ default member initialisers) is skipped.
    if (this.isOp('=')) { d.initializer = true; while (!this.atEnd() && !this.isOp(',') && !this.isOp(';')) this.pos++; }
    else if (this.isOp('{') && d.name && !d.derivations.some((x) => x.kind === 'function')) { d.initializer = true; this.body(); }
    return d;
  }

  /**
   * Returns derivations outermost first. `(*(*x)[2])[3]` nests a declarator in parentheses as deep as the text
   * says: the levels are read in a loop, their pointers going in and their suffixes coming out.
   */
  private declaratorCore(d: Declarator, abstract: boolean): Derivation[] {
    const pointers: number[] = [];
    for (;;) {
      let n = 0;
      while (this.isOp('*') || this.isOp('&') || this.isOp('&&') || (this.peek()?.t === 'id' && QUALIFIERS.has(this.peek()!.v))) {
        if (this.isOp('*') || this.isOp('&') || this.isOp('&&')) n++;
        if (this.isOp('&') || this.isOp('&&')) d.reference = true;
        this.pos++;
        this.attributes(d.attrs);
      }
      pointers.push(n);
      const t = this.peek();
      if (t && t.t === 'id' && !abstract) {
        d.name = t.v; d.nameStart = t.start; d.nameEnd = t.end; this.pos++;
        // C++ `operator()`, `operator==`, `operator bool`: the name runs to the parameter list.
        if (t.v === 'operator') {
          if (this.isOp('(') && this.isOp(')', 1)) this.pos += 2;
          while (!this.atEnd() && !this.isOp('(') && !this.isOp(';')) this.pos++;
        }
        break;
      }
      if (!this.isOp('(') || !this.looksLikeNestedDeclarator()) break;
      this.pos++;
    }
    // For `*a[2][3]`: a is array 2 of array 3 of pointer. Outermost first: inner..., suffixes..., pointers.
    const out: Derivation[] = [];
    for (let level = pointers.length - 1; level >= 0; level--) {
      if (level < pointers.length - 1) {
        if (!this.isOp(')')) throw new Error('expected )');
        this.pos++;
      }
      this.attributes(d.attrs);
      for (;;) {
        if (this.isOp('[')) {
          const sz = this.bracket();
          out.push({ kind: 'array', size: sz.length ? sz : null });
        } else if (this.isOp('(')) {
          this.group();
          out.push({ kind: 'function' });
          this.functionQualifiers();
        } else break;
        this.attributes(d.attrs);
      }
      for (let k = 0; k < pointers[level]; k++) out.push({ kind: 'pointer' });
    }
    return out;
  }

  /**
   * What may follow a C++ member function's parameters: cv- and ref-qualifiers, `noexcept(...)`, `throw(...)`,
   * `override`, `final`, a trailing return type. (`= 0`, `= default` are skipped with initialisers.)
   */
  private functionQualifiers(): void {
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (t.t === 'id' && ['const', 'volatile', 'override', 'final', '__restrict', '__restrict__'].includes(t.v)) { this.pos++; continue; }
      if (t.t === 'id' && (t.v === 'noexcept' || t.v === 'throw')) { this.pos++; if (this.isOp('(')) this.group(); continue; }
      if (this.isOp('&') || this.isOp('&&')) { this.pos++; continue; }
      if (this.isOp('->')) {
        while (!this.atEnd() && !this.isOp(';') && !this.isOp(',') && !this.isOp('=') && !this.isOp('{')) this.pos++;
        continue;
      }
      return;
    }
  }

  private looksLikeNestedDeclarator(): boolean {
    const n = this.peek(1);
    if (!n) return false;
    if (n.t === 'op') return n.v === '*' || n.v === '(' || n.v === '[' || n.v === '&' || n.v === '^';
    return n.t === 'id' && !SCALAR_KEYWORDS.has(n.v) && !this.isTypedefName(n.v) && n.v !== 'void';
  }

  typeName(): TypeName {
    const specs = this.specifiers();
    const d = this.declarator(true);
    return { specs, derivations: d.derivations };
  }
}
