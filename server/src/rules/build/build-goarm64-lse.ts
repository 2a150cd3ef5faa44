// GOARM64 >= v8.1 or ,lse: the runtime refuses to start on Armv8.0 cores.
import type { Rule } from '../rule';
import { goSettings } from './build-goarm-on-arm64';
import { fleetOf, namesOf } from '../../deploy/instances';

export const rule: Rule = {
  meta: {
    id: 'build-goarm64-lse', defaultSeverity: 'info', category: 'build-flags', kinds: ['makefile', 'shell', 'dockerfile'],
    description: 'GOARM64 at v8.1 or later (or ,lse): the binary exits on CPUs without LSE atomics.',
  },
  prefilter: /GOARM64/,
  check(ctx) {
    // With deployment presets: silent when every instance has LSE, else the hosts that lack it.
    const fleet = fleetOf(ctx.config.instances);
    const noLse = fleet.filter((i) => !i.lse);
    if (fleet.length && !noLse.length) return;
    for (const s of goSettings(ctx)) {
      if (s.name !== 'GOARM64') continue;
      const m = s.value.match(/^v(\d+)\.(\d+)(,.*)?$/);
      if (!m) continue;
      const needsLse = Number(m[1]) > 8 || Number(m[2]) >= 1 || /,lse\b/.test(m[3] ?? '');
      if (!needsLse) continue;
      if (noLse.length) {
        ctx.report({
          start: s.start, end: s.end, severity: 'warning',
          message: `GOARM64=${s.value} requires LSE atomics: on the ${namesOf(noLse)} hosts (${noLse.map((i) => i.core).join(', ')}, no LSE) the binary exits at start with "This program can only run on ARM64 processors with LSE support.". Keep GOARM64=v8.0 for this fleet.`,
        });
        continue;
      }
      ctx.report({
        start: s.start, end: s.end,
        message: `GOARM64=${s.value} requires LSE atomics: on Armv8.0 cores (Cortex-A72: AWS Graviton1/A1, Raspberry Pi 4) the binary exits at start with "This program can only run on ARM64 processors with LSE support.". Keep v8.0 if those machines matter.`,
      });
    }
  },
};
