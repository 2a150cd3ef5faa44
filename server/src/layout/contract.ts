// The `layout --json` contract (architecture.md): one entry per struct and target.
import type { TargetId } from '../core/targets';

export interface LayoutFieldEntry {
  name: string;
  type: string;
  offset: number | null;
  size: number | null;
  align: number | null;
  bitOffset?: number;
  bitSize?: number;
}

export interface LayoutEntry {
  name: string;
  language: 'go' | 'c';
  /** C and C++: what the record is (Go entries are struct types and leave it out). */
  kind?: 'struct' | 'union' | 'class';
  file: string;
  line: number;
  target: TargetId;
  size: number | null;
  align: number | null;
  optimalSize: number | null;
  fields: LayoutFieldEntry[];
  unresolved: string | null;
}

export interface LayoutReport { version: 1; structs: LayoutEntry[] }

/** Holes between fields and tail padding, from an entry (bit-fields share storage and are skipped). */
export function paddingOf(e: LayoutEntry): { holes: { after: string; offset: number; bytes: number }[]; tail: number } {
  const holes: { after: string; offset: number; bytes: number }[] = [];
  if (e.size === null) return { holes, tail: 0 };
  let end = 0, prev = '';
  for (const f of e.fields) {
    if (f.offset === null || f.size === null || f.bitSize !== undefined) continue;
    if (f.offset > end) holes.push({ after: prev, offset: end, bytes: f.offset - end });
    end = Math.max(end, f.offset + f.size);
    prev = f.name;
  }
  return { holes, tail: Math.max(0, e.size - end) };
}

/** The holes by the offset where they end (the offset of the field after them), for tables. */
export function holesByEnd(holes: { offset: number; bytes: number }[]): Map<number, { offset: number; bytes: number }> {
  return new Map(holes.map((h) => [h.offset + h.bytes, h]));
}

/** The longest of the strings' lengths, at least `min` (a loop: a spread of 100,000 fields overflows the stack). */
export function widest(texts: Iterable<string>, min: number): number {
  let w = min;
  for (const t of texts) if (t.length > w) w = t.length;
  return w;
}
