// The "reorder members" edit for a C struct: each member declaration moves whole, with its leading
// and trailing comments; the whitespace between declarations stays where it was. Refused when
// declarations share a line or anything but whitespace sits between them.
import type { TextEdit } from '../core/types';

export type CReorderResult = { ok: true; edit: TextEdit } | { ok: false; reason: string };

export function reorderCMembers(text: string, members: { start: number; end: number }[], order: number[]): CReorderResult {
  if (members.length < 2 || order.length !== members.length) return { ok: false, reason: 'nothing to reorder' };
  const sorted = members.map((m, i) => ({ ...m, i })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const gap = text.slice(sorted[k - 1].end, sorted[k].start);
    if (gap.trim() !== '') return { ok: false, reason: 'something other than whitespace lies between member declarations' };
    if (!gap.includes('\n')) return { ok: false, reason: 'member declarations share a line' };
  }
  const chunks = members.map((m) => text.slice(m.start, m.end));
  let out = '';
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0) out += text.slice(sorted[k - 1].end, sorted[k].start);
    out += chunks[order[k]];
  }
  return { ok: true, edit: { start: sorted[0].start, end: sorted[sorted.length - 1].end, newText: out } };
}
