// The `layout --json` contract (architecture.md): one entry per struct and target.
import type { TargetId } from './targets';

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
