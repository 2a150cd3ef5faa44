// Shared helpers of the Dockerfile rules: the model, arch guards around a position, ARG insertion edits.
import type { TextEdit } from '../../core/types';
import { lineEnding } from '../../lang/build/occurrence';
import type { GuardChain } from '../../lang/build/shell';
import type { DfInstruction, DfShell, DfStage, DockerfileModel } from '../../lang/dockerfile/model';
import { amd64OnlyImage } from './amd64OnlyData';

export { dockerfileModel } from '../../lang/dockerfile/model';
export { archGuarded } from '../../lang/build/shell';

/**
 * Stages pinned to an x86 platform on purpose (`--platform=linux/amd64`, or a stage named *_amd64), or built on a base
 * image that has no arm64 variant (amd64OnlyBase).
 */
export function stageIsX86(m: DockerfileModel, stage: number): boolean {
  const s = m.stages[stage];
  if (!s) return false;
  if (s.constantArch === 'amd64' || s.constantArch === '386' || /(?:^|[-_.])(amd64|x86_64|x86|x64)(?:$|[-_.])/.test(s.name ?? '')) return true;
  return amd64OnlyBase(m, stage) !== undefined;
}

/**
 * The base image of a stage (through `FROM <earlier stage>`) when it is known to have no linux/arm64 variant
 * (amd64OnlyData.ts): no arm64 build of that stage exists, so an amd64 download in it is not an arm64 hazard of its
 * own; docker-amd64-only-image reports the base instead (prometheus .gitpod.Dockerfile: FROM gitpod/workspace-full).
 */
export function amd64OnlyBase(m: DockerfileModel, stage: number): string | undefined {
  const seen = new Set<number>();
  for (let s: DfStage | undefined = m.stages[stage]; s && !seen.has(s.index); s = s.parent !== undefined ? m.stages[s.parent] : undefined) {
    seen.add(s.index);
    if (s.parent === undefined) return !s.image.includes('$') && amd64OnlyImage(s.image) ? s.image : undefined;
  }
  return undefined;
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

/**
 * Edits declaring NAMES in the stage of `ins` before it: an `ARG NAME` line inserted right before it for each name
 * not declared there yet, or, when the stage declares it only later, that later `ARG NAME` line moved up (a second
 * declaration in one stage would be noise). Undefined when a later declaration cannot be moved: it has a value, or
 * shares its line. Each insertion carries its `declares` key, so fix-all inserts it once per stage (applyEdits.ts).
 */
export function declareArgsEdits(m: DockerfileModel, ins: DfInstruction, names: string[]): TextEdit[] | undefined {
  const eol = lineEnding(m.text);
  const indent = indentOf(m, ins);
  const lineStart = ins.start - indent.length;
  const edits: TextEdit[] = [];
  for (const n of names) {
    if (m.declaredInStage(ins.stage, n, ins.start)) continue;
    const later = m.stageArgs.find((a) => a.stage === ins.stage && a.name === n && a.start > ins.start);
    if (later) {
      const decl = m.instructionAt(later.start);
      if (later.value !== undefined || !decl || decl.args.trim() !== n || m.text.slice(decl.start, decl.end).includes('\n')) return undefined;
      const ls = m.text.lastIndexOf('\n', decl.start - 1) + 1;
      const le = m.text.indexOf('\n', decl.end);
      if (m.text.slice(ls, decl.start).trim() !== '' || m.text.slice(decl.end, le < 0 ? m.text.length : le).trim() !== '') return undefined;
      edits.push({ start: ls, end: le < 0 ? m.text.length : le + 1, newText: '' });
    }
    edits.push({ start: lineStart, end: lineStart, newText: `${indent}ARG ${n}${eol}`, declares: `stage ${m.stages[ins.stage]?.start ?? ins.stage}: ARG ${n}` });
  }
  return edits;
}

/** Removes `--platform=...` and the blank after it from a FROM line. */
export function removeFlagEdit(m: DockerfileModel, flagStart: number, flagEnd: number): TextEdit {
  let end = flagEnd;
  while (m.text[end] === ' ' || m.text[end] === '\t') end++;
  return { start: flagStart, end, newText: '' };
}
