// cgo preambles: the comment right before `import "C"` is C code plus `#cgo` directives. Here it is cut out
// as a "masked" text of the same length as the Go file (everything else blanked, comment markers removed),
// so C analyses run on it and report offsets that are valid in the Go file.
import { matchesTarget } from './buildConstraints';
import { TARGETS, type TargetId } from '../../core/targets';

export interface CgoPreamble { start: number; end: number }

/** Preamble comment ranges, found with a scan that skips strings and comments (no parse needed). */
/**
 * A Go file has a cgo preamble only if it imports "C": a gate for rules that read only cgo files. Just the
 * quoted name, which a regex finds ten times faster than the whole `import "C"` line (findCgoPreambles decides).
 */
export const CGO_IMPORT = /"C"/;

export function findCgoPreambles(text: string): CgoPreamble[] {
  const out: CgoPreamble[] = [];
  const re = /^import[ \t]+"C"[ \t]*(\/\/[^\n]*)?$/gm;
  for (const m of text.matchAll(re)) {
    // Walk back over the comment lines directly above (no blank line in between).
    let end = m.index!;
    let start = end;
    let cursor = end;
    for (;;) {
      const prevLineEnd = cursor - 1;
      if (prevLineEnd < 0) break;
      const prevLineStart = text.lastIndexOf('\n', prevLineEnd - 1) + 1;
      const line = text.slice(prevLineStart, prevLineEnd);
      const trimmed = line.trim();
      if (trimmed.startsWith('//')) { start = prevLineStart; cursor = prevLineStart; continue; }
      if (trimmed.endsWith('*/')) {
        const open = text.lastIndexOf('/*', prevLineEnd);
        if (open < 0) break;
        start = text.lastIndexOf('\n', open - 1) + 1;
        if (text.slice(start, open).trim() !== '') start = open;
        cursor = start;
        break; // a block comment is the whole preamble
      }
      break;
    }
    if (start < end) { out.push({ start, end }); end = start; }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The Go file's text with only preamble C code left (same length, newlines kept). */
export function maskedCgoText(text: string, preambles: CgoPreamble[]): string {
  const chars: string[] = text.split('').map((c) => (c === '\n' || c === '\r' ? c : ' '));
  for (const p of preambles) {
    const seg = text.slice(p.start, p.end);
    let inner: string;
    const block = /\/\*([\s\S]*)\*\//.exec(seg);
    if (block) {
      const s = block.index + 2, e = block.index + 2 + block[1].length;
      inner = seg.split('').map((c, i) => (i >= s && i < e ? c : c === '\n' ? c : ' ')).join('');
    } else {
      inner = seg.replace(/^([ \t]*)\/\//gm, (_m, ws: string) => ws + '  ');
    }
    for (let i = 0; i < inner.length; i++) chars[p.start + i] = inner[i];
  }
  return chars.join('');
}

export interface CgoDirective {
  /** Offset of `#cgo`. */
  start: number;
  /** End of the directive's line (before the newline). */
  end: number;
  options: string;
  kind: string;
  flags: { text: string; start: number; end: number }[];
  /** What precedes `#cgo` on its line in the Go file (`// ` or spaces). */
  linePrefix: string;
}

const DIRECTIVE = /#cgo([ \t]+[^:\n]*?)?[ \t]+([A-Z_]+):([^\n]*)/g;

export function cgoDirectives(goText: string, masked: string): CgoDirective[] {
  const out: CgoDirective[] = [];
  for (const m of masked.matchAll(DIRECTIVE)) {
    const start = m.index!;
    const lineStart = goText.lastIndexOf('\n', start - 1) + 1;
    if (masked.slice(lineStart, start).trim() !== '') continue;
    const valueStart = start + m[0].length - m[3].length;
    const flags: CgoDirective['flags'] = [];
    for (const f of m[3].matchAll(/\S+/g)) flags.push({ text: f[0], start: valueStart + f.index!, end: valueStart + f.index! + f[0].length });
    out.push({
      start, end: start + m[0].length, options: (m[1] ?? '').trim(), kind: m[2], flags,
      linePrefix: goText.slice(lineStart, start),
    });
  }
  return out;
}

/** Does a `#cgo` constraint list select the target? Uses the `// +build` semantics it shares. */
export function cgoOptionsMatch(options: string, target: TargetId): boolean | 'unknown' {
  if (options === '') return true;
  if (!/^[A-Za-z0-9_.,! \t]+$/.test(options)) return 'unknown';
  const t = TARGETS[target];
  return matchesTarget('cgo_directive.go', `// +build ${options}\n\npackage p\n`, { goos: t.goos, goarch: t.goarch });
}
