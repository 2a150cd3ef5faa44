// SVE flags or CPU probing in an arm64 build run under QEMU: QEMU's default CPU has SVE/SVE2 at 512 bits.
import type { Fix } from '../../engine/types';
import type { Rule } from '../rule';
import { ciFile, isArm64Platform, type CiJob } from '../../lang/ci/workflow';
import { sveFlagsIn, type SveFlag } from '../../lang/ci/sveFlags';
import { dockerfileText, emulatesArm64 } from './ciCommon';

const WHY: Record<SveFlag['kind'], string> = {
  sve: 'QEMU\'s default CPU has SVE and SVE2, so this passes in CI but the binary dies with SIGILL on Graviton2, Ampere Altra/AmpereOne and Kunpeng 920',
  'fixed-vl': 'QEMU runs SVE at 512 bits by default, while Graviton3 is 256-bit and Graviton4/Grace/Axion 128-bit: a fixed vector length computes wrong results on the others, silently',
  native: 'under QEMU the "native" CPU is QEMU\'s emulated max CPU (SVE/SVE2), not the deployment CPU',
};

function runnerFix(ctx: { text: string }, job: CiJob): Fix[] {
  const n = job.runsOnNode;
  if (job.ci !== 'github' || !n?.range || /\$\{\{/.test(String(n.value))) return [];
  return [{ title: 'Build arm64 on a native runner (runs-on: ubuntu-24.04-arm)', kind: 'suggest', edits: [{ start: n.range[0], end: n.range[1], newText: 'ubuntu-24.04-arm' }] }];
}

/** The (backslash-continued) command line holding `offset` runs docker. */
function onDockerLine(text: string, offset: number): boolean {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 1 && /\\\r?$/.test(text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1))) start = text.lastIndexOf('\n', start - 2) + 1;
  const end = text.indexOf('\n', offset);
  return /\bdocker\s+(run|build|buildx\s+build)\b/.test(text.slice(start, end < 0 ? text.length : end));
}

export const rule: Rule = {
  meta: {
    id: 'ci-qemu-sve', defaultSeverity: 'warning', category: 'ci', kinds: ['yaml'], fixable: 'suggest',
    description: 'arm64 built/tested under QEMU with SVE flags or CPU feature probing: passes in CI, fails or miscomputes on real hosts.',
  },
  prefilter: /qemu|binfmt|run-on-arch|platform/i,
  check(ctx) {
    const file = ciFile(ctx);
    for (const job of file.jobs) {
      if (!emulatesArm64(job)) continue;
      const flags: SveFlag[] = [];
      for (const s of [...job.inputSpans, ...file.workflowEnv]) flags.push(...sveFlagsIn(ctx.text, s.start, s.end));
      // In scripts, `native` may belong to a host (x86) build in the same job: only count it on a docker command line.
      for (const s of job.scriptSpans) {
        flags.push(...sveFlagsIn(ctx.text, s.start, s.end).filter((f) => f.kind !== 'native' || onDockerLine(ctx.text, f.start)));
      }
      const fixes = runnerFix(ctx, job);
      const seen = new Set<number>();
      for (const f of flags) {
        if (seen.has(f.start)) continue;
        seen.add(f.start);
        ctx.report({ start: f.start, end: f.end, fixes, message: `Job ${job.id} builds linux/arm64 under QEMU with ${f.flag}: ${WHY[f.kind]}. Test on a native arm64 runner (ubuntu-24.04-arm) or use runtime dispatch.` });
      }
      if (flags.length > 0) continue;
      // Flags inside the Dockerfile the job builds.
      for (const p of job.platforms) {
        if (!p.platforms.some(isArm64Platform)) continue;
        const df = dockerfileText(ctx.fs, ctx.root, p.dockerfile);
        const f = df ? sveFlagsIn(df)[0] : undefined;
        if (!f) continue;
        ctx.report({ start: p.start, end: p.end, fixes, message: `Job ${job.id} builds ${p.dockerfile} for linux/arm64 under QEMU and it uses ${f.flag}: ${WHY[f.kind]}. Test on a native arm64 runner (ubuntu-24.04-arm).` });
      }
    }
  },
};
