// `arm64-port scan [PATH...]`: the workspace report in text, json, sarif, markdown or html, with
// baselines (--write-baseline / --baseline) and --changed-since for CI. Exit codes: 0 nothing at or
// above --fail-on, 1 findings at or above it, 2 usage or internal error (main.ts prints one line), 3 no
// finding at or above it but a file analysed only in part.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES, type Severity } from '../engine/types';
import { initTreeSitter } from '../parsing/treeSitter';
import type { ReportModel } from '../report/model';
import { scanReport } from '../ops/scan';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/formats';
import { applyBaseline, parseBaseline, toBaseline } from '../report/baseline';
import { loadConfig, parseTargets } from './config';
import { parse, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from './environment';
import { changedFilesSince } from './git';
import { writeAtomically } from './output';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

export async function scanCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' }, output: { type: 'string', short: 'o' }, targets: { type: 'string' },
    'fail-on': { type: 'string', default: 'error' }, config: { type: 'string' }, 'include-vendored': { type: 'boolean' },
    baseline: { type: 'string' }, 'write-baseline': { type: 'string' }, 'changed-since': { type: 'string' },
    jobs: { type: 'string' }, cache: { type: 'string' },
  });
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (${REPORT_FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs needs a whole number of at least 1');
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  // Read the baseline before scanning, so a wrong path fails fast.
  const known = values.baseline === undefined ? undefined : readBaseline(values.baseline);
  const root = workspaceRootFor(paths[0]);
  const { config: base, warnings } = loadConfig(root, values.config);
  warnings.forEach((w) => err(`arm64-port: ${w}`));
  const config = { ...base, targets: parseTargets(values.targets) ?? base.targets, includeVendored: values['include-vendored'] ?? base.includeVendored };
  const only = values['changed-since'] !== undefined ? changedFilesSince(root, values['changed-since']) : undefined;

  await initTreeSitter();
  // Paths are relative to the workspace root (the folder with .git or .arm64port.json): SARIF needs
  // repository-relative paths, and baselines must not depend on where the scan was started.
  let { model } = await scanReport({
    root, paths: paths.map((p) => path.resolve(p)), config, only, jobs, cacheDir: values.cache, goEnv: cliGoEnv(),
  });
  if (values['changed-since'] !== undefined) model.changedSince = values['changed-since'];
  if (values['write-baseline'] !== undefined) {
    writeAtomically(values['write-baseline'], toBaseline(model));
    err(`arm64-port: wrote ${model.findings.length} findings to the baseline ${values['write-baseline']}`);
  }
  if (known) model = applyBaseline(model, known, values.baseline!);

  const prefix = path.relative(process.cwd(), root).split(path.sep).join('/');
  const rendered = renderReport(model, format, { text: { pathPrefix: prefix } });
  if (values.output) writeAtomically(values.output, rendered + '\n');
  else out(rendered);
  // Recording a baseline is how a team adopts the tool: it succeeds whatever it records.
  if (values['write-baseline'] !== undefined) return 0;
  return exitCodeFor(model, failOn);
}

function readBaseline(file: string): Set<string> {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); }
  catch { throw new UsageError(`baseline ${file} not found (create it with --write-baseline ${file})`); }
  try { return parseBaseline(text); }
  catch (e) { throw new UsageError(`baseline ${file}: ${(e as Error).message}`); }
}

/** 1: a finding at or above --fail-on; 3: none, but some file was analysed only in part; else 0. */
export function exitCodeFor(model: ReportModel, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  if (model.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold)) return 1;
  return model.summary.incomplete.length ? 3 : 0;
}
