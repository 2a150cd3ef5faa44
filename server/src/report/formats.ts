import type { ReportModel } from './model';
import { toJson } from './json';
import { toText } from './text';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(m: ReportModel, format: ReportFormat): string {
  switch (format) {
    case 'text': return toText(m);
    case 'json': return toJson(m);
    default: throw new Error(`format ${format} is not available yet`);
  }
}
