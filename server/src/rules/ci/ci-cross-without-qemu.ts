// Building for another architecture on an x86 runner with no emulation: RUN steps fail with exec format error.
import type { Rule } from '../rule';
import { ciFile, foreignPlatforms, type CiJob } from '../../lang/ci/workflow';
import { dockerfileText, findStep, insertStepBeforeEdit, SETUP_BUILDX } from './ciCommon';

/** True when the Dockerfile runs nothing in a target-platform stage (pure cross-compilation needs no QEMU). */
export function runsInTargetStages(dockerfile: string): boolean {
  let cross = false, needs = false;
  for (const line of dockerfile.split(/\r?\n/)) {
    const from = /^\s*FROM\s+(.*)$/i.exec(line);
    if (from) { cross = /--platform=\$\{?BUILDPLATFORM\}?/.test(from[1]); continue; }
    if (!cross && /^\s*RUN\b/i.test(line)) needs = true;
  }
  return needs;
}

function remoteBuilder(text: string, job: CiJob): boolean {
  const b = findStep(job, SETUP_BUILDX);
  const src = job.node.range ? text.slice(job.node.range[0], job.node.range[1]) : '';
  if (/buildx create[^\n]*--append|--driver[= ](remote|kubernetes|cloud)/.test(src)) return true;
  if (!b?.with?.range) return false;
  return /^[ \t]*(driver:\s*(remote|kubernetes|cloud)|append:|endpoint:)/m.test(text.slice(b.with.range[0], b.with.range[1]));
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'ci-cross-without-qemu', defaultSeverity: 'warning', category: 'ci', kinds: ['yaml'], fixable: 'fix',
    description: 'Non-native platforms built on an x86 runner without QEMU: RUN steps fail with exec format error.',
  },
  prefilter: /platforms?[:=\s]/,
  check(ctx) {
    const file = ciFile(ctx);
    if (file.ci !== 'github') return;
    // Per Dockerfile, read once however many steps build it.
    const needsEmulation = new Map<string, boolean>();
    const emulated = (rel: string | undefined) => {
      const key = rel ?? '';
      if (!needsEmulation.has(key)) {
        const df = dockerfileText(ctx.fs, ctx.root, rel);
        needsEmulation.set(key, df === undefined || runsInTargetStages(df));
      }
      return needsEmulation.get(key)!;
    };
    for (const job of file.jobs) {
      if (job.runner !== 'x86' || job.qemu.length > 0 || remoteBuilder(ctx.text, job)) continue;
      const buildx = findStep(job, SETUP_BUILDX);
      for (const p of job.platforms) {
        const foreign = foreignPlatforms(p.platforms);
        if (foreign.length === 0 || !p.step || !/^docker\/(build-push|bake)-action@/i.test(p.step.uses ?? '')) continue;
        if (!emulated(p.dockerfile)) continue;
        const before = buildx ?? p.step;
        const edit = insertStepBeforeEdit(ctx.text, before, ['name: Set up QEMU', 'uses: docker/setup-qemu-action@v4']);
        ctx.report({
          start: p.start, end: p.end,
          fixes: edit ? [{ title: 'Add docker/setup-qemu-action before the build', kind: 'fix', edits: [edit] }] : [],
          message: `Job ${job.id} builds ${foreign.join(', ')} on an x86 runner with no QEMU step: RUN instructions for those platforms fail with "exec format error". Add docker/setup-qemu-action, or build on a native runner (ubuntu-24.04-arm).`,
        });
      }
    }
  },
};
