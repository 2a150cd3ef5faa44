// `arm64-port layout`'s text format (pahole-style tables), also the MCP layout tool's text.
import { holesByEnd, paddingOf, widest, type LayoutEntry } from '../layout/contract';
import { plural } from './plural';

export function formatLayoutTables(entries: LayoutEntry[]): string {
  const blocks: string[] = [];
  for (const e of entries) {
    const head = `${e.language === 'go' ? 'type' : e.kind ?? 'struct'} ${e.name}  (${e.file}:${e.line})  ${e.target}`;
    if (e.unresolved) { blocks.push(`${head}\n  unresolved: ${e.unresolved}`); continue; }
    const rows: string[] = [head];
    const nameW = widest(e.fields.map((f) => f.name), 4);
    const typeW = Math.min(40, widest(e.fields.map((f) => f.type), 4));
    const { holes, tail } = paddingOf(e);
    const holeBefore = holesByEnd(holes);
    rows.push(`  ${'field'.padEnd(nameW)}  ${'type'.padEnd(typeW)}  offset  size  align`);
    for (const f of e.fields) {
      const hole = f.bitSize === undefined && f.offset !== null ? holeBefore.get(f.offset) : undefined;
      if (hole) rows.push(`  /* ${hole.bytes} byte hole */`);
      const bits = f.bitSize !== undefined ? `  bits ${f.bitOffset}:${f.bitSize}` : '';
      rows.push(`  ${f.name.padEnd(nameW)}  ${f.type.slice(0, typeW).padEnd(typeW)}  ${String(f.offset).padStart(6)}  ${String(f.size).padStart(4)}  ${String(f.align).padStart(5)}${bits}`);
    }
    if (tail) rows.push(`  /* ${plural(tail, 'byte')} tail padding */`);
    const holeBytes = holes.reduce((a, h) => a + h.bytes, 0);
    rows.push(`  size ${e.size}, align ${e.align}, holes ${holeBytes}, tail padding ${tail}, optimal ${e.optimalSize}${e.optimalSize !== null && e.size !== null && e.optimalSize < e.size ? ` (${plural(e.size - e.optimalSize, 'byte')} could be saved)` : ''}`);
    blocks.push(rows.join('\n'));
  }
  return blocks.join('\n\n') || 'no structs';
}
