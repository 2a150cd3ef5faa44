// `load: true` (or `--load`) with several platforms fails with the classic Docker image store.
import type { Rule } from '../rule';
import { ciFile } from '../../lang/ci/workflow';

export const rule: Rule = {
  meta: {
    id: 'ci-load-multiplatform', defaultSeverity: 'error', category: 'ci', kinds: ['yaml'],
    description: 'load: true (or the docker exporter) with several platforms: it cannot export a manifest list.',
  },
  prefilter: /load|type=docker/,
  check(ctx) {
    for (const job of ciFile(ctx).jobs) {
      const src = job.node.range ? ctx.text.slice(job.node.range[0], job.node.range[1]) : '';
      if (/containerd-snapshotter/.test(src)) continue; // containerd image store can load multi-platform images
      for (const p of job.platforms) {
        const ps = p.platforms.filter((x) => !/\$/.test(x));
        if (!p.load || new Set(ps).size < 2) continue;
        ctx.report({
          start: p.load.start, end: p.load.end,
          message: `Job ${job.id} sends a ${ps.length}-platform build (${ps.join(', ')}) to the docker exporter (load / type=docker): the build fails with "docker exporter does not currently support exporting manifest lists". Load one platform, push instead, or enable the containerd image store (docker/setup-docker-action with containerd-snapshotter).`,
        });
      }
    }
  },
};
