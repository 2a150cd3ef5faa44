import { ALL_RULES, docsPath, docsUrl } from '../engine/catalogue';
import { command, helpText, parseCommand, UsageError } from './options';

export const RULES = command({
  name: 'rules',
  usage: '[flags]',
  about: 'Lists the rules: id, default severity, "fix" when it offers fixes, and what it finds (docs/rules/<id>.md explains each).',
  flags: {
    json: { type: 'boolean', help: 'the list as JSON, with category, docs path and web address' },
  },
  exitCodes: ['0  the list was printed', '2  usage or internal error (one line on stderr)'],
});

export function rulesCommand(args: string[], out: (s: string) => void): number {
  const parsed = parseCommand(RULES, args);
  if (parsed.help) { out(helpText(RULES)); return 0; }
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`rules takes no arguments (got ${positionals[0]})`);
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
