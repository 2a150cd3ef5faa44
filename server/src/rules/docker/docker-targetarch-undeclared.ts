// $TARGETARCH & co. used in a stage that does not declare them: they expand to the empty string.
import type { Rule } from '../rule';
import { PLATFORM_ARGS, variableRefs, type DfInstruction } from '../../lang/dockerfile/model';
import { declareArgsEdits, dockerfileModel } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-targetarch-undeclared', defaultSeverity: 'error', category: 'container', kinds: ['dockerfile'], fixable: 'fix',
    description: 'Automatic platform ARGs ($TARGETARCH, $BUILDPLATFORM, ...) used in a stage without `ARG NAME` there: they expand to empty.',
  },
  prefilter: /\$\{?(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT)/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const stage of m.stages) {
      const uses: { ins: DfInstruction; name: string; start: number; end: number }[] = [];
      for (const ins of stage.instructions) {
        // ONBUILD runs in a child build with its own scopes.
        if (ins.keyword === 'FROM' || ins.keyword === 'ARG' || ins.keyword === 'ONBUILD') continue;
        const bodyStart = ins.start + ins.keyword.length;
        const body = m.text.slice(bodyStart, ins.end);
        // A RUN may set the name itself (`TARGETARCH=$(dpkg --print-architecture)`, `for TARGETARCH in ...`);
        // asked once per name, not per use.
        const setsItself = new Map<string, boolean>();
        const setHere = (name: string) => {
          if (!setsItself.has(name)) setsItself.set(name, ins.keyword === 'RUN' && new RegExp(`(?:^|[\\s;&|(])(?:export\\s+)?${name}=|for\\s+${name}\\s+in|read\\s+(?:-\\w+\\s+)*${name}\\b`).test(body));
          return setsItself.get(name)!;
        };
        for (const r of variableRefs(body, PLATFORM_ARGS)) {
          const at = bodyStart + r.start;
          if (m.declaredInStage(stage.index, r.name, at) || setHere(r.name)) continue;
          uses.push({ ins, name: r.name, start: at, end: bodyStart + r.end });
        }
      }
      if (uses.length === 0) continue;
      const names = [...new Set(uses.map((u) => u.name))];
      const edits = declareArgsEdits(m, uses[0].ins, names);
      const reported = new Set<string>();
      for (const u of uses) {
        const key = `${u.ins.start}:${u.name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          start: u.start, end: u.end,
          message: `$${u.name} is empty here: automatic platform ARGs live in the global scope and this stage has no \`ARG ${u.name}\`, so ${u.ins.keyword} sees an empty string on every platform. Add \`ARG ${u.name}\` in the stage.`,
          fixes: edits?.length ? [{ title: `Declare ${names.map((n) => `ARG ${n}`).join(', ')} in this stage`, kind: 'fix', edits }] : [],
        });
      }
    }
  },
};
