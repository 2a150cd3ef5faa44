// Compiler flags in CMakeLists.txt / *.cmake. No tree-sitter grammar ships for CMake, so this reads the
// command invocations (`name(args)`, quotes and nesting respected) and keeps an if/elseif/else stack.
import { archOfCommandText, archOfCondition, conditionIsNegated, innermostArch, type BuildArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import type { FlagOccurrence, GuardSite } from './occurrence';

export interface CMakeCall { name: string; args: string; argsStart: number; start: number; end: number }

/** Command invocations in order, comments skipped. */
export function cmakeCalls(text: string): CMakeCall[] {
  const out: CMakeCall[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(|#\[(=*)\[[\s\S]*?\]\2\]|#[^\n]*|"(?:[^"\\]|\\[\s\S])*"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!m[1]) continue; // comment or stray string
    let depth = 1, i = re.lastIndex;
    while (i < text.length && depth > 0) {
      const ch = text[i];
      if (ch === '"') { i++; while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1; }
      else if (ch === '#' && !/\$|\w/.test(text[i - 1] ?? '')) { while (i < text.length && text[i] !== '\n') i++; continue; }
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      i++;
    }
    out.push({ name: m[1].toLowerCase(), args: text.slice(re.lastIndex, i - 1), argsStart: re.lastIndex, start: m.index, end: i });
    re.lastIndex = i;
  }
  return out;
}

function firstArgs(args: string, n: number): string[] {
  return args.trim().split(/\s+/).slice(0, n).map((a) => a.replace(/^"|"$/g, ''));
}

export function flagsInCMake(text: string): FlagOccurrence[] {
  const calls = cmakeCalls(text);
  // A toolchain file or a CMakeLists that sets its processor/compiler decides the arch for the whole file.
  const fileArchs = new Set<BuildArch>();
  let depth = 0;
  for (const c of calls) {
    if (c.name === 'if') depth++;
    else if (c.name === 'endif') depth--;
    else if (depth === 0 && c.name === 'set' && /^\s*(CMAKE_SYSTEM_PROCESSOR|CMAKE_C_COMPILER|CMAKE_CXX_COMPILER|CMAKE_C_COMPILER_TARGET)\b/.test(c.args)) {
      const a = archOfCommandText(/^\s*CMAKE_SYSTEM_PROCESSOR/.test(c.args) ? c.args.replace(/^\s*CMAKE_SYSTEM_PROCESSOR/, 'CMAKE_SYSTEM_PROCESSOR ') : c.args);
      if (a) fileArchs.add(a);
    }
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : 'any';

  const stack: { cond: string; negated: boolean }[] = [];
  const out: FlagOccurrence[] = [];
  for (const c of calls) {
    if (c.name === 'if') { stack.push({ cond: c.args, negated: conditionIsNegated(c.args) }); continue; }
    if (c.name === 'elseif') { if (stack.length) stack[stack.length - 1] = { cond: c.args, negated: conditionIsNegated(c.args) }; continue; }
    if (c.name === 'else') { const top = stack[stack.length - 1]; if (top) top.negated = !top.negated; continue; }
    if (c.name === 'endif') { stack.pop(); continue; }
    const toks = scanFlags(c.args, c.argsStart);
    if (toks.length === 0) continue;
    if (PROBE_RE.test(c.name) || PROBE_RE.test(c.args)) continue;
    const guards = [...stack].reverse().map((g) => archOfCondition(g.cond, g.negated));
    let owner = '';
    let guardable: GuardSite | undefined;
    const a = firstArgs(c.args, 3);
    if (c.name === 'set' || c.name === 'list') owner = c.name === 'set' ? a[0] : a[1];
    else if (c.name === 'string' && /^APPEND$/i.test(a[0])) owner = a[1];
    else if (c.name === 'target_compile_options' || c.name === 'target_compile_definitions') owner = a[0];
    else if (c.name === 'set_source_files_properties' || c.name === 'set_property' || c.name === 'set_target_properties') owner = c.args.split(/\bPROPERTIES\b/i)[0];
    if (guards.every((g) => !g)) {
      if ((c.name === 'set' || (c.name === 'string' && /^APPEND$/i.test(a[0]))) && /^CMAKE_(C|CXX|ASM)_FLAGS(_[A-Z]+)?$/.test(owner)) guardable = { system: 'cmake', call: 'string-append', variable: owner };
      else if (c.name === 'add_compile_options') guardable = { system: 'cmake', call: 'add_compile_options' };
      else if (c.name === 'target_compile_options' && /^(PUBLIC|PRIVATE|INTERFACE)$/.test(a[1] ?? '')) guardable = { system: 'cmake', call: 'target_compile_options', target: `${a[0]} ${a[1]}` };
    }
    const byName = archOfCondition(owner, false);
    const own = archOfCommandText(c.args);
    for (const t of toks) {
      const arch = innermostArch([own, ...guards, byName === 'x86' ? 'x86' : undefined], fileArch);
      out.push({ ...t, arch, owner, statement: { start: c.start, end: c.end, text: text.slice(c.start, c.end) }, guardable });
    }
  }
  return out;
}
