// The triage of the real-code corpus: one verdict per finding, read from test/realcode/triage/<id>.tsv.
// A line is `verdict<TAB>rule<TAB>file:line<TAB>severity<TAB>reason`, verdict one of true, false, debatable;
// `#` starts a comment line. A finding is known by rule, file, line and severity: a finding whose severity
// changes needs a new verdict, since a warning claims more than an info (for padding: that there are many
// instances). Errors, warnings and infos must all have verdicts; hints may be sampled.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const VERDICTS = ['true', 'false', 'debatable'] as const;
export type Verdict = (typeof VERDICTS)[number];
export interface Judged { verdict: Verdict; rule: string; location: string; severity: string; reason: string; line: number }
export interface Reported { ruleId: string; severity: string; file: string; range: { start: { line: number } }; message: string }

export const TRIAGE_DIR = path.join(__dirname, 'triage');

export const keyOf = (rule: string, location: string, severity: string) => `${rule}\t${location}\t${severity}`;
/** Lines are 1-based, the editor's, as the scan's JSON gives them. */
export const keyOfFinding = (f: Reported) => keyOf(f.ruleId, `${f.file}:${f.range.start.line}`, f.severity);

export function readTriage(id: string): Map<string, Judged> {
  const file = path.join(TRIAGE_DIR, `${id}.tsv`);
  const out = new Map<string, Judged>();
  if (!fs.existsSync(file)) return out;
  fs.readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (!text.trim() || text.startsWith('#')) return;
    const [verdict, rule, location, severity, reason] = text.split('\t');
    if (!VERDICTS.includes(verdict as Verdict) || !rule || !/:\d+$/.test(location ?? '') || !severity || !reason?.trim()) {
      throw new Error(`${file}:${i + 1}: want verdict<TAB>rule<TAB>file:line<TAB>severity<TAB>reason, got: ${text}`);
    }
    const key = keyOf(rule, location, severity);
    if (out.has(key)) throw new Error(`${file}:${i + 1}: a second verdict for ${key}`);
    out.set(key, { verdict: verdict as Verdict, rule, location, severity, reason: reason.trim(), line: i + 1 });
  });
  return out;
}

export interface CodeBaseVerdicts {
  /** Findings at info or above (and judged hints) by key, with their verdict when they have one. */
  reported: Map<string, { finding: Reported; judged?: Judged }>;
  unjudged: Reported[];
  falseStillReported: Judged[];
  trueNoLongerReported: Judged[];
}

const MUST_JUDGE = new Set(['error', 'warning', 'info']);

export function judge(findings: Reported[], triage: Map<string, Judged>): CodeBaseVerdicts {
  const reported = new Map<string, { finding: Reported; judged?: Judged }>();
  const unjudged: Reported[] = [];
  for (const f of findings) {
    const key = keyOfFinding(f);
    if (reported.has(key)) continue;
    const judged = triage.get(key);
    if (judged || MUST_JUDGE.has(f.severity)) reported.set(key, { finding: f, judged });
    if (!judged && MUST_JUDGE.has(f.severity)) unjudged.push(f);
  }
  const all = new Set(findings.map(keyOfFinding));
  const judgedList = [...triage.values()];
  return {
    reported, unjudged,
    // A sampled hint judged false stays in the table (hints have no precision target); what must be judged must not be false.
    falseStillReported: judgedList.filter((j) => j.verdict === 'false' && MUST_JUDGE.has(j.severity) && all.has(keyOf(j.rule, j.location, j.severity))),
    trueNoLongerReported: judgedList.filter((j) => j.verdict === 'true' && !all.has(keyOf(j.rule, j.location, j.severity))),
  };
}

/** A line a triager fills in: verdict `?`, the message after the reason column to read while judging. */
export const untriagedLine = (f: Reported) => `?\t${f.ruleId}\t${f.file}:${f.range.start.line}\t${f.severity}\t\t${f.message.replace(/\s+/g, ' ')}`;

export interface RuleCount { rule: string; severity: string; true: number; false: number; debatable: number }

/** Per rule and severity, the verdicts of what is reported now (hints only as far as they were sampled). */
export function precisionRows(all: CodeBaseVerdicts[]): RuleCount[] {
  const rows = new Map<string, RuleCount>();
  for (const v of all) {
    for (const { finding, judged } of v.reported.values()) {
      if (!judged) continue;
      const k = `${finding.ruleId} ${finding.severity}`;
      const row = rows.get(k) ?? { rule: finding.ruleId, severity: finding.severity, true: 0, false: 0, debatable: 0 };
      row[judged.verdict]++;
      rows.set(k, row);
    }
  }
  const order = ['error', 'warning', 'info', 'hint'];
  return [...rows.values()].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.rule.localeCompare(b.rule));
}

export function precisionTable(rows: RuleCount[]): string {
  const lines = ['| rule | severity | judged | true | false | debatable | precision |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const n = r.true + r.false + r.debatable;
    lines.push(`| ${r.rule} | ${r.severity}${r.severity === 'hint' ? ' (sampled)' : ''} | ${n} | ${r.true} | ${r.false} | ${r.debatable} | ${((100 * r.true) / n).toFixed(0)}% |`);
  }
  return lines.join('\n');
}

/** The precision targets of issue 12: errors always true; warnings at least 90% true (debatable is not true). */
export function missedTargets(rows: RuleCount[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const n = r.true + r.false + r.debatable;
    if (r.severity === 'error' && r.true < n) out.push(`${r.rule} (error): ${r.true} of ${n} true`);
    if (r.severity === 'warning' && r.true < 0.9 * n) out.push(`${r.rule} (warning): ${r.true} of ${n} true, under 90%`);
  }
  return out;
}
