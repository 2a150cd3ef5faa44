// SVE flags or CPU probing in an arm64 build run under QEMU: QEMU's default CPU has SVE/SVE2 at 512 bits.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { ciFile, isArm64Platform, type CiJob } from '../../lang/ci/workflow';
import { sveFlagsIn, type SveFlag } from '../../lang/ci/sveFlags';
import { dockerfileText, emulatesArm64 } from './ciCommon';

const WHY: Record<SveFlag['kind'], string> = {
  sve: 'QEMU\'s default CPU has SVE and SVE2, so this passes in CI but the binary dies with SIGILL on Graviton2, Ampere Altra/AmpereOne and Kunpeng 920',
  'fixed-vl': 'QEMU runs SVE at 512 bits by default, while Graviton3 is 256-bit and Graviton4/Grace/Axion 128-bit: a fixed vector length computes wrong results on the others, silently',
  native: 'under QEMU the "native" CPU is QEMU\'s emulated max CPU (SVE/SVE2), not the deployment CPU',
};

function runnerFix(_ctx: { text: string }, job: CiJob): Fix[] {
  const n = job.runsOnNode;
  if (job.ci !== 'github' || !n?.range || /\$\{\{/.test(String(n.value))) return [];
  return [{ title: 'Build arm64 on a native runner (runs-on: ubuntu-24.04-arm)', kind: 'suggest', edits: [{ start: n.range[0], end: n.range[1], newText: 'ubuntu-24.04-arm' }] }];
}

const DOCKER_RUN = /\bdocker\s+(run|build|buildx\s+build)\b/;

/**
 * Whether the (backslash-continued) command line holding an offset runs docker, from its start through the
 * offset's own line. Worked out for every line at once: asking per flag would re-read a long continued
 * command for each of its flags. A match never spans lines (`\s+` cannot cross the backslash before a
 * newline), so a line's answer is its own match or, if it continues the line before, that line's answer.
 */
function dockerLines(text: string): (offset: number) => boolean {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const docker: boolean[] = [];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    const continues = i > 0 && start > 1 && /\\\r?$/.test(text.slice(starts[i - 1], start - 1));
    docker.push(DOCKER_RUN.test(text.slice(start, end)) || (continues && docker[i - 1]));
  });
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return docker[lo];
  };
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'ci-qemu-sve', defaultSeverity: 'warning', category: 'ci', kinds: ['yaml'], fixable: 'suggest',
    description: 'arm64 built/tested under QEMU with SVE flags or CPU feature probing: passes in CI, fails or miscomputes on real hosts.',
  },
  prefilter: /qemu|binfmt|run-on-arch|platform/i,
  check(ctx) {
    const file = ciFile(ctx);
    let onDockerLine: ((offset: number) => boolean) | undefined;
    const firstFlag = new Map<string, SveFlag | undefined>();
    for (const job of file.jobs) {
      if (!emulatesArm64(job)) continue;
      const flags: SveFlag[] = [];
      for (const s of [...job.inputSpans, ...file.workflowEnv]) for (const f of sveFlagsIn(ctx.text, s.start, s.end)) flags.push(f);
      // In scripts, `native` may belong to a host (x86) build in the same job: only count it on a docker command line.
      for (const s of job.scriptSpans) {
        for (const f of sveFlagsIn(ctx.text, s.start, s.end)) {
          if (f.kind === 'native' && !(onDockerLine ??= dockerLines(ctx.text))(f.start)) continue;
          flags.push(f);
        }
      }
      const fixes = runnerFix(ctx, job);
      const seen = new Set<number>();
      for (const f of flags) {
        if (seen.has(f.start)) continue;
        seen.add(f.start);
        ctx.report({ start: f.start, end: f.end, fixes, message: `Job ${job.id} builds linux/arm64 under QEMU with ${f.flag}: ${WHY[f.kind]}. Test on a native arm64 runner (ubuntu-24.04-arm) or use runtime dispatch.` });
      }
      if (flags.length > 0) continue;
      // Flags inside the Dockerfile the job builds (each Dockerfile read once).
      for (const p of job.platforms) {
        if (!p.platforms.some(isArm64Platform)) continue;
        const key = p.dockerfile ?? '';
        if (!firstFlag.has(key)) {
          const df = dockerfileText(ctx.fs, ctx.root, p.dockerfile);
          firstFlag.set(key, df ? sveFlagsIn(df)[0] : undefined);
        }
        const f = firstFlag.get(key);
        if (!f) continue;
        ctx.report({ start: p.start, end: p.end, fixes, message: `Job ${job.id} builds ${p.dockerfile} for linux/arm64 under QEMU and it uses ${f.flag}: ${WHY[f.kind]}. Test on a native arm64 runner (ubuntu-24.04-arm).` });
      }
    }
  },
};
