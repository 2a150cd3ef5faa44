// Every output format of a ReportModel; pure (no file system, no rules), so the editor client can use it.
import type { ReportModel } from './model';
import { toJson, type JsonOptions } from './json';
import { toText, type TextOptions } from './text';
import { toSarif } from './sarif';
import { toMarkdown, type MarkdownOptions } from './markdown';
import { toHtml, type HtmlOptions } from './html';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(m: ReportModel, format: ReportFormat, opts: { text?: TextOptions; json?: JsonOptions; markdown?: MarkdownOptions; html?: HtmlOptions } = {}): string {
  switch (format) {
    case 'text': return toText(m, opts.text);
    case 'json': return toJson(m, opts.json);
    case 'sarif': return toSarif(m);
    case 'markdown': return toMarkdown(m, opts.markdown);
    case 'html': return toHtml(m, opts.html);
  }
}
