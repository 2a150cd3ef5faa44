// uname -m / arch / dpkg --print-architecture choosing downloads in a $BUILDPLATFORM stage.
import type { Rule } from '../rule';
import { dockerfileModel } from './common';

const DOWNLOADER = /^(curl|wget|aria2c|axel|fetch)$/;

export const rule: Rule = {
  meta: {
    id: 'docker-uname-buildplatform', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'],
    description: 'uname -m, arch or dpkg --print-architecture used to pick downloads in a FROM --platform=$BUILDPLATFORM stage.',
  },
  prefilter: /BUILDPLATFORM/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const run of m.runs) {
      const stage = m.stages[run.instruction.stage];
      if (stage?.platform?.kind !== 'build' || !run.shell) continue;
      const cmds = run.shell.commands;
      if (!cmds.some((c) => DOWNLOADER.test(c.name))) continue;
      for (const c of cmds) {
        const w = c.words.map((x) => x.value);
        const probe = (c.name === 'uname' && w.some((x) => /^-[a-z]*[mp]/.test(x)))
          || (c.name === 'arch' && w.length === 0)
          || (c.name === 'dpkg' && w.includes('--print-architecture'))
          || (c.name === 'apk' && w.includes('--print-arch'));
        if (!probe) continue;
        const text = m.text.slice(c.start, c.end);
        ctx.report({
          start: c.start, end: c.end,
          message: `\`${text}\` runs on the build machine in this $BUILDPLATFORM stage, so it names the build architecture (amd64 on an x86 runner), not the target: the arm64 image gets x86-64 downloads. Use \`ARG TARGETARCH\` and $TARGETARCH instead.`,
        });
      }
    }
  },
};
