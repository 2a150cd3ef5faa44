// Reads the function symbols a Go (Plan 9) assembly file defines. Files in other dialects (GNU as with
// `.globl`, AT&T registers) define no Go symbols and come back as such; nothing here throws.

export interface AsmSymbols {
  /** Go function names defined by `TEXT ·name(SB)` / `TEXT pkg·name(SB)` (the part after the middle dot). */
  names: Set<string>;
  /** TEXT lines built by macros or otherwise unreadable: the file may define more than `names`. */
  opaque: boolean;
  /** Looks like Go assembly at all (has TEXT ...(SB) or #include "textflag.h"). */
  isGoAsm: boolean;
}

const TEXT_LINE = /^[ \t]*TEXT[ \t]+([^\s(,]*)\(SB\)/gm;

export function readAsmSymbols(text: string): AsmSymbols {
  const names = new Set<string>();
  let opaque = false;
  let isGoAsm = /#include\s+"(textflag|go_asm|funcdata)\.h"/.test(text);
  for (const m of text.matchAll(TEXT_LINE)) {
    isGoAsm = true;
    const sym = m[1].replace(/<[^>]*>$/, '');
    const dot = sym.lastIndexOf('\u00b7');
    if (dot < 0) continue; // not a Go package symbol (e.g. _rt0_amd64_linux)
    const name = sym.slice(dot + 1);
    if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) names.add(name);
    else opaque = true;
  }
  // A macro that expands to TEXT lines hides the names it defines.
  if (/^[ \t]*#define[^\n]*(\\\n[^\n]*)*\bTEXT\b/m.test(text)) opaque = true;
  if (/^[ \t]*TEXT[ \t]+[A-Za-z_]\w*\(/m.test(text) && !/^[ \t]*TEXT[ \t]+[^\s(]*\(SB\)/m.test(text)) opaque = true;
  return { names, opaque, isGoAsm };
}
