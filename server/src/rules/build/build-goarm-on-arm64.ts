// GOARM next to GOARCH=arm64: ignored by the Go toolchain.
import type { Rule } from '../rule';
import { goEnvInDockerfile, goEnvInText, sameBuild, type GoEnvSetting } from '../../lang/build/goenv';
import { dockerfileModel } from '../../lang/dockerfile/model';

export function goSettings(ctx: Parameters<Rule['check']>[0]): GoEnvSetting[] {
  return ctx.memo('build.goenv', () => ctx.kind === 'dockerfile' ? goEnvInDockerfile(dockerfileModel(ctx)) : goEnvInText(ctx.text, 0, 'file', ctx.kind === 'makefile'));
}

export const rule: Rule = {
  meta: {
    id: 'build-goarm-on-arm64', defaultSeverity: 'info', category: 'build-flags', kinds: ['makefile', 'shell', 'dockerfile'],
    description: 'GOARM set for a GOARCH=arm64 build, where it is ignored (GOARM64 is the arm64 setting).',
  },
  prefilter: /GOARM[^6]/,
  check(ctx) {
    const all = goSettings(ctx);
    const arm64 = all.filter((s) => s.name === 'GOARCH' && s.value === 'arm64');
    for (const s of all) {
      if (s.name !== 'GOARM' || !arm64.some((a) => sameBuild(a, s))) continue;
      ctx.report({
        start: s.start, end: s.end,
        message: `GOARM=${s.value} does nothing when GOARCH=arm64: the build succeeds unchanged. GOARM only applies to 32-bit GOARCH=arm; for arm64 the setting is GOARM64 (Go ≥ 1.23, e.g. v8.0).`,
      });
    }
  },
};
