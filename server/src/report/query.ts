// Pure helpers over a ReportModel shared by the renderers and the editor client (no rule imports here,
// so the client bundle stays small).
import { SEVERITIES, type Severity } from '../engine/types';
import type { ReportFinding, ReportModel, ReportSummary } from './model';
import type { Readiness } from './readiness';

type SummaryBase = Pick<ReportSummary, 'files' | 'bytes' | 'skipped' | 'incomplete'>;

export function summarize(findings: ReportFinding[], base: SummaryBase): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byReadiness: Record<Readiness, number> = { blocker: 0, hazard: 0, performance: 0 };
  const byRule: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let saved = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byReadiness[f.readiness]++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    if (typeof f.data?.bytesSaved === 'number') saved += f.data.bytesSaved;
  }
  return { ...base, findings: findings.length, bySeverity, byReadiness, byRule, byCategory, structBytesSaved: saved };
}

/** The same report with only some findings (a baseline filter); the summary is recomputed. */
export function withFindings(m: ReportModel, findings: ReportFinding[]): ReportModel {
  return { ...m, findings, summary: summarize(findings, { files: m.summary.files, bytes: m.summary.bytes, skipped: m.summary.skipped, incomplete: m.summary.incomplete }) };
}

/** Findings grouped by file, files in path order. */
export function findingsByFile(m: ReportModel): { file: string; findings: ReportFinding[] }[] {
  const map = new Map<string, ReportFinding[]>();
  for (const f of m.findings) map.set(f.file, [...(map.get(f.file) ?? []), f]);
  return [...map].sort((a, b) => a[0].localeCompare(b[0])).map(([file, findings]) => ({ file, findings }));
}

/** Rule ids with counts, most frequent first (ties by id). */
export function topRules(m: ReportModel): { id: string; count: number }[] {
  return Object.entries(m.summary.byRule).map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
