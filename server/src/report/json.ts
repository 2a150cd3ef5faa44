// `scan --format json`: the documented contract (architecture.md), version 1.
import type { ReportModel } from './model';

export function toJson(m: ReportModel): string {
  return JSON.stringify({
    version: 1,
    tool: m.tool,
    targets: m.targets,
    findings: m.findings.map((f) => ({
      ruleId: f.ruleId, severity: f.severity, file: f.file, range: f.range, message: f.message,
      fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })),
    })),
    summary: m.summary,
  }, null, 2);
}
