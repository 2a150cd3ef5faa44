// `scan --format html` and the editor's report view: one pure renderer, ReportModel -> one
// self-contained HTML page (inline CSS, SVG bar charts, no scripts, no remote resources). Everything
// that comes from the workspace (paths, messages, fix titles) is escaped.
import type { ReportFinding, ReportModel } from './model';
import { findingsByFile, missingModulesByGoMod, topRules } from './query';
import { blockerNote, READINESS_HELP, READINESS_LABEL, READINESS_ORDER } from './readiness';
import { plural } from './plural';

export type ExportFormat = 'markdown' | 'html' | 'sarif' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'html', 'sarif', 'json'];

export interface HtmlOptions {
  /** Per-render nonce: the page's CSP then allows only the nonce'd style (the webview). */
  nonce?: string;
  /** Where a finding's location links to. Default: the file path relative to the report root. */
  locationHref?: (file: string, line: number, column: number) => string;
  /** A second link per file, e.g. its absolute file:// URL (also the location links' title). */
  absoluteHref?: (file: string) => string;
  /** How a file is named on the page. Default: its path relative to the report root. */
  displayPath?: (file: string) => string;
  /** When set, export buttons are shown, linking there (the webview uses command: URIs). */
  exportHref?: (format: ExportFormat) => string;
}

export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s), command:, file: and relative links survive; anything else (javascript:, data:) becomes '#'. */
export function safeHref(href: string): string {
  if (/^(https?:|command:|file:)/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return '#';
  return href;
}

const CSS = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: 13px; line-height: 1.45;
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #fff); margin: 0 auto; padding: 16px 24px; max-width: 1200px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; } h3 { font-size: 14px; margin: 18px 0 6px; }
a { color: var(--vscode-textLink-foreground, #0969da); text-decoration: none; } a:hover { text-decoration: underline; }
.muted { opacity: .75; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 6px; padding: 10px 14px; min-width: 180px; }
.card .n { font-size: 26px; font-weight: 600; } .card.blocker .n { color: #cf222e; } .card.hazard .n { color: #bf8700; } .card.performance .n { color: #0969da; }
.exports { margin: 8px 0 0; } .exports a { display: inline-block; border: 1px solid var(--vscode-button-border, #d0d7de); border-radius: 4px;
  padding: 3px 10px; margin-right: 6px; background: var(--vscode-button-secondaryBackground, #f6f8fa); color: var(--vscode-button-secondaryForeground, inherit); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); vertical-align: top; }
th { font-weight: 600; } td.num, th.num { text-align: right; white-space: nowrap; } td.loc { white-space: nowrap; font-family: var(--vscode-editor-font-family, monospace); }
.sev { font-weight: 600; } .sev.error { color: #cf222e; } .sev.warning { color: #bf8700; } .sev.info, .sev.hint { color: #0969da; }
.charts { display: flex; gap: 24px; flex-wrap: wrap; } .chart { flex: 1 1 340px; }
svg text { fill: currentColor; font-size: 12px; } rect.bar { fill: #0969da; } rect.bar.error, rect.bar.blocker { fill: #cf222e; }
rect.bar.warning, rect.bar.hazard { fill: #bf8700; } rect.bar.info, rect.bar.hint, rect.bar.performance { fill: #0969da; } rect.track { fill: rgba(128,128,128,.15); }
table.findings { table-layout: fixed; } table.findings th:nth-child(1) { width: 64px; } table.findings th:nth-child(2) { width: 72px; }
table.findings th:nth-child(3) { width: 220px; } table.findings td { overflow-wrap: anywhere; }
code { font-family: var(--vscode-editor-font-family, monospace); }
.fix { display: block; opacity: .8; }
details.more summary { cursor: pointer; opacity: .75; margin: 2px 0 6px; }
`;

export function toHtml(m: ReportModel, opts: HtmlOptions = {}): string {
  const nonceAttr = opts.nonce ? ` nonce="${escapeHtml(opts.nonce)}"` : '';
  const csp = opts.nonce
    ? `default-src 'none'; style-src 'nonce-${opts.nonce}'; script-src 'nonce-${opts.nonce}'`
    : `default-src 'none'; style-src 'unsafe-inline'`;
  const loc = opts.locationHref ?? ((file: string, line: number) => `${file.split('/').map(encodeURIComponent).join('/')}#L${line}`);
  const show = opts.displayPath ?? ((file: string) => file);
  const title = (file: string) => (opts.absoluteHref ? ` title="${escapeHtml(opts.absoluteHref(file))}"` : '');
  const s = m.summary;
  const meta = new Map(m.rules.map((r) => [r.id, r]));
  const body: string[] = [];
  const missingGroups = missingModulesByGoMod(m);
  const missingStructs = missingGroups.reduce((n, g) => n + g.structs, 0);

  body.push(`<h1>ARM64 portability report</h1>`);
  body.push(`<div class="muted">${plural(s.findings, 'finding')} in ${plural(s.files, 'file')}${m.changedSince ? ` changed since <code>${escapeHtml(m.changedSince)}</code>` : ''}
 · targets ${m.targets.map((t) => `<code>${escapeHtml(t)}</code>`).join(', ')}${s.incomplete.length ? ` · <a href="#incomplete">${s.incomplete.length} not completely analysed</a>` : ''}${s.skipped.length ? ` · <a href="#skipped">${s.skipped.length} skipped</a>` : ''}${missingStructs ? ` · <a href="#missing-modules">${plural(missingStructs, 'Go struct')} not analysed</a>` : ''} · ${escapeHtml(m.tool.name)} ${escapeHtml(m.tool.version)}</div>`);
  if (m.baseline) body.push(`<p class="muted">${plural(m.baseline.known, 'finding')} already in the baseline <code>${escapeHtml(m.baseline.file)}</code> ${m.baseline.known === 1 ? 'is' : 'are'} left out.</p>`);
  if (opts.exportHref) {
    const names: Record<ExportFormat, string> = { markdown: 'Markdown', html: 'HTML', sarif: 'SARIF', json: 'JSON' };
    body.push(`<div class="exports">Export: ${EXPORT_FORMATS.map((f) => `<a href="${escapeHtml(safeHref(opts.exportHref!(f)))}">${names[f]}</a>`).join('')}</div>`);
  }

  body.push('<h2>Readiness</h2><div class="cards">');
  for (const r of READINESS_ORDER) {
    body.push(`<div class="card ${r}"><div class="n">${s.byReadiness[r]}</div><div><b>${READINESS_LABEL[r]}</b></div><div class="muted">${READINESS_HELP[r]}</div></div>`);
  }
  body.push('</div>');
  const note = blockerNote(s.bySeverity.error, s.byReadiness.blocker);
  if (note) body.push(`<p class="muted">${escapeHtml(note)}</p>`);
  if (s.structBytesSaved) body.push(`<p>Reordering struct fields would save <b>${s.structBytesSaved} bytes per instance</b>, summed over the structs flagged (primary target).</p>`);

  if (s.findings) {
    body.push('<h2>Counts</h2><div class="charts">');
    body.push(chart('By severity', (['error', 'warning', 'info', 'hint'] as const).map((k) => ({ label: k, value: s.bySeverity[k], cls: k }))));
    body.push(chart('By category', Object.entries(s.byCategory).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, v]) => ({ label: k, value: v }))));
    body.push(chart('By rule', topRules(m).map((r) => ({ label: r.id, value: r.count, href: meta.get(r.id)?.helpUri }))));
    body.push('</div>');
  }

  const files = findingsByFile(m);
  if (files.length) {
    body.push('<h2>Findings by file</h2>');
    for (const { file, findings } of files) {
      const absolute = opts.absoluteHref ? ` <a class="muted" href="${escapeHtml(safeHref(opts.absoluteHref(file)))}">(absolute path)</a>` : '';
      body.push(`<h3><a href="${escapeHtml(safeHref(loc(file, 1, 1)))}"${title(file)}><code>${escapeHtml(show(file))}</code></a> <span class="muted">${findings.length}</span>${absolute}</h3>`);
      body.push('<table class="findings"><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Message</th></tr></thead><tbody>');
      for (const f of findings) body.push(row(f, loc, meta.get(f.ruleId)?.helpUri, title(f.file)));
      body.push('</tbody></table>');
    }
  } else {
    body.push('<p>No findings.</p>');
  }

  if (missingGroups.length) {
    body.push(`<h2 id="missing-modules">Go modules not in the module cache <span class="muted">${s.missingModules.length}</span></h2><p>${plural(missingStructs, 'Go struct')} ${missingStructs === 1 ? 'was' : 'were'} not analysed (their size is unknown, so their findings are missing) because modules that go.mod requires are not downloaded. Run <code>go mod download</code> in the folder of each go.mod and scan again.</p><table><thead><tr><th>Run in</th><th>Structs</th><th>Modules</th></tr></thead><tbody>`);
    for (const g of missingGroups) {
      const shown = g.modules.slice(0, 5).map((x) => `<code>${escapeHtml(x)}</code>`).join(', ') + (g.modules.length > 5 ? `, and ${g.modules.length - 5} more` : '');
      body.push(`<tr><td><code>${escapeHtml(show(g.dir))}</code></td><td>${g.structs}</td><td>${shown}</td></tr>`);
    }
    body.push('</tbody></table>');
  }
  if (s.incomplete.length) {
    body.push(`<h2 id="incomplete">Not completely analysed <span class="muted">${s.incomplete.length}</span></h2><p>Findings of these files may be missing.</p><table><thead><tr><th>Path</th><th>Reason</th></tr></thead><tbody>`);
    for (const k of s.incomplete) body.push(`<tr><td><code>${escapeHtml(show(k.file))}</code></td><td>${escapeHtml(k.reason)}</td></tr>`);
    body.push('</tbody></table>');
  }
  if (s.skipped.length) {
    body.push(`<h2 id="skipped">Skipped <span class="muted">${s.skipped.length}</span></h2><table><thead><tr><th>Path</th><th>Reason</th></tr></thead><tbody>`);
    for (const k of s.skipped) body.push(`<tr><td><code>${escapeHtml(show(k.file))}</code></td><td>${escapeHtml(k.reason)}</td></tr>`);
    body.push('</tbody></table>');
  }

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ARM64 portability report</title>
<style${nonceAttr}>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>`;
}

function row(f: ReportFinding, loc: (file: string, line: number, column: number) => string, helpUri: string | undefined, title: string): string {
  const { line, column } = f.range.start;
  const rule = helpUri ? `<a href="${escapeHtml(safeHref(helpUri))}"><code>${escapeHtml(f.ruleId)}</code></a>` : `<code>${escapeHtml(f.ruleId)}</code>`;
  const fixes = f.fixes.map((x) => `<span class="fix">${x.kind === 'fix' ? 'Fix' : 'Suggestion'}: ${escapeHtml(x.title)}</span>`).join('');
  return `<tr><td class="loc"><a href="${escapeHtml(safeHref(loc(f.file, line, column)))}"${title}>${line}:${column}</a></td>`
    + `<td class="sev ${f.severity}">${f.severity}</td><td>${rule}</td><td>${escapeHtml(f.message)}${fixes}</td></tr>`;
}

/**
 * A horizontal SVG bar chart: sizes are SVG attributes, so the strict CSP (no inline styles) allows it. Past
 * 15 rows the rest opens from "and N more" (<details>: no script needed).
 */
function chart(title: string, rows: { label: string; value: number; cls?: string; href?: string }[]): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const svg = (part: typeof rows, label: string) => {
    const labelW = 190, barW = 220, rowH = 20;
    const h = part.length * rowH + 4;
    const bars = part.map((r, i) => {
      const y = i * rowH + 2;
      const w = Math.max(r.value ? 2 : 0, Math.round((r.value / max) * barW));
      const text = `<text x="0" y="${y + 13}">${escapeHtml(r.label.length > 28 ? r.label.slice(0, 27) + '…' : r.label)}</text>`;
      return `${r.href ? `<a href="${escapeHtml(safeHref(r.href))}">${text}</a>` : text}`
        + `<rect class="track" x="${labelW}" y="${y + 2}" width="${barW}" height="14"></rect>`
        + `<rect class="bar ${escapeHtml(r.cls ?? '')}" x="${labelW}" y="${y + 2}" width="${w}" height="14"></rect>`
        + `<text x="${labelW + barW + 6}" y="${y + 13}">${r.value}</text>`;
    }).join('');
    return `<svg role="img" aria-label="${escapeHtml(label)}" width="${labelW + barW + 50}" height="${h}" viewBox="0 0 ${labelW + barW + 50} ${h}">${bars}</svg>`;
  };
  const rest = rows.slice(15);
  const more = rest.length ? `<details class="more"><summary>and ${rest.length} more</summary>${svg(rest, `${title}, continued`)}</details>` : '';
  return `<div class="chart"><h3>${escapeHtml(title)}</h3>${svg(rows.slice(0, 15), title)}${more}</div>`;
}
