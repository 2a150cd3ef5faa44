// `scan --format text`: compiler-style lines, `file:line:col: severity rule-id: message` (editors and CI
// parse them), or on a terminal the findings grouped by file with messages wrapped to its width; then a
// summary and the files that were skipped, with their reasons. Colour only when asked (ANSI codes).
import type { ReportFinding, ReportModel } from './model';
import { findingsByFile, missingModulesSentence } from './query';
import { plural } from './plural';

export interface TextOptions {
  /** Prefix for the paths (e.g. the workspace root relative to the current folder), so lines are clickable. */
  pathPrefix?: string;
  /** How a report path (relative to the root) is printed; wins over pathPrefix. */
  displayPath?: (file: string) => string;
  /** How many skipped entries to list before "and N more". */
  maxSkipped?: number;
  /** Findings grouped under a line per file, messages wrapped to `width` (default: one compiler-style line each). */
  grouped?: boolean;
  width?: number;
  color?: boolean;
}

const SGR = { bold: '1', dim: '2', underline: '4', red: '31', yellow: '33', cyan: '36', gray: '90' } as const;
const SEVERITY_STYLE: Record<ReportFinding['severity'], (keyof typeof SGR)[]> = { error: ['bold', 'red'], warning: ['yellow'], info: ['cyan'], hint: ['gray'] };

export function toText(m: ReportModel, opts: TextOptions = {}): string {
  const prefix = opts.pathPrefix ? opts.pathPrefix.replace(/\/?$/, '/') : '';
  const show = opts.displayPath ?? ((file: string) => prefix + file);
  const paint = (s: string, ...styles: (keyof typeof SGR)[]) => (opts.color && s ? `\x1b[${styles.map((x) => SGR[x]).join(';')}m${s}\x1b[0m` : s);
  const sev = (f: ReportFinding, pad = 0) => paint(f.severity, ...SEVERITY_STYLE[f.severity]) + ' '.repeat(Math.max(0, pad - f.severity.length));
  const lines = opts.grouped
    ? groupedLines(m, show, paint, sev, opts.width ?? 80)
    : m.findings.map((f) => `${show(f.file)}:${f.range.start.line}:${f.range.start.column}: ${sev(f)} ${paint(f.ruleId, 'dim')}: ${f.message}`);
  const r = m.summary.byReadiness;
  lines.push(countsSentence(m));
  if (m.summary.findings) lines.push(`readiness: ${plural(r.blocker, 'blocker')}, ${plural(r.hazard, 'correctness hazard')}, ${plural(r.performance, 'performance note')}`);
  if (m.baseline) lines.push(`${plural(m.baseline.known, 'known finding')} left out (baseline ${m.baseline.file})`);
  if (m.summary.structBytesSaved) lines.push(`reordering struct fields would save ${plural(m.summary.structBytesSaved, 'byte')} per instance (summed over structs)`);
  const root = opts.displayPath ? opts.displayPath('.') : opts.pathPrefix || '.';
  const missing = missingModulesSentence(m, { dirPrefix: root === '.' ? undefined : root });
  if (missing) lines.push(`missing modules: ${missing}`);
  const skipped = m.summary.skipped;
  const inFolders = skipped.reduce((n, k) => n + (k.files ?? 0), 0);
  if (inFolders) lines.push(`${plural(inFolders, 'file')} in vendored, bundled or hidden folders not scanned (includeVendored / --include-vendored scans vendored and bundled code)`);
  const max = opts.maxSkipped ?? 20;
  for (const k of skipped.slice(0, max)) lines.push(`skipped ${show(k.file)}: ${k.reason}`);
  if (skipped.length > max) lines.push(`skipped ${skipped.length - max} more (see --format json)`);
  // Never cut: each of these files may hide findings.
  for (const k of m.summary.incomplete) lines.push(`not completely analysed ${show(k.file)}: ${k.reason}`);
  return lines.join('\n');
}

/** "43 findings (11 errors, 19 warnings, 7 info, 6 hints) in 14 files": the text report's summary line. */
export function countsSentence(m: ReportModel): string {
  const s = m.summary.bySeverity;
  const scope = m.changedSince ? ` changed since ${m.changedSince}` : '';
  return `${plural(m.summary.findings, 'finding')} (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info, ${plural(s.hint, 'hint')}) in ${plural(m.summary.files, 'file')}${scope}`;
}

/**
 * A line per file, then its findings: `  line:col  severity  rule-id  message`, the message wrapped
 * under itself; when that leaves fewer than 60 columns, the message goes on the lines below.
 */
function groupedLines(m: ReportModel, show: (f: string) => string, paint: (s: string, ...st: (keyof typeof SGR)[]) => string,
  sev: (f: ReportFinding, pad: number) => string, width: number): string[] {
  const out: string[] = [];
  // One set of columns for the whole report, so every file's findings line up the same way.
  const loc = (f: ReportFinding) => `${f.range.start.line}:${f.range.start.column}`;
  // reduce, not Math.max(...xs): a report can hold more findings than a call has arguments.
  const widest = (len: (f: ReportFinding) => number) => m.findings.reduce((w, f) => Math.max(w, len(f)), 0);
  const locW = widest((f) => loc(f).length), sevW = widest((f) => f.severity.length), ruleW = widest((f) => f.ruleId.length);
  const hang = 2 + locW + 2 + sevW + 2 + ruleW + 2;
  const below = width - hang < 60;
  for (const { file, findings } of findingsByFile(m)) {
    out.push(paint(show(file), 'bold', 'underline'));
    for (const f of findings) {
      const head = `  ${loc(f).padEnd(locW)}  ${sev(f, sevW)}  ${paint(f.ruleId, 'dim')}${below ? '' : ' '.repeat(ruleW - f.ruleId.length)}`;
      const indent = below ? 4 : hang;
      const text = wrap(f.message, Math.max(20, width - indent));
      if (below) out.push(head, ...text.map((l) => ' '.repeat(indent) + l));
      else out.push(`${head}  ${text[0]}`, ...text.slice(1).map((l) => ' '.repeat(indent) + l));
    }
    out.push('');
  }
  return out;
}

/** Words into lines of at most `width` characters; a longer word (a URL, a path) gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}
