// Baselines: today's findings recorded by fingerprint, so a team can adopt the tool on a big code base
// and fail CI only on new findings. Fingerprints ignore line numbers (see model.ts fingerprintFindings).
import type { ReportFinding, ReportModel } from './model';
import { withFindings } from './query';

export interface Baseline {
  version: 1;
  tool: 'arm64-port';
  /** Sorted by file, then rule; the extra fields are for people reading diffs of the file. */
  findings: { fingerprint: string; ruleId: string; file: string; message: string }[];
}

export function toBaseline(m: ReportModel): string {
  const findings = m.findings
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, message: f.message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const b: Baseline = { version: 1, tool: 'arm64-port', findings };
  return JSON.stringify(b, null, 2) + '\n';
}

/** Parses a baseline file; throws an Error with a one-line reason when it is not one. */
export function parseBaseline(text: string): Set<string> {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new Error(`not JSON (${(e as Error).message})`); }
  const b = raw as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== 1 || !Array.isArray(b.findings)) throw new Error('not an arm64-port baseline (version 1)');
  const out = new Set<string>();
  for (const f of b.findings) {
    if (!f || typeof f.fingerprint !== 'string') throw new Error('a baseline entry has no fingerprint');
    out.add(f.fingerprint);
  }
  return out;
}

/** The report without the findings the baseline knows. */
export function applyBaseline(m: ReportModel, known: Set<string>, file: string): ReportModel {
  const fresh: ReportFinding[] = m.findings.filter((f) => !known.has(f.fingerprint));
  return { ...withFindings(m, fresh), baseline: { file, known: m.findings.length - fresh.length } };
}
