// Hand-made findings on an in-memory workspace, for the report renderers' tests.
import { buildReport, type ReportModel } from '../../server/src/report/model';
import { memoryFileSystem } from '../../server/src/core/workspace';
import type { Finding } from '../../server/src/core/types';

export const ROOT = '/ws';

export function finding(file: string, text: string, needle: string, ruleId: string, severity: Finding['severity'], extra: Partial<Finding> = {}, nth = 0): Finding {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`${needle} not in ${file}`);
  return { ruleId, severity, file: `${ROOT}/${file}`, start, end: start + needle.length, message: `${ruleId} at ${needle}`, fixes: [], ...extra };
}

export function report(files: Record<string, string>, make: (t: Record<string, string>) => Finding[], skipped: { path: string; reason: string }[] = []): ReportModel {
  const fs = memoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])));
  return buildReport({
    root: ROOT, targets: ['linux/arm64', 'linux/amd64'], findings: make(files), filesScanned: Object.keys(files).length,
    bytesScanned: Object.values(files).reduce((a, t) => a + t.length, 0), skipped, fs,
  });
}
