// c-struct-padding: a C/C++ struct is larger than its members need on an enabled target.
import { reorderCMembers } from '../../fixes/cReorder';
import { cStructs } from '../../lang/c/layoutEntries';
import type { Rule } from '../rule';
import { publicAbiReason } from './support/publicAbi';

export const rule: Rule = {
  meta: {
    id: 'c-struct-padding',
    defaultSeverity: 'info',
    category: 'memory',
    kinds: ['c', 'cpp'],
    description: 'A C/C++ struct wastes bytes in alignment padding on an enabled target; ordering members by alignment makes it smaller.',
    fixable: 'suggest',
  },
  prefilter: /\b(struct|class)\b/,
  check(ctx) {
    for (const s of cStructs(ctx)) {
      if (s.kind === 'union' || s.file !== ctx.path) continue;
      if (s.layouts.some((l) => l.unresolved)) continue;
      const wasteful = s.layouts.filter((l) => l.size !== null && l.optimalSize !== null && l.optimalSize < l.size);
      if (!wasteful.length) continue;
      const [p, ...rest] = wasteful;
      let message = `struct ${s.name} is ${p.size} bytes on ${p.target}, could be ${p.optimalSize} (${p.size! - p.optimalSize!} bytes saved per instance)`;
      const others = rest.filter((l) => l.size !== p.size || l.optimalSize !== p.optimalSize);
      if (others.length) message += '; ' + others.map((l) => `${l.size} → ${l.optimalSize} on ${l.target}`).join(', ');
      const saved = Math.max(...wasteful.map((l) => l.size! - l.optimalSize!));
      // One order for every target: only when all targets agree on it.
      const orders = new Set(wasteful.map((l) => JSON.stringify(l.optimalOrder)));
      const order = orders.size === 1 ? p.optimalOrder : null;
      const fixes = [];
      let severity: 'info' | 'warning' | 'hint' = saved >= ctx.config.paddingWarningBytes ? 'warning' : 'info';
      // A public layout keeps its order: programs compiled against it read the members at their old offsets.
      const abi = s.reorderable ? publicAbiReason(ctx, s) : undefined;
      if (!s.reorderable || abi) {
        message += `. Not reordered automatically: ${s.notReorderableReason ?? abi}`;
        severity = 'hint';
      } else if (order) {
        const r = reorderCMembers(ctx.text, s.members, order);
        if (r.ok) fixes.push({ title: `Reorder members of ${s.name} (changes its ABI)`, kind: 'suggest' as const, edits: [r.edit] });
        else message += `. Not reordered automatically: ${r.reason}`;
      }
      ctx.report({
        start: s.nameStart, end: s.nameEnd, message, severity, fixes,
        data: { struct: s.name, sizes: Object.fromEntries(wasteful.map((l) => [l.target, { size: l.size, optimal: l.optimalSize }])), bytesSaved: p.size! - p.optimalSize! },
      });
    }
  },
};
