// Findings made ready for every output format: paths relative to the workspace, 1-based positions,
// fixes as edits with ranges, and a summary by severity, rule, category and file.
import * as path from 'node:path';
import type { Finding, Severity } from '../engine/types';
import type { FileSystem } from '../engine/workspace';
import { LineIndex } from '../parsing/positions';
import { ALL_RULES } from '../rules/index';

export interface Position { line: number; column: number }
export interface Range { start: Position; end: Position }
export interface ReportEdit { file: string; range: Range; newText: string }
export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  category: string;
  /** Path relative to the report's root, with forward slashes. */
  file: string;
  range: Range;
  message: string;
  fixes: { title: string; kind: 'fix' | 'suggest'; edits: ReportEdit[] }[];
  data?: Record<string, unknown>;
}

export interface ReportSummary {
  files: number;
  bytes: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, number>;
  byCategory: Record<string, number>;
  /** Bytes per instance that the struct reorders would save, summed over structs (primary target). */
  structBytesSaved: number;
  skipped: { file: string; reason: string }[];
}

export interface ReportModel {
  tool: { name: 'arm64-port'; version: string };
  root: string;
  targets: string[];
  findings: ReportFinding[];
  summary: ReportSummary;
}

export const TOOL_VERSION = '0.1.0';

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.lineColAt(start), end: lines.lineColAt(end) };
}

export function buildReport(input: {
  root: string; targets: string[]; findings: Finding[]; filesScanned: number; bytesScanned: number;
  skipped: { path: string; reason: string }[]; fs: FileSystem;
}): ReportModel {
  const rel = (p: string) => path.relative(input.root, p).split(path.sep).join('/') || path.basename(p);
  const indexes = new Map<string, LineIndex>();
  const linesOf = (file: string) => {
    let li = indexes.get(file);
    if (!li) { li = new LineIndex(input.fs.readText(file) ?? ''); indexes.set(file, li); }
    return li;
  };
  const category = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta.category as string]));
  const findings: ReportFinding[] = input.findings.map((f) => {
    const li = linesOf(f.file);
    return {
      ruleId: f.ruleId, severity: f.severity, category: category.get(f.ruleId) ?? 'other', file: rel(f.file),
      range: toRange(li, f.start, f.end), message: f.message,
      fixes: f.fixes.map((x) => ({
        title: x.title, kind: x.kind,
        edits: x.edits.map((e) => ({ file: rel(e.file ?? f.file), range: toRange(linesOf(e.file ?? f.file), e.start, e.end), newText: e.newText })),
      })),
      data: f.data,
    };
  });
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let saved = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    if (typeof f.data?.bytesSaved === 'number') saved += f.data.bytesSaved;
  }
  return {
    tool: { name: 'arm64-port', version: TOOL_VERSION }, root: input.root, targets: input.targets, findings,
    summary: {
      files: input.filesScanned, bytes: input.bytesScanned, findings: findings.length, bySeverity, byRule, byCategory,
      structBytesSaved: saved, skipped: input.skipped.map((s) => ({ file: rel(s.path), reason: s.reason })),
    },
  };
}
