// Compiler flags of any build file, each with the arch it builds for; parsed once per file (ctx.memo).
import * as path from 'node:path';
import type { FileKind } from '../../core/types';
import type { Tree } from '../../parsing/treeSitter';
import { dockerfileModel, type DockerfileModel } from '../dockerfile/model';
import { archOfPath, type BuildArch } from './arch';
import { flagsInCgo } from './cgo';
import { flagsInCMake } from './cmake';
import { scanFlags } from './flags';
import { flagsInMakefile } from './make';
import { flagsInMeson } from './meson';
import type { FlagOccurrence } from './occurrence';
import { flagsInText } from './shellFlags';

export { flagsInText } from './shellFlags';
export type { FlagOccurrence } from './occurrence';
export type { BuildArch } from './arch';

/** File kinds whose flags this module reads. */
export const BUILD_FLAG_KINDS: FileKind[] = ['makefile', 'cmake', 'meson', 'shell', 'dockerfile', 'go'];

/** Arch of a Docker stage from a constant `--platform`; 'any' otherwise (a multi-platform build). */
export function stageArch(m: DockerfileModel, stage: number): BuildArch {
  const a = m.stages[stage]?.constantArch;
  if (!a) return 'any';
  return a === 'arm64' ? 'arm64' : a === 'arm' ? 'arm32' : a === 'amd64' || a === '386' ? 'x86' : 'other';
}

export function flagsInDockerfile(m: DockerfileModel): FlagOccurrence[] {
  if (m.isTemplate) return [];
  const out: FlagOccurrence[] = [];
  for (const ins of m.instructions) {
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    const owner = ins.args.match(/^\s*(\w+)/)?.[1] ?? '';
    for (const f of flagsInText(ins.args, { base: ins.argsStart, shell: false, defaultArch: stageArch(m, ins.stage) })) out.push({ ...f, owner });
  }
  for (const run of m.runs) {
    const arch = stageArch(m, run.instruction.stage);
    const flags = run.shell ? flagsInText(run.text, { base: run.start, defaultArch: arch, summary: run.shell })
      : flagsInText(run.text, { base: run.start, shell: false, defaultArch: arch });
    for (const f of flags) out.push(f);
  }
  return out;
}

interface Ctx { text: string; path: string; root?: string; kind: FileKind; memo<T>(k: string, f: () => T): T; tree(g: 'make'): Tree }

export function buildFlagsOf(ctx: Ctx): FlagOccurrence[] {
  return ctx.memo('build.flags', () => {
    // Relative to the workspace, so a checkout folder named "arm-project" does not count.
    const rel = ctx.root ? path.relative(ctx.root, ctx.path) : path.basename(ctx.path);
    const byPath = ctx.kind === 'dockerfile' || ctx.kind === 'go' ? undefined : archOfPath(rel);
    const all = flagsOfKind(ctx);
    // A file whose path names an arch is only used for that arch: it decides what nothing else did.
    return byPath ? all.map((o) => (o.arch === 'any' ? { ...o, arch: byPath } : o)) : all;
  });
}

function flagsOfKind(ctx: Ctx): FlagOccurrence[] {
  {
    switch (ctx.kind) {
      case 'makefile': return flagsInMakefile(ctx.text, ctx.tree('make'), path.basename(ctx.path));
      case 'cmake': return flagsInCMake(ctx.text);
      case 'meson': return flagsInMeson(ctx.text);
      case 'shell': return flagsInText(ctx.text);
      case 'dockerfile': return flagsInDockerfile(dockerfileModel(ctx));
      case 'go': return CGO_DIRECTIVE.test(ctx.text) ? flagsInCgo(ctx.path, ctx.text) : [];
      default: return [];
    }
  }
}

/** A Go file has build flags only in `#cgo` directives. */
export const CGO_DIRECTIVE = /#cgo\s/;

/** Cheap prefilter shared by the build-flag rules. */
export const ANY_FLAG_PREFILTER = /-m[a-z]|target-cpu/;
export { scanFlags };
