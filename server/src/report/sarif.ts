// `scan --format sarif`: SARIF 2.1.0 for GitHub code scanning and SARIF viewers. Paths are relative to
// %SRCROOT% (the workspace root), regions 1-based with UTF-16 columns, fixes as SARIF fixes, and a
// partial fingerprint that survives line shifts so code scanning tracks a finding across commits.
import type { Severity } from '../core/types';
import type { Range, ReportModel } from './model';
import { missingModulesByGoMod } from './query';
import { plural } from './plural';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'arm64port/v1';
const SRCROOT = '%SRCROOT%';

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
export function pathToUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(r: Range) {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

function location(file: string) {
  return { uri: pathToUri(file), uriBaseId: SRCROOT };
}

export function toSarif(m: ReportModel): string {
  const ruleIndex = new Map(m.rules.map((r, i) => [r.id, i]));
  const rules = m.rules.map((r) => ({
    id: r.id,
    name: r.id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    helpUri: r.helpUri,
    help: { text: `${r.description} See ${r.helpUri}`, markdown: `${r.description} [Documentation](${r.helpUri})` },
    defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
    properties: { category: r.category, tags: ['arm64', 'portability', r.category] },
  }));
  const results = m.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId)! } : {}),
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: location(f.file), region: region(f.range) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.fixes.length ? {
      fixes: f.fixes.map((x) => ({
        description: { text: x.title },
        artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
          artifactLocation: location(file),
          replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
        })),
      })),
    } : {}),
    properties: { category: f.category, readiness: f.readiness, severity: f.severity },
  }));
  const notification = (level: string, text: string, file: string) => ({
    level, message: { text }, locations: [{ physicalLocation: { artifactLocation: location(file) } }],
  });
  const notifications = [
    ...m.summary.incomplete.map((s) => notification('error', `not completely analysed: ${s.reason}`, s.file)),
    ...m.summary.skipped.map((s) => notification('note', `skipped: ${s.reason}`, s.file)),
    ...missingModulesByGoMod(m).map((g) => notification('warning',
      `${plural(g.structs, 'Go struct')} not analysed (size unknown) because ${g.modules.length === 1 ? '1 module required by go.mod is' : `${g.modules.length} modules required by go.mod are`} not in the module cache (${g.modules.slice(0, 3).join(', ')}${g.modules.length > 3 ? `, and ${g.modules.length - 3} more` : ''}): run \`go mod download\` in ${g.dir} and scan again`,
      g.dir === '.' ? 'go.mod' : `${g.dir}/go.mod`)),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: m.tool.name, version: m.tool.version, semanticVersion: m.tool.version, informationUri: m.rules[0]?.helpUri.replace(/\/blob\/[^/]+\/docs\/rules\/.*$/, ''), rules } },
      automationDetails: { id: 'arm64-port/' },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { [SRCROOT]: { description: { text: 'The workspace root (the folder with .git or .arm64port.json).' } } },
      invocations: [{ executionSuccessful: m.summary.incomplete.length === 0, toolExecutionNotifications: notifications }],
      results,
      properties: { targets: m.targets, ...(m.baseline ? { baseline: m.baseline } : {}), ...(m.changedSince ? { changedSince: m.changedSince } : {}) },
    }],
  };
  return JSON.stringify(log, null, 2);
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const e of edits) map.set(e.file, [...(map.get(e.file) ?? []), e]);
  return [...map];
}
