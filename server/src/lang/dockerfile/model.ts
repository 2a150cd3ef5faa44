// A Dockerfile as plain data (dockerfile-ast for instructions and flags, tree-sitter-bash for RUN shell):
// stages, ARGs in scope per stage, FROM --platform, and each RUN's shell text with file offsets.
// Parse once per file through dockerfileModel(ctx); never throws on directives, heredocs or odd input.
import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import { lastStartingAtOrBefore, LineIndex } from '../../parsing/positions';
import { MAX_WORD_NESTING, summarizeShell, type ShellSummary } from '../build/shell';

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
  /** The instruction holding [start, end], if any. */
  instructionAt(start: number, end?: number): DfInstruction | undefined;
  /** The shell of a RUN instruction. */
  runOf(ins: DfInstruction): DfShell | undefined;
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
  // Where each name is first set per stage (ENV) or declared (ARG): look-ups per use must not scan them all.
  const envByStage = new Map<number, Map<string, number>>();
  const argByStage = new Map<number, Map<string, number>>();
  const stageByName = new Map<string, number>();
  const runByIns = new Map<DfInstruction, DfShell>();
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
      const parent = stageByName.get(image.toLowerCase());
      const st: DfStage = {
        index: stage, name: nameRaw ? nameRaw.toLowerCase() : undefined, from: di, image,
        imageStart: ir ? off(ir.start) : argsStart, imageEnd: ir ? off(ir.end) : argsStart,
        platform, parent, instructions: [di], start, end,
      };
      if (platform?.kind === 'constant') st.constantArch = platform.value.replace(/^["']|["']$/g, '').split('/')[1];
      stages.push(st);
      // The first stage of a name is the one a later FROM names.
      if (st.name !== undefined && !stageByName.has(st.name)) stageByName.set(st.name, stage);
      continue;
    }
    const st = stages[stage];
    if (st) { st.instructions.push(di); st.end = end; }

    if (keyword === 'ARG') {
      for (const m of di.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
        const decl: DfArgDecl = { name: m[1], value: m[2], start: argsStart + m.index!, end: argsStart + m.index! + m[0].length, stage };
        (stage < 0 ? globalArgs : stageArgs).push(decl);
        if (stage >= 0) setFirst(argByStage, stage, decl.name, decl.start);
      }
    } else if (keyword === 'ENV') {
      // `ENV A=1 B=2` or the legacy `ENV A 1`.
      const legacy = !/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(di.args);
      if (legacy) { const n = di.args.match(/^\s*([A-Za-z_]\w*)/)?.[1]; if (n) setFirst(envByStage, stage, n, start); }
      else for (const m of di.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) setFirst(envByStage, stage, m[1], start);
    } else if (keyword === 'RUN') {
      const run = shellOfRun(text, di);
      runs.push(run);
      runByIns.set(di, run);
    }
  }

  const isTemplate = /\{\{[^}\n]*\}\}/.test(text);

  // An ARG of a parent stage is not inherited, but an ENV there is: set by ENV in some ancestor stage.
  const inheritedEnv = new Map<string, boolean>();
  function envInAncestors(s: number, name: string): boolean {
    // Up the parent chain to the first stage already answered, then the answers back down (no recursion).
    const chain: number[] = [];
    let known: boolean | undefined;
    for (let cur = stages[s]?.parent; cur !== undefined; cur = stages[cur]?.parent) {
      known = inheritedEnv.get(`${cur}:${name}`);
      if (known !== undefined) break;
      chain.push(cur);
    }
    let answer = known ?? false;
    for (let i = chain.length - 1; i >= 0; i--) {
      answer ||= envByStage.get(chain[i])?.has(name) ?? false;
      inheritedEnv.set(`${chain[i]}:${name}`, answer);
    }
    return answer;
  }

  function declaredInStage(s: number, name: string, offset: number): boolean {
    const before = (m: Map<number, Map<string, number>>) => (m.get(s)?.get(name) ?? Infinity) < offset;
    return before(argByStage) || before(envByStage) || envInAncestors(s, name);
  }

  return {
    text, lines, instructions, stages, globalArgs, stageArgs, runs, isTemplate, declaredInStage,
    stageAt(offset) {
      // The stage holding offset, else the last one before it: stages are in order and apart.
      const i = lastStartingAtOrBefore(stages, offset);
      return i >= 0 ? stages[i] : undefined;
    },
    instructionAt(start, end = start) {
      const i = lastStartingAtOrBefore(instructions, start);
      return i >= 0 && end <= instructions[i].end ? instructions[i] : undefined;
    },
    runOf: (ins) => runByIns.get(ins),
  };
}

function setFirst(map: Map<number, Map<string, number>>, stage: number, name: string, at: number): void {
  let names = map.get(stage);
  if (!names) map.set(stage, names = new Map());
  if (!names.has(name)) names.set(name, at);
}

/**
 * Exec form is a JSON array of strings; anything else is shell form, even when it starts with `[`
 * (`RUN [ -f /etc/os-release ] && ...` runs a test). Line continuations are joined first, as BuildKit does.
 */
export function isExecForm(args: string): boolean {
  if (!/^\s*\[/.test(args)) return false;
  try {
    const v: unknown = JSON.parse(args.replace(/[\\`][ \t]*\r?\n/g, ''));
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

function shellOfRun(text: string, ins: DfInstruction): DfShell {
  const args = ins.args;
  if (isExecForm(args)) return { instruction: ins, text: args, start: ins.argsStart, form: 'exec' };
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
export function dockerfileModel(ctx: { text: string; path?: string; memo<T>(k: string, f: () => T): T; log?(m: string): void }): DockerfileModel {
  return ctx.memo('dockerfile.model', () => {
    const m = parseDockerfile(ctx.text);
    // Say once why some RUN words were not read (see ShellCommand.nestedTooDeep).
    const deep = m.runs.find((r) => r.shell?.nestedTooDeepAt !== undefined);
    if (deep) ctx.log?.(`${ctx.path ?? 'Dockerfile'}: the RUN at line ${m.lines.lineColAt(deep.shell!.nestedTooDeepAt!).line} nests commands in $(...) more than ${MAX_WORD_NESTING} levels deep; the words holding that nesting are not read`);
    return m;
  });
}

/** `$NAME` / `${NAME}` / `${NAME:-x}` references in text (offsets relative to text). */
export function variableRefs(text: string, names: readonly string[]): { name: string; start: number; end: number }[] {
  const re = new RegExp(`\\$(?:\\{(${names.join('|')})(?:[:#%/][^}]*)?\\}|(${names.join('|')})(?![A-Za-z0-9_]))`, 'g');
  return [...text.matchAll(re)].map((m) => ({ name: m[1] ?? m[2], start: m.index!, end: m.index! + m[0].length }));
}
