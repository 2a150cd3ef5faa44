// Whether a C/C++ struct has many instances at run time, so that bytes of padding add up (issue 12: most
// padding warnings on real C code were a server's configuration, a context, a test fixture: structs that exist
// once). Read from the syntax (tree-sitter), nothing is run; the evidence, in the struct's own file and, for a
// struct declared in a header, in the other C/C++ files of the header's folder that name it (test files never),
// is a count known only at run time:
//  - an allocation of a count of them: a multiplication of its size by a variable count anywhere
//    (`malloc(n * sizeof(struct T))`, `zrealloc(p, sizeof(*p) * len)` with p a `T *`, `memset(v, 0, count * sizeof v[0])`),
//    `calloc(n, sizeof(T))` (any `…_calloc` whose last argument is the size and whose first is not a pointer),
//    `new T[n]`, a variable-length array `T v[n]`;
//  - the element of a pool or array of elements (`ngx_array_create(pool, 4, sizeof(T))`: a callee whose name has
//    `array`, `vec` or `vector` as a word, a growing array), or of a C++ container (`std::vector<T>`, `std::map<K, T*>`).
// Not evidence (the same principles as lang/go/instanceEvidence.ts): a fixed count, which holds as many as the
// program declares whatever the load: a fixed-size array or a statically initialised table (`T arr[16]`,
// `T *x[MAXRHS]`, `static const T table[] = {…}`), a multiplication by a compile-time constant (a number, an
// ALL_CAPS macro or enum constant: `sizeof(T) * BLOCK_SIZE`); a single allocation (every server, context and
// configuration is allocated once), even of a struct that links to itself (a handful of cursors is a list too).
// Configuration types (isConfigurationType) never count. Typedef names count as the struct's names
// (`typedef struct x {…} x_t;` then `sizeof(x_t)`).
import * as path from 'node:path';
import { Query, type Node, type Tree } from 'web-tree-sitter';
import { defineFact, type Fact } from '../../core/facts';
import { cLanguageOf } from './language';
import type { FileSystem } from '../../core/workspace';
import { languageOf, parseText, type GrammarId } from '../../parsing/treeSitter';
import { isConfigurationTypeName } from '../configurationTypes';

/**
 * Configuration types have as many instances as a person or the program wrote entries (redis `standardConfig`,
 * about 200 fixed entries), whatever holds them: the suffixes of lang/configurationTypes.ts, the first letter of the
 * suffix in either case, after a C type suffix (`_t`, `_s`, `_st`): `standardConfig`, `server_config`, `static_opts_t`.
 */
export function isConfigurationType(name: string): boolean {
  return isConfigurationTypeName(name.replace(/^.*::/, '').replace(/_(?:t|s|st)$/, ''), true);
}

export interface CTypeUses {
  /** Type name -> why it has many instances (the first one seen, with its line). */
  many: Map<string, string>;
  /** Struct tag -> typedef names of it (`typedef struct x x_t;`), and back. */
  aliases: Map<string, Set<string>>;
}

const CONTAINERS = new Set(['vector', 'deque', 'list', 'forward_list', 'set', 'multiset', 'unordered_set', 'unordered_multiset',
  'map', 'multimap', 'unordered_map', 'unordered_multimap', 'array', 'span', 'queue', 'priority_queue', 'stack',
  'QVector', 'QList', 'SmallVector', 'flat_map', 'flat_set', 'flat_hash_map', 'flat_hash_set', 'node_hash_map', 'btree_map']);
const DECLARATORS = new Set(['pointer_declarator', 'array_declarator', 'parenthesized_declarator', 'init_declarator',
  'attributed_declarator', 'reference_declarator']);
const SCOPES = new Set(['translation_unit', 'compound_statement', 'declaration_list', 'for_statement', 'function_definition']);

const queries = new Map<GrammarId, Query>();
function queryOf(grammar: GrammarId): Query {
  let q = queries.get(grammar);
  if (!q) {
    const cpp = grammar === 'cpp' ? '(new_expression) @new (template_argument_list) @targs' : '';
    q = new Query(languageOf(grammar), `(declaration) @array (sizeof_expression) @sizeof (type_definition) @typedef ${cpp}`);
    queries.set(grammar, q);
  }
  return q;
}


/** The name a type specifier names: `struct T` -> T, `T`, `ns::T` -> T; undefined for others. */
function typeName(n: Node | null): string | undefined {
  if (!n) return undefined;
  switch (n.type) {
    case 'struct_specifier': case 'class_specifier': case 'union_specifier': return typeName(n.childForFieldName('name'));
    case 'type_identifier': return n.text;
    case 'qualified_identifier': return typeName(n.childForFieldName('name'));
    default: return undefined;
  }
}

function snippet(n: Node): string {
  const t = n.text.replace(/\s+/g, ' ').trim();
  return t.length > 70 ? t.slice(0, 67) + '…' : t;
}

/**
 * Whether an expression is a count fixed at compile time: numbers, `sizeof`, ALL_CAPS names (a macro or enum
 * constant: `TLS_GROUP_LIST_MALLOC_BLOCK_SIZE`, `MAXRHS`) and arithmetic of them. A variable (`n`, `count + 1`,
 * `listLength(l)`, `q->nTerms`) is a count known at run time.
 */
function constantCount(n: Node | null): boolean {
  if (!n) return false;
  switch (n.type) {
    case 'number_literal': case 'char_literal': case 'sizeof_expression': case 'alignof_expression': case 'offsetof_expression': case 'comment':
      return true;
    case 'identifier':
      return /^[A-Z][A-Z0-9_]*$/.test(n.text);
    case 'parenthesized_expression': case 'binary_expression': case 'unary_expression': case 'cast_expression': case 'conditional_expression':
      return n.namedChildren.every((c) => !c || c.type === 'type_descriptor' || constantCount(c));
    default:
      return false;
  }
}

/**
 * `(len + BLOCK_SIZE)`: a capacity grown by a named constant block. Linear growth copies the whole list at every
 * step, so code grows this way only lists it expects to stay short (openssl's TLS group list,
 * `group_list_max_len + TLS_GROUP_LIST_MALLOC_BLOCK_SIZE`); lists that grow with the load double (`cap * 2`) or
 * grow by their count (`count + 1`, a literal, stays a count).
 */
function fixedBlockGrowth(n: Node): boolean {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildCount === 1) x = x.namedChild(0)!;
  if (x.type !== 'binary_expression' || x.childForFieldName('operator')?.type !== '+') return false;
  const [l, r] = [x.childForFieldName('left'), x.childForFieldName('right')];
  const named = (e: Node | null) => e?.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(e.text);
  return (named(l) && !constantCount(r)) || (named(r) && !constantCount(l));
}

interface Declared { type: string; depth: number }

/** The name, type and pointer/array depth of each declarator of a declaration-like node. */
function* declared(decl: Node): Generator<[string, Declared]> {
  const type = typeName(decl.childForFieldName('type'));
  if (!type) return;
  for (const d of decl.childrenForFieldName('declarator')) {
    let depth = 0;
    let n: Node | null = d;
    while (n && DECLARATORS.has(n.type)) {
      if (n.type === 'pointer_declarator' || n.type === 'array_declarator') depth++;
      n = n.childForFieldName('declarator') ?? n.namedChildren.find((c) => c && DECLARATORS.has(c.type)) ?? n.namedChild(0);
    }
    if (n && (n.type === 'identifier' || n.type === 'field_identifier')) yield [n.text, { type, depth }];
  }
}

/** Per file: names declared at the top level and the types of struct members by name (undefined when they differ). */
class Declarations {
  private top?: Map<string, Declared>;
  private fields?: Map<string, Declared | undefined>;
  constructor(private readonly root: Node) {}

  variable(id: Node): Declared | undefined {
    for (let a = id.parent; a; a = a.parent) {
      if (!SCOPES.has(a.type)) continue;
      if (a.type === 'translation_unit') {
        this.top ??= new Map(a.namedChildren.filter((c) => c?.type === 'declaration').flatMap((c) => [...declared(c!)]));
        const d = this.top.get(id.text);
        if (d) return d;
        continue;
      }
      const decls = a.type === 'function_definition'
        ? (a.childForFieldName('declarator')?.childForFieldName('parameters')?.namedChildren ?? []).filter((c) => c?.type === 'parameter_declaration')
        : a.type === 'for_statement' ? [a.childForFieldName('initializer')].filter((c) => c?.type === 'declaration')
          : a.namedChildren.filter((c) => c?.type === 'declaration');
      for (const c of decls) for (const [name, d] of declared(c!)) if (name === id.text) return d;
    }
    return undefined;
  }

  field(name: string): Declared | undefined {
    if (!this.fields) {
      this.fields = new Map();
      const walk = (n: Node) => {
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'field_declaration') {
            for (const [f, d] of declared(c)) {
              const old = this.fields!.get(f);
              this.fields!.set(f, this.fields!.has(f) && (old?.type !== d.type || old.depth !== d.depth) ? undefined : d);
            }
          }
          if (c.childCount) walk(c);
        }
      };
      walk(this.root);
    }
    return this.fields.get(name);
  }
}

/** The type a `sizeof` measures, when it is a named type (pointers: 0) or a pointer to one (1). */
function measured(s: Node, decls: Declarations): { type: string; pointers: number } | undefined {
  const t = s.childForFieldName('type');
  if (t) {
    const type = typeName(t.childForFieldName('type'));
    const d = t.childForFieldName('declarator');
    if (!d) return type ? { type, pointers: 0 } : undefined;
    // `sizeof(T *)`: an abstract pointer declarator with nothing inside it.
    return type && d.type === 'abstract_pointer_declarator' && d.namedChildCount === 0 ? { type, pointers: 1 } : undefined;
  }
  let v = s.childForFieldName('value');
  let derefs = 0;
  for (;;) {
    if (!v) return undefined;
    if (v.type === 'parenthesized_expression' && v.namedChildCount === 1) v = v.namedChild(0);
    else if (v.type === 'pointer_expression' && v.childForFieldName('operator')?.type === '*') { derefs++; v = v.childForFieldName('argument'); }
    else if (v.type === 'subscript_expression') { derefs++; v = v.childForFieldName('argument'); }
    else break;
  }
  let d: Declared | undefined;
  if (v.type === 'identifier') {
    d = decls.variable(v);
    // `sizeof(x_t)`: a typedef name the parser could not tell from a variable.
    if (!d) return derefs === 0 ? { type: v.text, pointers: 0 } : undefined;
  } else if (v.type === 'field_expression') {
    d = decls.field(v.childForFieldName('field')?.text ?? '');
  } else if (v.type === 'type_identifier') return derefs === 0 ? { type: v.text, pointers: 0 } : undefined;
  const pointers = d ? d.depth - derefs : -1;
  return d && (pointers === 0 || pointers === 1) ? { type: d.type, pointers } : undefined;
}

/** The function a call calls, by its last name: `malloc`, `ctx->alloc` -> alloc, `ns::make` -> make. */
function calleeName(call: Node): string {
  const f = call.childForFieldName('function');
  if (!f) return '';
  if (f.type === 'field_expression') return f.childForFieldName('field')?.text ?? '';
  if (f.type === 'qualified_identifier') return f.text.replace(/^.*::/, '');
  return f.type === 'identifier' ? f.text : '';
}

const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);

/** Every type of one file that the file shows to have many instances, and the typedef names of its structs. */
export function typeUsesOf(tree: Tree, grammar: GrammarId, label: string): CTypeUses {
  const many = new Map<string, string>();
  const aliases = new Map<string, Set<string>>();
  const decls = new Declarations(tree.rootNode);
  const at = (n: Node) => `${label}:${n.startPosition.row + 1}`;
  const addMany = (type: string | undefined, why: string) => { if (type && !many.has(type)) many.set(type, why); };
  const alias = (a: string, b: string) => {
    for (const [x, y] of [[a, b], [b, a]]) { let s = aliases.get(x); if (!s) aliases.set(x, s = new Set()); s.add(y); }
  };

  for (const { name, node } of queryOf(grammar).captures(tree.rootNode)) {
    if (name === 'array') {
      // Only a variable-length array: a size fixed at compile time, a `[]` table of initializers or an `extern`
      // array hold as many as the program declares, whatever the load (redis `CLUSTER_Subcommands[]`, lemon
      // `*rhs[MAXRHS]`, fts2 `lrs[MERGE_COUNT]`).
      // Walked down from the declaration (a `.parent` costs the node's depth in web-tree-sitter: walking up from
      // every array declarator of `int (*(*x)[1])[1]…` was cubic in the nesting, the hostile C test's hang).
      const decl = node;
      const type = typeName(decl.childForFieldName('type'));
      if (!type || many.has(type)) continue;
      for (const top of decl.childrenForFieldName('declarator')) {
        // `T v[n] = …`: the declarator inside the init declarator is what names the array.
        const named = top?.type === 'init_declarator' ? top.childForFieldName('declarator') : top;
        let variable = false, pointers = false;
        for (let a: Node | null = named; a && DECLARATORS.has(a.type); a = a.childForFieldName('declarator') ?? a.namedChildren.find((c) => c && DECLARATORS.has(c.type)) ?? null) {
          if (a.type === 'array_declarator') {
            const size = a.childForFieldName('size');
            if (size && !constantCount(size)) variable = true;
          } else if (a.type === 'pointer_declarator' && !variable) pointers = true;
        }
        if (!variable || !named) continue;
        const what = pointers || named.text.trimStart().startsWith('*') ? 'an array of pointers to them' : 'the element of the array';
        addMany(type, `${what} \`${snippet(named)}\` in ${at(node)}`);
        break;
      }
    } else if (name === 'sizeof') {
      const m = measured(node, decls);
      if (!m) continue;
      const { type } = m;
      const them = m.pointers ? 'an array of pointers to them is allocated' : 'a count of them is allocated';
      let up = node.parent;
      while (up?.type === 'parenthesized_expression') up = up.parent;
      const call = (n: Node | null): Node | undefined => {
        for (let a = n; a; a = a.parent) {
          if (a.type === 'call_expression') return a;
          if (/statement|declaration|function_definition/.test(a.type)) return undefined;
        }
        return undefined;
      };
      if (up?.type === 'binary_expression' && up.childForFieldName('operator')?.type === '*') {
        // The factors of the whole product (`sizeof(T) * 2 * n`): a count only when one of them is not constant.
        let product = up;
        for (let p = product.parent; p; p = p.parent) {
          if (p.type === 'parenthesized_expression') continue;
          if (p.type !== 'binary_expression' || p.childForFieldName('operator')?.type !== '*') break;
          product = p;
        }
        const factors: Node[] = [];
        const collect = (e: Node | null) => {
          if (!e) return;
          let x = e;
          while (x.type === 'parenthesized_expression' && x.namedChildCount === 1 && x.namedChild(0)!.type === 'binary_expression' && x.namedChild(0)!.childForFieldName('operator')?.type === '*') x = x.namedChild(0)!;
          if (x.type === 'binary_expression' && x.childForFieldName('operator')?.type === '*') { collect(x.childForFieldName('left')); collect(x.childForFieldName('right')); } else factors.push(x);
        };
        collect(product);
        if (factors.every((f) => constantCount(f) || fixedBlockGrowth(f))) continue;
        addMany(type, `${them}: \`${snippet(call(product) ?? product)}\` in ${at(node)}`);
        continue;
      }
      // Through `sizeof(T) + len` (a struct with a trailing buffer) to the call's arguments.
      while (up?.type === 'binary_expression' && up.childForFieldName('operator')?.type === '+') up = up.parent;
      if (up?.type !== 'argument_list' || up.parent?.type !== 'call_expression') continue;
      const c = up.parent;
      const callee = calleeName(c);
      const w = words(callee);
      const args = up.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
      if (/(?:^|_)calloc$|^reallocarray$/i.test(callee) && args.length >= 2 && args[args.length - 1].id === node.id) {
        const count = args[args.length - 2];
        const pointer = count.type === 'identifier' ? decls.variable(count)
          : count.type === 'field_expression' ? decls.field(count.childForFieldName('field')?.text ?? '') : undefined;
        if (!constantCount(count) && !(pointer && pointer.depth > 0)) {
          addMany(type, `${them}: \`${snippet(c)}\` in ${at(node)}`);
          continue;
        }
      }
      if (w.some((x) => x === 'array' || x === 'vec' || x === 'vector')) {
        addMany(type, `the element of \`${snippet(c)}\` in ${at(node)}`);
        continue;
      }
    } else if (name === 'new') {
      const type = typeName(node.childForFieldName('type'));
      if (!type) continue;
      const nd = node.childForFieldName('declarator');
      if (nd?.type === 'new_declarator') {
        if (!constantCount(nd.childForFieldName('length'))) addMany(type, `a count of them is allocated: \`${snippet(node)}\` in ${at(node)}`);
      }
    } else if (name === 'targs') {
      const template = node.parent;
      if (template?.type !== 'template_type') continue;
      const container = template.childForFieldName('name')?.text ?? '';
      if (!CONTAINERS.has(container)) continue;
      for (const a of node.namedChildren) {
        if (a?.type === 'type_descriptor') addMany(typeName(a.childForFieldName('type')), `the element of \`${snippet(template.parent?.type === 'qualified_identifier' ? template.parent : template)}\` in ${at(node)}`);
      }
    } else if (name === 'typedef') {
      const tag = typeName(node.childForFieldName('type'));
      if (!tag) continue;
      for (const d of node.childrenForFieldName('declarator')) if (d && d.type === 'type_identifier' && d.text !== tag) alias(tag, d.text);
    }
  }
  return { many, aliases };
}

/** Test code: its tables and fixtures say nothing about the program's instances (as Go's `_test.go`). */
const TEST_DIR = /(?:^|\/)(?:tests?|testing|testsuite|unittests?|fuzz|fuzzing|fuzzers?)\//i;
const TEST_FILE = /^(?:test[\d_-]|test\.|unit\d)|[_-](?:tests?|unittest)\.[a-z+]+$/i;
export function isTestPath(root: string, file: string): boolean {
  const rel = path.relative(root, file).replace(/\\/g, '/');
  return TEST_DIR.test(rel.startsWith('..') ? file.replace(/\\/g, '/') : rel) || TEST_FILE.test(path.basename(file));
}

/** The last parsed text of a file and what it says, for the files a header's structs look into. */
const cache = new Map<string, { text: string; uses: CTypeUses }>();
const CACHE_FILES = 512;

function usesOfFile(file: string, text: string, root: string): CTypeUses {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.uses;
  const grammar = cLanguageOf(file, text);
  const tree = parseText(grammar, text);
  let uses: CTypeUses;
  try { uses = typeUsesOf(tree, grammar, path.relative(root, file)); } finally { tree.delete(); }
  cache.delete(file);
  cache.set(file, { text, uses });
  if (cache.size > CACHE_FILES) cache.delete(cache.keys().next().value!);
  return uses;
}

const C_FAMILY = /\.(c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|inl|ipp)$/i;
const HEADER = /\.(h|hh|hpp|hxx|inl|ipp)$/i;
/** At most this many files of a header's folder are read for one struct (a folder of generated files). */
const FOLDER_FILES = 400;

/** The C and C++ sources of a folder (names only: their texts are read when needed, not kept). */
const SIBLING_SOURCES = defineFact<string[], string>({ name: 'c:sibling-sources', scope: 'directory', reads: [], lists: true });

export interface EvidenceContext {
  path: string;
  root: string;
  fs: FileSystem;
  /** What the struct's own file says (parsed once per file by the caller). */
  own: CTypeUses;
  fact<T, A extends string | void>(fact: Fact<T, A>, arg: A, compute: () => T, variant?: string): T;
}

/**
 * Why the struct named `names` (its tag and typedef names) has many instances, or undefined when nothing says so
 * or when it is a configuration type (by any of its names).
 */
export function manyInstancesEvidence(ctx: EvidenceContext, names: readonly string[]): string | undefined {
  if (isTestPath(ctx.root, ctx.path)) return undefined;
  const all = new Set(names);
  const widen = (uses: CTypeUses) => { for (const n of [...all]) for (const a of uses.aliases.get(n) ?? []) all.add(a); };
  const configuration = () => [...all].some(isConfigurationType);
  widen(ctx.own);
  if (configuration()) return undefined;
  const find = (uses: CTypeUses) => { for (const n of all) { const m = uses.many.get(n); if (m) return m; } return undefined; };
  const found = find(ctx.own);
  if (found) return found;
  if (HEADER.test(ctx.path)) {
    const dir = path.dirname(ctx.path);
    const siblings = ctx.fact(SIBLING_SOURCES, dir, () => ctx.fs.readDir(dir)
      .filter((e) => e.isFile && C_FAMILY.test(e.name)).map((e) => path.join(dir, e.name)).slice(0, FOLDER_FILES));
    const word = new RegExp(`\\b(?:${[...all].map((n) => n.replace(/\W/g, '\\$&')).join('|')})\\b`);
    for (const file of siblings) {
      if (path.resolve(file) === path.resolve(ctx.path) || isTestPath(ctx.root, file)) continue;
      const text = ctx.fs.readText(file);
      if (text === undefined || !word.test(text)) continue;
      const uses = usesOfFile(file, text, ctx.root);
      widen(uses);
      if (configuration()) return undefined;
      const m = find(uses);
      if (m) return m;
    }
  }
  return undefined;
}
