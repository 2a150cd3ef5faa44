// A Dockerfile as plain data (dockerfile-ast for instructions and flags, tree-sitter-bash for RUN shell):
// stages, ARGs in scope per stage, FROM --platform, and each RUN's shell text with file offsets.
// Parse once per file through dockerfileModel(ctx); never throws on directives, heredocs or odd input.
import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import { LineIndex } from '../../parsing/positions';
import { summarizeShell, type ShellSummary } from '../build/shell';

export interface DfInstruction {
  /** Upper-case keyword (RUN, FROM, ...). */
  keyword: string;
  start: number;
  end: number;
  /** Arguments after the keyword and its --flags. */
  argsStart: number;
  argsEnd: number;
  args: string;
  /** Index of the stage; -1 for instructions before the first FROM (global ARGs). */
  stage: number;
  /** --flags of the instruction (`--platform=...`, `--mount=...`, `--from=...`). */
  flags: { name: string; value: string | null; start: number; end: number; valueStart: number; valueEnd: number }[];
}

export type PlatformKind = 'none' | 'build' | 'target' | 'constant' | 'variable';

export interface DfStage {
  index: number;
  /** `AS name`, lower-cased as BuildKit compares it. */
  name?: string;
  from: DfInstruction;
  image: string;
  imageStart: number;
  imageEnd: number;
  platform?: { value: string; kind: PlatformKind; flagStart: number; flagEnd: number; valueStart: number; valueEnd: number };
  /** For a constant platform: 'amd64', 'arm64', 'arm', ... */
  constantArch?: string;
  /** The stage this one builds on (`FROM build AS final`), when it names an earlier stage. */
  parent?: number;
  instructions: DfInstruction[];
  start: number;
  end: number;
}

export interface DfShell {
  instruction: DfInstruction;
  /** Script text exactly as in the file (a heredoc body for `RUN <<EOF`). */
  text: string;
  /** File offset of text[0]. */
  start: number;
  form: 'shell' | 'heredoc' | 'exec';
  /** Parsed shell (undefined for exec form). */
  shell?: ShellSummary;
}

export interface DfArgDecl { name: string; value?: string; start: number; end: number; stage: number }

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  instructions: DfInstruction[];
  stages: DfStage[];
  globalArgs: DfArgDecl[];
  /** ARG declarations inside stages. */
  stageArgs: DfArgDecl[];
  runs: DfShell[];
  /** Helm/Go-template style placeholders (`{{ ... }}`): the rules skip such files. */
  isTemplate: boolean;
  /** Is NAME declared by `ARG` in `stage` before `offset` (or set by ENV there or in a parent stage)? */
  declaredInStage(stage: number, name: string, offset: number): boolean;
  stageAt(offset: number): DfStage | undefined;
}

export const PLATFORM_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'] as const;

function classifyPlatform(v: string): PlatformKind {
  const t = v.replace(/^["']|["']$/g, '');
  if (/^\$\{?BUILDPLATFORM\}?$/.test(t)) return 'build';
  if (/^\$\{?TARGETPLATFORM\}?$/.test(t)) return 'target';
  if (t.includes('$')) return 'variable';
  return 'constant';
}

export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const off = (p: { line: number; character: number }) => lines.offsetAt(p);
  const ast = DockerfileParser.parse(text);
  const instructions: DfInstruction[] = [];
  const stages: DfStage[] = [];
  const runs: DfShell[] = [];
  const globalArgs: DfArgDecl[] = [];
  const stageArgs: DfArgDecl[] = [];
  const envByStage = new Map<number, { name: string; start: number }[]>();
  let stage = -1;

  for (const ins of ast.getInstructions() as Instruction[]) {
    const r = ins.getRange();
    const keyword = ins.getKeyword().toUpperCase();
    const start = off(r.start), end = off(r.end);
    const ar = ins.getArgumentsRange();
    const argsStart = ar ? off(ar.start) : end, argsEnd = ar ? off(ar.end) : end;
    const flags = ((ins as unknown as { getFlags?: () => import('dockerfile-ast').Flag[] }).getFlags?.() ?? []).map((f) => {
      const fr = f.getRange(), vr = f.getValueRange();
      return { name: f.getName(), value: f.getValue(), start: off(fr.start), end: off(fr.end), valueStart: vr ? off(vr.start) : off(fr.end), valueEnd: vr ? off(vr.end) : off(fr.end) };
    });
    if (keyword === 'FROM') stage++;
    const di: DfInstruction = { keyword, start, end, argsStart, argsEnd, args: text.slice(argsStart, argsEnd), stage, flags };
    instructions.push(di);

    if (keyword === 'FROM') {
      const from = ins as From;
      const ir = from.getImageRange();
      const image = from.getImage() ?? '';
      const nameRaw = from.getBuildStage();
      const pf = from.getPlatformFlag();
      let platform: DfStage['platform'];
      if (pf && pf.getValue() !== null) {
        const fr = pf.getRange(), vr = pf.getValueRange()!;
        const value = pf.getValue()!;
        platform = { value, kind: classifyPlatform(value), flagStart: off(fr.start), flagEnd: off(fr.end), valueStart: off(vr.start), valueEnd: off(vr.end) };
      }
      const parentName = image.toLowerCase();
      const parent = stages.findIndex((s) => s.name === parentName);
      const st: DfStage = {
        index: stage, name: nameRaw ? nameRaw.toLowerCase() : undefined, from: di, image,
        imageStart: ir ? off(ir.start) : argsStart, imageEnd: ir ? off(ir.end) : argsStart,
        platform, parent: parent >= 0 ? parent : undefined, instructions: [di], start, end,
      };
      if (platform?.kind === 'constant') st.constantArch = platform.value.replace(/^["']|["']$/g, '').split('/')[1];
      stages.push(st);
      continue;
    }
    const st = stages[stage];
    if (st) { st.instructions.push(di); st.end = end; }

    if (keyword === 'ARG') {
      for (const m of di.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
        const decl: DfArgDecl = { name: m[1], value: m[2], start: argsStart + m.index!, end: argsStart + m.index! + m[0].length, stage };
        (stage < 0 ? globalArgs : stageArgs).push(decl);
      }
    } else if (keyword === 'ENV') {
      const list = envByStage.get(stage) ?? [];
      // `ENV A=1 B=2` or the legacy `ENV A 1`.
      const legacy = !/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(di.args);
      if (legacy) { const n = di.args.match(/^\s*([A-Za-z_]\w*)/)?.[1]; if (n) list.push({ name: n, start }); }
      else for (const m of di.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) list.push({ name: m[1], start });
      envByStage.set(stage, list);
    } else if (keyword === 'RUN') {
      runs.push(shellOfRun(text, di));
    }
  }

  const isTemplate = /\{\{[^}\n]*\}\}/.test(text);

  function declaredInStage(s: number, name: string, offset: number): boolean {
    if (stageArgs.some((a) => a.stage === s && a.name === name && a.start < offset)) return true;
    for (let cur: number | undefined = s, first = true; cur !== undefined; cur = stages[cur]?.parent, first = false) {
      if ((envByStage.get(cur) ?? []).some((e) => e.name === name && (!first || e.start < offset))) return true;
      if (!first && stageArgs.some((a) => a.stage === cur && a.name === name)) {
        // An ARG of a parent stage is not inherited, but ENV NAME=$NAME there would be (handled above).
      }
    }
    return false;
  }

  return {
    text, lines, instructions, stages, globalArgs, stageArgs, runs, isTemplate, declaredInStage,
    stageAt(offset) { return stages.find((s) => s.start <= offset && offset <= s.end) ?? [...stages].reverse().find((s) => s.start <= offset); },
  };
}

function shellOfRun(text: string, ins: DfInstruction): DfShell {
  const args = ins.args;
  if (/^\s*\[/.test(args)) return { instruction: ins, text: args, start: ins.argsStart, form: 'exec' };
  const hd = args.match(/^\s*<<(-?)["']?([A-Za-z_][\w-]*)["']?[^\n]*\n/);
  if (hd) {
    const bodyStart = ins.argsStart + hd[0].length;
    const body = text.slice(bodyStart, ins.argsEnd);
    const term = new RegExp(`^${hd[1] ? '\\t*' : ''}${hd[2]}\\s*$`, 'm').exec(body);
    const scriptText = term ? body.slice(0, term.index) : body;
    return { instruction: ins, text: scriptText, start: bodyStart, form: 'heredoc', shell: safeSummary(scriptText, bodyStart) };
  }
  return { instruction: ins, text: args, start: ins.argsStart, form: 'shell', shell: safeSummary(args, ins.argsStart) };
}

function safeSummary(script: string, base: number): ShellSummary | undefined {
  try { return summarizeShell(script, base); } catch { return undefined; }
}

/** The file's model, parsed once and shared by every Dockerfile rule. */
export function dockerfileModel(ctx: { text: string; memo<T>(k: string, f: () => T): T }): DockerfileModel {
  return ctx.memo('dockerfile.model', () => parseDockerfile(ctx.text));
}

/** `$NAME` / `${NAME}` / `${NAME:-x}` references in text (offsets relative to text). */
export function variableRefs(text: string, names: readonly string[]): { name: string; start: number; end: number }[] {
  const re = new RegExp(`\\$(?:\\{(${names.join('|')})(?:[:#%/][^}]*)?\\}|(${names.join('|')})(?![A-Za-z0-9_]))`, 'g');
  return [...text.matchAll(re)].map((m) => ({ name: m[1] ?? m[2], start: m.index!, end: m.index! + m[0].length }));
}
