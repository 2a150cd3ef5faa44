// Findings made ready for every output format: paths relative to the workspace, 1-based positions,
// fixes as edits with ranges, a readiness class and a line-shift-proof fingerprint per finding, the
// rules' metadata, and a summary by severity, readiness, rule, category and file. The renderers
// (text, json, sarif, markdown, html) read only this model, so the editor can render it too.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding, MissingModule, Severity } from '../core/types';
import type { FileSystem } from '../core/workspace';
import { LineIndex } from '../parsing/positions';
import { ALL_RULES } from '../rules/index';
import { docsPath, docsUrl } from '../rules/rule';
import { readinessOf, type Readiness } from './readiness';
import { summarize } from './query';
import { TOOL_VERSION } from '../core/version';

export interface Position { line: number; column: number }
export interface Range { start: Position; end: Position }
export interface ReportEdit { file: string; range: Range; newText: string }
export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  category: string;
  readiness: Readiness;
  /** Path relative to the report's root, with forward slashes. */
  file: string;
  range: Range;
  message: string;
  fixes: { title: string; kind: 'fix' | 'suggest'; edits: ReportEdit[] }[];
  /** Stable across line shifts: rule + file + normalized flagged line + occurrence (see fingerprintFindings). */
  fingerprint: string;
  data?: Record<string, unknown>;
}

export interface ReportRule {
  id: string;
  category: string;
  defaultSeverity: Severity;
  description: string;
  fixable: 'fix' | 'suggest' | null;
  /** Docs page relative to the repository, and its web address. */
  docs: string;
  helpUri: string;
}

export interface ReportSummary {
  files: number;
  bytes: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byReadiness: Record<Readiness, number>;
  byRule: Record<string, number>;
  byCategory: Record<string, number>;
  /** Bytes per instance that the struct reorders would save, summed over structs (primary target). */
  structBytesSaved: number;
  /** Skipped files and folders; `files`: for a folder (vendored, bundled, hidden), how many files in it were not scanned. */
  skipped: { file: string; reason: string; files?: number }[];
  /** Files analysed only in part (a rule failed or the time budget ran out): their findings may be missing. */
  incomplete: { file: string; reason: string }[];
  /**
   * Modules a go.mod requires that are not in the module cache, most structs first: `structs` Go structs
   * have no known size because of each, so their findings are missing; `go mod download` run in the
   * folder of `goMod` (relative to the root) fetches them.
   */
  missingModules: ReportMissingModule[];
}

export interface ReportMissingModule { module: string; version: string; goMod: string; structs: number }

export interface ReportModel {
  tool: { name: 'arm64-port'; version: string };
  root: string;
  targets: string[];
  rules: ReportRule[];
  findings: ReportFinding[];
  summary: ReportSummary;
  /** Set when findings known to a baseline were left out. */
  baseline?: { file: string; known: number };
  /** Set when the scan was limited to files changed since a git revision. */
  changedSince?: string;
}

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.lineColAt(start), end: lines.lineColAt(end) };
}

export function reportRules(): ReportRule[] {
  return ALL_RULES.map((r) => ({
    id: r.meta.id, category: r.meta.category, defaultSeverity: r.meta.defaultSeverity, description: r.meta.description,
    fixable: r.meta.fixable ?? null, docs: docsPath(r.meta.id), helpUri: docsUrl(r.meta.id),
  }));
}

export function buildReport(input: {
  root: string; targets: string[]; findings: Finding[]; filesScanned: number; bytesScanned: number;
  skipped: { path: string; reason: string; files?: number }[]; incomplete?: { path: string; reason: string }[]; fs: FileSystem;
  missingModules?: readonly MissingModule[];
}): ReportModel {
  const rel = (p: string) => path.relative(input.root, p).split(path.sep).join('/') || path.basename(p);
  const texts = new Map<string, { text: string; lines: LineIndex }>();
  const fileOf = (file: string) => {
    let t = texts.get(file);
    if (!t) { const text = input.fs.readText(file) ?? ''; t = { text, lines: new LineIndex(text) }; texts.set(file, t); }
    return t;
  };
  const rules = reportRules();
  const category = new Map(rules.map((r) => [r.id, r.category]));
  const snippets: string[] = [];
  const findings: ReportFinding[] = input.findings.map((f) => {
    const { text, lines } = fileOf(f.file);
    const cat = category.get(f.ruleId) ?? 'other';
    snippets.push(flaggedLines(text, lines, f.start, f.end));
    return {
      ruleId: f.ruleId, severity: f.severity, category: cat, readiness: readinessOf(cat, f.severity), file: rel(f.file),
      range: toRange(lines, f.start, f.end), message: f.message,
      fixes: f.fixes.map((x) => ({
        title: x.title, kind: x.kind,
        edits: x.edits.map((e) => ({ file: rel(e.file ?? f.file), range: toRange(fileOf(e.file ?? f.file).lines, e.start, e.end), newText: e.newText })),
      })),
      fingerprint: '',
      data: f.data,
    };
  });
  fingerprintFindings(findings, snippets);
  return {
    tool: { name: 'arm64-port', version: TOOL_VERSION }, root: input.root, targets: input.targets, rules, findings,
    summary: summarize(findings, {
      files: input.filesScanned, bytes: input.bytesScanned,
      skipped: input.skipped.map((s) => (s.files === undefined ? { file: rel(s.path), reason: s.reason } : { file: rel(s.path), reason: s.reason, files: s.files })),
      incomplete: (input.incomplete ?? []).map((s) => ({ file: rel(s.path), reason: s.reason })),
      missingModules: (input.missingModules ?? []).map((m) => ({ module: m.module, version: m.version, goMod: rel(m.goMod), structs: m.structs })),
    }),
  };
}

/** The text of the lines a finding touches, whitespace collapsed (so re-indenting keeps the fingerprint). */
export function flaggedLines(text: string, lines: LineIndex, start: number, end: number): string {
  const first = lines.positionAt(start).line, last = lines.positionAt(Math.max(start, end)).line;
  const from = lines.lineStart(first);
  const to = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  return normalizeSnippet(text.slice(from, Math.min(to, from + 4096)));
}

export function normalizeSnippet(s: string): string { return s.replace(/\s+/g, ' ').trim(); }

/**
 * Fingerprints that survive line shifts: a hash of rule id, file, the normalized flagged line(s) and the
 * occurrence index among findings with the same three (so two identical lines in a file stay distinct).
 */
export function fingerprintFindings(findings: { ruleId: string; file: string; fingerprint: string }[], snippets: string[]): void {
  const seen = new Map<string, number>();
  findings.forEach((f, i) => {
    const key = `${f.ruleId}\u0000${f.file}\u0000${snippets[i]}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
  });
}
