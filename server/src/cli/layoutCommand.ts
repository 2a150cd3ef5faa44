// `arm64-port layout FILE [--struct NAME] [--targets ...|all] [--json]`: pahole-style tables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { holesByEnd, paddingOf, widest, type LayoutEntry } from '../layout/contract';
import { ALL_TARGET_IDS } from '../layout/targets';
import { layoutEntriesOf, layoutTargetsFor } from '../ops/layout';
import { fileKindOf } from '../parsing/fileKind';
import { sizeSkipReason, textSkipReason } from '../engine/discover';
import { plural } from '../report/plural';
import { loadConfig, parseTargets } from './config';
import { command, helpText, parseCommand, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from './environment';
import { namedPath } from './paths';

export const LAYOUT = command({
  name: 'layout',
  usage: 'FILE [flags]',
  about: `Prints the memory layout of every struct in a Go, C or C++ FILE, per target: each field's offset,
size and alignment, the holes between fields, the tail padding and the smallest size a reorder reaches.`,
  flags: {
    struct: { type: 'string', value: 'NAME', help: 'only the struct NAME (and its nested anonymous structs)' },
    targets: { type: 'string', value: 'T,...|all', help: `targets (default: the configuration's; known: ${ALL_TARGET_IDS.join(', ')})` },
    json: { type: 'boolean', help: 'the layouts as JSON (docs/cli-contract.md)' },
    config: { type: 'string', value: 'FILE', help: 'configuration file (default .arm64port.json at the workspace root)' },
  },
  exitCodes: [
    '0  the layouts were printed',
    '2  usage or internal error, or FILE was skipped as a scan skips it (binary content, invalid UTF-8,',
    '   larger than maxFileBytes): one line on stderr saying why',
  ],
});

export async function layoutCommand(args: string[], out: (s: string) => void): Promise<number> {
  const parsed = parseCommand(LAYOUT, args);
  if (parsed.help) { out(helpText(LAYOUT)); return 0; }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('layout needs exactly one FILE');
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new UsageError(`${positionals[0]}: no such file`);
  const root = workspaceRootFor(file);
  const { config } = loadConfig(root, values.config);
  // A file the scan would skip has no struct to show: say so (and why) instead of "no structs".
  const kind = fileKindOf(file);
  if (kind === 'go' || kind === 'c' || kind === 'cpp') {
    const why = sizeSkipReason(fs.statSync(file).size, config.maxFileBytes) ?? textSkipReason(readTextOrUndefined(file));
    if (why) throw new UsageError(`${positionals[0]}: skipped: ${why} (a scan skips such files too)`);
  }
  const entries = await layoutEntriesOf({
    file, display: namedPath(file, positionals), root, goEnv: cliGoEnv(), struct: values.struct,
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
    if (tail) rows.push(`  /* ${plural(tail, 'byte')} tail padding */`);
    const holeBytes = holes.reduce((a, h) => a + h.bytes, 0);
    rows.push(`  size ${e.size}, align ${e.align}, holes ${holeBytes}, tail padding ${tail}, optimal ${e.optimalSize}${e.optimalSize !== null && e.size !== null && e.optimalSize < e.size ? ` (${plural(e.size - e.optimalSize, 'byte')} could be saved)` : ''}`);
    blocks.push(rows.join('\n'));
  }
  return blocks.join('\n\n') || 'no structs';
}

function readTextOrUndefined(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}
