// One compiler flag found in a build file, with the architecture that line builds for.
import { archOfCommandText, type BuildArch } from './arch';
import type { FlagToken } from './flags';

export interface FlagOccurrence extends FlagToken {
  arch: BuildArch;
  /** Variable, target or property the flag is assigned to ('' if none): SVE_FLAGS, foo_avx2.o, CMAKE_C_FLAGS. */
  owner: string;
  /** The whole statement (assignment, command, CMake call) holding the flag. */
  statement: { start: number; end: number; text: string };
  /** How a fix can guard this flag; absent when no mechanical guard is known for this place. */
  guardable?: GuardSite;
  /**
   * The Make target(s) the flag belongs to (a recipe or a target-specific variable) when none of them is part
   * of the default build (`make 32bit`, `make bmix64build`): the flag only applies when asked for.
   */
  optInTarget?: string;
  /** The compiler the place is known to use: 'clang' inside a macOS branch (`ifeq ($(uname_S),Darwin)`). */
  compiler?: 'clang';
}

/** Where a guard could be inserted: a Make assignment or a CMake call that can be repeated under an if. */
export type GuardSite =
  | { system: 'make'; variable: string; op: string }
  | { system: 'cmake'; call: 'string-append' | 'add_compile_options' | 'target_compile_options'; variable?: string; target?: string };

/**
 * The lines of a text joined by backslash continuations (a `\` before the newline or before CRLF), for any
 * offset: the logical line of every physical line is worked out once, so many flags on one long continued
 * command do not read it again each.
 */
export class LogicalLines {
  /** Start offset of each physical line. */
  private readonly starts: number[] = [0];
  private logicalStart?: Int32Array;
  private logicalEnd?: Int32Array;
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): { start: number; end: number } {
    if (!this.logicalStart) this.index();
    // The last physical line starting at or before offset (a '\n' belongs to the line it ends).
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { start: this.logicalStart![lo], end: this.logicalEnd![lo] };
  }

  private index(): void {
    const { text, starts } = this;
    const n = starts.length;
    const lineEnd = (i: number) => (i + 1 < n ? starts[i + 1] - 1 : text.length);
    this.logicalStart = new Int32Array(n);
    this.logicalEnd = new Int32Array(n);
    // Backwards over `\`-newline only, forwards over `\`-newline and `\`-CRLF.
    for (let i = 0; i < n; i++) this.logicalStart[i] = i > 0 && starts[i] > 1 && text[starts[i] - 2] === '\\' ? this.logicalStart[i - 1] : starts[i];
    for (let i = n - 1; i >= 0; i--) {
      const e = lineEnd(i);
      const continued = e > 0 && e < text.length && (text[e - 1] === '\\' || (text[e - 1] === '\r' && text[e - 2] === '\\'));
      this.logicalEnd[i] = continued && i + 1 < n ? this.logicalEnd[i + 1] : e;
    }
  }
}

let lastText: string | undefined, lastEol = '\n';
/** The line ending a text uses ('\r\n' if any line has one): for inserted lines. One scan per text, however many fixes ask. */
export function lineEnding(text: string): string {
  if (text !== lastText) { lastText = text; lastEol = text.includes('\r\n') ? '\r\n' : '\n'; }
  return lastEol;
}

/** Replaces `#` comments with spaces (same length) so offsets stay valid. `#` must start a word. */
export function maskHashComments(text: string): string {
  return text.replace(/(^|[ \t])(#[^\n]*)/gm, (_m, pre: string, c: string) => pre + ' '.repeat(c.length));
}

/** Replaces the given spans (sorted, apart; offsets shifted by base) with spaces, in one pass. */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[], base = 0): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    const a = Math.max(s.start - base, at), b = Math.min(s.end - base, text.length);
    if (b <= a) continue;
    parts.push(text.slice(at, a), ' '.repeat(b - a));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function linesOf(offsets: number[], lines: LogicalLines): { start: number; end: number }[] {
  const seen = new Set<number>();
  const out: { start: number; end: number }[] = [];
  for (const o of offsets) {
    const l = lines.at(o);
    if (!seen.has(l.start)) { seen.add(l.start); out.push(l); }
  }
  return out;
}

/**
 * Which compiler a variable's flags reach: the arch of the lines that use it, when they all name the same
 * one. Each variable is looked up once; `masked` is the text with its comments blanked.
 */
export function variableArchs(masked: string, text: string): (owner: string) => BuildArch | undefined {
  let uses: VariableUses | undefined;
  const known = new Map<string, BuildArch | undefined>();
  return (owner) => {
    if (!known.has(owner)) {
      uses ??= new VariableUses(masked);
      const archs = uses.linesUsing(owner).map((l) => archOfCommandText(text.slice(l.start, l.end)));
      const decided = new Set(archs.filter((u): u is BuildArch => !!u));
      known.set(owner, decided.size === 1 && archs.every(Boolean) ? [...decided][0] : undefined);
    }
    return known.get(owner);
  };
}

/**
 * The logical lines that reference each variable ($(V), ${V}, $V) of a text, the text read once for all
 * names (read per name, a file assigning flags to thousands of variables would be read thousands of
 * times): `$(NAME)` and `${NAME}` by their name, and `$NAME` by the run of name characters after the `$`,
 * which stands for every name the run starts with when a character other than a letter or digit follows
 * (`$A_B` also uses `A`). Names holding spaces, `$` or brackets are not references in shell or Make.
 */
export class VariableUses {
  private bracketed?: Map<string, number[]>;
  private bare?: Map<string, number[]>;
  private bareNames?: string[];
  private readonly lines: LogicalLines;
  constructor(private readonly text: string) { this.lines = new LogicalLines(text); }

  linesUsing(name: string): { start: number; end: number }[] {
    if (!this.bracketed) this.build();
    const offsets = [...(this.bracketed!.get(name) ?? [])];
    if (/^[\w.-]+$/.test(name)) {
      // Runs starting with `name` sort right after it: scan them while they do.
      const names = this.bareNames!;
      for (let i = lowerBound(names, name); i < names.length && names[i].startsWith(name); i++) {
        const next = names[i][name.length];
        if (next === undefined || !/[A-Za-z0-9]/.test(next)) for (const o of this.bare!.get(names[i])!) offsets.push(o);
      }
    }
    return linesOf(offsets.sort((a, b) => a - b), this.lines);
  }

  private build(): void {
    const { text } = this;
    const bracketed = new Map<string, number[]>(), bare = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, name: string, at: number) => {
      const list = map.get(name);
      if (list) list.push(at); else map.set(name, [at]);
    };
    for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
      const open = text[i + 1];
      if (open === '(' || open === '{') {
        let j = i + 2;
        while (j < text.length && !/[\s$(){}]/.test(text[j])) j++;
        if (j > i + 2 && text[j] === (open === '(' ? ')' : '}')) add(bracketed, text.slice(i + 2, j), i);
        continue;
      }
      let j = i + 1;
      while (j < text.length && /[\w.-]/.test(text[j])) j++;
      if (j > i + 1) add(bare, text.slice(i + 1, j), i);
    }
    this.bracketed = bracketed;
    this.bare = bare;
    this.bareNames = [...bare.keys()].sort();
  }
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}
