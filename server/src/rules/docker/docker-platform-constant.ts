// FROM --platform=<constant>: pins a stage to one architecture.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { dockerfileModel, removeFlagEdit } from './common';

export const rule: Rule = {
  meta: {
    id: 'docker-platform-constant', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'], fixable: 'suggest',
    description: 'FROM --platform with a constant value (linux/amd64): the stage is pinned to one architecture.',
  },
  prefilter: /--platform/i,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const s of m.stages) {
      const p = s.platform;
      if (!p || p.kind !== 'constant') continue;
      const value = p.value.replace(/^["']|["']$/g, '');
      const [os, arch] = value.split('/');
      // BuildKit's FromPlatformFlagConstDisallowed is silent when the stage name says which platform it is for.
      if (s.name && ((arch && s.name.includes(arch)) || (os && s.name.includes(os)))) continue;
      const fixes: Fix[] = [{ title: 'Remove --platform (build for the requested platform)', kind: 'suggest', edits: [removeFlagEdit(m, p.flagStart, p.flagEnd)] }];
      if (s.index < m.stages.length - 1) {
        fixes.push({ title: 'Use --platform=$BUILDPLATFORM (cross-compiling builder stage)', kind: 'suggest', edits: [{ start: p.valueStart, end: p.valueEnd, newText: '$BUILDPLATFORM' }] });
      }
      ctx.report({
        start: p.flagStart, end: p.flagEnd, fixes,
        message: arch === 'arm64'
          ? `--platform=${value} pins this stage to arm64: amd64 builds of this Dockerfile run it under emulation or ship arm64 files. Drop the flag, or use $BUILDPLATFORM on a cross-compiling builder stage.`
          : `--platform=${value} pins this stage to ${arch ?? value}: on arm64 builders and in multi-platform builds it runs under QEMU emulation (or fails with "exec format error" without it), and its files end up in the arm64 image. Drop the flag, or use $BUILDPLATFORM on a cross-compiling builder stage.`,
      });
    }
  },
};
