// Shared YAML access for every YAML rule: one parse per file (ctx.memo), exact ranges from the `yaml`
// package, and small helpers to read maps and build comment-preserving text edits.
import { Composer, isMap, isPair, isScalar, isSeq, parseAllDocuments, Parser, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq, type Scalar } from 'yaml';
import type { TextEdit } from '../../core/types';
import { LineIndex } from '../../parsing/positions';

export { isMap, isPair, isScalar, isSeq };
export type { Node, Pair, YAMLMap, YAMLSeq, Scalar, Document };

export interface YamlFile {
  /** Documents that parsed without errors (a broken document is skipped, never guessed at). */
  docs: Document.Parsed[];
  /** True when the file is a Helm/Go template (`{{ }}`) and was not parsed. */
  template: boolean;
}

interface MemoCtx { text: string; path: string; memo<T>(key: string, compute: () => T): T; log(message: string): void }

/** Go template actions (`{{ .Values.x }}`, `{{- if }}`, `{{.X}}`) outside comments. */
const TEMPLATE = /^[^#\n]*(?<!\$)\{\{[-\s.$/a-zA-Z]/m;
/** CI files carry `${{ }}` expressions and Go templates inside scripts; they are YAML. */
const CI_PATH = /[\\/]\.github[\\/]workflows[\\/]|(^|[\\/])\.gitlab-ci\.ya?ml$/;
/** Files of a Helm chart's templates/ folder are templates even when they happen to parse. */
const HELM_TEMPLATES_DIR = /(^|[\\/])templates[\\/][^\\/]+\.ya?ml$/;

const PARSE_OPTIONS = { keepSourceTokens: true, uniqueKeys: false } as const;

export function yamlFile(ctx: MemoCtx): YamlFile {
  return ctx.memo('yaml:documents', () => {
    const isCi = CI_PATH.test(ctx.path);
    const hasTemplate = !isCi && TEMPLATE.test(ctx.text);
    const skip = (): YamlFile => {
      ctx.log(`${ctx.path}: Go/Helm template ({{ }}) that is not plain YAML; YAML rules skip this file`);
      return { docs: [], template: true };
    };
    if (hasTemplate && HELM_TEMPLATES_DIR.test(ctx.path)) return skip();
    let docs: Document.Parsed[] = [];
    let lines: LineIndex | undefined;
    const tooDeep = (offset: number) => {
      lines ??= new LineIndex(ctx.text);
      ctx.log(`${ctx.path}: the YAML document at line ${lines.lineColAt(offset).line} nests too deeply for the YAML parser; YAML rules skip that document`);
    };
    try {
      docs = parseAllDocuments(ctx.text, PARSE_OPTIONS) as Document.Parsed[];
      if (!Array.isArray(docs)) docs = [];
    } catch (e) {
      // The parser recurses per nesting level: a document nested too deeply overflows the stack. Parse the
      // documents one by one so only that one is lost.
      docs = e instanceof RangeError ? documentsApart(ctx.text, tooDeep) : [];
    }
    // Template markers that break the YAML: the file is a template, and guessing at its documents would mislead.
    // Markers inside strings of valid YAML (Prometheus alert annotations, Argo parameters) are just text.
    if (hasTemplate && docs.some((d) => d.errors.length > 0)) return skip();
    // The composer stops at its own depth limit with a RESOURCE_EXHAUSTION error: say so, not just skip.
    for (const d of docs) if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) tooDeep(d.range?.[0] ?? 0);
    return { docs: docs.filter((d) => d.errors.length === 0 && d.contents !== null), template: false };
  });
}

/**
 * The documents of a stream parsed one at a time (split at `---` and `...` lines, which always mark
 * documents), with node ranges still counted from the start of the file. `lost(offset)` hears of each
 * document the parser cannot take.
 */
function documentsApart(text: string, lost: (offset: number) => void): Document.Parsed[] {
  const starts = [0];
  for (const m of text.matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)) if (m.index! > 0) starts.push(m.index!);
  const out: Document.Parsed[] = [];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    try {
      const parser = new Parser();
      parser.offset = start; // token offsets, and so node ranges, are file offsets
      for (const d of new Composer(PARSE_OPTIONS).compose(parser.parse(text.slice(start, end)))) out.push(d as Document.Parsed);
    } catch (e) {
      if (e instanceof RangeError) lost(start);
    }
  });
  return out;
}

/** The pair of a map with a given (scalar) key. */
export function pairOf(map: unknown, key: string): Pair<Scalar, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isScalar(p.key) && String(p.key.value) === key) return p as Pair<Scalar, Node | null>;
  return undefined;
}

export function get(map: unknown, key: string): Node | null | undefined {
  return pairOf(map, key)?.value as Node | null | undefined;
}

export function getIn(map: unknown, keys: string[]): Node | null | undefined {
  let cur: unknown = map;
  for (const k of keys) { cur = get(cur, k); if (cur === undefined || cur === null) return cur as undefined; }
  return cur as Node;
}

/** The string form of a scalar (numbers and booleans as written in YAML semantics), else undefined. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function rangeOf(node: Node): { start: number; end: number } {
  const r = node.range!;
  return { start: r[0], end: r[1] };
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** Columns of indentation of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** End of the last non-blank, non-comment-only content of a node: its value end (range[1]). */
function contentEnd(node: Node | null | undefined, fallback: number): number {
  return node?.range ? node.range[1] : fallback;
}

/**
 * An edit deleting a pair of a block map (its whole lines, trailing comment on those lines included).
 * Returns undefined for flow maps or pairs that share a line with siblings (not safely deletable by lines).
 */
export function removePairEdit(text: string, map: YAMLMap, pair: Pair, index?: number): TextEdit | undefined {
  if (map.flow) return removeFlowItemEdit(text, map, pair, index);
  const key = pair.key as Node;
  if (!key?.range) return undefined;
  const start = lineStart(text, key.range[0]);
  if (text.slice(start, key.range[0]).trim() !== '') {
    // `- key: v` (first pair of a seq item map) — only deletable if it is the only pair.
    return undefined;
  }
  const last = Math.max(key.range[1], contentEnd(pair.value as Node, key.range[1]));
  return { start, end: lineEnd(text, last - 1), newText: '' };
}

/**
 * Removes one item of a flow collection (`{a: 1, b: 2}` or `[a, b]`) with its separating comma. Callers
 * going through all items pass the item's index (looking it up per item would cost the square of their number).
 */
export function removeFlowItemEdit(_text: string, coll: YAMLMap | YAMLSeq, item: unknown, index?: number): TextEdit | undefined {
  const items = coll.items as unknown[];
  const i = index !== undefined && items[index] === item ? index : items.indexOf(item);
  if (i < 0) return undefined;
  const span = (it: unknown): [number, number] | undefined => {
    if (isPair(it)) {
      const k = it.key as Node, v = it.value as Node | null;
      if (!k?.range) return undefined;
      return [k.range[0], v?.range ? v.range[1] : k.range[1]];
    }
    const n = it as Node;
    return n?.range ? [n.range[0], n.range[1]] : undefined;
  };
  const cur = span(item);
  if (!cur) return undefined;
  if (items.length === 1) return { start: cur[0], end: cur[1], newText: '' };
  if (i < items.length - 1) {
    const next = span(items[i + 1]);
    if (!next) return undefined;
    return { start: cur[0], end: next[0], newText: '' };
  }
  const prev = span(items[i - 1]);
  if (!prev) return undefined;
  return { start: prev[1], end: cur[1], newText: '' };
}

/** Deletes a block sequence item (the `- ...` lines). */
export function removeSeqItemEdit(text: string, seq: YAMLSeq, item: Node, index?: number): TextEdit | undefined {
  if (seq.flow) return removeFlowItemEdit(text, seq, item, index);
  if (!item.range) return undefined;
  const start = lineStart(text, item.range[0]);
  if (!/^[ \t]*-[ \t]*$/.test(text.slice(start, item.range[0]))) return undefined;
  return { start, end: lineEnd(text, Math.max(item.range[0], item.range[1] - 1)), newText: '' };
}

/** One step down a YAML tree: a collection and the index of the item that leads on. */
export interface YamlStep { coll: YAMLMap | YAMLSeq; index: number }

/** The steps from a map down a path of keys, or undefined when a key is missing. */
export function stepsTo(map: YAMLMap, keys: string[]): YamlStep[] | undefined {
  const steps: YamlStep[] = [];
  let cur: unknown = map;
  for (const k of keys) {
    if (!isMap(cur)) return undefined;
    const index = cur.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === k);
    if (index < 0) return undefined;
    steps.push({ coll: cur, index });
    cur = cur.items[index].value;
  }
  return steps;
}

/**
 * Removes the item the last step leads to and every collection that removal empties, so that no empty key
 * (`featureGates:` with nothing under it) is left: what is removed is the item of the innermost collection that
 * keeps another one. Comments on the removed item's own lines go with it; the other comments of the removed lines
 * stay (a comment after an emptied key stays as a comment line). Undefined when that cannot be done: the document
 * would be emptied, the item is not deletable by lines, or a comment could not be kept.
 */
export function removeItemEdit(text: string, steps: YamlStep[]): TextEdit | undefined {
  let k = steps.length - 1;
  while (k >= 0 && steps[k].coll.items.length === 1) k--;
  if (k < 0) return undefined;
  const { coll, index } = steps[k];
  const item = coll.items[index];
  const base = isMap(coll) ? removePairEdit(text, coll, item as Pair, index) : removeSeqItemEdit(text, coll, item as Node, index);
  if (!base) return undefined;
  const newText = k === steps.length - 1 ? '' : keptComments(text, base, steps.slice(k));
  if (newText === undefined) return undefined;
  return { ...base, newText, removesItemOf: { collection: `yaml@${coll.range?.[0]}`, items: coll.items.length } };
}

/** The comment lines to keep when `removal` deletes the item `steps` leads to together with its emptied parents. */
function keptComments(text: string, removal: TextEdit, steps: YamlStep[]): string | undefined {
  const removed = text.slice(removal.start, removal.end);
  const last = steps[steps.length - 1];
  const span = itemSpan(last.coll.items[last.index]);
  if (!span) return undefined;
  // A flow collection is removed as text, not lines: only a removal without comments is safe.
  if (isMap(steps[0].coll) ? steps[0].coll.flow : steps[0].coll.flow) return /#/.test(removed) && removed.includes('\n') ? undefined : '';
  const ownFrom = lineStart(text, span[0]), ownTo = lineEnd(text, Math.max(span[0], span[1] - 1));
  // Lines of the parents' keys (`featureGates:`), by line start: the key ends where its `:` follows.
  const keyLines = new Map<number, number>();
  for (const st of steps.slice(0, -1)) {
    const p = st.coll.items[st.index];
    if (!isPair(p) || !(p.key as Node)?.range) return undefined;
    const keyEnd = (p.key as Node).range![1];
    keyLines.set(lineStart(text, keyEnd), keyEnd);
  }
  let kept = '';
  for (let at = removal.start; at < removal.end;) {
    const end = lineEnd(text, at);
    const line = text.slice(at, end);
    if (at >= ownFrom && end <= ownTo) { at = end; continue; }
    if (/^\s*#/.test(line)) kept += line;
    else if (line.trim() !== '') {
      const keyEnd = keyLines.get(at);
      const rest = keyEnd !== undefined ? /^[ \t]*:[ \t]*(#.*)?\r?\n?$/.exec(text.slice(keyEnd, end)) : null;
      if (!rest) return undefined;
      if (rest[1]) kept += indentAt(text, at) + rest[1] + (line.endsWith('\n') ? (line.endsWith('\r\n') ? '\r\n' : '\n') : '');
    }
    at = end;
  }
  return kept;
}

/** From the start of an item (a pair's key, a list item) to the end of its value. */
function itemSpan(it: unknown): [number, number] | undefined {
  if (isPair(it)) {
    const k = it.key as Node, v = it.value as Node | null;
    return k?.range ? [k.range[0], Math.max(k.range[1], v?.range ? v.range[1] : 0)] : undefined;
  }
  const n = it as Node;
  return n?.range ? [n.range[0], n.range[1]] : undefined;
}

/** Replaces a scalar's source text, keeping its quoting style when it was quoted. */
export function replaceScalarEdit(text: string, node: Scalar, value: string): TextEdit {
  const [s, e] = node.range!;
  const raw = text.slice(s, e);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  return { start: s, end: e, newText: q + value + q };
}

/**
 * Inserts `key: value` into a block map right after the line of `after` (a pair of that map), at the
 * map's indentation. Returns undefined for flow maps.
 */
export function insertPairAfterEdit(text: string, map: YAMLMap, after: Pair, line: string): TextEdit | undefined {
  if (map.flow) return undefined;
  const key = after.key as Node;
  const v = after.value as Node | null;
  if (!key?.range) return undefined;
  // Indentation of the map's keys = column of the first key.
  const firstKey = (map.items[0].key as Node).range![0];
  const indent = ' '.repeat(firstKey - lineStart(text, firstKey));
  const endOfPair = v?.range ? Math.max(v.range[1], key.range[1]) : key.range[1];
  const at = lineEnd(text, endOfPair - 1 < key.range[0] ? key.range[0] : endOfPair - 1);
  const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, newText: nl + indent + line + (nl ? '' : '\n') };
}

/** Visits every map in a node tree (in document order) with the path of keys leading to it. */
export function walkMaps(node: unknown, fn: (map: YAMLMap, path: string[]) => void, path: string[] = []): void {
  // An explicit stack: nesting depth is the input's to choose.
  const stack: { node: unknown; path: string[] }[] = [{ node, path }];
  while (stack.length) {
    const { node: n, path: p } = stack.pop()!;
    const next: { node: unknown; path: string[] }[] = [];
    if (isMap(n)) {
      fn(n, p);
      for (const pair of n.items) {
        if (!isMap(pair.value) && !isSeq(pair.value)) continue;
        next.push({ node: pair.value, path: [...p, isScalar(pair.key) ? String(pair.key.value) : '?'] });
      }
    } else if (isSeq(n)) {
      for (const it of n.items) if (isMap(it) || isSeq(it)) next.push({ node: it, path: [...p, '[]'] });
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
}
