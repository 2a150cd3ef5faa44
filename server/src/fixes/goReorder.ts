// The "reorder fields" edit for a Go struct: fields move with their doc, floating and trailing
// comments, tags and blank-line groups; `a, b T` stays one field. The result is printed the way
// gofmt prints it. When any of that cannot be guaranteed, no edit is produced, only the reason.
import type { StructSyntax, FieldSyntax } from '../lang/go/syntax';
import type { TextEdit } from '../core/types';
import { printBody, type BodyLine } from './goFormat';

type Leading = { blank: true } | { comment: string };

interface Unit {
  field: FieldSyntax;
  leading: Leading[];
  comment?: string;
}

export type ReorderResult = { ok: true; edit: TextEdit; newText: string } | { ok: false; reason: string };

const COMMENT_LINE = /^(\/\/.*|\/\*.*\*\/)$/;

function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Splits the text between two fields into the previous field's trailing comment and the next one's leading lines. */
function splitGap(gap: string, isFirst: boolean): { trailing?: string; leading: Leading[]; semicolon: boolean } | string {
  const segs = gap.split('\n');
  const first = segs[0].trim();
  let trailing: string | undefined;
  let semicolon = false;
  if (segs.length === 1) {
    // same line: `a int; b int`
    if (first === ';' || first === '') return { leading: [], semicolon: first === ';' };
    return 'fields share a line with a comment';
  }
  if (first) {
    const m = /^(;)?\s*(\/\/.*|\/\*.*\*\/)?$/.exec(first);
    if (!m) return 'unexpected text between fields';
    if (isFirst && m[2]) return 'a comment on the line of the opening brace';
    semicolon = !!m[1];
    trailing = m[2];
  }
  const leading: Leading[] = [];
  for (const raw of segs.slice(1, -1)) {
    const t = raw.trim();
    if (t === '') { if (!(leading.length && 'blank' in leading[leading.length - 1])) leading.push({ blank: true }); continue; }
    if (!COMMENT_LINE.test(t)) return 'a comment spans several lines or shares a line with code';
    leading.push({ comment: t });
  }
  if (segs[segs.length - 1].trim() !== '') return 'a field does not start its own line';
  return { trailing, leading, semicolon };
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The printed lines of one field at an indentation, or a reason it cannot be printed faithfully. */
function fieldLines(text: string, f: FieldSyntax, comment: string | undefined, indent: string): BodyLine[][] | string {
  const names = f.names.join(', ');
  const src = text.slice(f.start, f.end);
  if (!src.includes('\n')) {
    const expected = collapse([names, f.typeText, f.tag ?? ''].filter(Boolean).join(' ')).replace(/ ,/g, ',');
    if (collapse(src).replace(/ ,/g, ',') !== expected) return 'a field contains a comment or unusual spacing';
    return [[{ kind: 'field', names, type: f.typeText, tag: f.tag, comment }]];
  }
  if (f.type.k !== 'struct' || !f.names.length) return 'a field\'s type spans several lines';
  const inner = printStruct(text, f.type.struct, indent + '\t', false);
  if (typeof inner === 'string') return inner;
  const head: BodyLine = { kind: 'field', names, type: 'struct {' };
  return [[head], inner.map((l): BodyLine => ({ kind: 'raw', text: l })), [{ kind: 'close', tag: f.tag, comment }]];
}

/** Units of a struct body, or a reason it cannot be rewritten safely. */
function unitsOf(text: string, s: StructSyntax): { units: Unit[]; tail: Leading[]; oneLine: boolean } | string {
  if (s.fields.length === 0) return { units: [], tail: [], oneLine: true };
  const units: Unit[] = [];
  let pos = s.bodyStart;
  let oneLine = !text.slice(s.bodyStart, s.bodyEnd).includes('\n');
  for (let i = 0; i < s.fields.length; i++) {
    const f = s.fields[i];
    const gap = splitGap(text.slice(pos, f.start), i === 0);
    if (typeof gap === 'string') return gap;
    if (i > 0) units[i - 1].comment = gap.trailing;
    units.push({ field: f, leading: gap.leading });
    pos = f.end;
  }
  const tailGap = text.slice(pos, s.bodyEnd);
  const tailSegs = tailGap.split('\n');
  if (tailSegs.length === 1) {
    const t = tailSegs[0].trim();
    if (t !== '' && t !== ';') return 'unexpected text before the closing brace';
    return { units, tail: [], oneLine };
  }
  const last = splitGap(tailGap, false);
  if (typeof last === 'string') return last;
  units[units.length - 1].comment = last.trailing;
  const tail = last.leading;
  oneLine = false;
  return { units, tail, oneLine };
}

/**
 * Prints a struct body (without braces) in the given unit order. `blanksStay`: blank lines stay at their
 * positions (the order keeps every field in its blank-line group, so the groups keep their separators)
 * and moved fields bring only their comments; otherwise blank lines move with the field after them.
 */
function printStruct(text: string, s: StructSyntax, indent: string, reorder: false | number[], blanksStay = false): string[] | string {
  const parsed = unitsOf(text, s);
  if (typeof parsed === 'string') return parsed;
  const { units, tail } = parsed;
  const ordered = reorder ? reorder.map((i) => units[i]) : units;
  const lines: BodyLine[] = [];
  ordered.forEach((u, i) => {
    let leading = u.leading;
    if (blanksStay && u !== units[i]) {
      const blank = units[i].leading.some((l) => 'blank' in l);
      leading = [...(blank ? [{ blank: true } as const] : []), ...u.leading.filter((l) => !('blank' in l))];
    } else if (i === 0 && u !== units[0]) {
      // gofmt keeps one blank line after `{`; a field moved up to the top does not bring its own.
      leading = dropLeadingBlanks(u.leading);
    }
    for (const l of leading) lines.push('blank' in l ? { kind: 'break', blank: true } : { kind: 'raw', text: indent + l.comment });
    const fl = fieldLines(text, u.field, u.comment, indent);
    if (typeof fl === 'string') throw new ReorderRefused(fl);
    for (const part of fl) lines.push(...part);
    if (fl.length > 1) lines.push({ kind: 'break', blank: false });
  });
  for (const l of tail) lines.push('blank' in l ? { kind: 'break', blank: true } : { kind: 'raw', text: indent + l.comment });
  return printBody(lines, indent);
}

class ReorderRefused extends Error {}

function dropLeadingBlanks(leading: Leading[]): Leading[] {
  let k = 0;
  while (k < leading.length && 'blank' in leading[k]) k++;
  return leading.slice(k);
}

function commentsIn(s: string): string[] {
  return (s.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((c) => c.trim()).sort();
}

/**
 * The edit that puts the struct's field declarations in `unitOrder` (indices into s.fields).
 * Checks that every comment survives; refuses otherwise. `keepsGroups`: the order moves fields only
 * inside their blank-line groups, whose blank lines then stay where they are.
 */
export function reorderGoStruct(text: string, s: StructSyntax, unitOrder: number[], keepsGroups = false): ReorderResult {
  if (text.slice(s.bodyStart, s.bodyEnd).includes('\t') && /\/\/[^\n]*\t/.test(text.slice(s.bodyStart, s.bodyEnd))) {
    return { ok: false, reason: 'a comment contains a tab' };
  }
  const outer = lineIndentAt(text, s.start);
  let body: string[] | string;
  try {
    body = printStruct(text, s, outer + '\t', unitOrder, keepsGroups);
  } catch (e) {
    if (e instanceof ReorderRefused) return { ok: false, reason: e.message };
    throw e;
  }
  if (typeof body === 'string') return { ok: false, reason: body };
  const newText = '\n' + body.join('\n') + '\n' + outer;
  const before = commentsIn(text.slice(s.bodyStart, s.bodyEnd));
  const after = commentsIn(newText);
  if (before.join('\n') !== after.join('\n')) return { ok: false, reason: 'the comments could not all be kept' };
  return { ok: true, newText, edit: { start: s.bodyStart, end: s.bodyEnd, newText } };
}

/** Unit (declaration) order from an order over flattened fields (`a, b T` counts twice). */
export function unitOrderFromFieldOrder(s: StructSyntax, fieldOrder: number[]): number[] {
  const unitOfField: number[] = [];
  s.fields.forEach((f, u) => { for (let k = 0; k < Math.max(1, f.names.length); k++) unitOfField.push(u); });
  const seen = new Set<number>();
  const order: number[] = [];
  for (const i of fieldOrder) {
    const u = unitOfField[i];
    if (!seen.has(u)) { seen.add(u); order.push(u); }
  }
  return order;
}
