// FROM --platform=$TARGETPLATFORM: the default already.
import type { Rule } from '../rule';
import { dockerfileModel, removeFlagEdit } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-platform-redundant', defaultSeverity: 'info', category: 'container', kinds: ['dockerfile'], fixable: 'fix',
    description: 'FROM --platform=$TARGETPLATFORM, which is what FROM does anyway.',
  },
  prefilter: /TARGETPLATFORM/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    // `ARG TARGETPLATFORM=linux/amd64` in the global scope shows the author means a fixed platform: not "redundant".
    if (m.globalArgs.some((a) => a.name === 'TARGETPLATFORM' && a.value)) return;
    for (const s of m.stages) {
      const p = s.platform;
      if (!p || p.kind !== 'target') continue;
      ctx.report({
        start: p.flagStart, end: p.flagEnd,
        message: `--platform=${p.value} is redundant: a stage is built for the target platform by default (BuildKit check RedundantTargetPlatform, hadolint DL3065). Remove it.`,
        fixes: [{ title: 'Remove the redundant --platform flag', kind: 'fix', edits: [removeFlagEdit(m, p.flagStart, p.flagEnd)] }],
      });
    }
  },
};
