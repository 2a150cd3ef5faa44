// go-struct-padding: a Go struct is larger than its fields need on an enabled target.
import { goStructs } from '../../lang/go/context';
import { mallocSizeClass } from '../../lang/go/stdTable';
import type { Rule } from '../rule';
import { chooseOrder, packageOf, reorderFix, resolvedTargets } from './structReorderFix';
import { goWorkspace } from '../../lang/go/context';
import { manyInstancesEvidence } from '../../lang/go/instanceEvidence';
import { testPackageFolder } from '../../lang/go/testCode';
import { isConfigurationTypeName } from '../../lang/configurationTypes';
import type { StructFindingData } from '../../core/types';


export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-struct-padding',
    defaultSeverity: 'info',
    category: 'memory',
    kinds: ['go'],
    description: 'A Go struct wastes bytes in alignment padding on an enabled target; reordering its fields makes it smaller.',
    fixable: 'fix',
  },
  prefilter: /\bstruct\s*\{/,
  check(ctx) {
    for (const s of goStructs(ctx)) {
      const targets = resolvedTargets(s);
      if (!targets) continue;
      const chosen = chooseOrder(ctx, s, targets);
      const after = chosen.sizes;
      const wasteful = targets.filter((t) => after.get(t.target)!.size < t.layout.size);
      if (wasteful.length === 0) continue;
      const [p, ...rest] = wasteful;
      const newSize = (t: typeof p) => after.get(t.target)!.size;
      const alt = chosen.acrossGroups?.sizes.get(p.target)?.size;
      const across = chosen.keepsGroups ? '' : ' with fields moved across its blank-line groups';
      const altText = alt !== undefined && alt < newSize(p) ? `; ${alt} with fields moved across its blank-line groups` : '';
      let message = `struct ${s.name} is ${p.layout.size} bytes on ${p.target}, could be ${newSize(p)}${across} (${p.layout.size - newSize(p)} bytes saved per instance${altText})`;
      const others = rest.filter((t) => t.layout.size !== p.layout.size || newSize(t) !== newSize(p));
      if (others.length) message += '; ' + others.map((t) => `${t.layout.size} → ${newSize(t)} on ${t.target}`).join(', ');
      const saved = Math.max(...wasteful.map((t) => t.layout.size - newSize(t)));
      const classDrops = wasteful.some((t) => mallocSizeClass(newSize(t)) < mallocSizeClass(t.layout.size));
      if (classDrops) {
        const t = wasteful.find((w) => mallocSizeClass(newSize(w)) < mallocSizeClass(w.layout.size))!;
        message += ` — heap objects drop from the ${mallocSizeClass(t.layout.size)}-byte to the ${mallocSizeClass(newSize(t))}-byte size class on ${t.target}`;
      }
      // Bytes add up only over many instances: a warning needs evidence of them (issue 12: most padding
      // warnings on real code were options, servers and flags that exist once).
      // Types of test-support packages (a fake clock under testing/) have the instances a test makes.
      const mayBeMany = (saved >= ctx.config.paddingWarningBytes || classDrops) && !isConfigurationTypeName(s.name.split('.')[0]) && !testPackageFolder(ctx.path, ctx.root);
      const many = mayBeMany
        ? manyInstancesEvidence(goWorkspace(ctx), packageOf(ctx, p.target), s.name.split('.')[0], { path: ctx.path, text: ctx.text })
        : undefined;
      if (many) message += `; it has many instances (the element of ${many})`;
      let severity: 'info' | 'warning' | 'hint' = many ? 'warning' : 'info';
      const { fixes, blocked, note } = reorderFix(ctx, s, targets, chosen);
      if (note && !blocked) message += `. ${note}`;
      if (blocked) {
        message += `. Not reordered automatically: ${blocked}`;
        severity = 'hint';
      }
      // The author's blank-line groups are kept by the mechanical fix; what only crossing them would
      // save stays visible as a hint (with its suggestion), not a problem that survives the fix.
      if (!chosen.keepsGroups) severity = 'hint';
      ctx.report({
        start: s.nameStart, end: s.nameEnd, message, severity, fixes,
        data: {
          struct: s.name,
          sizes: Object.fromEntries(wasteful.map((t) => [t.target, { size: t.layout.size, optimal: newSize(t) }])),
          bytesSaved: p.layout.size - newSize(p),
          ...(chosen.acrossGroups ? { acrossGroups: Object.fromEntries(wasteful.map((t) => [t.target, { size: t.layout.size, optimal: chosen.acrossGroups!.sizes.get(t.target)!.size }])) } : {}),
        } satisfies StructFindingData,
      });
    }
  },
};
