// go-struct-pointer-bytes: the struct is already as small as it can be, but pointer fields placed
// after pointer-free ones make the garbage collector scan a longer prefix of every object.
import { goStructs } from '../../lang/go/context';
import type { Rule } from '../rule';
import { chooseOrder, reorderFix, resolvedTargets } from './structReorderFix';
import type { StructFindingData } from '../../core/types';

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-struct-pointer-bytes',
    defaultSeverity: 'hint',
    category: 'memory',
    kinds: ['go'],
    description: 'A Go struct of minimal size whose pointer fields could come first, shortening the GC pointer-scan prefix.',
    fixable: 'fix',
  },
  prefilter: /\bstruct\s*\{/,
  check(ctx) {
    for (const s of goStructs(ctx)) {
      const targets = resolvedTargets(s);
      if (!targets) continue;
      const p = targets[0];
      if (p.layout.size > p.layout.optimalSize) continue; // go-struct-padding speaks first
      const chosen = chooseOrder(ctx, s, targets);
      const after = chosen.sizes;
      // Never trade size on another target for scan work on this one.
      if (targets.some((t) => after.get(t.target)!.size > t.layout.size)) continue;
      const newPtr = after.get(p.target)!.ptrdata;
      if (newPtr >= p.layout.ptrdata) continue;
      let message = `struct ${s.name} has ${p.layout.ptrdata} pointer bytes on ${p.target}, could be ${newPtr}: the garbage collector scans a shorter prefix of each object when pointer fields come first`;
      const { fixes, blocked, note } = reorderFix(ctx, s, targets, chosen);
      if (note && !blocked) message += `. ${note}`;
      if (blocked) message += `. Not reordered automatically: ${blocked}`;
      ctx.report({ start: s.nameStart, end: s.nameEnd, message, fixes, data: { struct: s.name, ptrdata: p.layout.ptrdata, optimalPtrdata: newPtr } satisfies StructFindingData & Record<string, unknown> });
    }
  },
};
