// `arm64-port scan [PATH...]`: the workspace report in text, json, sarif, markdown or html.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES, type Severity } from '../engine/types';
import { nodeFileSystem } from '../engine/workspace';
import { scanWorkspace } from '../engine/scan';
import { initTreeSitter } from '../parsing/treeSitter';
import { ALL_RULES } from '../rules/index';
import { GO_ENV_KEY } from '../lang/go/context';
import { buildReport, type ReportModel } from '../report/model';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/formats';
import { loadConfig, parseTargets } from './config';
import { parse, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from './environment';
import { writeAtomically } from './output';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

export async function scanCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' }, output: { type: 'string' }, targets: { type: 'string' },
    'fail-on': { type: 'string', default: 'error' }, config: { type: 'string' }, 'include-vendored': { type: 'boolean' },
  });
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (${REPORT_FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  const root = workspaceRootFor(paths[0]);
  const { config: base, warnings } = loadConfig(root, values.config);
  warnings.forEach((w) => err(`arm64-port: ${w}`));
  const config = { ...base, targets: parseTargets(values.targets) ?? base.targets, includeVendored: values['include-vendored'] ?? base.includeVendored };

  await initTreeSitter();
  const shared = new Map<string, unknown>([[GO_ENV_KEY, cliGoEnv()]]);
  const result = scanWorkspace({ root, paths: paths.map((p) => path.resolve(p)), config, fs: nodeFileSystem, rules: ALL_RULES, sharedCache: shared });
  const model: ReportModel = buildReport({
    root: path.resolve(paths.length === 1 && fs.statSync(paths[0]).isDirectory() ? paths[0] : root),
    targets: config.targets, findings: result.findings, filesScanned: result.filesScanned, bytesScanned: result.bytesScanned,
    skipped: result.skipped, fs: nodeFileSystem,
  });
  const rendered = renderReport(model, format);
  if (values.output) writeAtomically(values.output, rendered + '\n');
  else out(rendered);
  return exitCodeFor(model, failOn);
}

export function exitCodeFor(model: ReportModel, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return model.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
