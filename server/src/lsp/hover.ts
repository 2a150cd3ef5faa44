// Hover on a struct name: its layout per enabled target, one aligned table per distinct layout (targets with
// the same layout share it, headed "linux/arm64 = linux/amd64"), and the field order the reorder quick fix
// gives. Also the content of the "Show Struct Layout" view.
import type { Position } from 'vscode-languageserver';
import { structDataOf, type Finding } from '../core/types';
import { applyEdits } from '../fixes/applyEdits';
import { holesByEnd, paddingOf, widest, type LayoutEntry } from '../layout/contract';
import type { OpenDocument } from './documents';
import type { Service } from './service';

/** The layouts of the structs `d` declares at `pos` (the struct whose name is there: one entry per target). */
export function structEntriesAt(service: Service, d: OpenDocument, pos: Position): LayoutEntry[] {
  if (d.kind !== 'go' && d.kind !== 'c' && d.kind !== 'cpp') return [];
  const offset = d.doc.offsetAt(pos);
  const line = d.doc.positionAt(offset).line + 1;
  return service.engine.layoutOf({ file: d.path, text: d.doc.getText(), display: d.path, editing: true, tree: service.store.treeOf(d)?.tree, at: { offset, line } });
}

export interface SuggestedOrder { struct: string; fix: string; fields: string[]; sizes: { target: string; size: number | null }[] }

const PADDING_RULES = new Set(['go-struct-padding', 'c-struct-padding']);

/**
 * The field order each reorder quick fix of the padding rules gives the structs of `entries`, with the sizes
 * laid out again from the fixed text (the engine's numbers, not the finding's promise).
 */
export function suggestedOrders(service: Service, d: OpenDocument, entries: LayoutEntry[], findings: Finding[]): SuggestedOrder[] {
  const names = new Set(entries.map((e) => e.name));
  const text = d.doc.getText();
  const out: SuggestedOrder[] = [];
  for (const f of findings) {
    const name = structDataOf(f)?.struct;
    if (!PADDING_RULES.has(f.ruleId) || name === undefined || !names.has(name)) continue;
    for (const fix of f.fixes) {
      if (!fix.title.startsWith('Reorder fields')) continue;
      const after = applyEdits(text, fix.edits.filter((e) => !e.file || e.file === d.path));
      // Laid out as a text of its own: the document's remembered layouts stay its own.
      const laid = service.engine.layoutOf({ file: d.path, text: after, display: d.path, name });
      if (!laid.length) continue;
      out.push({ struct: name, fix: fix.title, fields: laid[0].fields.map((x) => x.name), sizes: laid.map((e) => ({ target: e.target, size: e.size })) });
    }
  }
  return out;
}

/** What makes two targets' tables the same: everything but the target. */
const layoutKey = (e: LayoutEntry) => JSON.stringify([e.name, e.line, e.size, e.align, e.optimalSize, e.unresolved, e.fields]);
const shortType = (t: string) => (t.length > 40 ? `${t.slice(0, 39)}…` : t);

/** A fixed-width table: every column as wide as its widest cell, numbers right-aligned. */
function alignedTable(e: LayoutEntry): string {
  const { holes, tail } = paddingOf(e);
  const holeBefore = holesByEnd(holes);
  const rows: string[][] = [];
  for (const f of e.fields) {
    const hole = f.offset !== null ? holeBefore.get(f.offset) : undefined;
    if (hole && f.bitSize === undefined) rows.push(['(hole)', '', String(hole.offset), String(hole.bytes), '']);
    const offset = `${f.offset ?? '?'}${f.bitSize !== undefined ? ` (bit ${f.bitOffset}:${f.bitSize})` : ''}`;
    rows.push([f.name, shortType(f.type), offset, String(f.size ?? '?'), String(f.align ?? '?')]);
  }
  if (tail) rows.push(['(tail padding)', '', String((e.size ?? 0) - tail), String(tail), '']);
  const head = ['field', 'type', 'offset', 'size', 'align'];
  const widths = head.map((h, i) => widest(rows.map((r) => r[i]), h.length));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd();
  return ['```text', line(head), ...rows.map(line), '```'].join('\n');
}

function sizesText(sizes: SuggestedOrder['sizes']): string {
  const bySize = new Map<string, string[]>();
  for (const s of sizes) bySize.set(String(s.size ?? '?'), [...(bySize.get(String(s.size ?? '?')) ?? []), s.target]);
  return [...bySize].map(([size, targets]) => `${size} B on ${targets.join(' = ')}`).join(', ');
}

export function layoutMarkdown(entries: LayoutEntry[], orders: SuggestedOrder[] = []): string {
  const groups = new Map<string, LayoutEntry[]>();
  for (const e of entries) groups.set(layoutKey(e), [...(groups.get(layoutKey(e)) ?? []), e]);
  const parts: string[] = [];
  for (const group of groups.values()) {
    const e = group[0];
    const targets = group.map((x) => x.target).join(' = ');
    if (e.unresolved) { parts.push(`**${e.name}** · ${targets}: layout unknown — ${e.unresolved}`); continue; }
    const saved = e.size !== null && e.optimalSize !== null && e.optimalSize < e.size ? ` · could be **${e.optimalSize} B** (${e.size - e.optimalSize} B saved)` : ' · optimal';
    parts.push(`**${e.name}** · ${targets}: **${e.size} B**, align ${e.align}${saved}\n\n${alignedTable(e)}`);
  }
  const text = parts.join('\n\n---\n\n');
  if (!orders.length) return text;
  const list = orders.map((o) => `- ${o.struct}, quick fix "${o.fix}": ${o.fields.map((f) => `\`${f}\``).join(', ')} — ${sizesText(o.sizes)}`);
  return `${text}\n\n**Suggested field order**\n\n${list.join('\n')}`;
}
