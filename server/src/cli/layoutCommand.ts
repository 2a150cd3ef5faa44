// `arm64-port layout FILE [--struct NAME] [--targets ...|all] [--json]`: pahole-style tables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { holesByEnd, paddingOf, widest, type LayoutEntry } from '../layout/contract';
import { layoutEntriesOf, layoutTargetsFor } from '../ops/layout';
import { loadConfig, parseTargets } from './config';
import { parse, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from './environment';

export async function layoutCommand(args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    struct: { type: 'string' }, targets: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('layout needs exactly one FILE');
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new UsageError(`${positionals[0]}: no such file`);
  const root = workspaceRootFor(file);
  const { config } = loadConfig(root, values.config);
  const entries = await layoutEntriesOf({
    file, display: path.relative(process.cwd(), file) || file, root, goEnv: cliGoEnv(), struct: values.struct,
    targets: parseTargets(values.targets, layoutTargetsFor(file)), defaultTargets: config.targets,
  });
  if (values.json) out(JSON.stringify({ version: 1, structs: entries }, null, 2));
  else out(formatLayoutTables(entries));
  return 0;
}

export function formatLayoutTables(entries: LayoutEntry[]): string {
  const blocks: string[] = [];
  for (const e of entries) {
    const head = `${e.language === 'go' ? 'type' : 'struct'} ${e.name}  (${e.file}:${e.line})  ${e.target}`;
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
    if (tail) rows.push(`  /* ${tail} bytes tail padding */`);
    const holeBytes = holes.reduce((a, h) => a + h.bytes, 0);
    rows.push(`  size ${e.size}, align ${e.align}, holes ${holeBytes}, tail padding ${tail}, optimal ${e.optimalSize}${e.optimalSize !== null && e.size !== null && e.optimalSize < e.size ? ` (${e.size - e.optimalSize} bytes could be saved)` : ''}`);
    blocks.push(rows.join('\n'));
  }
  return blocks.join('\n\n') || 'no structs';
}
