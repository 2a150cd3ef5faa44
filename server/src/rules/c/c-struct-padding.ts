// c-struct-padding: a C/C++ struct is larger than its members need on an enabled target.
import * as path from 'node:path';
import { manyInstancesEvidence, typeUsesOf } from '../../lang/c/instanceEvidence';
import { cLanguageOf } from '../../lang/c/language';
import { cStructs } from '../../lang/c/layoutEntries';
import type { CStructLayout } from '../../lang/c/layoutFile';
import type { Rule, RuleContext } from '../rule';
import { safeCReorder } from './support/reorderSafety';
import { withLayoutsTree } from './support/cSource';
import { publicAbiReason } from './support/publicAbi';
import type { StructFindingData } from '../../core/types';

/** Why the struct has many instances (lang/c/instanceEvidence.ts), or undefined. */
function instances(ctx: RuleContext, s: CStructLayout): string | undefined {
  // A nested anonymous struct (`RedisModuleKey.u.zset`) has as many instances as the struct that holds it.
  const name = s.name.split('.')[0].replace(/^.*::/, '');
  const own = ctx.memo('c:type-uses', () => {
    const grammar = cLanguageOf(ctx.path, ctx.text);
    return withLayoutsTree(ctx, grammar, (tree) => typeUsesOf(tree, grammar, path.relative(ctx.root, ctx.path)));
  });
  return manyInstancesEvidence({ path: ctx.path, root: ctx.root, fs: ctx.fs, own, fact: (f, a, c, v) => ctx.fact(f, a, c, v) }, [name]);
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
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
      let message = `${s.kind} ${s.name} is ${p.size} bytes on ${p.target}, could be ${p.optimalSize} (${p.size! - p.optimalSize!} bytes saved per instance)`;
      const others = rest.filter((l) => l.size !== p.size || l.optimalSize !== p.optimalSize);
      if (others.length) message += '; ' + others.map((l) => `${l.size} → ${l.optimalSize} on ${l.target}`).join(', ');
      const saved = Math.max(...wasteful.map((l) => l.size! - l.optimalSize!));
      // One order for every target: only when all targets agree on it.
      const orders = new Set(wasteful.map((l) => JSON.stringify(l.optimalOrder)));
      const order = orders.size === 1 ? p.optimalOrder : null;
      const fixes = [];
      // Bytes add up only over many instances: the message names the evidence of them. It stays at info: read from
      // the syntax, the evidence cannot tell a list that grows with the load from one that grows with a deployment's
      // size (issue 12: on the real-code corpus 4 of 7 such warnings were true, under the 90% a warning needs;
      // docs/precision.md). Most padding on real C code is a configuration, a context, a fixture that exists once.
      const many = saved >= ctx.config.paddingWarningBytes ? instances(ctx, s) : undefined;
      if (many) message += `; it may have many instances (${many})`;
      let severity: 'info' | 'hint' = 'info';
      // A public layout keeps its order: programs compiled against it read the members at their old offsets.
      const abi = s.reorderable ? publicAbiReason(ctx, s) : undefined;
      if (!s.reorderable || abi) {
        message += `. Not reordered automatically: ${s.notReorderableReason ?? abi}`;
        severity = 'hint';
      } else if (order) {
        // A trailing [1] array stays last, a positional initializer withholds it (support/reorderSafety.ts).
        const r = safeCReorder(ctx, s, order, wasteful);
        if (r.ok) { fixes.push({ title: `Reorder members of ${s.name} (changes its ABI)`, kind: 'suggest' as const, edits: [r.edit] }); message += r.note ?? ''; }
        else message += `. Not reordered automatically: ${r.reason}`;
      }
      ctx.report({
        start: s.nameStart, end: s.nameEnd, message, severity, fixes,
        data: { struct: s.name, sizes: Object.fromEntries(wasteful.map((l) => [l.target, { size: l.size!, optimal: l.optimalSize! }])), bytesSaved: p.size! - p.optimalSize! } satisfies StructFindingData,
      });
    }
  },
};
