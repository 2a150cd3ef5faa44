// Go build environment settings (GOARCH, GOARM, GOARM64, GOAMD64, CGO_ENABLED, CC) in shell, Makefiles and
// Dockerfiles, with a scope so settings that act on the same build can be paired (GOARM next to GOARCH=arm64).
import type { DockerfileModel } from '../dockerfile/model';
import { LogicalLines, maskHashComments } from './occurrence';

export const GO_ENV_NAMES = ['GOARCH', 'GOARM', 'GOARM64', 'GOAMD64', 'CGO_ENABLED', 'CC', 'GOOS'] as const;
export type GoEnvName = (typeof GO_ENV_NAMES)[number];

export interface GoEnvSetting {
  name: GoEnvName;
  /** Value without quotes. */
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
  /** Innermost first: the command line, the script/RUN, the stage. Two settings act on the same build when
   * the innermost scope of one is in the chain of the other. */
  scopes: string[];
}

export function sameBuild(a: GoEnvSetting, b: GoEnvSetting): boolean {
  return b.scopes.includes(a.scopes[0]) || a.scopes.includes(b.scopes[0]);
}

const SETTING_RE = /(?<![\w$.{-])(export[ \t]+)?(GOARCH|GOARM64|GOARM|GOAMD64|CGO_ENABLED|CC|GOOS)[ \t]*(?:\?=|:=|::=|\+=|=|:[ \t])[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s;&|)`"']*)/g;

/**
 * Settings in shell-like text. `lineScoped`: each logical line is its own build unless the setting is an
 * `export` or (Makefiles) a top-level assignment, which apply to the whole text (`fileScope`).
 */
export function goEnvInText(text: string, base = 0, fileScope = 'file', makefile = false): GoEnvSetting[] {
  const masked = maskHashComments(text);
  // Per logical line (read once however many settings it holds): its start, and where its first word starts
  // after blanks and an `export`.
  const lines = new LogicalLines(masked);
  const firstWord = new Map<number, number>();
  const out: GoEnvSetting[] = [];
  for (const m of masked.matchAll(SETTING_RE)) {
    const logical = lines.at(m.index!).start;
    if (!firstWord.has(logical)) firstWord.set(logical, logical + /^[ \t]*(?:export[ \t]+)?/.exec(masked.slice(logical))![0].length);
    const isRecipe = makefile && masked[logical] === '\t';
    // Nothing but blanks and an `export` before it on its logical line (the regex only runs on that short prefix).
    const atLineStart = m.index! <= firstWord.get(logical)! && /^[ \t]*(export[ \t]+)?$/.test(masked.slice(logical, m.index!));
    const global = (!!m[1] && atLineStart) || (makefile && !isRecipe && atLineStart);
    const raw = m[3];
    const value = raw.replace(/^["']|["']$/g, '');
    const valueStart = base + m.index! + m[0].length - raw.length;
    out.push({
      name: m[2] as GoEnvName, value, start: base + m.index! + (m[1]?.length ?? 0), end: base + m.index! + m[0].length,
      valueStart, valueEnd: valueStart + raw.length,
      scopes: global ? [fileScope] : [`${fileScope}:line${base + logical}`, fileScope],
    });
  }
  return out;
}

/** Settings in a Dockerfile: ENV/ARG act on the whole stage; RUN settings on their command or RUN. */
export function goEnvInDockerfile(m: DockerfileModel): GoEnvSetting[] {
  const out: GoEnvSetting[] = [];
  for (const ins of m.instructions) {
    const stage = `stage${ins.stage}`;
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      const legacy = ins.keyword === 'ENV' && ins.args.match(/^(\s*)(GOARCH|GOARM64|GOARM|GOAMD64|CGO_ENABLED|CC|GOOS)(\s+)(\S+)\s*$/);
      if (legacy) {
        const start = ins.argsStart + legacy[1].length;
        const vs = start + legacy[2].length + legacy[3].length;
        out.push({ name: legacy[2] as GoEnvName, value: legacy[4].replace(/^["']|["']$/g, ''), start, end: vs + legacy[4].length, valueStart: vs, valueEnd: vs + legacy[4].length, scopes: [stage] });
        continue;
      }
      for (const s of goEnvInText(ins.args, ins.argsStart, stage)) out.push({ ...s, scopes: [stage] });
    } else if (ins.keyword === 'RUN') {
      for (const s of goEnvInText(ins.args, ins.argsStart, `run${ins.start}`)) out.push({ ...s, scopes: [...s.scopes, stage] });
    }
  }
  return out;
}
