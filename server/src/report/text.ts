// `scan --format text`: compiler-style lines, `file:line:col: severity rule-id: message`.
import type { ReportModel } from './model';

export function toText(m: ReportModel): string {
  const lines = m.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column}: ${f.severity} ${f.ruleId}: ${f.message}`);
  const s = m.summary.bySeverity;
  lines.push(`${m.summary.findings} findings (${s.error} errors, ${s.warning} warnings, ${s.info} info, ${s.hint} hints) in ${m.summary.files} files`);
  if (m.summary.structBytesSaved) lines.push(`reordering struct fields would save ${m.summary.structBytesSaved} bytes per instance (summed over structs)`);
  if (m.summary.skipped.length) lines.push(`skipped ${m.summary.skipped.length} files or folders (see --format json for reasons)`);
  return lines.join('\n');
}
