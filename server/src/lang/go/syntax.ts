// Go declarations as plain values, extracted once per file text from the tree-sitter tree, so the
// tree can be freed and other packages' files need not be kept parsed.
import { codeChildren } from '../../parsing/syntaxNodes';
import { hasGeneratedMarker } from '../../core/generated';
import { detached, detachStrings } from '../../parsing/strings';
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';

export type ConstExpr =
  | { k: 'int'; v: bigint }
  | { k: 'ident'; name: string; pkg?: string }
  | { k: 'iota' }
  | { k: 'binary'; op: string; l: ConstExpr; r: ConstExpr }
  | { k: 'unary'; op: string; x: ConstExpr }
  /** A conversion to an integer type: uintptr(0). */
  | { k: 'convert'; type: string; x: ConstExpr }
  | { k: 'unknown'; text: string };

export type TypeExpr =
  | { k: 'named'; pkg?: string; name: string; args?: TypeExpr[] }
  /** *T, map, chan, func: one pointer word whatever T is. */
  | { k: 'pointer'; target?: TypeExpr }
  | { k: 'slice' }
  | { k: 'interface' }
  | { k: 'array'; len: ConstExpr; elem: TypeExpr }
  | { k: 'struct'; struct: StructSyntax }
  /** Not understood; `reason` when it is known why (a type nested too deep to read). */
  | { k: 'invalid'; text: string; reason?: string };

export interface FieldSyntax {
  /** Empty for an embedded field. */
  names: string[];
  embedded: boolean;
  type: TypeExpr;
  typeText: string;
  tag?: string;
  /** Offsets of the field declaration (without comments). */
  start: number;
  end: number;
}

/** A `struct { ... }` type literal with the offsets the reorder fix needs. */
export interface StructSyntax {
  start: number;
  end: number;
  /** Offsets just after `{` and at `}`. */
  bodyStart: number;
  bodyEnd: number;
  fields: FieldSyntax[];
}

export interface TypeDeclSyntax {
  name: string;
  alias: boolean;
  typeParams: string[];
  type: TypeExpr;
  nameStart: number;
  nameEnd: number;
  /** 0-based line of the name. */
  line: number;
}

export interface ConstSyntax { name: string; expr: ConstExpr; iota: number }

export interface GoFileSyntax {
  packageName: string;
  /** Import name (explicit or last path element) -> import path. */
  imports: Map<string, string>;
  types: TypeDeclSyntax[];
  consts: ConstSyntax[];
  importsC: boolean;
  /** A `// Code generated ... DO NOT EDIT.` line before the package clause. */
  generated: boolean;
  /** Body-less function declarations (implemented in assembly), with the name's offsets. */
  bodyless: { name: string; start: number; end: number }[];
  /** Names declared at the top level: funcs (not methods), types, vars, consts. */
  topLevelNames: string[];
  /** An ERROR node at the top level: topLevelNames may be incomplete. */
  topLevelError: boolean;
  hasErrors: boolean;
  /** Why the declarations could not be read (they are then empty): the file's own rules fail with it, other files see a package without it. */
  failure?: string;
  /** The file calls encoding/binary Read, Write, Size, Append, Encode or Decode. */
  usesBinaryRW: boolean;
  /**
   * Set by the per-declaration reading (the editor's): the same key means the same package clause,
   * imports, types, consts and vars, and the same comments above the package clause (build
   * constraints). Function bodies, methods and positions do not count, so an edit inside a function keeps it.
   */
  typesKey?: string;
}

/**
 * Reasons a struct's memory image may be relied on, found in function bodies (so only in a full
 * parse; GoWorkspace.layoutUsesOf computes them when the reorder fix asks).
 */
export interface LayoutUses {
  /** Composite literals without keys: `T{1, 2}` or `pkg.T{1, 2}`. */
  positionalLiterals: { pkg?: string; name: string }[];
  /** Field names passed to unsafe.Offsetof(x.f). */
  offsetofFields: string[];
  /** Type names converted from unsafe.Pointer: (*T)(unsafe.Pointer(p)). */
  unsafeCasts: string[];
}

function stringValue(n: SyntaxNode | null): string {
  if (!n) return '';
  const t = n.text;
  return t.length >= 2 ? t.slice(1, -1) : t;
}

export function lastPathElement(p: string): string {
  const parts = p.split('/');
  let last = parts[parts.length - 1];
  // gopkg.in/yaml.v3 -> yaml; example.com/mod/v2 -> mod
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[^A-Za-z0-9_]/g, '_');
}

const INTEGER_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune']);

/** The source text of a node: its own, or (for a skeleton's tree) the full text's at the same place. */
export type NodeText = (n: SyntaxNode) => string;
const nodeText: NodeText = (n) => n.text;


export function convertConst(n: SyntaxNode | null, src: NodeText = nodeText): ConstExpr {
  if (!n) return { k: 'unknown', text: '' };
  switch (n.type) {
    case 'int_literal': {
      const t = n.text.replace(/_/g, '');
      try {
        if (/^0[0-7]+$/.test(t)) return { k: 'int', v: BigInt('0o' + t.slice(1)) };
        return { k: 'int', v: BigInt(t) };
      } catch { return { k: 'unknown', text: src(n) }; }
    }
    case 'iota': return { k: 'iota' };
    case 'identifier': return n.text === 'iota' ? { k: 'iota' } : { k: 'ident', name: n.text };
    case 'selector_expression': {
      const op = n.childForFieldName('operand'), f = n.childForFieldName('field');
      if (op?.type === 'identifier' && f) return { k: 'ident', pkg: op.text, name: f.text };
      return { k: 'unknown', text: src(n) };
    }
    case 'parenthesized_expression': return convertConst(codeChildren(n)[0] ?? null, src);
    case 'call_expression': {
      // Conversions of constants to integer types keep the value: uintptr(0), int64(N).
      const fn = n.childForFieldName('function');
      const args = codeChildren(n.childForFieldName('arguments'));
      if (fn && INTEGER_TYPES.has(fn.text) && args.length === 1) return { k: 'convert', type: fn.text, x: convertConst(args[0] ?? null, src) };
      return { k: 'unknown', text: src(n) };
    }
    case 'binary_expression':
      return { k: 'binary', op: n.childForFieldName('operator')?.text ?? '', l: convertConst(n.childForFieldName('left'), src), r: convertConst(n.childForFieldName('right'), src) };
    case 'unary_expression':
      return { k: 'unary', op: n.childForFieldName('operator')?.text ?? '', x: convertConst(n.childForFieldName('operand'), src) };
    default: return { k: 'unknown', text: src(n) };
  }
}

/**
 * Type literals nested deeper than this are not read: the struct is unresolved with that reason. The
 * reading, and every walk over its result, recurses once per level, so the input must not decide the
 * depth of the stack; real code nests type literals a few levels deep.
 */
export const MAX_TYPE_NESTING = 100;
const TOO_DEEP_REASON = `type literals nested more than ${MAX_TYPE_NESTING} levels deep are not read`;

/** A part too deep to read makes the whole field type unreadable (so no level keeps its long text). */
const tooDeep = (t: TypeExpr) => t.k === 'invalid' && t.reason === TOO_DEEP_REASON;

export function convertType(n: SyntaxNode | null, src: NodeText = nodeText, depth = 0): TypeExpr {
  const t = convertTypeAt(n, src, depth);
  if (depth === 0 || t.k === 'invalid') return t;
  const parts = t.k === 'struct' ? t.struct.fields.map((f) => f.type) : t.k === 'array' ? [t.elem]
    : t.k === 'pointer' ? (t.target ? [t.target] : []) : t.k === 'named' ? t.args ?? [] : [];
  return parts.some(tooDeep) ? { k: 'invalid', text: '', reason: TOO_DEEP_REASON } : t;
}

function convertTypeAt(n: SyntaxNode | null, src: NodeText, depth: number): TypeExpr {
  if (!n) return { k: 'invalid', text: '' };
  if (depth > MAX_TYPE_NESTING) return { k: 'invalid', text: '', reason: TOO_DEEP_REASON };
  const sub = (c: SyntaxNode | null) => convertType(c, src, depth + 1);
  switch (n.type) {
    case 'type_identifier': return { k: 'named', name: n.text };
    case 'qualified_type':
      return { k: 'named', pkg: n.childForFieldName('package')?.text, name: n.childForFieldName('name')?.text ?? '' };
    case 'generic_type': {
      const base = sub(n.childForFieldName('type'));
      const args = codeChildren(n.childForFieldName('type_arguments'))
        .map((a) => sub(a.type === 'type_elem' ? codeChildren(a)[0] ?? null : a));
      return base.k === 'named' ? { ...base, args } : tooDeep(base) ? base : { k: 'invalid', text: src(n) };
    }
    case 'pointer_type': return { k: 'pointer', target: sub(codeChildren(n)[0] ?? null) };
    case 'map_type': case 'channel_type': case 'function_type': return { k: 'pointer' };
    case 'slice_type': return { k: 'slice' };
    case 'interface_type': return { k: 'interface' };
    case 'array_type':
      return { k: 'array', len: convertConst(n.childForFieldName('length'), src), elem: sub(n.childForFieldName('element')) };
    case 'implicit_length_array_type': return { k: 'invalid', text: src(n) };
    case 'struct_type': return { k: 'struct', struct: convertStruct(n, src, depth) };
    case 'parenthesized_type': return sub(codeChildren(n)[0] ?? null);
    case 'type_elem': return sub(codeChildren(n)[0] ?? null);
    default: return { k: 'invalid', text: src(n) };
  }
}

function convertStruct(n: SyntaxNode, src: NodeText, depth: number): StructSyntax {
  const list = n.namedChildren.find((c) => c?.type === 'field_declaration_list') ?? null;
  const fields: FieldSyntax[] = [];
  for (const f of list?.namedChildren ?? []) {
    if (!f || f.type !== 'field_declaration') continue;
    const names = f.childrenForFieldName('name').filter((x): x is SyntaxNode => !!x && x.isNamed).map((x) => x.text);
    const typeNode = f.childForFieldName('type');
    const tag = f.childForFieldName('tag');
    // tree-sitter-go leaves the `*` of an embedded `*T` outside the type node.
    const embeddedPointer = names.length === 0 && f.children.some((c) => c?.type === '*');
    const type = convertType(typeNode, src, depth + 1);
    fields.push({
      names, embedded: names.length === 0, type: embeddedPointer ? { k: 'pointer', target: type } : type,
      typeText: tooDeep(type) ? '' : (embeddedPointer ? '*' : '') + (typeNode ? src(typeNode) : ''),
      tag: tag?.text, start: f.startIndex, end: f.endIndex,
    });
  }
  return {
    start: n.startIndex, end: n.endIndex,
    bodyStart: list ? list.startIndex + 1 : n.endIndex, bodyEnd: list ? list.endIndex - 1 : n.endIndex,
    fields,
  };
}


export function emptySyntax(hasErrors: boolean): GoFileSyntax {
  return {
    packageName: '', imports: new Map(), types: [], consts: [], importsC: false, generated: false, bodyless: [], topLevelNames: [], topLevelError: false,
    hasErrors, usesBinaryRW: false,
  };
}

/** What the whole text decides: a generated-file marker, and calls of encoding/binary. */
function finishSyntax(out: GoFileSyntax, text: string): GoFileSyntax {
  const pkgIdx = /^package\s/m.exec(text)?.index ?? text.length;
  out.generated = hasGeneratedMarker(text.slice(0, pkgIdx));
  const binaryName = [...out.imports].find(([, p]) => p === 'encoding/binary')?.[0];
  if (binaryName && new RegExp(`\\b${binaryName}\\.(Read|Write|Size|Append|Encode|Decode)\\(`).test(text)) out.usesBinaryRW = true;
  return out;
}

/**
 * The declarations of a file from its tree: the full tree, or the tree of its skeleton (see
 * skeleton.ts; offsets are then the skeleton's). `text` is the full text.
 */
export function extractGoFile(tree: Tree, text: string, src: NodeText = nodeText): GoFileSyntax {
  const root = tree.rootNode;
  const out = emptySyntax(root.hasError);
  for (const top of root.namedChildren) if (top) addDeclaration(top, src, out);
  return finishSyntax(out, text);
}

/** Adds what one top-level node declares to `out`. */
function addDeclaration(top: SyntaxNode, src: NodeText, out: GoFileSyntax): void {
  // var and const names: the specs of the declaration, directly or inside its spec list (not nested ones).
  const specNames = (node: SyntaxNode) => {
    for (const c of node.namedChildren) {
      if (c && /_spec_list$/.test(c.type)) specNames(c);
      else if (c && /_spec$/.test(c.type)) for (const n of c.childrenForFieldName('name')) if (n?.isNamed) out.topLevelNames.push(n.text);
    }
  };
  if (top.type === 'ERROR') out.topLevelError = true;
  if (top.type === 'var_declaration' || top.type === 'const_declaration') specNames(top);
  switch (top.type) {
    case 'package_clause': out.packageName = codeChildren(top)[0]?.text ?? ''; break;
    case 'import_declaration':
      for (const spec of top.descendantsOfType('import_spec')) {
        if (!spec) continue;
        const p = stringValue(spec.childForFieldName('path'));
        const name = spec.childForFieldName('name')?.text;
        if (p === 'C') { out.importsC = true; continue; }
        if (name === '_' || name === '.') continue;
        out.imports.set(name ?? lastPathElement(p), p);
      }
      break;
    case 'type_declaration':
      for (const spec of top.namedChildren) {
        if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
        const nameNode = spec.childForFieldName('name');
        if (!nameNode) continue;
        out.topLevelNames.push(nameNode.text);
        const params = spec.childForFieldName('type_parameters');
        const typeParams = (params?.namedChildren ?? []).flatMap((d) =>
          (d?.childrenForFieldName('name') ?? []).filter((x): x is SyntaxNode => !!x && x.isNamed).map((x) => x.text));
        out.types.push({
          name: nameNode.text, alias: spec.type === 'type_alias', typeParams,
          type: convertType(spec.childForFieldName('type'), src),
          nameStart: nameNode.startIndex, nameEnd: nameNode.endIndex, line: nameNode.startPosition.row,
        });
      }
      break;
    case 'const_declaration': {
      let iota = 0;
      let prev: ConstExpr[] = [];
      for (const spec of top.namedChildren) {
        if (!spec || spec.type !== 'const_spec') continue;
        const names = spec.childrenForFieldName('name').filter((x): x is SyntaxNode => !!x && x.isNamed).map((x) => x.text);
        const value = spec.childForFieldName('value');
        const exprs = value ? codeChildren(value).map((e) => convertConst(e, src)) : prev;
        if (value) prev = exprs;
        names.forEach((name, i) => out.consts.push({ name, expr: exprs[i] ?? { k: 'unknown', text: '' }, iota }));
        iota++;
      }
      break;
    }
    case 'function_declaration': {
      const n = top.childForFieldName('name');
      if (!n) break;
      out.topLevelNames.push(n.text);
      if (!top.childForFieldName('body')) out.bodyless.push({ name: n.text, start: n.startIndex, end: n.endIndex });
      break;
    }
  }
}

/** Applies `at` to every offset of a type declaration (its name and any struct literal inside). */
export function mapTypeDeclOffsets(d: TypeDeclSyntax, at: (offset: number) => number): void {
  const struct = (s: StructSyntax) => {
    s.start = at(s.start); s.end = at(s.end); s.bodyStart = at(s.bodyStart); s.bodyEnd = at(s.bodyEnd);
    for (const f of s.fields) { f.start = at(f.start); f.end = at(f.end); type(f.type); }
  };
  const type = (t: TypeExpr | undefined) => {
    if (!t) return;
    if (t.k === 'struct') struct(t.struct);
    else if (t.k === 'array') type(t.elem);
    else if (t.k === 'pointer') type(t.target);
    else if (t.k === 'named') t.args?.forEach(type);
  };
  d.nameStart = at(d.nameStart); d.nameEnd = at(d.nameEnd); type(d.type);
}

/**
 * extractGoFile for the editor: what each top-level declaration adds is remembered by its text, with
 * offsets and lines relative to the declaration, so after an edit only the declaration that changed
 * is read from the tree; the others are copied and moved to where they now are. The same result as
 * extractGoFile; `memo` keeps at most `maxEntries`.
 */
export function extractGoFileByDeclaration(tree: Tree, text: string, memo: DeclarationMemo<GoFileSyntax>, maxEntries = 4000): GoFileSyntax {
  const out = emptySyntax(tree.rootNode.hasError);
  const typeIds: number[] = [];
  let headerEnd = -1;
  for (const { node: top, text: topText, type } of topLevelOf(tree, text)) {
    const start = top.startIndex, row = top.startPosition.row;
    if (headerEnd < 0) headerEnd = start;
    const { value: part, id } = recall(memo, topText, type, maxEntries, () => {
      // Stored relative to the declaration (and detached, see recall).
      const p = emptySyntax(false);
      addDeclaration(top, nodeText, p);
      for (const t of p.types) { mapTypeDeclOffsets(t, (o) => o - start); t.line -= row; }
      for (const b of p.bodyless) { b.start -= start; b.end -= start; }
      return p;
    });
    if (part.packageName) out.packageName = part.packageName;
    for (const [name, p] of part.imports) out.imports.set(name, p);
    out.importsC ||= part.importsC;
    out.topLevelError ||= part.topLevelError;
    out.topLevelNames.push(...part.topLevelNames);
    out.consts.push(...part.consts); // no offsets: shared as they are
    for (const t of part.types) {
      const copy = structuredClone(t);
      mapTypeDeclOffsets(copy, (o) => o + start);
      copy.line += row;
      out.types.push(copy);
    }
    for (const b of part.bodyless) out.bodyless.push({ name: b.name, start: b.start + start, end: b.end + start });
    if (type !== 'function_declaration' && type !== 'method_declaration') typeIds.push(id);
  }
  out.typesKey = `${text.slice(0, headerEnd < 0 ? text.length : headerEnd)}\0${typeIds.join(',')}`;
  return finishSyntax(out, text);
}

interface TopLevel { node: SyntaxNode; text: string; type: string }
const topLevelByTree = new WeakMap<Tree, { text: string; tops: TopLevel[] }>();

/**
 * The top-level declarations of a tree (comments left out), read once per tree: both per-declaration
 * readings walk them, and sharing the text strings shares their hashes (V8 keeps a string's hash).
 */
function topLevelOf(tree: Tree, text: string): TopLevel[] {
  const hit = topLevelByTree.get(tree);
  if (hit && hit.text === text) return hit.tops;
  const tops: TopLevel[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node) continue;
    const type = node.type;
    if (type !== 'comment') tops.push({ node, text: node.text, type });
  }
  topLevelByTree.set(tree, { text, tops });
  return tops;
}

/**
 * Results per top-level declaration, by its text, with the tag (node type, names in scope) they were
 * made under: the text alone is the key, so a lookup hashes it without building a longer string.
 */
export type DeclarationMemo<T> = Map<string, MemoEntry<T>>;

/** A remembered result; `id` names the entry (text and tag) for as long as it is remembered. */
interface MemoEntry<T> { tag: string; value: T; id: number }
let nextEntryId = 0;

/** The memo's entry for this declaration text and tag, made (and stored) when there is none. */
function recall<T>(memo: DeclarationMemo<T>, text: string, tag: string, maxEntries: number, make: () => T): MemoEntry<T> {
  const hit = memo.get(text);
  if (hit && hit.tag === tag) return hit;
  // Keys and names are views into this version of the file's text: stored detached, so old versions can go.
  const entry = { tag, value: detachStrings(make()), id: nextEntryId++ };
  memo.delete(text);
  memo.set(detached(text), entry);
  if (memo.size > maxEntries) memo.delete(memo.keys().next().value!);
  return entry;
}

/**
 * findLayoutUses one top-level declaration at a time, remembering each one's result by its text (and
 * the file's name for unsafe): after an edit in the editor only the declaration that changed is walked
 * again. The same result as one walk of the whole tree; `memo` keeps at most `maxEntries`.
 */
export function findLayoutUsesByDeclaration(tree: Tree, text: string, imports: Map<string, string>, memo: DeclarationMemo<LayoutUses>, maxEntries = 4000): LayoutUses {
  const unsafeName = [...imports].find(([, p]) => p === 'unsafe')?.[0] ?? '';
  const out: LayoutUses = { positionalLiterals: [], offsetofFields: [], unsafeCasts: [] };
  for (const { node: top, text: topText } of topLevelOf(tree, text)) {
    const uses = recall(memo, topText, unsafeName, maxEntries, () => findLayoutUses(top, topText, imports)).value;
    out.positionalLiterals.push(...uses.positionalLiterals);
    out.offsetofFields.push(...uses.offsetofFields);
    out.unsafeCasts.push(...uses.unsafeCasts);
  }
  return out;
}

/**
 * T of the `(*T)` in a conversion `(*T)(unsafe.Pointer(p))`: in an expression tree-sitter reads `*T` as a
 * dereference of the identifier T (or of `pkg.T`), a pointer type only where the text is unambiguous (`*[4]T`).
 */
function pointedToName(inner: SyntaxNode | undefined): string | undefined {
  if (inner?.type === 'pointer_type') {
    const t = convertType(codeChildren(inner)[0] ?? null);
    return t.k === 'named' ? t.name : undefined;
  }
  if (inner?.type !== 'unary_expression' || inner.childForFieldName('operator')?.type !== '*') return undefined;
  const operand = inner.childForFieldName('operand');
  if (operand?.type === 'identifier') return operand.text;
  if (operand?.type === 'selector_expression' && operand.childForFieldName('operand')?.type === 'identifier') return operand.childForFieldName('field')?.text;
  return undefined;
}

/** The layout uses of a file (or of one declaration) from its full tree. */
export function findLayoutUses(root: SyntaxNode, text: string, imports: Map<string, string>): LayoutUses {
  const uses: LayoutUses = { positionalLiterals: [], offsetofFields: [], unsafeCasts: [] };
  const unsafeName = [...imports].find(([, p]) => p === 'unsafe')?.[0];
  // One walk of the tree collects both node types (each walk costs about a quarter of a parse).
  const wanted = [...(text.includes('{') ? ['composite_literal'] : []), ...(unsafeName ? ['call_expression'] : [])];
  const found = wanted.length ? root.descendantsOfType(wanted) : [];
  const literals = unsafeName ? found.filter((n) => n?.type === 'composite_literal') : found;
  const calls = unsafeName ? found.filter((n) => n?.type === 'call_expression') : [];
  const unkeyed = (body: SyntaxNode) => {
    const elems = body.namedChildren.filter((c) => c && c.type !== 'comment');
    return elems.length > 0 && !elems.some((c) => c?.type === 'keyed_element');
  };
  const namedOf = (t: SyntaxNode | null): { pkg?: string; name: string } | undefined => {
    const n = convertType(t?.type === 'generic_type' ? t.childForFieldName('type') : t);
    const target = n.k === 'pointer' && n.target ? n.target : n;
    return target.k === 'named' ? { pkg: target.pkg, name: target.name } : undefined;
  };
  for (const lit of literals) {
    const t = lit?.childForFieldName('type');
    const body = lit?.childForFieldName('body');
    if (!t || !body) continue;
    if (t.type === 'type_identifier' || t.type === 'qualified_type' || t.type === 'generic_type') {
      const named = namedOf(t);
      if (named && unkeyed(body)) uses.positionalLiterals.push(named);
      continue;
    }
    // Elided element types: []T{{1, 2}}, []*T{{1, 2}}, [N]T{...}, map[K]T{k: {1, 2}} are positional
    // literals of T. The first element decides (tables can be huge; their elements are uniform).
    const elem = t.type === 'map_type' ? t.childForFieldName('value')
      : t.type === 'slice_type' || t.type === 'array_type' || t.type === 'implicit_length_array_type' ? t.childForFieldName('element') : null;
    const elemNamed = elem ? namedOf(elem) : undefined;
    const first = elemNamed ? body.namedChildren.find((c) => c && c.type !== 'comment') : undefined;
    const value = first?.type === 'keyed_element' ? codeChildren(first).at(-1) : first;
    const inner = value?.type === 'literal_element' ? codeChildren(value)[0] : value;
    if (elemNamed && inner?.type === 'literal_value' && unkeyed(inner)) uses.positionalLiterals.push(elemNamed);
  }
  if (unsafeName) {
    for (const call of calls) {
      const fn = call?.childForFieldName('function');
      if (!call || !fn) continue;
      if (fn.type === 'selector_expression' && fn.text === `${unsafeName}.Offsetof`) {
        const arg = codeChildren(call.childForFieldName('arguments'))[0];
        const field = arg?.type === 'selector_expression' ? arg.childForFieldName('field')?.text : undefined;
        if (field) uses.offsetofFields.push(field);
      } else if (fn.type === 'parenthesized_expression' && call.childForFieldName('arguments')?.text.includes(`${unsafeName}.Pointer`)) {
        const name = pointedToName(codeChildren(fn)[0]);
        if (name) uses.unsafeCasts.push(name);
      }
    }
  }
  return uses;
}
