// Shared bits of the CI rules: file kinds, step block edits, QEMU/arm64 predicates.
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import type { TextEdit } from '../../core/types';
import { isArm64Platform, type CiJob, type CiStep } from '../../lang/ci/workflow';
import { lineEnd, lineStart } from '../../lang/yaml/documents';

export const CI_PREFILTER = /jobs:|script:|stages:/;

export function findStep(job: CiJob, re: RegExp): CiStep | undefined {
  return job.steps.find((s) => s.uses && re.test(s.uses));
}
export const SETUP_QEMU = /^docker\/setup-qemu-action@/i;
export const SETUP_BUILDX = /^docker\/setup-buildx-action@/i;

/** The lines of a block sequence item: from its `-` line to the next item's line (or its own last line). */
export function stepBlock(text: string, job: CiJob, step: CiStep): { start: number; end: number } | undefined {
  const items = job.stepsSeq?.items;
  if (!items || job.stepsSeq?.flow || !step.node.range) return undefined;
  const start = lineStart(text, step.node.range[0]);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(start, step.node.range[0]))) return undefined;
  const next = items[step.index + 1] as { range?: number[] } | undefined;
  const end = next?.range ? lineStart(text, next.range[0]) : lineEnd(text, step.node.range[1] - 1);
  return { start, end };
}

/** Swaps the text of two step blocks (both must end with a newline). */
export function swapStepsEdits(text: string, job: CiJob, a: CiStep, b: CiStep): TextEdit[] | undefined {
  const ba = stepBlock(text, job, a), bb = stepBlock(text, job, b);
  if (!ba || !bb) return undefined;
  const ta = text.slice(ba.start, ba.end), tb = text.slice(bb.start, bb.end);
  if (!ta.endsWith('\n') || !tb.endsWith('\n')) return undefined;
  return [{ start: ba.start, end: ba.end, newText: tb }, { start: bb.start, end: bb.end, newText: ta }];
}

/** Inserts a `- uses: …` step before another step, at the same indentation. */
export function insertStepBeforeEdit(text: string, step: CiStep, lines: string[]): TextEdit | undefined {
  if (!step.node.range) return undefined;
  const ls = lineStart(text, step.node.range[0]);
  const prefix = text.slice(ls, step.node.range[0]);
  const m = /^([ \t]*)-([ \t]+)$/.exec(prefix);
  if (!m) return undefined;
  const inner = ' '.repeat(prefix.length);
  const body = lines.map((l, i) => (i === 0 ? prefix : inner) + l).join('\n') + '\n';
  return { start: ls, end: ls, newText: body };
}

/** The job builds or runs linux/arm64 on a non-arm runner, i.e. under emulation. */
export function emulatesArm64(job: CiJob): boolean {
  if (job.runner === 'arm') return false;
  const arm = job.platforms.some((p) => p.platforms.some(isArm64Platform));
  if (!arm) return false;
  return job.qemu.length > 0 || job.runner === 'x86';
}

/** Text of a Dockerfile the job builds, when it is in the workspace. */
export function dockerfileText(fs: FileSystem, root: string, rel: string | undefined): string | undefined {
  if (!rel) return undefined;
  return fs.readText(path.resolve(root, rel));
}
