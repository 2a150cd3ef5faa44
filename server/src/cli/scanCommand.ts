// `arm64-port scan [PATH...]`: the workspace report in text, json, sarif, markdown or html, with
// baselines (--write-baseline / --baseline) and --changed-since for CI. Exit codes: 0 nothing at or
// above --fail-on, 1 findings at or above it, 2 usage or internal error (main.ts prints one line), 3 no
// finding at or above it but a file analysed only in part.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEVERITIES, type Severity } from '../core/types';
import { initEngine } from '../engine/engine';
import type { ReportModel } from '../report/model';
import { scanReport } from '../ops/scan';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/formats';
import { applyBaseline, parseBaseline, toBaseline } from '../report/baseline';
import { countsSentence } from '../report/text';
import { plural } from '../report/plural';
import { ALL_TARGET_IDS, DEFAULT_TARGET_IDS } from '../core/targets';
import { INSTANCE_FLAG, loadConfig, parseInstances, parseTargets } from '../ops/config';
import { command, helpText, parseCommand, UsageError } from './options';
import { cliGoEnv, workspaceRootFor } from '../ops/environment';
import { changedFilesSince } from '../ops/git';
import { checkOutputPath, writeOutputFile } from '../ops/output';
import { reportPathNamer } from './paths';
import { terminalWidth, useColor } from './terminal';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

export const SCAN = command({
  name: 'scan',
  usage: '[PATH...] [flags]',
  about: `Scans PATH (files or folders; default: the current folder) for what breaks on ARM64 and prints the report.
Text on a terminal: findings grouped by file, in colour; piped, or with --compact: one line per finding,
path:line:col: severity rule-id: message (the form editors and CI parse). Paths print as you named them.`,
  flags: {
    format: { type: 'string', default: 'text', value: 'FMT', help: `report format: ${REPORT_FORMATS.join(', ')} (default text)` },
    output: { type: 'string', short: 'o', value: 'FILE', help: 'write the report to FILE (stdout gets nothing, stderr a one-line summary)' },
    targets: { type: 'string', value: 'T,...', help: `targets to check (default ${DEFAULT_TARGET_IDS.join(',')}; known: ${ALL_TARGET_IDS.join(', ')})` },
    instance: INSTANCE_FLAG,
    'fail-on': { type: 'string', default: 'error', value: 'LEVEL', help: `lowest severity that exits 1: ${FAIL_ON.join(', ')} (default error)` },
    config: { type: 'string', value: 'FILE', help: 'configuration file (default .arm64port.json at the workspace root)' },
    'include-vendored': { type: 'boolean', help: 'also scan vendored, bundled and generated code' },
    baseline: { type: 'string', value: 'FILE', help: 'leave out the findings recorded in FILE (report and fail on new ones only)' },
    'write-baseline': { type: 'string', value: 'FILE', help: 'record every finding in FILE and exit 0' },
    'changed-since': { type: 'string', value: 'REV', help: 'scan only files changed since the git revision REV (and untracked ones)' },
    jobs: { type: 'string', value: 'N', help: 'worker threads (default: one per CPU core)' },
    cache: { type: 'string', value: 'DIR', help: 'keep per-file results in DIR, so an unchanged file is not analysed again' },
    compact: { type: 'boolean', help: 'text format: one compiler-style line per finding, also on a terminal' },
    color: { type: 'boolean', help: 'colour the text output even when it is not a terminal' },
    'no-color': { type: 'boolean', help: 'no colour (as is the NO_COLOR environment variable)' },
  },
  exitCodes: [
    '0  nothing at or above --fail-on (always with --fail-on never or --write-baseline)',
    '1  a finding at or above --fail-on',
    '2  usage or internal error (one line on stderr)',
    '3  nothing at or above --fail-on, but a file was not completely analysed (its findings may be missing)',
  ],
});

export async function scanCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parseCommand(SCAN, args);
  if (parsed.help) { out(helpText(SCAN)); return 0; }
  const { values, positionals } = parsed;
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (${REPORT_FORMATS.join(', ')})`);
  if (values.compact && format !== 'text') throw new UsageError('--compact is for --format text');
  const toTerminal = values.output === undefined && !!process.stdout.isTTY;
  const color = values.output === undefined && useColor(values, !!process.stdout.isTTY);
  const failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs needs a whole number of at least 1');
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  // Before the scan, so a typo in a folder name does not cost a whole scan.
  if (values.output !== undefined) checkOutputPath('--output', values.output);
  if (values['write-baseline'] !== undefined) checkOutputPath('--write-baseline', values['write-baseline']);
  // Read the baseline before scanning, so a wrong path fails fast.
  const known = values.baseline === undefined ? undefined : readBaseline(values.baseline);
  const root = workspaceRootFor(paths[0]);
  const { config: base, warnings } = loadConfig(root, values.config);
  warnings.forEach((w) => err(`arm64-port: ${w}`));
  const config = {
    ...base, targets: parseTargets(values.targets) ?? base.targets, instances: parseInstances(values.instance) ?? base.instances,
    includeVendored: values['include-vendored'] ?? base.includeVendored,
  };
  const only = values['changed-since'] !== undefined ? changedFilesSince(root, values['changed-since']) : undefined;

  await initEngine();
  // Paths are relative to the workspace root (the folder with .git or .arm64port.json): SARIF needs
  // repository-relative paths, and baselines must not depend on where the scan was started.
  let { model } = await scanReport({
    root, paths: paths.map((p) => path.resolve(p)), config, only, jobs, cacheDir: values.cache, goEnv: cliGoEnv(),
  });
  if (values['changed-since'] !== undefined) model.changedSince = values['changed-since'];
  if (values['write-baseline'] !== undefined) {
    writeOutputFile('--write-baseline', values['write-baseline'], toBaseline(model));
    err(`arm64-port: wrote ${plural(model.findings.length, 'finding')} to the baseline ${values['write-baseline']}`);
  }
  if (known) model = applyBaseline(model, known, values.baseline!);

  // Printed paths follow the command line (absolute stays absolute); HTML links are relative to where the
  // report is read from: the --output file's folder, else the current folder.
  const named = reportPathNamer(root, paths);
  const linkBase = values.output === undefined ? process.cwd() : path.dirname(path.resolve(values.output));
  const rendered = renderReport(model, format, {
    text: { displayPath: named, grouped: toTerminal && !values.compact, color, width: terminalWidth() },
    json: { root: named('.') },
    markdown: { displayPath: named },
    html: {
      displayPath: named,
      locationHref: (file, line) => `${path.relative(linkBase, path.resolve(root, file)).split(path.sep).map(encodeURIComponent).join('/')}#L${line}`,
      absoluteHref: (file) => pathToFileURL(path.resolve(root, file)).href,
    },
  });
  if (values.output !== undefined) {
    writeOutputFile('--output', values.output, rendered + '\n');
    err(`arm64-port: ${countsSentence(model)}; ${format} report written to ${values.output}`);
  } else out(rendered);
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
