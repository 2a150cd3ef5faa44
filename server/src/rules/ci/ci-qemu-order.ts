// setup-qemu-action must run before setup-buildx-action.
import type { Rule } from '../rule';
import { ciFile } from '../../lang/ci/workflow';
import { findStep, SETUP_BUILDX, SETUP_QEMU, swapStepsEdits } from './ciCommon';

export const rule: Rule = {
  meta: {
    id: 'ci-qemu-order', defaultSeverity: 'warning', category: 'ci', kinds: ['yaml'], fixable: 'fix',
    description: 'docker/setup-qemu-action placed after docker/setup-buildx-action.',
  },
  prefilter: /setup-qemu-action/,
  check(ctx) {
    for (const job of ciFile(ctx).jobs) {
      const q = findStep(job, SETUP_QEMU), b = findStep(job, SETUP_BUILDX);
      if (!q || !b || q.index < b.index || !q.usesNode?.range) continue;
      const edits = swapStepsEdits(ctx.text, job, b, q);
      ctx.report({
        start: q.usesNode.range[0], end: q.usesNode.range[1],
        fixes: edits ? [{ title: 'Move the QEMU step before the Buildx step', kind: 'fix', edits }] : [],
        message: `Job ${job.id}: setup-qemu-action runs after setup-buildx-action; the QEMU action "should come before" Buildx so the builder sees the emulated platforms. Swap the steps.`,
      });
    }
  },
};
