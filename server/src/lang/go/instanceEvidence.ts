// Whether a struct type has many instances at run time, so that bytes of padding add up: the type is
// the element of a slice, map or channel that lives on (a struct field, a package variable), or that
// channels carry anywhere. A struct that exists once (options, a server, CLI flags) wastes its padding
// once; a fixed array [N]T holds N, whatever the load; a slice local to a function (a worklist, the
// result of parsing a config) is gone when the function returns (issue 12: nats-server's `export`,
// freecache's [256]segment).
import * as path from 'node:path';
import type { GoPackage, GoWorkspace } from './packages';
import { importPathOf, packageFilesOfAnyBuild } from './reorderSafety';

/** `[]T`, `[N]*T`, `map[K]T`, `chan T`, `<-chan *pkg.T`: the element type's name, qualified or not. */
const ELEMENT = /(?:\]|<-\s*chan\s+|\bchan<-\s*|\bchan\s+)\*?((?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\b(?!\s*[.(])/g;

/**
 * The spans of top-level function declarations (signature and body), by gofmt's layout: from a line that
 * starts with `func` to the next line that is a lone `}` (a one-line function ends on its own line).
 */
const CLOSE = /^\}[ \t]*$/gm;
function functionSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/^func\b/gm)) {
    const lineEnd = text.indexOf('\n', m.index);
    const line = text.slice(m.index, lineEnd < 0 ? text.length : lineEnd);
    if (/\}\s*$/.test(line) && (line.match(/\{/g)?.length ?? 0) === (line.match(/\}/g)?.length ?? 0)) { spans.push([m.index, m.index + line.length]); continue; }
    // Searched from the function's start without copying the rest of the text (a slice per function was quadratic).
    CLOSE.lastIndex = m.index;
    const close = CLOSE.exec(text);
    spans.push([m.index, close ? close.index + 1 : text.length]);
  }
  return spans;
}

/** Element type name -> the first collection type that holds it, in one file's text. */
function elementsOf(text: string): Map<string, string> {
  const elements = new Map<string, string>();
  let spans: [number, number][] | undefined;
  // Spans are in text order and do not overlap: a binary search for the last one starting at or before `at`.
  const inFunction = (at: number) => {
    spans ??= functionSpans(text);
    let lo = 0, hi = spans.length - 1, found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (spans[mid][0] <= at) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    return found >= 0 && at < spans[found][1];
  };
  for (const m of text.matchAll(ELEMENT)) {
    if (elements.has(m[1])) continue;
    const isChan = !m[0].startsWith(']');
    const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index + 1);
    let type = m[0];
    if (m[0].startsWith(']')) {
      // `[...]` groups written as a type: not an index expression `x[i]*y` (after a name, `)` or `]`), unless after `map`.
      const chain = /(\bmap)?((?:\[[^[\]\n]*\])+)$/.exec(before);
      if (!chain) continue;
      const prev = before[before.length - chain[0].length - 1] ?? '';
      if (!chain[1] && /[\w)\]]/.test(prev)) continue;
      type = chain[0] + m[0].slice(1);
      // Only fixed-length arrays ([16]T, [n][4]T): as many as the program declares, not growing with the load.
      if (!chain[1] && /^(?:\[[^\]\n]+\])+$/.test(chain[2])) continue;
    }
    if (!isChan && inFunction(m.index)) continue;
    elements.set(m[1], type.replace(/\s+/g, ' '));
  }
  return elements;
}

/** The edited file's elements, for its last text (one per struct otherwise). */
let lastEdited: { text: string; elements: Map<string, string> } | undefined;
function editedElements(text: string): Map<string, string> {
  if (lastEdited?.text !== text) lastEdited = { text, elements: elementsOf(text) };
  return lastEdited.elements;
}

/**
 * Where the type is an element of a collection, outside test files: in its package by its own name,
 * in the workspace's importers by `alias.T`. Undefined when nothing says it has many instances.
 */
export function manyInstancesEvidence(ws: GoWorkspace, pkg: GoPackage, typeName: string, edited?: { path: string; text: string }): string | undefined {
  for (const f of packageFilesOfAnyBuild(ws, pkg)) {
    if (f.path.endsWith('_test.go')) continue;
    const own = edited && path.resolve(edited.path) === f.path;
    const container = (own ? editedElements(edited.text) : ws.derivedOf(f.path, 'collection-elements', elementsOf))?.get(typeName);
    if (container) return `${container} in ${path.basename(f.path)}`;
  }
  const importPath = importPathOf(ws, pkg);
  if (importPath === undefined || !/^\p{Lu}/u.test(typeName)) return undefined;
  for (const other of ws.filesImporting(importPath)) {
    if (other.endsWith('_test.go')) continue;
    const text = ws.fs.readText(other);
    if (text === undefined || !text.includes(typeName)) continue;
    const syntax = ws.syntaxOf(other, text);
    for (const [alias, p] of syntax.imports) {
      if (p !== importPath) continue;
      const container = ws.derivedOf(other, 'collection-elements', elementsOf)?.get(`${alias}.${typeName}`);
      if (container) return `${container} in ${path.relative(ws.root, other)}`;
    }
  }
  return undefined;
}
