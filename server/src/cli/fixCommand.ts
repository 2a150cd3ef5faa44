// `arm64-port fix [PATH...] [--rule ID]... [--dry-run]`: applies mechanical fixes ('fix' kind only),
// never overlapping edits in one file; --dry-run prints a unified diff instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../engine/workspace';
import { scanWorkspace } from '../engine/scan';
import { initTreeSitter } from '../parsing/treeSitter';
import { ALL_RULES, ruleById } from '../rules/index';
import { GO_ENV_KEY } from '../lang/go/context';
import { planDiff, planMechanicalFixes } from '../ops/fix';
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
  const result = scanWorkspace({ root, paths: paths.map((p) => path.resolve(p)), config, fs: nodeFileSystem, rules, sharedCache: new Map([[GO_ENV_KEY, cliGoEnv()]]) });
  let applied = 0, files = 0;
  for (const plan of planMechanicalFixes(result.findings, nodeFileSystem)) {
    files++;
    applied += plan.edits.length;
    if (plan.skipped) err(`arm64-port: ${path.relative(process.cwd(), plan.file)}: ${plan.skipped} overlapping fixes left for a second run`);
    if (values['dry-run']) out(planDiff(plan, process.cwd()));
    else writeAtomically(plan.file, plan.after);
  }
  // With --dry-run stdout is only the patch (`arm64-port fix --dry-run | git apply` works).
  (values['dry-run'] ? err : out)(`arm64-port: ${values['dry-run'] ? 'would apply' : 'applied'} ${applied} fixes in ${files} files`);
  return 0;
}
