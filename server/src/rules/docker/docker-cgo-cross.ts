// A cross-compiling Go stage (FROM --platform=$BUILDPLATFORM) with cgo on and no cross C compiler.
import type { Rule } from '../rule';
import { goEnvInDockerfile } from '../../lang/build/goenv';
import type { DfStage } from '../../lang/dockerfile/model';
import { dockerfileModel } from './common';

/** Signs of a cross C toolchain: tonistiigi/xx, an explicit CC, zig, osxcross, goreleaser-cross. */
const CROSS_CC = /\bxx-(?:go|clang|cc|apt-get|apk|info)\b|(?<![\w])CC\s*=\s*\S|\bCC\s+\S|zig\s+cc|-linux-gnu-gcc|crossbuild|goreleaser-cross|\bCGO_ENABLED\s*=\s*0/;

export const rule: Rule = {
  meta: {
    id: 'docker-cgo-cross', defaultSeverity: 'error', category: 'container', kinds: ['dockerfile'],
    description: 'Cross-compiling stage ($BUILDPLATFORM) with CGO_ENABLED=1 and no cross C compiler.',
  },
  prefilter: /CGO_ENABLED/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    // Per stage, read once: does it build Go, and does it set up a cross C compiler? (The setting itself,
    // CGO_ENABLED=1, is never one of CROSS_CC's signs.)
    const crossBuilds = new Map<number, boolean>();
    const needsCrossCc = (stage: DfStage): boolean => {
      if (!crossBuilds.has(stage.index)) {
        const stageText = m.text.slice(stage.start, stage.end);
        crossBuilds.set(stage.index, /\bgo\s+(?:build|install|test)\b/.test(stageText) && !CROSS_CC.test(stageText));
      }
      return crossBuilds.get(stage.index)!;
    };
    for (const s of goEnvInDockerfile(m)) {
      if (s.name !== 'CGO_ENABLED' || s.value !== '1') continue;
      const ins = m.instructionAt(s.start, s.end);
      const stage = ins && m.stages[ins.stage];
      if (!ins || !stage || stage.platform?.kind !== 'build') continue;
      if (!needsCrossCc(stage)) continue;
      ctx.report({
        start: s.start, end: s.end,
        message: 'CGO_ENABLED=1 in a stage that runs on the build platform: for an arm64 target the host gcc gets arm64 assembly ("no such instruction: stp x29,x30,[sp,...]" in runtime/cgo). Set CGO_ENABLED=0, or install a cross compiler (tonistiigi/xx: xx-go, xx-apt-get) and set CC.',
      });
    }
  },
};
