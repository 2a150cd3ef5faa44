// Compiler flags in meson.build: if/elif/else/endif blocks (host_machine.cpu_family() tests) and probes.
import { archOfCondition, archWithin, conditionIsNegated, withGuard, type ArchScope } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import { maskHashComments, type FlagOccurrence } from './occurrence';

export function flagsInMeson(text: string): FlagOccurrence[] {
  const masked = maskHashComments(text);
  const out: FlagOccurrence[] = [];
  // The if/elif/else branches around each line, innermost last; each level sums up the ones outside it.
  const stack: { cond: string; negated: boolean; scope: ArchScope }[] = [];
  const enter = (cond: string, negated: boolean) => ({ cond, negated, scope: withGuard(stack[stack.length - 1]?.scope, archOfCondition(cond, negated)) });
  let offset = 0;
  for (const line of masked.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const t = line.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^if\s+(.*)$/))) { stack.push(enter(m[1], conditionIsNegated(m[1]))); continue; }
    if ((m = t.match(/^elif\s+(.*)$/))) { if (stack.length) { stack.pop(); stack.push(enter(m[1], conditionIsNegated(m[1]))); } continue; }
    if (/^else\b/.test(t)) { const top = stack.pop(); if (top) stack.push(enter(top.cond, !top.negated)); continue; }
    if (/^endif\b/.test(t)) { stack.pop(); continue; }
    const toks = scanFlags(line, start);
    if (toks.length === 0 || PROBE_RE.test(line)) continue;
    const owner = t.match(/^([A-Za-z_]\w*)\s*\+?=/)?.[1] ?? '';
    const byName = archOfCondition(owner, false);
    for (const tok of toks) {
      out.push({ ...tok, arch: archWithin([], stack[stack.length - 1]?.scope, [byName === 'x86' ? 'x86' : undefined], 'any'), owner, statement: { start, end: start + line.length, text: line } });
    }
  }
  return out;
}
