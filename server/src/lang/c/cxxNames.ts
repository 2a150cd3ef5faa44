// The C++ names of a translation unit: which class, enum, typedef, alias and class template each qualified name
// (`store::detail::Cursor`) denotes, and how a name written at some scope is found (C++ unqualified lookup from the
// innermost enclosing namespace or class outwards; qualified names from the global namespace). Using-directives
// and argument-dependent lookup are not modelled: a file with `using namespace` makes a name found only through
// one of them unknown, never a guess.
import type { SyntaxNode } from '../../parsing/treeSitter';
import { oncePerParse, type ParsedFile } from './translationUnit';

export interface TemplateParam { name: string; kind: 'type' | 'value' }

export interface CxxDecl {
  /** `store::detail::Cursor`; in an anonymous namespace the enclosing name (it is reached the same way). */
  qualified: string;
  kind: 'record' | 'enum' | 'typedef' | 'alias' | 'template';
  /** The record/enum specifier, the type_definition, the alias_declaration, or the template_declaration. */
  node: SyntaxNode;
  file: ParsedFile;
  /** Class templates: their parameters, or why an instantiation cannot be laid out (defaults, packs). */
  params?: TemplateParam[];
  unsupported?: string;
}

/**
 * A name of a value declared at namespace or class scope: an enumerator, a variable or data member that may be an
 * integral constant (`static const int kN = 7;`, `constexpr`, `static const` members), or any other variable or
 * data member (it hides outer names of the same spelling; never a constant).
 */
export interface CxxValue {
  qualified: string;
  kind: 'enumerator' | 'constant' | 'other';
  /** The enum_specifier of an enumerator; the declaration or field_declaration of a variable. */
  node: SyntaxNode;
  /** The enumerator; the init_declarator or field_declaration that gives the value. */
  declarator: SyntaxNode;
  /** The scope the initializer's names are looked up from. */
  scope: string;
  file: ParsedFile;
}

/** Lists by name, looked up one name at a time. */
export interface NameIndex<V> {
  get(name: string): V[] | undefined;
  has(name: string): boolean;
}

export interface CxxNames {
  /** Declarations by their last name component. */
  bySimpleName: NameIndex<CxxDecl>;
  /** Values (enumerators, variables, data members) by their last name component. */
  valuesBySimpleName: NameIndex<CxxValue>;
  /** The scopes (`ns::Derived::`) of classes with base classes: their bases' members are not known here. */
  scopesWithBases: { has(scope: string): boolean };
  /** Whether some file has a using-declaration (`using ns::x;`), which brings a name into another scope. */
  usingDeclarations: boolean;
  /** The scopes of inline namespaces (`a::v1::`): their members are also members of the enclosing namespace. */
  inlineNamespaces: ReadonlySet<string>;
  /** Qualified names of class templates that have an explicit or partial specialization. */
  specialized: { has(qualified: string): boolean };
  /** Whether some file says `using namespace`: a name not found by plain lookup may still exist. */
  usingDirectives: boolean;
  /** The scope (`store::detail::`, or '' for the global one) of each record, enum, typedef and alias by node id. */
  scopeOf: { get(id: number): string | undefined };
}

const RECORDS = new Set(['struct_specifier', 'class_specifier', 'union_specifier']);

/** Reads every file's C++ declarations (C files contribute nothing: C has no namespaces or templates). */
export function cxxNames(files: ParsedFile[]): CxxNames {
  // The same for every target: a unit laid out for two targets shares one.
  let out = unitNames.get(files);
  if (!out) unitNames.set(files, out = new UnitNames(files));
  return out;
}
const unitNames = new WeakMap<ParsedFile[], CxxNames>();

/**
 * A unit's names, looked up in its files' own indexes (made once per parse and shared by every unit that includes
 * the file) when asked, one name at a time: a unit asks for a few names, and merging every file's declarations into
 * one map per unit, with the unit's ParsedFile in each, was most of the cost of C++ units (LLVM's headers).
 */
class UnitNames implements CxxNames {
  private readonly indexes: { file: ParsedFile; index: FileIndex }[];
  readonly usingDeclarations: boolean;
  readonly usingDirectives: boolean;
  readonly inlineNamespaces: ReadonlySet<string>;
  readonly bySimpleName: NameIndex<CxxDecl>;
  readonly valuesBySimpleName: NameIndex<CxxValue>;
  readonly scopesWithBases = { has: (scope: string) => this.indexes.some(({ index }) => index.scopesWithBases.has(scope)) };
  readonly specialized = { has: (qualified: string) => this.indexes.some(({ index }) => index.specialized.has(qualified)) };
  readonly scopeOf = {
    get: (id: number): string | undefined => {
      for (const { index } of this.indexes) { const s = index.scopeOf.get(id); if (s !== undefined) return s; }
      return undefined;
    },
  };

  constructor(files: ParsedFile[]) {
    this.indexes = files.filter((f) => f.lang === 'cpp').map((file) => ({ file, index: oncePerParse(file, indexOfFile) }));
    this.usingDeclarations = this.indexes.some(({ index }) => index.usingDeclarations);
    this.usingDirectives = this.indexes.some(({ index }) => index.usingDirectives);
    this.inlineNamespaces = new Set(this.indexes.flatMap(({ index }) => index.inlineNamespaces));
    this.bySimpleName = this.lookup((index) => index.decls);
    this.valuesBySimpleName = this.lookup((index) => index.values);
  }

  /** Each name's list over the files in order, with this unit's ParsedFile in each entry (made once per name). */
  private lookup<V extends { file: ParsedFile }>(of: (index: FileIndex) => Map<string, Omit<V, 'file'>[]>): NameIndex<V> {
    const made = new Map<string, V[] | undefined>();
    const get = (name: string): V[] | undefined => {
      if (made.has(name)) return made.get(name);
      let list: V[] | undefined;
      for (const { file, index } of this.indexes) {
        const own = of(index).get(name);
        if (own) (list ??= []).push(...own.map((d) => ({ ...d, file }) as V));
      }
      made.set(name, list);
      return list;
    };
    return { get, has: (name) => get(name) !== undefined };
  }
}

/** One file's names by their last component, and its other facts as sets (once per parse). */
interface FileIndex {
  decls: Map<string, Omit<CxxDecl, 'file'>[]>;
  values: Map<string, Omit<CxxValue, 'file'>[]>;
  specialized: Set<string>;
  scopesWithBases: Set<string>;
  inlineNamespaces: string[];
  usingDirectives: boolean;
  usingDeclarations: boolean;
  scopeOf: Map<number, string>;
}

/** A file's C++ names in document order, without the file in them (a parse is shared by the units that include it). */
function indexOfFile(file: ParsedFile): FileIndex {
  const out: FileIndex = { decls: new Map(), values: new Map(), specialized: new Set(), scopesWithBases: new Set(), inlineNamespaces: [], usingDirectives: false, usingDeclarations: false, scopeOf: new Map() };
  const append = <V>(m: Map<string, V[]>, simple: string, v: V) => { const list = m.get(simple); if (list) list.push(v); else m.set(simple, [v]); };
  const add = (simple: string, d: Omit<CxxDecl, 'file'>) => append(out.decls, simple, d);
  // Explicit stack: namespaces and classes nest as deep as the text says.
  const stack: { node: SyntaxNode; scope: string }[] = [{ node: file.root, scope: '' }];
  while (stack.length) {
    const { node, scope } = stack.pop()!;
    for (const c of node.namedChildren) {
      if (!c) continue;
      switch (c.type) {
        case 'namespace_definition': {
          const name = c.childForFieldName('name');
          const body = c.childForFieldName('body');
          const inner = name ? `${scope}${name.text.replace(/\s+/g, '')}::` : scope;
          if (name && /^inline\b/.test(c.text)) out.inlineNamespaces.push(inner);
          if (body) stack.push({ node: body, scope: inner });
          break;
        }
        case 'linkage_specification': case 'declaration_list': case 'preproc_if': case 'preproc_ifdef': case 'preproc_else': case 'preproc_elif':
          stack.push({ node: c.childForFieldName('body') ?? c, scope });
          break;
        case 'using_declaration':
          if (/^using\s+namespace\b/.test(c.text)) out.usingDirectives = true;
          else out.usingDeclarations = true;
          break;
        case 'template_declaration': {
          const spec = c.namedChildren.find((x) => !!x && RECORDS.has(x.type));
          const name = spec?.childForFieldName('name');
          if (!spec || !name || !spec.childForFieldName('body')) break;
          if (name.type === 'template_type') {
            out.specialized.add(`${scope}${name.childForFieldName('name')?.text ?? name.text}`);
            break;
          }
          out.scopeOf.set(spec.id, scope);
          hideValues(spec.childForFieldName('body')!, `${scope}${name.text}::`);
          const d: Omit<CxxDecl, 'file'> = { qualified: `${scope}${name.text}`, kind: 'template', node: c };
          readParams(c, d);
          add(name.text, d);
          break;
        }
        case 'alias_declaration': {
          const name = c.childForFieldName('name');
          if (name) { add(name.text, { qualified: `${scope}${name.text}`, kind: 'alias', node: c }); out.scopeOf.set(c.id, scope); }
          break;
        }
        case 'type_definition':
          for (const d of c.childrenForFieldName('declarator')) {
            const id = d && typedefIdentifier(d);
            if (id) add(id, { qualified: `${scope}${id}`, kind: 'typedef', node: c });
          }
          out.scopeOf.set(c.id, scope);
          pushSpecifier(c.childForFieldName('type'), scope);
          break;
        default:
          if (c.type === 'declaration' || c.type === 'field_declaration') addVariables(c, scope);
          pushSpecifier(c, scope);
          // `struct X {...} x;` and friends: the specifier is the declaration's type.
          if (c.type === 'declaration' || c.type === 'field_declaration') pushSpecifier(c.childForFieldName('type'), scope);
      }
    }
  }

  function pushSpecifier(c: SyntaxNode | null, scope: string): void {
    if (!c || !c.childForFieldName('body')) return;
    const name = c.childForFieldName('name');
    if (RECORDS.has(c.type)) {
      out.scopeOf.set(c.id, scope);
      if (!name || name.type !== 'type_identifier') { hideValues(c.childForFieldName('body')!, unnamedScope(scope, c)); return; }
      add(name.text, { qualified: `${scope}${name.text}`, kind: 'record', node: c });
      // Types declared inside a class are named through it (`Outer::Inner`).
      stack.push({ node: c.childForFieldName('body')!, scope: `${scope}${name.text}::` });
      if (c.namedChildren.some((x) => x?.type === 'base_class_clause')) out.scopesWithBases.add(`${scope}${name.text}::`);
    } else if (c.type === 'enum_specifier') {
      out.scopeOf.set(c.id, scope);
      const named = name && name.type === 'type_identifier' ? name.text : undefined;
      if (named) add(named, { qualified: `${scope}${named}`, kind: 'enum', node: c });
      // Enumerators of a scoped enum are named through it only; those of an unscoped one both ways (C++11).
      const scoped = /^enum\s+(class|struct)\b/.test(c.text);
      for (const en of c.childForFieldName('body')!.namedChildren) {
        const n = en?.type === 'enumerator' ? en.childForFieldName('name')?.text : undefined;
        if (!en || !n) continue;
        if (!scoped) append(out.values, n, { qualified: `${scope}${n}`, kind: 'enumerator', node: c, declarator: en, scope });
        if (named) append(out.values, n, { qualified: `${scope}${named}::${n}`, kind: 'enumerator', node: c, declarator: en, scope });
      }
    }
  }

  /**
   * The values declared in a body whose names are not read (a class template's: its constants may depend on its
   * parameters; an unnamed class's): they are recorded as hiding outer names of the same spelling in the body's
   * scope, so such a name used inside the body has no value, never an outer one's.
   */
  function hideValues(body: SyntaxNode, scope: string): void {
    const stack: SyntaxNode[] = [body];
    while (stack.length) {
      for (const c of stack.pop()!.namedChildren) {
        if (!c || c.type === 'compound_statement') continue;
        let name: string | undefined;
        if (c.type === 'enumerator') name = c.childForFieldName('name')?.text;
        else if (c.type === 'field_declaration' || c.type === 'declaration') {
          for (const d of c.childrenForFieldName('declarator')) {
            const n = d && innermostName(d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d);
            if (n) append(out.values, n, { qualified: `${scope}${n}`, kind: 'other', node: c, declarator: d!, scope });
          }
        }
        if (name) append(out.values, name, { qualified: `${scope}${name}`, kind: 'other', node: c, declarator: c, scope });
        stack.push(c);
      }
    }
  }

  /**
   * The variables of a namespace-scope declaration and the data members of a class: constants when declared
   * const or constexpr (not volatile, not extern) with a single-expression initializer (`= 7`), at namespace scope
   * or as static members.
   */
  function addVariables(c: SyntaxNode, scope: string): void {
    const declarators = c.childrenForFieldName('declarator');
    const first = declarators[0];
    if (!first) return;
    const head = c.text.slice(0, first.startIndex - c.startIndex);
    const constant = /\b(const|constexpr)\b/.test(head) && !/\b(volatile|extern|mutable|thread_local|auto)\b/.test(head)
      && (c.type === 'declaration' || /\bstatic\b/.test(head));
    for (const d of declarators) {
      if (!d) continue;
      const init = c.type === 'declaration' ? (d.type === 'init_declarator' ? d : undefined) : c;
      const named = init ? init.childForFieldName('declarator') : d;
      const id = named && (named.type === 'identifier' || named.type === 'field_identifier') ? named.text : undefined;
      const value = init?.childForFieldName(c.type === 'declaration' ? 'value' : 'default_value');
      const isConstant = constant && !!id && !!value && value.type !== 'initializer_list' && value.type !== 'argument_list';
      const name = id ?? (named ? innermostName(named) : undefined);
      if (name) append(out.values, name, { qualified: `${scope}${name}`, kind: isConstant ? 'constant' : 'other', node: c, declarator: init ?? d, scope });
    }
  }
  return out;
}

function readParams(template: SyntaxNode, d: Omit<CxxDecl, 'file'>): void {
  const list = template.childForFieldName('parameters');
  d.params = [];
  for (const p of list?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'type_parameter_declaration') {
      const n = p.namedChildren.find((x) => x?.type === 'type_identifier');
      if (n) { d.params.push({ name: n.text, kind: 'type' }); continue; }
    } else if (p.type === 'parameter_declaration') {
      const n = p.childForFieldName('declarator');
      if (n?.type === 'identifier') { d.params.push({ name: n.text, kind: 'value' }); continue; }
    }
    d.unsupported = `the template parameter "${p.text}" (defaults, packs and template template parameters are not modelled)`;
  }
}

/** The name a declarator declares (`*p`, `a[4]`, `f(int)`), if it is a plain identifier. */
function innermostName(n: SyntaxNode): string | undefined {
  for (let d: SyntaxNode | null = n; d; d = d.childForFieldName('declarator')) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
  }
  return undefined;
}

function typedefIdentifier(n: SyntaxNode): string | undefined {
  for (let d: SyntaxNode | null = n; d; d = d.childForFieldName('declarator') ?? d.namedChildren.find((x) => x?.type.endsWith('declarator')) ?? null) {
    if (d.type === 'type_identifier') return d.text;
  }
  return undefined;
}

/**
 * The declarations a name written in `scope` may denote, by C++ lookup: a qualified name (`detail::Cursor`) from
 * each enclosing scope outwards (`::x` only from the global one), the first scope that has it wins. Several
 * declarations of one qualified name (`typedef struct Foo {...} Foo;`) are all returned; none when not found.
 */
export function lookupCxx(names: CxxNames, written: string, scope: string): CxxDecl[] {
  const global = written.startsWith('::');
  const name = global ? written.slice(2) : written;
  const simple = name.slice(name.lastIndexOf(':') + 1);
  const candidates = names.bySimpleName.get(simple);
  if (!candidates) return [];
  const scopes = global ? [''] : enclosingScopes(scope);
  for (const s of scopes) {
    const found = candidates.filter((d) => d.qualified === s + name);
    if (found.length) return found;
  }
  return [];
}

/**
 * The enumerator or variable a name written in `scope` (at `use`, in a C++ file) denotes, by the same lookup as
 * lookupCxx, seeing only what is declared before the use. undefined when C++ lookup does not find it (no C++ file
 * declares it, or a using-declaration or using-directive may bring it); `{}` when it is not certain: the nearest
 * declaration is not one enumerator or variable (a type, several declarations), a class on the way has base
 * classes (whose members are not read), or it is in another file (included before the use, or after it) and an
 * outer scope declares the name too.
 */
export function lookupCxxValue(names: CxxNames, written: string, scope: string, use: { file: ParsedFile; at: number | undefined }): { value?: CxxValue } | undefined {
  if (names.usingDirectives || names.usingDeclarations) return undefined;
  const global = written.startsWith('::');
  const name = global ? written.slice(2) : written;
  const simple = name.slice(name.lastIndexOf(':') + 1);
  const values = names.valuesBySimpleName.get(simple);
  if (!values) return undefined;
  const types = names.bySimpleName.get(simple) ?? [];
  // A member of an inline namespace is found in the enclosing one too (`a::v1::k` as `a::k`).
  const here = (v: CxxValue, s: string) => v.qualified === s + name || (names.inlineNamespaces.size > 0 && withoutInline(v.qualified, names.inlineNamespaces) === s + name);
  const declaredIn = (s: string) => values.some((v) => here(v, s)) || types.some((d) => d.qualified === s + name);
  const scopes = global ? [''] : enclosingScopes(scope);
  for (let i = 0; i < scopes.length; i++) {
    const s = scopes[i];
    const found = values.filter((v) => here(v, s));
    if (found.length || types.some((d) => d.qualified === s + name)) {
      if (found.length !== 1 || types.some((d) => d.qualified === s + name)) return {};
      const v = found[0];
      if (v.file === use.file) {
        if (use.at === undefined) return {};
        // Declared after the use: lookup goes on outwards.
        if (v.declarator.startIndex < use.at) return { value: v };
      } else return scopes.slice(i + 1).some(declaredIn) ? {} : { value: v };
    }
    // A member of a base class would be found here first: not known.
    if (names.scopesWithBases.has(s)) return {};
  }
  return undefined;
}

/** The scope names are looked up from inside an unnamed class (`struct { ... } x;`), nested in `outer`. */
export function unnamedScope(outer: string, record: SyntaxNode): string {
  return `${outer}(unnamed#${record.id})::`;
}

/** `a::v1::k` → `a::k` when `a::v1::` is an inline namespace. */
function withoutInline(qualified: string, inline: ReadonlySet<string>): string {
  const parts = qualified.split('::');
  let prefix = '', out = '';
  for (let i = 0; i < parts.length - 1; i++) {
    prefix += `${parts[i]}::`;
    if (!inline.has(prefix)) out += `${parts[i]}::`;
  }
  return out + parts[parts.length - 1];
}

/** `a::b::` → ['a::b::', 'a::', '']. */
function enclosingScopes(scope: string): string[] {
  const out = [scope];
  let s = scope;
  while (s) {
    const cut = s.slice(0, -2).lastIndexOf('::');
    s = cut < 0 ? '' : s.slice(0, cut + 2);
    out.push(s);
  }
  return out;
}
