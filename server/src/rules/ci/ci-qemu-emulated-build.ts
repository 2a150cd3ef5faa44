// arm64 images built under QEMU on x86 runners: slow.
import type { Rule } from '../rule';
import { ciFile, isArm64Platform } from '../../lang/ci/workflow';
import { emulatesArm64 } from './ciCommon';

export const rule: Rule = {
  meta: {
    id: 'ci-qemu-emulated-build', defaultSeverity: 'info', category: 'ci', kinds: ['yaml'],
    description: 'arm64 built under QEMU emulation on an x86 runner (much slower than native).',
  },
  prefilter: /qemu|binfmt|run-on-arch/i,
  check(ctx) {
    for (const job of ciFile(ctx).jobs) {
      if (job.qemu.length === 0 || !emulatesArm64(job)) continue;
      for (const p of job.platforms) {
        if (!p.platforms.some(isArm64Platform)) continue;
        const native = job.ci === 'github' ? 'a per-architecture matrix with runs-on: ubuntu-24.04-arm for arm64 (push by digest, then merge with docker buildx imagetools create)' : 'an arm64 runner (tags: saas-linux-*-arm64)';
        ctx.report({
          start: p.start, end: p.end,
          message: `Job ${job.id} builds linux/arm64 under QEMU emulation: compile-heavy steps typically run several times slower than native (4–10× reported). Consider ${native}, or cross-compilation.`,
        });
      }
    }
  },
};
