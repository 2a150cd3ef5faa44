import { ALL_RULES } from '../rules/index';
import { docsPath, docsUrl } from '../rules/rule';
import { parse } from './options';

export function rulesCommand(args: string[], out: (s: string) => void): number {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const rows = ALL_RULES.map((r) => ({
    id: r.meta.id, severity: r.meta.defaultSeverity, category: r.meta.category, fixable: r.meta.fixable ?? null,
    description: r.meta.description, docs: docsPath(r.meta.id), url: docsUrl(r.meta.id),
  }));
  if (values.json) out(JSON.stringify({ version: 1, rules: rows }, null, 2));
  else {
    const w = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) out(`${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.fixable ? 'fix ' : '    '} ${r.description}`);
  }
  return 0;
}
