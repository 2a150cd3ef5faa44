// Shared bits of the build-flag rules: which file kinds they read, token removal, arch guards as fixes.
import type { FileKind, TextEdit } from '../../core/types';
import { CGO_DIRECTIVE, type FlagOccurrence } from '../../lang/build';
import { lineEnding } from '../../lang/build/occurrence';

export const FLAG_KINDS: FileKind[] = ['makefile', 'cmake', 'meson', 'shell', 'dockerfile', 'go'];
/** A Go file's flags are in its `#cgo` directives only. */
export const FLAG_KIND_PREFILTERS: Partial<Record<FileKind, RegExp>> = { go: CGO_DIRECTIVE };

/** Removes a space-separated token with one neighbouring blank; undefined when it is not space-separated. */
export function removeTokenEdit(text: string, start: number, end: number): TextEdit | undefined {
  if (text[end] === ' ' || text[end] === '\t') return { start, end: end + 1, newText: '' };
  if (text[start - 1] === ' ' || text[start - 1] === '\t') return { start: start - 1, end, newText: '' };
  return undefined;
}

const X86_MAKE_GUARD = 'ifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)';
const X86_CMAKE_GUARD = 'if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i[3-6]86)$")';

/**
 * Moves a flag under an x86 guard: removes it from its statement and repeats it below inside
 * `ifneq (... uname -m ...)` (Make) or `if(CMAKE_SYSTEM_PROCESSOR MATCHES ...)` (CMake).
 */
export function x86GuardEdits(text: string, occ: FlagOccurrence): TextEdit[] | undefined {
  const g = occ.guardable;
  if (!g) return undefined;
  const remove = removeTokenEdit(text, occ.start, occ.end);
  if (!remove) return undefined;
  const eol = lineEnding(text);
  // The guard, the line that adds a flag (its text before and after the flag), the end of the guard.
  let guard: string, before: string, after: string, end: string;
  if (g.system === 'make') {
    const op = g.op === '+=' || g.op === '=' || g.op === ':=' || g.op === '::=' || g.op === '?=' ? '+=' : undefined;
    if (!op) return undefined;
    [guard, before, after, end] = [X86_MAKE_GUARD, `${g.variable} += `, '', 'endif'];
  } else if (g.call === 'string-append') {
    [guard, before, after, end] = [X86_CMAKE_GUARD, `  string(APPEND ${g.variable} " `, '")', 'endif()'];
  } else if (g.call === 'add_compile_options') {
    [guard, before, after, end] = [X86_CMAKE_GUARD, '  add_compile_options(', ')', 'endif()'];
  } else {
    [guard, before, after, end] = [X86_CMAKE_GUARD, `  target_compile_options(${g.target} `, ')', 'endif()'];
  }
  const line = `${before}${occ.flag}${after}`;
  // Insert after the statement's last line (a Make assignment may continue over backslash-newlines).
  let e = occ.statement.end;
  while (e > occ.statement.start && /\s/.test(text[e - 1])) e--;
  let insertAt = text.indexOf('\n', e);
  if (insertAt < 0) insertAt = text.length;
  if (text[insertAt - 1] === '\r') insertAt--;
  // A guard that fixes of this statement wrote right below it (fix-all guards its flags in turn) takes this flag
  // too: one block for them all, not one per flag.
  const open = `${eol}${guard}${eol}`;
  if (text.startsWith(open, insertAt)) {
    const body = insertAt + open.length;
    const close = text.indexOf(`${eol}${end}`, body);
    if (close >= 0 && text.slice(body, close).split(eol).every((l) => l.startsWith(before) && l.endsWith(after))) {
      return [remove, { start: close, end: close, newText: `${eol}${line}` }];
    }
  }
  return [remove, { start: insertAt, end: insertAt, newText: `${open}${line}${eol}${end}` }];
}

/** A short place description for messages: "in an AArch64 build" vs "in a build with no arch guard". */
export function whereText(occ: FlagOccurrence): string {
  switch (occ.arch) {
    case 'arm64': return 'this line builds for AArch64';
    case 'arm32': return 'this line builds for 32-bit ARM';
    default: return 'no arch guard keeps it out of arm64 builds';
  }
}
