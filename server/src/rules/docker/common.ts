// Shared helpers of the Dockerfile rules: the model, arch guards around a position, ARG insertion edits.
import type { TextEdit } from '../../engine/types';
import { lineEnding } from '../../lang/build/occurrence';
import type { GuardChain } from '../../lang/build/shell';
import type { DfInstruction, DfShell, DockerfileModel } from '../../lang/dockerfile/model';

export { dockerfileModel } from '../../lang/dockerfile/model';
export { archGuarded } from '../../lang/build/shell';

/** Stages pinned to an x86 platform on purpose (`--platform=linux/amd64`, or a stage named *_amd64). */
export function stageIsX86(m: DockerfileModel, stage: number): boolean {
  const s = m.stages[stage];
  if (!s) return false;
  return s.constantArch === 'amd64' || s.constantArch === '386' || /(?:^|[-_.])(amd64|x86_64|x86|x64)(?:$|[-_.])/.test(s.name ?? '');
}

/** The guards around an offset of a RUN, innermost first. */
export function guardsAt(run: DfShell | undefined, offset: number): GuardChain | undefined {
  return run?.shell?.guardsAt(offset);
}

/** Indentation of the line an instruction starts on. */
function indentOf(m: DockerfileModel, ins: DfInstruction): string {
  const ls = m.text.lastIndexOf('\n', ins.start - 1) + 1;
  return m.text.slice(ls, ins.start).match(/^[ \t]*/)?.[0] ?? '';
}

/** Inserts `ARG NAME` lines right before `ins` for the names not yet declared in its stage. */
export function declareArgsEdit(m: DockerfileModel, ins: DfInstruction, names: string[]): TextEdit | undefined {
  const missing = names.filter((n) => !m.declaredInStage(ins.stage, n, ins.start));
  if (missing.length === 0) return undefined;
  const eol = lineEnding(m.text);
  const indent = indentOf(m, ins);
  const lineStart = ins.start - indent.length;
  return { start: lineStart, end: lineStart, newText: missing.map((n) => `${indent}ARG ${n}${eol}`).join('') };
}

/** Removes `--platform=...` and the blank after it from a FROM line. */
export function removeFlagEdit(m: DockerfileModel, flagStart: number, flagEnd: number): TextEdit {
  let end = flagEnd;
  while (m.text[end] === ' ' || m.text[end] === '\t') end++;
  return { start: flagStart, end, newText: '' };
}
