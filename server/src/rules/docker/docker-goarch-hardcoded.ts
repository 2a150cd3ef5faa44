// GOARCH=amd64 in ENV/RUN: the image's Go binary is x86-64 whatever platform is built.
import type { Fix, TextEdit } from '../../core/types';
import type { Rule } from '../rule';
import { goEnvInDockerfile } from '../../lang/build/goenv';
import { archGuarded, declareArgsEdits, dockerfileModel, guardsAt, stageIsX86 } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-goarch-hardcoded', defaultSeverity: 'error', category: 'container', kinds: ['dockerfile'], fixable: 'fix',
    description: 'GOARCH=amd64 (or 386) set in ENV or RUN instead of GOARCH=$TARGETARCH.',
  },
  prefilter: /GOARCH/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    const settings = goEnvInDockerfile(m);
    // The GOARCH values set in each stage (by ENV/ARG there or a RUN in it).
    const valuesIn = new Map<string, Set<string>>();
    for (const o of settings) {
      if (o.name !== 'GOARCH') continue;
      for (const scope of o.scopes) {
        if (!valuesIn.has(scope)) valuesIn.set(scope, new Set());
        valuesIn.get(scope)!.add(o.value);
      }
    }
    for (const s of settings) {
      if (s.name !== 'GOARCH' || !/^(amd64|386)$/.test(s.value)) continue;
      const ins = m.instructionAt(s.start, s.end);
      if (!ins || ins.keyword === 'ARG' || stageIsX86(m, ins.stage)) continue;
      // A stage that builds several GOARCHs (or picks one by a case/if) is deliberate.
      if ([...valuesIn.get(`stage${ins.stage}`) ?? []].some((v) => v !== s.value)) continue;
      const run = m.runOf(ins);
      if (archGuarded(guardsAt(run, s.start))) continue;
      const stage = m.stages[ins.stage];
      const inner = m.text.slice(s.valueStart, s.valueEnd).match(/^(["']?)(.*?)\1$/)!;
      const vStart = s.valueStart + inner[1].length;
      const valueEdit: TextEdit = { start: vStart, end: vStart + inner[2].length, newText: '${TARGETARCH}' };
      const decl = declareArgsEdits(m, ins, ['TARGETARCH']);
      const fixes: Fix[] = [];
      if (inner[1] !== "'" && decl) {
        fixes.push({ title: 'Build for the target platform: GOARCH=${TARGETARCH}', kind: 'fix', edits: [...decl, valueEdit] });
        if (stage && !stage.platform && ins.stage < m.stages.length - 1) {
          const at = stage.from.start + 'FROM'.length;
          fixes.push({ title: 'Cross-compile natively: FROM --platform=$BUILDPLATFORM and GOARCH=${TARGETARCH}', kind: 'suggest', edits: [{ start: at, end: at, newText: ' --platform=$BUILDPLATFORM' }, ...decl, valueEdit] });
        }
      }
      ctx.report({
        start: s.start, end: s.end, fixes,
        message: `GOARCH=${s.value} builds an x86 binary for every platform: the arm64 image fails at start with "exec format error". Use \`ARG TARGETARCH\` and GOARCH=$TARGETARCH (with FROM --platform=$BUILDPLATFORM to cross-compile natively).`,
      });
    }
  },
};
