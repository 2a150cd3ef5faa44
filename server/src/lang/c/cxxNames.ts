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

export interface CxxNames {
  /** Declarations by their last name component. */
  bySimpleName: Map<string, CxxDecl[]>;
  /** Qualified names of class templates that have an explicit or partial specialization. */
  specialized: Set<string>;
  /** Whether some file says `using namespace`: a name not found by plain lookup may still exist. */
  usingDirectives: boolean;
  /** The scope (`store::detail::`, or '' for the global one) of each record, enum, typedef and alias by node id. */
  scopeOf: Map<number, string>;
}

const RECORDS = new Set(['struct_specifier', 'class_specifier', 'union_specifier']);

/** Reads every file's C++ declarations (C files contribute nothing: C has no namespaces or templates). */
export function cxxNames(files: ParsedFile[]): CxxNames {
  const out: CxxNames = { bySimpleName: new Map(), specialized: new Set(), usingDirectives: false, scopeOf: new Map() };
  for (const file of files) {
    if (file.lang !== 'cpp') continue;
    const own = oncePerParse(file, namesOfFile);
    for (const [simple, d] of own.decls) {
      let list = out.bySimpleName.get(simple);
      if (!list) out.bySimpleName.set(simple, list = []);
      list.push({ ...d, file });
    }
    for (const q of own.specialized) out.specialized.add(q);
    if (own.usingDirectives) out.usingDirectives = true;
    for (const [id, scope] of own.scopeOf) out.scopeOf.set(id, scope);
  }
  return out;
}

/** One file's part of CxxNames, in document order; its declarations without the file (a parse is shared by units). */
interface FileNames {
  decls: [string, Omit<CxxDecl, 'file'>][];
  specialized: string[];
  usingDirectives: boolean;
  scopeOf: [number, string][];
}

function namesOfFile(file: ParsedFile): FileNames {
  const out: FileNames = { decls: [], specialized: [], usingDirectives: false, scopeOf: [] };
  const add = (simple: string, d: Omit<CxxDecl, 'file'>) => { out.decls.push([simple, d]); };
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
          if (body) stack.push({ node: body, scope: inner });
          break;
        }
        case 'linkage_specification': case 'declaration_list': case 'preproc_if': case 'preproc_ifdef': case 'preproc_else': case 'preproc_elif':
          stack.push({ node: c.childForFieldName('body') ?? c, scope });
          break;
        case 'using_declaration':
          if (/^using\s+namespace\b/.test(c.text)) out.usingDirectives = true;
          break;
        case 'template_declaration': {
          const spec = c.namedChildren.find((x) => !!x && RECORDS.has(x.type));
          const name = spec?.childForFieldName('name');
          if (!spec || !name || !spec.childForFieldName('body')) break;
          if (name.type === 'template_type') {
            out.specialized.push(`${scope}${name.childForFieldName('name')?.text ?? name.text}`);
            break;
          }
          out.scopeOf.push([spec.id, scope]);
          const d: Omit<CxxDecl, 'file'> = { qualified: `${scope}${name.text}`, kind: 'template', node: c };
          readParams(c, d);
          add(name.text, d);
          break;
        }
        case 'alias_declaration': {
          const name = c.childForFieldName('name');
          if (name) { add(name.text, { qualified: `${scope}${name.text}`, kind: 'alias', node: c }); out.scopeOf.push([c.id, scope]); }
          break;
        }
        case 'type_definition':
          for (const d of c.childrenForFieldName('declarator')) {
            const id = d && typedefIdentifier(d);
            if (id) add(id, { qualified: `${scope}${id}`, kind: 'typedef', node: c });
          }
          out.scopeOf.push([c.id, scope]);
          pushSpecifier(c.childForFieldName('type'), scope);
          break;
        default:
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
      out.scopeOf.push([c.id, scope]);
      if (!name || name.type !== 'type_identifier') return;
      add(name.text, { qualified: `${scope}${name.text}`, kind: 'record', node: c });
      // Types declared inside a class are named through it (`Outer::Inner`).
      stack.push({ node: c.childForFieldName('body')!, scope: `${scope}${name.text}::` });
    } else if (c.type === 'enum_specifier') {
      out.scopeOf.push([c.id, scope]);
      if (name && name.type === 'type_identifier') add(name.text, { qualified: `${scope}${name.text}`, kind: 'enum', node: c });
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
