// Compiler flags in meson.build: if/elif/else/endif blocks (host_machine.cpu_family() tests) and probes.
import { archOfCondition, conditionIsNegated, innermostArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import { maskHashComments, type FlagOccurrence } from './occurrence';

export function flagsInMeson(text: string): FlagOccurrence[] {
  const masked = maskHashComments(text);
  const out: FlagOccurrence[] = [];
  const stack: { cond: string; negated: boolean }[] = [];
  let offset = 0;
  for (const line of masked.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const t = line.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^if\s+(.*)$/))) { stack.push({ cond: m[1], negated: conditionIsNegated(m[1]) }); continue; }
    if ((m = t.match(/^elif\s+(.*)$/))) { if (stack.length) stack[stack.length - 1] = { cond: m[1], negated: conditionIsNegated(m[1]) }; continue; }
    if (/^else\b/.test(t)) { const top = stack[stack.length - 1]; if (top) top.negated = !top.negated; continue; }
    if (/^endif\b/.test(t)) { stack.pop(); continue; }
    const toks = scanFlags(line, start);
    if (toks.length === 0 || PROBE_RE.test(line)) continue;
    const guards = [...stack].reverse().map((g) => archOfCondition(g.cond, g.negated));
    const owner = t.match(/^([A-Za-z_]\w*)\s*\+?=/)?.[1] ?? '';
    const byName = archOfCondition(owner, false);
    for (const tok of toks) {
      out.push({ ...tok, arch: innermostArch([...guards, byName === 'x86' ? 'x86' : undefined], 'any'), owner, statement: { start, end: start + line.length, text: line } });
    }
  }
  return out;
}
