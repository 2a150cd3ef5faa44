// Compiler flags in shell text: *.sh files, Dockerfile RUN commands, CI `run:` scripts and env values.
import { archOfCommandText, innermostArch, type BuildArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import { LogicalLines, maskHashComments, maskSpans, variableArchs, type FlagOccurrence } from './occurrence';
import { archUnder, spanHolding, summarizeShell, type ShellSummary } from './shell';

export interface FlagsInTextOptions {
  /** Offset of text[0] in the file, added to every offset returned. */
  base?: number;
  /** Parse as shell (a script or a `run:` block) — true by default; false for a plain value (an env var). */
  shell?: boolean;
  /** The arch of the surrounding job/stage when the text itself does not say (a CI runner, a Docker platform). */
  defaultArch?: BuildArch;
  /** A summary already computed for this text (saves a parse). */
  summary?: ShellSummary;
}

interface Statement { start: number; end: number; text: string; probe: boolean; own: BuildArch | undefined }

/**
 * Flags in a piece of shell or a plain value, each with the arch it builds for. Offsets are file offsets
 * (text offsets + base). The CI rules call this on `run:` scripts and env values.
 */
export function flagsInText(text: string, opts: FlagsInTextOptions = {}): FlagOccurrence[] {
  const base = opts.base ?? 0;
  const fallback = opts.defaultArch ?? 'any';
  if (opts.shell === false) {
    const own = archOfCommandText(text);
    return scanFlags(text, base).map((t) => ({ ...t, arch: innermostArch([own], fallback), owner: '', statement: { start: base, end: base + text.length, text } }));
  }
  const summary = opts.summary ?? summarizeShell(text, base);
  // The script's own arch: unguarded `export CC=aarch64-linux-gnu-gcc`, `GOARCH=arm64`, `--host=...`.
  const fileArchs = new Set<BuildArch>();
  for (const c of summary.commands) {
    if (c.guards || c.name && c.name !== 'export' && c.name !== 'declare') continue;
    for (const a of c.assignments) {
      if (!/^(CC|CXX|CROSS_COMPILE|HOST|TARGET|GOARCH|ARCH)$/.test(a.name)) continue;
      const arch = /^(GOARCH|ARCH)$/.test(a.name)
        ? (/^(arm64|aarch64)$/.test(a.value) ? 'arm64' : /^(amd64|x86_64)$/.test(a.value) ? 'x86' : undefined)
        : archOfCommandText(a.value + (/-$/.test(a.value) ? 'gcc' : ''));
      if (arch) fileArchs.add(arch);
    }
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : fallback;
  let masked = maskSpans(text, summary.comments, base);
  if (summary.hadErrors) masked = maskHashComments(masked);
  // Many flags share a command, a line or a variable: each is read once.
  let lines: LogicalLines | undefined;
  const statements = new Map<string, Statement>();
  const statementOf = (start: number, end: number): Statement => {
    const key = `${start}:${end}`;
    let s = statements.get(key);
    if (!s) {
      const t = text.slice(start - base, end - base);
      s = { start, end, text: t, probe: PROBE_RE.test(t), own: archOfCommandText(t) };
      statements.set(key, s);
    }
    return s;
  };
  const archOfUses = variableArchs(masked, text);
  const out: FlagOccurrence[] = [];
  for (const tok of scanFlags(masked, base)) {
    const cmd = summary.commandAt(tok.start, tok.end);
    let st: Statement;
    if (cmd) st = statementOf(cmd.start, cmd.end);
    else {
      lines ??= new LogicalLines(text);
      const line = lines.at(tok.start - base);
      st = statementOf(base + line.start, base + line.end);
    }
    if (st.probe) continue;
    const assignment = cmd ? spanHolding(cmd.assignments, tok.start, tok.end) : undefined;
    const owner = assignment?.name ?? '';
    const own = st.own ?? (owner ? archOfUses(owner) : undefined);
    out.push({ ...tok, arch: archUnder(own, cmd?.guards, fileArch), owner, statement: { start: st.start, end: st.end, text: st.text } });
  }
  return out;
}
