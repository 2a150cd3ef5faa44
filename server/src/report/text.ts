// `scan --format text`: compiler-style lines, `file:line:col: severity rule-id: message`, then a summary
// and the files that were skipped, with their reasons.
import type { ReportModel } from './model';
import { missingModulesSentence } from './query';

export interface TextOptions {
  /** Prefix for the paths (e.g. the workspace root relative to the current folder), so lines are clickable. */
  pathPrefix?: string;
  /** How many skipped entries to list before "and N more". */
  maxSkipped?: number;
}

export function toText(m: ReportModel, opts: TextOptions = {}): string {
  const prefix = opts.pathPrefix ? opts.pathPrefix.replace(/\/?$/, '/') : '';
  const lines = m.findings.map((f) => `${prefix}${f.file}:${f.range.start.line}:${f.range.start.column}: ${f.severity} ${f.ruleId}: ${f.message}`);
  const s = m.summary.bySeverity, r = m.summary.byReadiness;
  const scope = m.changedSince ? ` changed since ${m.changedSince}` : '';
  lines.push(`${m.summary.findings} findings (${s.error} errors, ${s.warning} warnings, ${s.info} info, ${s.hint} hints) in ${m.summary.files} files${scope}`);
  if (m.summary.findings) lines.push(`readiness: ${r.blocker} blockers, ${r.hazard} correctness hazards, ${r.performance} performance notes`);
  if (m.baseline) lines.push(`${m.baseline.known} known findings left out (baseline ${m.baseline.file})`);
  if (m.summary.structBytesSaved) lines.push(`reordering struct fields would save ${m.summary.structBytesSaved} bytes per instance (summed over structs)`);
  const missing = missingModulesSentence(m, { dirPrefix: prefix || undefined });
  if (missing) lines.push(`missing modules: ${missing}`);
  const skipped = m.summary.skipped;
  const inFolders = skipped.reduce((n, k) => n + (k.files ?? 0), 0);
  if (inFolders) lines.push(`${inFolders} files in vendored, bundled or hidden folders not scanned (includeVendored / --include-vendored scans vendored and bundled code)`);
  const max = opts.maxSkipped ?? 20;
  for (const k of skipped.slice(0, max)) lines.push(`skipped ${prefix}${k.file}: ${k.reason}`);
  if (skipped.length > max) lines.push(`skipped ${skipped.length - max} more (see --format json)`);
  // Never cut: each of these files may hide findings.
  for (const k of m.summary.incomplete) lines.push(`not completely analysed ${prefix}${k.file}: ${k.reason}`);
  return lines.join('\n');
}
