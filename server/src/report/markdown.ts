// `scan --format markdown`: a job summary for $GITHUB_STEP_SUMMARY: the readiness table, counts by
// severity, the top rules, then findings per file, each list capped with "and N more".
import { READINESS_HELP, READINESS_LABEL, READINESS_ORDER } from './readiness';
import type { ReportModel } from './model';
import { findingsByFile, missingModulesByGoMod, topRules } from './query';
import { plural } from './plural';

export interface MarkdownOptions {
  maxFiles?: number; maxPerFile?: number; maxRules?: number; maxSkipped?: number;
  /** How a report path (relative to the root) is printed. Default: as it is. */
  displayPath?: (file: string) => string;
}

/** Text that cannot break out of a table cell or start markup. */
export function mdEscape(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => '\\' + c);
}

export function toMarkdown(m: ReportModel, opts: MarkdownOptions = {}): string {
  const maxFiles = opts.maxFiles ?? 50, maxPerFile = opts.maxPerFile ?? 20, maxRules = opts.maxRules ?? 10, maxSkipped = opts.maxSkipped ?? 20;
  const s = m.summary;
  const show = opts.displayPath ?? ((file: string) => file);
  const out: string[] = ['## ARM64 portability report', ''];
  const scope = m.changedSince ? ` changed since \`${mdEscape(m.changedSince)}\`` : '';
  out.push(`${plural(s.findings, 'finding')} in ${plural(s.files, 'file')}${scope} (targets: ${m.targets.map((t) => '`' + t + '`').join(', ')}).`);
  if (m.baseline) out.push('', `${plural(m.baseline.known, 'finding')} already in the baseline ${m.baseline.known === 1 ? 'was' : 'were'} left out; only new findings are listed.`);
  out.push('', '| Readiness | Findings | Meaning |', '|---|---:|---|');
  for (const r of READINESS_ORDER) out.push(`| ${READINESS_LABEL[r]} | ${s.byReadiness[r]} | ${READINESS_HELP[r]} |`);
  out.push('', `| Severity | error | warning | info | hint |`, '|---|---:|---:|---:|---:|',
    `| Findings | ${s.bySeverity.error} | ${s.bySeverity.warning} | ${s.bySeverity.info} | ${s.bySeverity.hint} |`);
  if (s.structBytesSaved) out.push('', `Reordering struct fields would save **${plural(s.structBytesSaved, 'byte')} per instance** (summed over structs).`);

  const rules = topRules(m);
  if (rules.length) {
    const meta = new Map(m.rules.map((r) => [r.id, r]));
    out.push('', '### Top rules', '', '| Rule | Findings | What it finds |', '|---|---:|---|');
    for (const r of rules.slice(0, maxRules)) {
      const rm = meta.get(r.id);
      out.push(`| ${rm ? `[${r.id}](${rm.helpUri})` : r.id} | ${r.count} | ${mdEscape(rm?.description ?? '')} |`);
    }
    if (rules.length > maxRules) out.push('', `and ${plural(rules.length - maxRules, 'more rule')}`);
  }

  const files = findingsByFile(m);
  if (files.length) {
    out.push('', '### Findings by file');
    for (const { file, findings } of files.slice(0, maxFiles)) {
      out.push('', `<details><summary><code>${htmlText(show(file))}</code>: ${plural(findings.length, 'finding')}</summary>`, '');
      for (const f of findings.slice(0, maxPerFile)) {
        out.push(`- \`${f.range.start.line}:${f.range.start.column}\` **${f.severity}** \`${f.ruleId}\`: ${mdEscape(f.message)}`);
      }
      if (findings.length > maxPerFile) out.push(`- and ${findings.length - maxPerFile} more`);
      out.push('', '</details>');
    }
    if (files.length > maxFiles) out.push('', `and ${plural(files.length - maxFiles, 'more file')}`);
  }

  const groups = missingModulesByGoMod(m);
  if (groups.length) {
    const structs = groups.reduce((n, g) => n + g.structs, 0);
    out.push('', '### Go modules not in the module cache', '',
      `${plural(structs, 'Go struct')} ${structs === 1 ? 'was' : 'were'} not analysed (their size is unknown, so their findings are missing) because modules that go.mod requires are not downloaded. Run \`go mod download\` in the folder of each go.mod and scan again.`, '');
    for (const g of groups) {
      const shown = g.modules.slice(0, 5).map((x) => '`' + x.replace(/`/g, "'") + '`').join(', ') + (g.modules.length > 5 ? `, and ${g.modules.length - 5} more` : '');
      out.push(`- \`${show(g.dir).replace(/`/g, "'")}\` (${plural(g.structs, 'struct')}): ${shown}`);
    }
  }
  if (s.incomplete.length) {
    out.push('', '### Not completely analysed', '', 'Findings of these files may be missing.', '');
    for (const k of s.incomplete) out.push(`- \`${show(k.file).replace(/`/g, "'")}\`: ${mdEscape(k.reason)}`);
  }
  if (s.skipped.length) {
    out.push('', '### Skipped', '');
    for (const k of s.skipped.slice(0, maxSkipped)) out.push(`- \`${show(k.file).replace(/`/g, "'")}\`: ${mdEscape(k.reason)}`);
    if (s.skipped.length > maxSkipped) out.push(`- and ${s.skipped.length - maxSkipped} more`);
  }
  return out.join('\n');
}

function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
