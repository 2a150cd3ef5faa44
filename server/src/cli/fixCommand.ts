// `arm64-port fix [PATH...] [--rule ID]... [--dry-run]`: applies mechanical fixes ('fix' kind only) round after
// round until the files settle (fixes/fixAll.ts); --dry-run prints a unified diff instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../core/workspace';
import { initEngine } from '../engine/engine';
import { ALL_RULES, ruleById } from '../engine/catalogue';
import { fixWorkspace } from '../ops/fix';
import { INSTANCE_FLAG, loadConfig, parseInstances } from '../ops/config';
import { command, helpText, parseCommand, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from '../ops/environment';
import { writeAtomically } from '../ops/output';
import { namedPath } from './paths';
import { plural } from '../report/plural';
import { unifiedDiff } from '../fixes/diff';

export const FIX = command({
  name: 'fix',
  usage: '[PATH...] [flags]',
  about: `Applies the mechanical fixes (those fix-all applies in the editor) to the files under PATH (default: the
current folder), round after round until the files settle. With --dry-run nothing is written: stdout gets
the change as a unified diff (\`arm64-port fix --dry-run | git apply\`), stderr the count.`,
  flags: {
    rule: { type: 'string', multiple: true, value: 'ID', help: 'only the fixes of rule ID (repeatable; arm64-port rules lists them)' },
    'dry-run': { type: 'boolean', help: 'write nothing; print the diff' },
    instance: INSTANCE_FLAG,
    config: { type: 'string', value: 'FILE', help: 'configuration file (default .arm64port.json at the workspace root)' },
    rounds: { type: 'string', value: 'N', help: 'at most N rounds (default: until the files settle); 1 applies only what the files offer now' },
  },
  exitCodes: ['0  the fixes were applied (or printed), also when there were none', '2  usage or internal error (one line on stderr)'],
});

export async function fixCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parseCommand(FIX, args);
  if (parsed.help) { out(helpText(FIX)); return 0; }
  const { values, positionals } = parsed;
  for (const id of values.rule ?? []) if (!ruleById(id)) throw new UsageError(`unknown rule "${id}"`);
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  const root = workspaceRootFor(paths[0]);
  const { config: base } = loadConfig(root, values.config);
  const config = { ...base, instances: parseInstances(values.instance) ?? base.instances };
  await initEngine();
  const rules = values.rule ? ALL_RULES.filter((r) => values.rule!.includes(r.meta.id)) : ALL_RULES;
  const maxRounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (maxRounds !== undefined && !(Number.isInteger(maxRounds) && maxRounds >= 1)) throw new UsageError(`--rounds takes a whole number of 1 or more, not "${values.rounds}"`);
  const fixed = await fixWorkspace({ root, paths: paths.map((p) => path.resolve(p)), config, rules, goEnv: cliGoEnv(), fs: nodeFileSystem, maxRounds });
  if (fixed.unsettled.length && maxRounds === undefined) {
    // A bound, not a loop forever: fixes that undo each other would never settle.
    err(`arm64-port: the fixes of ${fixed.unsettled.map((f) => namedPath(f, paths)).join(', ')} still changed the text after ${fixed.rounds} rounds; the text of round ${fixed.rounds} is ${values['dry-run'] ? 'shown' : 'written'}`);
  }
  // Even analysed again with a larger budget: a second `fix` may find more in it.
  for (const f of fixed.incomplete) err(`arm64-port: ${namedPath(f.path, paths)} was not completely analysed (${f.reason}); its fixes may be partial`);
  for (const [file, { before, after }] of fixed.files) {
    if (values['dry-run']) out(unifiedDiff(namedPath(file, paths), before, after));
    else writeAtomically(file, after);
  }
  // With --dry-run stdout is only the patch (`arm64-port fix --dry-run | git apply` works).
  (values['dry-run'] ? err : out)(`arm64-port: ${values['dry-run'] ? 'would apply' : 'applied'} ${plural(fixed.fixes, 'fix', 'fixes')} in ${plural(fixed.files.size, 'file')}`);
  return 0;
}
