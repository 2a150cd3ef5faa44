// The CLI's configuration: .arm64port.json at the workspace root (or --config), then flags.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, type EngineConfig } from '../core/config';
import { ALL_TARGET_IDS, GO_TARGET_IDS, isTargetId, type TargetId } from '../core/targets';
import { INSTANCE_IDS, isInstanceId, type InstanceId } from '../deploy/instances';
import { UsageError } from './errors';

export const CONFIG_FILE = '.arm64port.json';

export function loadConfig(root: string, explicit?: string): { config: EngineConfig; warnings: string[] } {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  if (!fs.existsSync(file)) {
    if (explicit) throw new UsageError(`config file ${explicit} not found`);
    return parseConfig({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path.relative(process.cwd(), file) || file}: invalid JSON (${(e as Error).message})`);
  }
  const r = parseConfig(raw);
  return { config: r.config, warnings: r.warnings.map((w) => `${path.basename(file)}: ${w}`) };
}

export function parseTargets(value: string | undefined, all: readonly TargetId[] = ALL_TARGET_IDS): TargetId[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return [...all];
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!isTargetId(id)) throw new UsageError(`unknown target "${id}" (known: ${ALL_TARGET_IDS.join(', ')}, all)`);
  if (!ids.length) throw new UsageError('--targets needs at least one target');
  return ids as TargetId[];
}

/** `--instance graviton2,graviton3` (repeatable): the deployment presets, or undefined when not given. */
export function parseInstances(values: string[] | undefined): InstanceId[] | undefined {
  if (values === undefined) return undefined;
  const ids = [...new Set(values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean))];
  for (const id of ids) if (!isInstanceId(id)) throw new UsageError(`unknown instance "${id}" (known: ${INSTANCE_IDS.join(', ')})`);
  if (!ids.length) throw new UsageError('--instance needs at least one instance');
  return ids as InstanceId[];
}

/** The --instance flag as scan and fix declare it. */
export const INSTANCE_FLAG = {
  type: 'string', multiple: true, value: 'ID,...',
  help: `where the code will run (repeatable; a fleet: advice must hold on all): ${INSTANCE_IDS.join(', ')} (see docs/instances.md)`,
} as const;

export { GO_TARGET_IDS };
