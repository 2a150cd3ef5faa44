// apt packages that have no arm64 build, and `dpkg --add-architecture i386`.
import type { Rule } from '../rule';
import { APT_AMD64_ONLY } from './amd64OnlyData';
import { archGuarded, dockerfileModel, stageIsX86 } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-apt-amd64-only', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'],
    description: 'apt packages with no arm64 build (gcc-multilib, libc6-i386, libhyperscan-dev, grub-pc, ...) and i386 foreign architecture.',
  },
  prefilter: /multilib|i386|lib32|hyperscan|cpuid|msr-tools|intel-media|libmfx1|syslinux|grub-pc/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const run of m.runs) {
      if (stageIsX86(m, run.instruction.stage) || !run.shell) continue;
      for (const c of run.shell.commands) {
        if (archGuarded(c.guards)) continue;
        const words = c.words;
        if (c.name === 'dpkg' && words.some((w) => w.value === '--add-architecture') && words.some((w) => w.value === 'i386')) {
          const w = words.find((x) => x.value === 'i386')!;
          ctx.report({ start: c.start, end: c.end, message: `\`dpkg --add-architecture ${w.value}\` assumes an x86 host: on arm64 the i386 packages that follow cannot run natively (no 32-bit x86 on ARM). Install them only on amd64 (case "$TARGETARCH").` });
          continue;
        }
        if (!/^(apt-get|apt|aptitude)$/.test(c.name) || !words.some((w) => w.value === 'install')) continue;
        for (const w of words) {
          const pkg = w.value.replace(/[:=].*$/, '');
          const why = APT_AMD64_ONLY[pkg];
          if (!why || /:amd64$|:i386$/.test(w.value)) continue;
          ctx.report({
            start: w.start, end: w.end,
            message: `${pkg} has no arm64 build in Debian 12 (${why}): on arm64 apt-get fails with "Unable to locate package" or "has no installation candidate". Install it only for amd64 (case "$TARGETARCH") or drop it.`,
          });
        }
      }
    }
  },
};
