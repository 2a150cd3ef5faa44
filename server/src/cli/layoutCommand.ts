// `arm64-port layout FILE [--struct NAME] [--targets ...|all] [--json]`: pahole-style tables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_TARGET_IDS } from '../core/targets';
import { layoutEntriesOf, layoutTargetsFor } from '../ops/layout';
import { fileKindOf } from '../core/fileKind';
import { sizeSkipReason, textSkipReason } from '../core/walker';
import { formatLayoutTables } from '../report/layoutTables';
import { loadConfig, parseTargets } from '../ops/config';
import { command, helpText, parseCommand, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from '../ops/environment';
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

function readTextOrUndefined(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}
