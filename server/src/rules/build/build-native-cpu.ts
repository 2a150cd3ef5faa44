// -march/-mcpu=native and friends in artifacts built for other machines (images, CI, release scripts).
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { buildFlagsOf } from '../../lang/build';
import { goEnvInDockerfile, goEnvInText } from '../../lang/build/goenv';
import { dockerfileModel } from '../../lang/dockerfile/model';
import { fleetOf, namesOf } from '../../deploy/instances';
import { fleetBaseline } from '../../deploy/isa';

/** Shell scripts that produce artifacts for others. A Makefile's `-march=native` is usually a local build. */
const RELEASE_SCRIPT = /(?:^|[\/_.-])(release|dist|package|packaging|publish|docker|container|image|ci|deploy|build-image|recipes?|conda|debian|rpm)(?:[\/_.-]|$)/i;

export const rule: Rule = {
  meta: {
    id: 'build-native-cpu', defaultSeverity: 'warning', category: 'build-flags', fixable: 'suggest',
    kinds: ['dockerfile', 'shell'],
    description: 'Build-machine CPU tuning (-march=native, -C target-cpu=native, GOAMD64=v3) in images, CI and release scripts.',
  },
  prefilter: /native|GOAMD64/,
  check(ctx) {
    if (ctx.kind === 'shell' && !RELEASE_SCRIPT.test(ctx.path.replace(ctx.root, ''))) return;
    // With deployment presets the baseline is the fleet's (armv8.2-a would raise SIGILL on a Graviton1).
    const fleet = fleetOf(ctx.config.instances);
    const baseline = fleetBaseline(fleet) ?? '-march=armv8.2-a';
    const advice = fleet.length ? `For this fleet (${namesOf(fleet)}) use ${baseline}.` : 'Use an explicit baseline such as -march=armv8.2-a.';
    for (const occ of buildFlagsOf(ctx)) {
      if (occ.cls !== 'native' || occ.arch === 'x86') continue;
      // -mtune only schedules; it changes no instruction set. It breaks only a cross compiler.
      if (/^-mtune=/.test(occ.flag)) continue;
      const fixes: Fix[] = [];
      if (occ.arch === 'arm64' && /^-m(arch|cpu)=native$/.test(occ.flag)) {
        const title = fleet.length ? `Use ${baseline}, which every instance of the fleet runs` : 'Use the all-Graviton baseline -march=armv8.2-a';
        fixes.push({ title, kind: 'suggest', edits: [{ start: occ.start, end: occ.end, newText: baseline }] });
      }
      ctx.report({
        start: occ.start, end: occ.end, fixes,
        message: `${occ.flag} compiles for the build machine's CPU: an image built on an SVE machine (Graviton3) raises SIGILL on Graviton2/Ampere Altra, and a cross compiler rejects it ("unknown value 'native'"). ${advice}`,
      });
    }
    const settings = ctx.kind === 'dockerfile' ? goEnvInDockerfile(dockerfileModel(ctx)) : goEnvInText(ctx.text);
    for (const s of settings) {
      if (s.name !== 'GOAMD64' || !/^v[2-4]$/.test(s.value)) continue;
      ctx.report({
        start: s.start, end: s.end,
        message: `GOAMD64=${s.value} binaries refuse to start on x86 CPUs without ${s.value} support ("This program can only be run on AMD64 processors with ${s.value} microarchitecture support."); it has no effect on arm64 builds. Leave the default (v1) for images others run.`,
      });
    }
  },
};
