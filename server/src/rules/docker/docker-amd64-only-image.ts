// Base images known to have no linux/arm64 variant (curated, sourced list).
import type { Rule } from '../rule';
import { amd64OnlyImage } from './amd64OnlyData';
import { dockerfileModel } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-amd64-only-image', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'],
    description: 'Base image known to have no linux/arm64 variant (mysql:5.7, mcr.microsoft.com/mssql/server).',
  },
  prefilter: /mysql|mssql/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const s of m.stages) {
      if (s.image.includes('$')) continue;
      const hit = amd64OnlyImage(s.image);
      // A Gitpod workspace image is built and run by Gitpod, on x86-64 only: no arm64 build of it exists to fail
      // (prometheus .gitpod.Dockerfile, judged debatable on the corpus).
      if (!hit || hit.platformOnly) continue;
      ctx.report({
        start: s.imageStart, end: s.imageEnd,
        message: `${hit.what}: an arm64 build of this stage fails to pull it or runs it under emulation (source: ${hit.source}).`,
      });
    }
  },
};
