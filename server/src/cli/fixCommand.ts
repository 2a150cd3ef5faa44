// `arm64-port fix [PATH...] [--rule ID]... [--dry-run]`: applies mechanical fixes ('fix' kind only) round after
// round until the files settle (fixes/fixAll.ts); --dry-run prints a unified diff instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../engine/workspace';
import { initTreeSitter } from '../parsing/treeSitter';
import { ALL_RULES, ruleById } from '../rules/index';
import { fixWorkspace, planDiff } from '../ops/fix';
import { loadConfig } from './config';
import { parse, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from './environment';
import { writeAtomically } from './output';

export async function fixCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    rule: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, config: { type: 'string' },
  });
  for (const id of values.rule ?? []) if (!ruleById(id)) throw new UsageError(`unknown rule "${id}"`);
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  const root = workspaceRootFor(paths[0]);
  const { config } = loadConfig(root, values.config);
  await initTreeSitter();
  const rules = values.rule ? ALL_RULES.filter((r) => values.rule!.includes(r.meta.id)) : ALL_RULES;
  const fixed = fixWorkspace({ root, paths: paths.map((p) => path.resolve(p)), config, rules, goEnv: cliGoEnv(), fs: nodeFileSystem });
  if (fixed.unsettled.length) {
    // A bound, not a loop forever: fixes that undo each other would never settle.
    err(`arm64-port: the fixes of ${fixed.unsettled.map((f) => path.relative(process.cwd(), f)).join(', ')} still changed the text after ${fixed.rounds} rounds; the text of round ${fixed.rounds} is ${values['dry-run'] ? 'shown' : 'written'}`);
  }
  for (const [file, { before, after }] of fixed.files) {
    if (values['dry-run']) out(planDiff({ file, before, after }, process.cwd()));
    else writeAtomically(file, after);
  }
  // With --dry-run stdout is only the patch (`arm64-port fix --dry-run | git apply` works).
  (values['dry-run'] ? err : out)(`arm64-port: ${values['dry-run'] ? 'would apply' : 'applied'} ${fixed.fixes} fixes in ${fixed.files.size} files`);
  return 0;
}
