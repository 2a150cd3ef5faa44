// `scan --format json`: the documented contract (architecture.md), version 1. Fields beyond the
// contract (root, category, readiness, fingerprint, baseline, changedSince) are additions, never renames.
import type { ReportModel } from './model';

export interface JsonOptions {
  /** The workspace root as the user named it (`file` paths are relative to it); omitted when unset. */
  root?: string;
}

export function toJson(m: ReportModel, opts: JsonOptions = {}): string {
  return JSON.stringify({
    version: 1,
    tool: m.tool,
    ...(opts.root !== undefined ? { root: opts.root } : {}),
    targets: m.targets,
    ...(m.baseline ? { baseline: m.baseline } : {}),
    ...(m.changedSince ? { changedSince: m.changedSince } : {}),
    findings: m.findings.map((f) => ({
      ruleId: f.ruleId, severity: f.severity, category: f.category, readiness: f.readiness, file: f.file, range: f.range,
      message: f.message, fingerprint: f.fingerprint,
      fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind, edits: x.edits })),
    })),
    summary: m.summary,
  }, null, 2);
}
