// What the "reorder members" suggestion of c-struct-padding must respect beyond the layout (issue 12 triage):
//  - a trailing `[1]` or `[0]` array is the pre-C99 "struct hack" (sqlite3 ext/fts5/fts5_expr.c
//    Fts5ExprNearset.apPhrase[1], allocated as sizeof(Fts5ExprNearset) + n * sizeof(Fts5ExprPhrase*) and indexed
//    past 1): like a flexible array member it must stay last. The order keeps it last and the size is recomputed;
//    no fix when that order is no smaller;
//  - a positional initializer `{a, b, c}` of the struct assigns the values in declaration order, so after a
//    reorder it no longer compiles or silently fills the wrong members (nginx ngx_http_modern_browser_masks[],
//    zstd tests/regression/test.c long_extras[]). Designated initializers (`.x = 1`), `{0}` and `{}` are fine.
//    Looked for in the struct's file and, for a header, in the C/C++ files of its folder that name the struct.
import * as path from 'node:path';
import type { TextEdit } from '../../../core/types';
import { reorderCMembers } from '../../../fixes/cReorder';
import type { CStructLayout, CTargetLayout } from '../../../lang/c/layoutFile';
import type { RuleContext } from '../../rule';
import { blankComments } from './cSource';

export type SafeReorderResult = { ok: false; reason: string } | { ok: true; edit: TextEdit; note?: string };

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** The reorder edit for `order`, or why it is withheld; `note` (to append to the message) when the order changed. */
export function safeCReorder(ctx: RuleContext, s: CStructLayout, order: number[], layouts: CTargetLayout[]): SafeReorderResult {
  const init = positionalInitializer(ctx, s);
  if (init) return { ok: false, reason: `positional initializer at ${init} (its values follow the declaration order)` };
  let note: string | undefined;
  const hack = structHack(ctx.text, s);
  if (hack !== undefined && order[order.length - 1] !== hack.index) {
    const pinned = [...order.filter((i) => i !== hack.index), hack.index];
    const sizes = layouts.map((l) => ({ l, size: sizeInOrder(s, l, pinned), now: sizeInOrder(s, l, s.members.map((_, i) => i)) }));
    const stay = `the trailing array ${hack.text} (allocated past its end, like a flexible array member) must stay last`;
    if (sizes.some((x) => x.size === undefined || x.now !== x.l.size)) return { ok: false, reason: `${stay}, and the layout with it last could not be computed` };
    if (sizes.every((x) => x.size! >= x.l.size!)) return { ok: false, reason: `${stay}, and no order that keeps it last is smaller` };
    order = pinned;
    const p = sizes[0];
    if (p.size !== p.l.optimalSize) note = `. The reorder keeps ${hack.text} last: ${p.l.size} → ${p.size} on ${p.l.target}`;
  }
  const r = reorderCMembers(ctx.text, s.members, order);
  return r.ok ? { ok: true, edit: r.edit, ...(note ? { note } : {}) } : r;
}

/** The last member declaration when it declares one `[0]` or `[1]` array, its index and text. */
function structHack(text: string, s: CStructLayout): { index: number; text: string } | undefined {
  let last = -1;
  s.members.forEach((m, i) => { if (last < 0 || m.start > s.members[last].start) last = i; });
  const m = s.members[last];
  if (!m || m.fieldNames.length !== 1) return undefined;
  const code = blankComments(text.slice(m.start, m.end), false).trim();
  const hit = /\b([A-Za-z_]\w*)\s*\[\s*([01])\s*\]\s*(?:__attribute__\s*\(\(.*\)\)\s*)?;$/.exec(code);
  return hit ? { index: last, text: `${hit[1]}[${hit[2]}]` } : undefined;
}

/** The size of the record with its member declarations in `order` (fields keep their sizes and alignments). */
function sizeInOrder(s: CStructLayout, l: CTargetLayout, order: number[]): number | undefined {
  if (l.size === null || l.align === null) return undefined;
  let off = 0;
  for (const d of order) {
    for (const name of s.members[d]?.fieldNames ?? []) {
      const f = l.fields.find((x) => x.name === name);
      if (!f || !f.align) return undefined;
      off = alignUp(off, f.align) + f.size;
    }
  }
  return alignUp(off, l.align);
}

/** `file:line` of the first positional initializer of the struct, or undefined. */
function positionalInitializer(ctx: RuleContext, s: CStructLayout): string | undefined {
  const names = structNames(ctx.text, s);
  if (!names.size) return undefined;
  const files: [string, string][] = [[ctx.path, ctx.text]];
  if (/\.(h|hh|hpp|hxx|inc)$/i.test(ctx.path)) {
    const dir = path.dirname(ctx.path);
    for (const e of ctx.fs.readDir(dir)) {
      if (!e.isFile || !/\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc)$/i.test(e.name)) continue;
      const file = path.join(dir, e.name);
      if (file === ctx.path) continue;
      const text = ctx.fs.readText(file);
      if (text && [...names].some((n) => text.includes(n))) files.push([file, text]);
    }
  }
  for (const [file, text] of files) {
    const code = file === ctx.path ? ctx.memo('c:reorder-safety-code', () => blankComments(text, true)) : blankComments(text, true);
    const at = findPositional(code, names);
    if (at !== undefined) return `${path.relative(ctx.root, file)}:${lineOf(text, at)}`;
  }
  return undefined;
}

/** The struct's tag and typedef names (a nested `outer.inner` struct is initialized inside the outer's braces). */
function structNames(text: string, s: CStructLayout): Set<string> {
  const root = s.name.split('.')[0].replace(/^.*::/, '').replace(/^(struct|class)\s+/, '');
  const names = new Set<string>([root]);
  const esc = (n: string) => n.replace(/\W/g, '\\$&');
  // `typedef struct tag name;` and `typedef struct tag {…} name, *pname;` (the braces of the definition skipped).
  for (let grew = true; grew;) {
    grew = false;
    const alt = [...names].map(esc).join('|');
    const re = new RegExp(`\\btypedef\\s+(?:(?:const|volatile)\\s+)?(?:struct|class|union)?\\s*(?:${alt})\\s+([A-Za-z_]\\w*)\\s*;`, 'g');
    for (const m of text.matchAll(re)) if (!names.has(m[1])) { names.add(m[1]); grew = true; }
  }
  // The definition `typedef struct tag { … } name;` reported under its tag: the name after the closing brace.
  const close = s.members.length ? text.indexOf('}', Math.max(...s.members.map((m) => m.end))) : -1;
  if (close >= 0 && /\btypedef\s+(?:struct|class)\s+$/.test(text.slice(Math.max(0, s.nameStart - 100), s.nameStart))) {
    const after = /^\s*([A-Za-z_]\w*)\s*[;,]/.exec(text.slice(close + 1, close + 200));
    if (after) names.add(after[1]);
  }
  return names;
}

/** Offset of the first positional initializer of a type in `names` in blanked code, or undefined. */
function findPositional(code: string, names: Set<string>): number | undefined {
  const alt = [...names].map((n) => n.replace(/\W/g, '\\$&')).join('|');
  // A declaration `T x = {`, `T x[] = {`, `T x[2][3] = {` (also C++'s `T x{`), or a compound literal `(T){`.
  const decl = new RegExp(`(?:^|[^\\w.>])(?:(?:struct|class)\\s+)?(?:${alt})\\s+(?:(?:const|volatile)\\s+)*([A-Za-z_]\\w*)\\s*((?:\\[[^\\]]*\\]\\s*)*)=?\\s*\\{` +
    `|\\(\\s*(?:(?:const|volatile|struct|class)\\s+)*(?:${alt})\\s*\\)\\s*\\{`, 'g');
  for (const m of code.matchAll(decl)) {
    if (m[1] === 'final' || m[1] === 'override') continue;
    const open = m.index! + m[0].length - 1;
    const dims = m[2] ? (m[2].match(/\[/g) ?? []).length : 0;
    if (positionalAt(code, open, dims)) return open;
  }
  return undefined;
}

/** Whether the braces at `open` (a struct's, or `dims` levels of arrays of it) hold a positional value list. */
function positionalAt(code: string, open: number, dims: number, depth = 0): boolean {
  if (depth > 16) return false;
  const items = topLevelItems(code, open);
  if (!items) return false;
  if (dims > 0) {
    for (const it of items) {
      const v = it.text.replace(/^\s*\[[^\]]*\]\s*=\s*/, '');
      const lead = it.text.length - v.length;
      if (!v.trim()) continue;
      // A struct element without its own braces (brace elision) fills members in order.
      if (!v.trimStart().startsWith('{')) return true;
      if (positionalAt(code, it.start + lead + v.indexOf('{'), dims - 1, depth + 1)) return true;
    }
    return false;
  }
  const vals = items.map((i) => i.text.trim()).filter((t) => t !== '');
  if (vals.length === 0 || (vals.length === 1 && vals[0] === '0')) return false;
  return vals.some((v) => !v.startsWith('.') && !/^[A-Za-z_]\w*\s*:/.test(v));
}

/** The comma-separated items inside the braces at `open` (nested brackets kept whole), or undefined when unbalanced. */
function topLevelItems(code: string, open: number): { start: number; text: string }[] | undefined {
  const out: { start: number; text: string }[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) { out.push({ start: from, text: code.slice(from, i) }); return out; }
    } else if (c === ',' && depth === 1) { out.push({ start: from, text: code.slice(from, i) }); from = i + 1; }
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
