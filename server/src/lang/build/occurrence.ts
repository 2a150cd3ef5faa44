// One compiler flag found in a build file, with the architecture that line builds for.
import type { BuildArch } from './arch';
import type { FlagToken } from './flags';

export interface FlagOccurrence extends FlagToken {
  arch: BuildArch;
  /** Variable, target or property the flag is assigned to ('' if none): SVE_FLAGS, foo_avx2.o, CMAKE_C_FLAGS. */
  owner: string;
  /** The whole statement (assignment, command, CMake call) holding the flag. */
  statement: { start: number; end: number; text: string };
  /** How a fix can guard this flag; absent when no mechanical guard is known for this place. */
  guardable?: GuardSite;
}

/** Where a guard could be inserted: a Make assignment or a CMake call that can be repeated under an if. */
export type GuardSite =
  | { system: 'make'; variable: string; op: string }
  | { system: 'cmake'; call: 'string-append' | 'add_compile_options' | 'target_compile_options'; variable?: string; target?: string };

/** Offsets of lines joined by backslash continuations. */
export function logicalLineAt(text: string, offset: number): { start: number; end: number } {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 1 && text[start - 2] === '\\') start = text.lastIndexOf('\n', start - 2) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  while (end > 0 && (text[end - 1] === '\\' || (text[end - 1] === '\r' && text[end - 2] === '\\')) && end < text.length) {
    const n = text.indexOf('\n', end + 1);
    end = n < 0 ? text.length : n;
  }
  return { start, end };
}

/** Replaces `#` comments with spaces (same length) so offsets stay valid. `#` must start a word. */
export function maskHashComments(text: string): string {
  return text.replace(/(^|[ \t])(#[^\n]*)/gm, (_m, pre: string, c: string) => pre + ' '.repeat(c.length));
}

/** Logical lines that reference a variable ($(V), ${V}, $V, @V@). */
export function linesUsing(text: string, name: string): { start: number; end: number }[] {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\$\\(${esc}\\)|\\$\\{${esc}\\}|\\$${esc}(?![A-Za-z0-9_])`, 'g');
  const seen = new Set<number>();
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(re)) {
    const l = logicalLineAt(text, m.index!);
    if (!seen.has(l.start)) { seen.add(l.start); out.push(l); }
  }
  return out;
}
