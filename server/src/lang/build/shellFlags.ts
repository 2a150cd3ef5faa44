// Compiler flags in shell text: *.sh files, Dockerfile RUN commands, CI `run:` scripts and env values.
import { archOfCommandText, innermostArch, type BuildArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import { linesUsing, logicalLineAt, maskHashComments, type FlagOccurrence } from './occurrence';
import { guardArch, summarizeShell, type ShellSummary } from './shell';

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
    if (c.guards.length || c.name && c.name !== 'export' && c.name !== 'declare') continue;
    for (const a of c.assignments) {
      if (!/^(CC|CXX|CROSS_COMPILE|HOST|TARGET|GOARCH|ARCH)$/.test(a.name)) continue;
      const arch = /^(GOARCH|ARCH)$/.test(a.name)
        ? (/^(arm64|aarch64)$/.test(a.value) ? 'arm64' : /^(amd64|x86_64)$/.test(a.value) ? 'x86' : undefined)
        : archOfCommandText(a.value + (/-$/.test(a.value) ? 'gcc' : ''));
      if (arch) fileArchs.add(arch);
    }
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : fallback;
  let masked = text;
  for (const c of summary.comments) masked = masked.slice(0, c.start - base) + ' '.repeat(c.end - c.start) + masked.slice(c.end - base);
  if (summary.hadErrors) masked = maskHashComments(masked);
  const out: FlagOccurrence[] = [];
  for (const tok of scanFlags(masked, base)) {
    const cmd = summary.commands.filter((c) => c.start <= tok.start && tok.end <= c.end).pop();
    const line = logicalLineAt(text, tok.start - base);
    const statement = cmd ? { start: cmd.start, end: cmd.end, text: text.slice(cmd.start - base, cmd.end - base) } : { start: base + line.start, end: base + line.end, text: text.slice(line.start, line.end) };
    if (PROBE_RE.test(statement.text)) continue;
    const assignment = cmd?.assignments.find((a) => a.start <= tok.start && tok.end <= a.end);
    const owner = assignment?.name ?? '';
    let own = archOfCommandText(statement.text);
    if (!own && owner) {
      const uses = linesUsing(masked, owner).map((l) => archOfCommandText(text.slice(l.start, l.end)));
      const decided = new Set(uses.filter((u): u is BuildArch => !!u));
      if (decided.size === 1 && uses.every(Boolean)) own = [...decided][0];
    }
    const guards = cmd ? guardArch(cmd.guards) : [];
    out.push({ ...tok, arch: innermostArch([own, ...guards], fileArch), owner, statement });
  }
  return out;
}
