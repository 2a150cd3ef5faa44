// Class templates that declare types inside them (a list's `struct Node`, an `Iterator`, an `enum { kMaxHeight }`):
// the engine does not instantiate those declarations with the template's arguments, and a member that named one
// could be looked up in an outer scope instead (a global `Cell`, a namespace's `kN`) and laid out wrong. A member
// that reaches such a type only through a pointer or a reference has the same layout whatever the type is, so only
// the other uses keep the template from being laid out (leveldb's SkipList<Key, Comparator>: Node* members only).
import type { SyntaxNode } from '../../parsing/treeSitter';
import { codeChildren } from '../../parsing/syntaxNodes';
import { tokenizeC } from './declarations';
import { innermostIdentifier } from './declarators';

/** Why the template's data members need a declaration made inside it; undefined when none does. */
export function nestedDeclarationUse(body: SyntaxNode): string | undefined {
  const members = bodyMembers(body);
  const nested = new Set<string>();
  for (const m of members) {
    if (m.kind === 'type' || m.kind === 'static') m.names.forEach((n) => nested.add(n));
    // `typedef struct { T v; } Pair;` declares a type inside the class.
    if (m.kind === 'typedef' && m.definesType) m.names.forEach((n) => nested.add(n));
  }
  if (!nested.size && !members.some((m) => m.kind === 'data' && m.definesType)) return undefined;
  const unknown = members.find((m) => m.kind === 'unknown');
  if (unknown?.kind === 'unknown') return `declares types inside it beside ${unknown.node.type.replace(/_/g, ' ')} in its body, which is not modelled`;
  // A typedef or alias of a nested type is one too (`typedef Node* Link;` included: the check stays simple).
  for (const m of members) if (m.kind === 'typedef' && mentions(m.node, nested)) m.names.forEach((n) => nested.add(n));
  for (const m of members) {
    if (m.kind !== 'data') continue;
    if (m.definesType) return `declares a type inside it that its member ${memberName(m.node)} holds, which is not modelled`;
    const toks = tokenizeC(m.node.text);
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.t !== 'id' || !nested.has(t.v)) continue;
      let k = i + 1;
      while (toks[k]?.t === 'id' && (toks[k].v === 'const' || toks[k].v === 'volatile')) k++;
      const next = toks[k];
      if (next?.t === 'op' && (next.v === '*' || next.v === '&' || next.v === '&&')) continue;
      return `declares ${t.v} inside it, which its member ${memberName(m.node)} uses other than through a pointer: not modelled`;
    }
  }
  return undefined;
}

type Member =
  | { kind: 'data'; node: SyntaxNode; definesType: boolean }
  /** Names declared inside the class: tags (also forward declarations) and the enumerators of its enums. */
  | { kind: 'type'; names: string[] }
  /** Static members: constants a data member may use (`T v[kN]`). */
  | { kind: 'static'; names: string[] }
  | { kind: 'typedef'; node: SyntaxNode; names: string[]; definesType: boolean }
  | { kind: 'ignored' }
  | { kind: 'unknown'; node: SyntaxNode };

const RECORD_OR_ENUM = new Set(['struct_specifier', 'class_specifier', 'union_specifier', 'enum_specifier']);
const IGNORED = new Set(['access_specifier', 'friend_declaration', 'using_declaration', 'static_assert_declaration', 'function_definition', 'comment', '{', '}', ';']);

/** The members of a class body, those inside its #if blocks too. */
function bodyMembers(body: SyntaxNode): Member[] {
  const out: Member[] = [];
  const visit = (c: SyntaxNode) => {
    if (c.type.startsWith('preproc_')) { codeChildren(c).forEach(visit); return; }
    out.push(member(c));
  };
  codeChildren(body).forEach(visit);
  return out;
}

function member(c: SyntaxNode): Member {
  if (IGNORED.has(c.type)) return { kind: 'ignored' };
  if (c.type === 'type_definition' || c.type === 'alias_declaration') {
    const names = c.type === 'alias_declaration' ? [c.childForFieldName('name')?.text ?? ''] : c.childrenForFieldName('declarator').map((d) => d && innermostIdentifier(d)).filter((n): n is string => !!n);
    const type = c.type === 'alias_declaration' ? c.childForFieldName('type')?.childForFieldName('type') : c.childForFieldName('type');
    return { kind: 'typedef', node: c, names, definesType: !!type?.childForFieldName('body') };
  }
  if (c.type === 'template_declaration') {
    // A member template: a function (ignored) or a class template declared inside (a nested name).
    const inner = codeChildren(c).find((x) => x.type !== 'template_parameter_list');
    const tag = inner && RECORD_OR_ENUM.has(inner.childForFieldName('type')?.type ?? inner.type) ? (inner.childForFieldName('type') ?? inner).childForFieldName('name')?.text : undefined;
    return tag ? { kind: 'type', names: [tag] } : { kind: 'ignored' };
  }
  if (c.type !== 'field_declaration' && c.type !== 'declaration') return { kind: 'unknown', node: c };
  const declarators = c.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
  const type = c.childForFieldName('type');
  const typeNames = type && RECORD_OR_ENUM.has(type.type) ? declaredByType(type) : [];
  if (!declarators.length) return { kind: 'type', names: typeNames };
  if (declarators.every(isFunction)) return { kind: 'ignored' };
  if (codeChildren(c).some((x) => x.type === 'storage_class_specifier' && x.text === 'static')) {
    return { kind: 'static', names: declarators.map(innermostIdentifier).filter((n): n is string => !!n) };
  }
  return { kind: 'data', node: c, definesType: !!type?.childForFieldName('body') };
}

/** The tag a nested record or enum declares, and its enumerators. */
function declaredByType(type: SyntaxNode): string[] {
  const names: string[] = [];
  const tag = type.childForFieldName('name');
  if (tag) names.push(tag.text);
  if (type.type === 'enum_specifier') {
    for (const e of codeChildren(type.childForFieldName('body'))) if (e.type === 'enumerator') names.push(e.childForFieldName('name')?.text ?? '');
  }
  return names.filter(Boolean);
}

/** A method declaration (its return type may be a pointer or reference); `int (*fn)(int)` is a data member. */
function isFunction(d: SyntaxNode): boolean {
  let x: SyntaxNode | null = d;
  while (x && (x.type === 'pointer_declarator' || x.type === 'reference_declarator')) x = x.childForFieldName('declarator') ?? codeChildren(x).at(-1) ?? null;
  return x?.type === 'function_declarator' && x.childForFieldName('declarator')?.type !== 'parenthesized_declarator';
}


function memberName(c: SyntaxNode): string {
  const d = c.childrenForFieldName('declarator').find((x) => !!x);
  return (d && innermostIdentifier(d)) ?? c.text.slice(0, 40);
}

function mentions(node: SyntaxNode, names: Set<string>): boolean {
  return tokenizeC(node.text).some((t) => t.t === 'id' && names.has(t.v));
}
