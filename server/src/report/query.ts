// Pure helpers over a ReportModel shared by the renderers and the editor client (no rule imports here,
// so the client bundle stays small).
import { SEVERITIES, structDataOf, type Severity } from '../core/types';
import type { ReportFinding, ReportModel, ReportSummary } from './model';
import type { Readiness } from './readiness';

type SummaryBase = Pick<ReportSummary, 'files' | 'bytes' | 'skipped' | 'incomplete'> & Partial<Pick<ReportSummary, 'missingModules'>>;

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
    saved += structDataOf(f)?.bytesSaved ?? 0;
  }
  return { ...base, missingModules: base.missingModules ?? [], findings: findings.length, bySeverity, byReadiness, byRule, byCategory, structBytesSaved: saved };
}

/** The same report with only some findings (a baseline filter); the summary is recomputed. */
export function withFindings(m: ReportModel, findings: ReportFinding[]): ReportModel {
  return { ...m, findings, summary: summarize(findings, { files: m.summary.files, bytes: m.summary.bytes, skipped: m.summary.skipped, incomplete: m.summary.incomplete, missingModules: m.summary.missingModules }) };
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

/**
 * The missing modules of a report grouped by the go.mod that requires them: the folder to run
 * `go mod download` in (relative to the root, '.' for the root), its modules as module@version (most
 * structs first) and the structs they leave unanalysed.
 */
export function missingModulesByGoMod(m: ReportModel): { dir: string; modules: string[]; structs: number }[] {
  const groups = new Map<string, { dir: string; modules: string[]; structs: number }>();
  for (const x of m.summary.missingModules ?? []) {
    const dir = x.goMod.replace(/\/?go\.mod$/, '') || '.';
    let g = groups.get(dir);
    if (!g) groups.set(dir, (g = { dir, modules: [], structs: 0 }));
    g.modules.push(`${x.module}@${x.version}`);
    g.structs += x.structs;
  }
  return [...groups.values()];
}

/**
 * One sentence for the whole report, or undefined when nothing is missing: how many structs were not
 * analysed, the first few modules, and the command that fetches them. `dirPrefix` is put before each folder.
 */
export function missingModulesSentence(m: ReportModel, opts: { maxModules?: number; dirPrefix?: string; code?: (s: string) => string } = {}): string | undefined {
  const list = m.summary.missingModules ?? [];
  if (!list.length) return undefined;
  const max = opts.maxModules ?? 3;
  const code = opts.code ?? ((s: string) => '`' + s + '`');
  const structs = list.reduce((n, x) => n + x.structs, 0);
  const names = list.slice(0, max).map((x) => `${x.module}@${x.version}`).join(', ') + (list.length > max ? `, and ${list.length - max} more` : '');
  const dirs = missingModulesByGoMod(m).map((g) => code(prefixed(opts.dirPrefix, g.dir)));
  const modules = list.length === 1 ? '1 module required by go.mod is' : `${list.length} modules required by go.mod are`;
  const structsText = structs === 1 ? '1 Go struct was' : `${structs} Go structs were`;
  return `${structsText} not analysed (size unknown) because ${modules} not in the module cache (${names}); run ${code('go mod download')} in ${dirs.join(', ')} and scan again`;
}

function prefixed(prefix: string | undefined, dir: string): string {
  if (!prefix) return dir;
  const p = prefix.replace(/\/?$/, '/');
  return dir === '.' ? p.replace(/\/$/, '') || '.' : p + dir;
}
