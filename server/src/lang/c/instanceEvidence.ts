// Whether a C/C++ struct has many instances at run time, so that bytes of padding add up (issue 12: most
// padding warnings on real C code were a server's configuration, a context, a test fixture: structs that exist
// once). Read from the syntax (tree-sitter), nothing is run; the evidence, in the struct's own file and, for a
// struct declared in a header, in the other C/C++ files of the header's folder that name it (test files never):
//  - an array of it: `struct T arr[N]` (a global, a member, a local) with N at least MANY, a `[]` table of at
//    least MANY initializers, or a size that is not a number (`[MAX_CLIENTS]`, `[n]`);
//  - an allocation of a count of them: a multiplication by its size anywhere (`malloc(n * sizeof(struct T))`,
//    `zrealloc(p, sizeof(*p) * len)` with p a `T *`, `memset(v, 0, count * sizeof v[0])`), `calloc(n, sizeof(T))`
//    (any `…_calloc` whose last argument is the size and whose first is not a pointer), `new T[n]`;
//  - the element of a pool or array of elements (`ngx_array_create(pool, 4, sizeof(T))`: a callee whose name has
//    `array`, `vec` or `vector` as a word), or of a C++ container (`std::vector<T>`, `std::map<K, T*>`);
//  - a node type: a member points to the struct's own type (`struct T *next`, a list or tree node) and the struct
//    is allocated (`malloc(sizeof(struct T))`, `zmalloc(sizeof(*node))`, `new T`).
// A single allocation alone is not evidence: every server, context and configuration is allocated once.
// Typedef names count as the struct's names (`typedef struct x {…} x_t;` then `sizeof(x_t)`).
import * as path from 'node:path';
import { Query, type Node, type Tree } from 'web-tree-sitter';
import { directoryKey } from '../../engine/sharedMemo';
import type { FileSystem } from '../../engine/workspace';
import { languageOf, parseText, type GrammarId } from '../../parsing/treeSitter';

/** Fewer elements than this are a handful (`struct pollfd fds[2]`, `calloc(4, sizeof(T))`). */
export const MANY = 16;

export interface CTypeUses {
  /** Type name -> why it has many instances (the first one seen, with its line). */
  many: Map<string, string>;
  /** Type name -> a single allocation of it: evidence for a node type only. */
  allocated: Map<string, string>;
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
    q = new Query(languageOf(grammar), `(array_declarator) @array (sizeof_expression) @sizeof (type_definition) @typedef ${cpp}`);
    queries.set(grammar, q);
  }
  return q;
}

/** The grammar of a C-family file: a `.h` with templates or namespaces is C++ (as cSource reads it). */
export function cGrammarOf(file: string, text: string): 'c' | 'cpp' {
  if (/\.(cc|cpp|cxx|c\+\+|hpp|hh|hxx|inl|ipp)$/i.test(file)) return 'cpp';
  return /\.h$/i.test(file) && /^\s*(template\s*<|namespace\s+[\w:]+\s*\{|extern\s+"C\+\+")/m.test(text) ? 'cpp' : 'c';
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

function tinyCount(n: Node | null): boolean {
  if (!n) return false;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  if (n.type !== 'number_literal') return false;
  const v = Number.parseInt(n.text.replace(/[uUlL]+$/, ''), n.text.match(/^0[xX]/) ? 16 : n.text.match(/^0\d/) ? 8 : 10);
  return Number.isFinite(v) && v < MANY;
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

/** Every type of one file that the file shows to have many instances, or to be allocated one at a time. */
export function typeUsesOf(tree: Tree, grammar: GrammarId, label: string): CTypeUses {
  const many = new Map<string, string>();
  const allocated = new Map<string, string>();
  const aliases = new Map<string, Set<string>>();
  const decls = new Declarations(tree.rootNode);
  // `#define MERGE_COUNT 16` of the same file: an array size written as a name.
  let defined: Map<string, string> | undefined;
  const defines = () => defined ??= new Map([...tree.rootNode.text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+\(?[ \t]*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*[ \t]*\)?[ \t]*$/gm)].map((m) => [m[1], m[2]]));
  const at = (n: Node) => `${label}:${n.startPosition.row + 1}`;
  const addMany = (type: string | undefined, why: string) => { if (type && !many.has(type)) many.set(type, why); };
  const alias = (a: string, b: string) => {
    for (const [x, y] of [[a, b], [b, a]]) { let s = aliases.get(x); if (!s) aliases.set(x, s = new Set()); s.add(y); }
  };

  for (const { name, node } of queryOf(grammar).captures(tree.rootNode)) {
    if (name === 'array') {
      if (node.parent?.type === 'array_declarator') continue; // the outermost of `a[4][8]` counts for both
      let decl: Node | null = node.parent;
      while (decl && DECLARATORS.has(decl.type)) decl = decl.parent;
      if (!decl || (decl.type !== 'declaration' && decl.type !== 'field_declaration')) continue;
      const type = typeName(decl.childForFieldName('type'));
      if (!type || many.has(type)) continue;
      // The number of elements: the product of the sizes, the initializers of `[]`, or unknown (a name, `n`).
      let count = 1;
      let known = true;
      for (let a: Node | null = node; a?.type === 'array_declarator'; a = a.childForFieldName('declarator')) {
        const size = a.childForFieldName('size');
        const value = size?.type === 'number_literal' ? size.text : size?.type === 'identifier' ? defines().get(size.text) : undefined;
        if (value !== undefined) count *= Number.parseInt(value, /^0[xX]/.test(value) ? 16 : 10) || 0;
        else if (size) known = false;
        else {
          const init = node.parent?.type === 'init_declarator' ? node.parent.childForFieldName('value') : null;
          if (init?.type === 'initializer_list') count *= init.namedChildren.filter((c) => c?.type !== 'comment').length;
          else known = false;
        }
      }
      if (known && count < MANY) continue;
      let name = node;
      while (name.parent && name.parent.id !== decl.id && name.parent.type !== 'init_declarator') name = name.parent;
      const sized = node.childForFieldName('size');
      const what = name.text.trimStart().startsWith('*') ? 'an array of pointers to them' : 'the element of the array';
      addMany(type, `${what} \`${snippet(name)}\`${known && sized?.type !== 'number_literal' ? ` of ${count}` : ''} in ${at(node)}`);
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
        const other = up.childForFieldName('left')?.id === (node.parent?.type === 'parenthesized_expression' ? node.parent.id : node.id)
          ? up.childForFieldName('right') : up.childForFieldName('left');
        if (!other || tinyCount(other) || other.type === 'sizeof_expression') continue;
        addMany(type, `${them}: \`${snippet(call(up) ?? up)}\` in ${at(node)}`);
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
        if (!tinyCount(count) && !(pointer && pointer.depth > 0)) {
          addMany(type, `${them}: \`${snippet(c)}\` in ${at(node)}`);
          continue;
        }
      }
      if (w.some((x) => x === 'array' || x === 'vec' || x === 'vector')) {
        addMany(type, `the element of \`${snippet(c)}\` in ${at(node)}`);
        continue;
      }
      if (m.pointers === 0 && /alloc|new/i.test(callee) && !allocated.has(type)) allocated.set(type, `\`${snippet(c)}\` in ${at(node)}`);
    } else if (name === 'new') {
      const type = typeName(node.childForFieldName('type'));
      if (!type) continue;
      const nd = node.childForFieldName('declarator');
      if (nd?.type === 'new_declarator') {
        if (!tinyCount(nd.childForFieldName('length'))) addMany(type, `a count of them is allocated: \`${snippet(node)}\` in ${at(node)}`);
      } else if (!allocated.has(type)) allocated.set(type, `\`${snippet(node)}\` in ${at(node)}`);
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
  return { many, allocated, aliases };
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
  const grammar = cGrammarOf(file, text);
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

export interface EvidenceContext {
  path: string;
  root: string;
  fs: FileSystem;
  /** What the struct's own file says (parsed once per file by the caller). */
  own: CTypeUses;
  shared<T>(key: string, compute: () => T): T;
}

/**
 * Why the struct named `name` (a tag or a typedef name) has many instances, or undefined when nothing says so.
 * `selfLink` is the member that points to the struct's own type, if one does.
 */
export function manyInstancesEvidence(ctx: EvidenceContext, names: readonly string[], selfLink: ((names: ReadonlySet<string>) => string | undefined)): string | undefined {
  if (isTestPath(ctx.root, ctx.path)) return undefined;
  const all = new Set(names);
  const widen = (uses: CTypeUses) => { for (const n of [...all]) for (const a of uses.aliases.get(n) ?? []) all.add(a); };
  widen(ctx.own);
  const files: CTypeUses[] = [ctx.own];
  const find = (uses: CTypeUses) => { for (const n of all) { const m = uses.many.get(n); if (m) return m; } return undefined; };
  const found = find(ctx.own);
  if (found) return found;
  if (HEADER.test(ctx.path)) {
    const dir = path.dirname(ctx.path);
    const siblings = ctx.shared(directoryKey(dir, 'c:sibling-sources'), () => ctx.fs.readDir(dir)
      .filter((e) => e.isFile && C_FAMILY.test(e.name)).map((e) => path.join(dir, e.name)).slice(0, FOLDER_FILES));
    const word = new RegExp(`\\b(?:${[...all].map((n) => n.replace(/\W/g, '\\$&')).join('|')})\\b`);
    for (const file of siblings) {
      if (path.resolve(file) === path.resolve(ctx.path) || isTestPath(ctx.root, file)) continue;
      const text = ctx.fs.readText(file);
      if (text === undefined || !word.test(text)) continue;
      const uses = usesOfFile(file, text, ctx.root);
      widen(uses);
      const m = find(uses);
      if (m) return m;
      files.push(uses);
    }
  }
  const link = selfLink(all);
  if (!link) return undefined;
  for (const uses of files) {
    for (const n of all) {
      const a = uses.allocated.get(n);
      if (a) return `a node type: its member ${link} points to its own type, and it is allocated by ${a}`;
    }
  }
  return undefined;
}
