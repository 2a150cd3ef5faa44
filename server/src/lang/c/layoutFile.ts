// Public entry point: the layout of every struct/union in a C/C++ file, per target, plus what a reorder fix needs.
// Pure (reads files only through the FileSystem); the caller must have run `await initTreeSitter()`.
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import type { TargetId } from '../../core/targets';
import type { LayoutEntry } from '../../layout/contract';
import type { CRecord } from '../../layout/c/types';
import type { CFieldLayout } from '../../layout/c/layout';
import { LimitError } from '../../layout/c/limits';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { loadTranslationUnit, TargetScope, type ParsedFile, type RecordInfo } from './scope';
import { knownUnit, rememberUnit, unitKey } from './unitMemo';
import { lineIndexAt, MAX_OPEN_UNIT_FILES, MAX_TRANSLATION_UNIT_FILES, parentOf, sharedParse } from './translationUnit';

/** One member's place in a record: the layout engine's own field result. */
export type CFieldResult = CFieldLayout;

export interface CTargetLayout {
  target: TargetId;
  size: number | null;
  align: number | null;
  /** Size after sorting the members by alignment (equal to size when the record may not be reordered). */
  optimalSize: number | null;
  fields: CFieldResult[];
  unresolved: string | null;
  /** Member declaration indices (into CStructLayout.members) in the optimal order; null when not reorderable. */
  optimalOrder: number[] | null;
}

export interface CMemberDeclaration {
  /** Source range of the declaration including its leading comment lines and a trailing same-line comment. */
  start: number;
  end: number;
  fieldNames: string[];
}

export interface CStructLayout {
  name: string;
  file: string;
  /** 1-based line of the name. */
  line: number;
  nameStart: number;
  nameEnd: number;
  kind: 'struct' | 'union' | 'class';
  /** One per requested target on which the record is compiled (a record under `#ifdef __x86_64__` has none on arm64). */
  layouts: CTargetLayout[];
  reorderable: boolean;
  notReorderableReason?: string;
  /** Member declarations of the first target on which the record resolves. */
  members: CMemberDeclaration[];
}

export interface LayoutCFileInput {
  path: string;
  text: string;
  fs: FileSystem;
  targets: TargetId[];
  includeDirs?: string[];
  /** -D macros of the file's compile command (see compileFlagsFor): they make project #if's evaluable. */
  defines?: Map<string, string>;
  /** Whether `defines` is the file's whole command line (its compile_commands.json entry). */
  definesComplete?: boolean;
  /** -include files of the compile command (absolute paths, or names looked up in the include dirs), read first. */
  forcedIncludes?: string[];
}

interface EntrySeed {
  name: string;
  node: SyntaxNode;
  nameNode: SyntaxNode | null;
  /** Where the name is when it is not a node of its own (a typedef name after attribute macros). */
  nameRange?: { start: number; end: number };
  /** Nested entries inside a packed record are never reordered. */
  packedParent: boolean;
  /** A record that came out of a macro: reached from `node`'s record through these member names. */
  path?: string[];
}

const seedKey = (s: EntrySeed) => `${s.node.id}/${(s.path ?? []).join('/')}`;

/** The record type of a member (through arrays and _Atomic), when it is a record from a macro expansion. */
function macroRecordOf(f: CRecord['fields'][number]): CRecord | undefined {
  let t = f.type;
  while (t.kind === 'array' || t.kind === 'atomic') t = t.kind === 'array' ? t.elem : t.base;
  return t.kind === 'record' && t.record.fromMacro ? t.record : undefined;
}

function descend(rec: CRecord, path: string[]): CRecord | undefined {
  let r: CRecord | undefined = rec;
  for (const name of path) {
    const f: CRecord['fields'][number] | undefined = r?.fields.find((x) => x.name === name);
    r = f ? macroRecordOf(f) : undefined;
  }
  return r;
}

export function layoutCFile(input: LayoutCFileInput): CStructLayout[] {
  // A file that cannot define a record (prototypes, macros, `struct stat *` parameters) is not even parsed.
  if (!mayDefineRecord(input.text)) return [];
  const main = sharedParse(input.path, input.text);
  const seeds = topLevelSeeds(main);
  // Nothing to lay out (most C++ headers, files of prototypes): the headers are not read at all.
  if (!seeds.length) { main.delete(); return []; }
  const forced = input.forcedIncludes ?? [];
  // Only a unit with its whole command line can be closed (scope.ts): the larger cap pays off there.
  const maxFiles = input.definesComplete ? MAX_TRANSLATION_UNIT_FILES : MAX_OPEN_UNIT_FILES;
  const files = loadTranslationUnit(main, input.fs, input.includeDirs ?? [], maxFiles, forced);
  try {
    const key = unitKey(files, input);
    const known = key === undefined ? undefined : knownUnit<CStructLayout[]>(key);
    if (known) return known.map((s) => ({ ...s, file: input.path }));
    // An -include file that is not there could define anything: the command line no longer says it all.
    const complete = input.definesComplete && (main.includes ?? []).filter((i) => i.at === -1).length === forced.length;
    const scopes = input.targets.map((t) => new TargetScope(t, files, input.defines, complete));
    const out: CStructLayout[] = [];
    const queue: EntrySeed[] = [...seeds];
    const done = new Set<string>();
    while (queue.length) {
      const seed = queue.shift()!;
      if (done.has(seedKey(seed))) continue;
      done.add(seedKey(seed));
      let result: ReturnType<typeof layoutSeed>;
      try {
        result = layoutSeed(seed, main, scopes);
      } catch (e) {
        // One struct the engine trips over must not take the others (or the server) down: say so, guess nothing.
        result = internalErrorLayout(seed, main, input.targets, e);
      }
      if (!result) continue;
      out.push(result.layout);
      for (const n of result.nested) queue.push(n);
    }
    const lineOf = (s: CStructLayout) => s.line;
    out.sort((a, b) => lineOf(a) - lineOf(b) || a.name.localeCompare(b.name));
    if (key !== undefined) rememberUnit(key, out);
    return out;
  } finally {
    for (const f of files) f.delete();
  }
}

/**
 * Whether the text may hold a struct, union or class with a body. tree-sitter reads one only from the keyword, then
 * names, attributes and a base clause, then its '{': so a keyword whose next '{', ';' or '}' is not a '{' starts none.
 * A comment, string, character or directive before that (where a ';' would not count) makes the answer yes.
 */
export function mayDefineRecord(text: string): boolean {
  const keyword = /\b(?:struct|union|class)\b/g;
  const next = /[{;}/"'#]/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    next.lastIndex = keyword.lastIndex;
    const c = next.exec(text);
    if (!c) return false;
    if (c[0] !== ';' && c[0] !== '}') return true;
    keyword.lastIndex = next.lastIndex;
  }
  return false;
}

/** Named records and typedef'd anonymous records of the file (in C also named records nested in others). */
function topLevelSeeds(file: ParsedFile): EntrySeed[] {
  const seeds: EntrySeed[] = [];
  for (const r of file.records) {
    const nameNode = r.childForFieldName('name');
    if (nameNode) {
      // In C++ a record nested in a class is a member type, reported with its parent; C has one tag scope.
      if (file.lang === 'cpp' && file.nestedRecords.has(r.id)) continue;
      // A class template has no layout of its own (its instantiations do), nor has a specialization's name one name.
      if (file.lang === 'cpp' && (parentOf(file, r)?.type === 'template_declaration' || nameNode.type !== 'type_identifier')) continue;
      seeds.push({ name: cxxQualifier(file, r) + nameNode.text, node: r, nameNode, packedParent: false });
      continue;
    }
    const td = parentOf(file, r);
    if (td?.type === 'type_definition') {
      // The typedef name is the last identifier before the first ',' or ';' (earlier ones are attribute macros).
      const body = r.childForFieldName('body')!;
      let last: { start: number; end: number; v: string } | undefined;
      for (const m of file.text.slice(body.endIndex, td.endIndex).matchAll(/\b[A-Za-z_]\w*\b|[,;(\[]/g)) {
        if (/^[,;(\[]$/.test(m[0])) break;
        if (/^(__attribute__|__attribute|__declspec|_Alignas|alignas|const|volatile)$/.test(m[0])) continue;
        last = { start: body.endIndex + m.index!, end: body.endIndex + m.index! + m[0].length, v: m[0] };
      }
      const d = td.childrenForFieldName('declarator')[0];
      const id = d && identifierNode(d);
      const q = cxxQualifier(file, td);
      if (last) seeds.push({ name: q + last.v, node: r, nameNode: null, nameRange: { start: last.start, end: last.end }, packedParent: false });
      else if (id) seeds.push({ name: q + id.text, node: r, nameNode: id, packedParent: false });
    }
  }
  return seeds;
}

/** C++: the namespaces around a declaration, as its name is written from the global scope (`store::detail::`). */
function cxxQualifier(file: ParsedFile, node: SyntaxNode): string {
  if (file.lang !== 'cpp') return '';
  let q = '';
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'namespace_definition') continue;
    const name = p.childForFieldName('name');
    if (name) q = `${name.text.replace(/\s+/g, '')}::${q}`;
  }
  return q;
}

/** The name at the bottom of a declarator chain (a loop: declarators nest as deep as the text says). */
function identifierNode(n: SyntaxNode): SyntaxNode | null {
  for (let d: SyntaxNode | null = n; d; d = d.childForFieldName('declarator')) {
    if (d.type === 'type_identifier' || d.type === 'identifier') return d;
  }
  return null;
}

function lineAt(file: ParsedFile, offset: number): number { return lineIndexAt(file, offset) + 1; }

function layoutSeed(seed: EntrySeed, main: ParsedFile, scopes: TargetScope[]): { layout: CStructLayout; nested: EntrySeed[] } | undefined {
  const layouts: CTargetLayout[] = [];
  let members: CMemberDeclaration[] | undefined;
  const nested = new Map<string, EntrySeed>();
  let anyActive = false;
  const reasons = new Set<string>();
  let kind: CStructLayout['kind'] = 'struct';
  let macroOffset: number | undefined;
  for (const scope of scopes) {
    const cond = scope.condition(main);
    const act = cond.isActive(seed.node.startIndex);
    if (act === false) continue; // the record does not exist on this target
    anyActive = true;
    if (act === 'unknown') {
      const region = cond.regionAt(seed.node.startIndex);
      const ids = region?.unknownIdentifiers?.length ? region.unknownIdentifiers.join(', ') : region?.condition ?? 'a condition';
      layouts.push(unresolvedLayout(scope.target, `the definition is under #if ${ids} which cannot be evaluated`));
      reasons.add('unresolved');
      continue;
    }
    const outer = scope.recordInfo(seed.node, main);
    const rec = seed.path ? descend(outer.record, seed.path) : outer.record;
    if (!rec) continue;
    kind = rec.kind;
    const r = scope.engine.layout(rec);
    if ('unresolved' in r) {
      layouts.push(unresolvedLayout(scope.target, r.unresolved));
      reasons.add('unresolved');
      continue;
    }
    const packedParent = seed.packedParent || !!rec.packed || !!rec.pack;
    // Anonymous records written by macros: nested entries reached by member path.
    for (const f of rec.fields) {
      if (!macroRecordOf(f)) continue;
      const n: EntrySeed = { name: `${seed.name}.${f.name}`, node: seed.node, nameNode: null, packedParent, path: [...(seed.path ?? []), f.name] };
      if (!nested.has(seedKey(n))) nested.set(seedKey(n), n);
    }
    if (seed.path) {
      macroOffset ??= rec.sourceOffset;
      reasons.add('defined by a macro');
      layouts.push({ target: scope.target, size: r.size, align: r.align, optimalSize: r.size, fields: r.fields.map((f) => ({ ...f })), unresolved: null, optimalOrder: null });
      continue;
    }
    const info = outer;
    members ??= memberDeclarations(info, main.text);
    for (const n of info.nested) {
      const e: EntrySeed = { name: `${seed.name}.${n.fieldName}`, node: n.node, nameNode: null, packedParent };
      if (!nested.has(seedKey(e))) nested.set(seedKey(e), e);
    }
    const notReorderable = notReorderableReason(info, r, seed.packedParent);
    if (notReorderable) reasons.add(notReorderable);
    // The optimal size is reported even when the fix cannot move declarations (members under #if).
    const optimal = notReorderable ? undefined : scope.engine.optimalOrder(info.record);
    const movable = !info.hasConditionalMembers && !info.membersFromMacro;
    const order = optimal && movable ? declarationOrder(info, optimal.order, r.members) : null;
    if (optimal && info.membersFromMacro) reasons.add('members written by a macro');
    else if (optimal && info.hasConditionalMembers) reasons.add('members under #if');
    else if (optimal && !order) reasons.add('a declaration declares members of different alignments');
    layouts.push({
      target: scope.target, size: r.size, align: r.align, optimalSize: optimal?.size ?? r.size,
      fields: r.fields.map((f) => ({ ...f })), unresolved: null, optimalOrder: order,
    });
  }
  if (!anyActive) return undefined;
  const nameNode = seed.nameNode;
  const nameStart = seed.nameRange?.start ?? nameNode?.startIndex ?? macroOffset ?? seed.node.startIndex;
  const reason = [...reasons][0];
  return {
    layout: {
      name: seed.name, file: main.path, line: lineAt(main, nameStart),
      nameStart, nameEnd: seed.nameRange?.end ?? nameNode?.endIndex ?? seed.node.startIndex + (kind === 'union' ? 5 : 6), kind,
      layouts, reorderable: !reason, ...(reason ? { notReorderableReason: reason } : {}), members: members ?? [],
    },
    nested: [...nested.values()],
  };
}

function internalErrorLayout(seed: EntrySeed, main: ParsedFile, targets: TargetId[], e: unknown): { layout: CStructLayout; nested: EntrySeed[] } {
  // Input nested past a limit is a reason of its own, not an internal error.
  const reason = e instanceof LimitError ? e.message : `internal error while computing the layout: ${e instanceof Error ? e.message : String(e)}`;
  const start = seed.nameRange?.start ?? seed.nameNode?.startIndex ?? seed.node.startIndex;
  return {
    layout: {
      name: seed.name, file: main.path, line: lineAt(main, start), nameStart: start,
      nameEnd: seed.nameRange?.end ?? seed.nameNode?.endIndex ?? start + 6, kind: seed.node.type === 'union_specifier' ? 'union' : 'struct',
      layouts: targets.map((t) => unresolvedLayout(t, reason)), reorderable: false, notReorderableReason: 'unresolved', members: [],
    },
    nested: [],
  };
}

function unresolvedLayout(target: TargetId, reason: string): CTargetLayout {
  return { target, size: null, align: null, optimalSize: null, fields: [], unresolved: reason, optimalOrder: null };
}

function notReorderableReason(info: RecordInfo, r: { hasBitFields: boolean; hasFlexibleArray: boolean }, packedParent: boolean): string | undefined {
  const rec: CRecord = info.record;
  if (rec.kind === 'union') return 'union';
  if (rec.bases?.length) return 'base classes';
  if (rec.dynamic) return 'virtual functions';
  if (rec.packed || rec.fields.some((f) => f.packed)) return 'packed';
  if (rec.pack) return '#pragma pack';
  if (packedParent) return 'inside a packed record';
  if (r.hasBitFields) return 'bit-fields';
  if (r.hasFlexibleArray) return 'flexible array member';
  return undefined;
}

/** Maps the field-level optimal order to declarations; undefined when a declaration would have to be split. */
function declarationOrder(info: RecordInfo, fieldOrder: number[], members: { align: number }[]): number[] | null {
  // `char c, *p;` cannot move as one unit without changing the optimum.
  for (let i = 1; i < info.fieldDecl.length; i++) {
    if (info.fieldDecl[i] === info.fieldDecl[i - 1] && members[i].align !== members[i - 1].align) return null;
  }
  const out: number[] = [];
  const placed = new Set<number>();
  for (const fi of fieldOrder) {
    const d = info.fieldDecl[fi];
    if (out[out.length - 1] === d) continue;
    if (placed.has(d)) return null;
    out.push(d);
    placed.add(d);
  }
  // Declarations without fields (none expected) keep their place at the end.
  return out;
}

function memberDeclarations(info: RecordInfo, text: string): CMemberDeclaration[] {
  const fieldNames: string[][] = info.declarations.map(() => []);
  info.record.fields.forEach((f, fi) => fieldNames[info.fieldDecl[fi]]?.push(f.name));
  return info.declarations.map((d, i) => {
    const { kids, index } = info.siblings[i];
    let start = d.startIndex;
    // Leading comments directly above (no blank line between).
    for (let k = index - 1, p = kids[k]; p && p.type === 'comment'; p = kids[--k]) {
      const between = text.slice(p.endIndex, start);
      if (/\n\s*\n/.test(between) || !/\n/.test(between)) break;
      // A comment after code on its line is that code's trailing comment, not this member's doc.
      const lineStart = text.lastIndexOf('\n', p.startIndex - 1) + 1;
      if (text.slice(lineStart, p.startIndex).trim() !== '') break;
      start = p.startIndex;
    }
    let end = d.endIndex;
    const next = kids[index + 1];
    if (next && next.type === 'comment' && !/\n/.test(text.slice(end, next.startIndex))) end = next.endIndex;
    return { start, end, fieldNames: fieldNames[i] };
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** One `layout --json` struct entry (architecture.md), the same shape the C oracle prints. */
export type LayoutContractEntry = LayoutEntry & { language: 'c'; kind?: 'union' };

/** Converts results to contract entries; `relativeTo` makes `file` relative (the oracle's files are). */
export function toLayoutContract(results: CStructLayout[], relativeTo?: string): LayoutContractEntry[] {
  const out: LayoutContractEntry[] = [];
  for (const s of results) {
    for (const l of s.layouts) {
      out.push({
        name: s.name, language: 'c', file: relativeTo ? path.relative(relativeTo, s.file) : s.file, line: s.line, target: l.target,
        size: l.size, align: l.align, optimalSize: l.optimalSize, fields: l.fields, unresolved: l.unresolved,
        ...(s.kind === 'union' ? { kind: 'union' as const } : {}),
      });
    }
  }
  return out;
}
