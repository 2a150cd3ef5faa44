// `_Pragma("pack(...)")` and `__pragma(pack(...))` are not replayed by the layouts (their push and pop through
// macros are not tracked), so a record after one cannot be laid out with confidence. But an operator only packs where
// it is expanded: written in code, or in the body of a macro that code then uses (`#define LLVM_PACKED_START
// _Pragma("pack(push, 1)")`, then `LLVM_PACKED_START`). A header that only defines such a macro (LLVM's Compiler.h,
// included by thousands of files) packs nothing; counting the definition as a use left every record of every file
// that includes it unresolved.
import { logicalLinesOf } from './preprocessor';
import type { ParsedFile } from './translationUnit';
import { oncePerParse } from './translationUnit';

/**
 * An operator that is, or may be, a pack pragma: written out, or with an argument built from a macro's parameters
 * (`#define DO_PRAGMA(x) _Pragma(#x)`, then `DO_PRAGMA(pack(push, 1))`; `__pragma(x)`). `_Pragma("GCC diagnostic
 * push")` and `__pragma(warning(...))` are not.
 */
const OPERATOR = /\b(_Pragma\s*\(\s*(?:"\s*pack|[^"\s])|__pragma\s*\(\s*(?!(?:warning|message|comment|once|deprecated|optimize|push_macro|pop_macro|region|endregion|intrinsic|function|section|inline_depth|inline_recursion|detect_mismatch|fenv_access|float_control|fp_contract|loop|omp|GCC|clang)\b))/;
const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)(.*)$/s;

/** An operator in effect: where, and what (for the reason). */
export interface PackOperatorUse { index: number; what: string }

interface FileLines {
  /** The file's #defines: the macro's name, the rest of its line (parameters and body), and where it is. */
  defines: { name: string; rest: string; at: number }[];
  /** Its code lines (not preprocessor lines), comments blanked. */
  code: { start: number; text: string }[];
}

function fileLines(f: ParsedFile): FileLines {
  const defines: FileLines['defines'] = [];
  const code: FileLines['code'] = [];
  for (const l of logicalLinesOf(f.text)) {
    if (/^\s*#/.test(l.text)) {
      const d = DEFINE.exec(l.text);
      if (d) defines.push({ name: d[1], rest: d[2], at: l.start });
    } else if (/\S/.test(l.text)) code.push({ start: l.start, text: l.text });
  }
  return { defines, code };
}

/** Whether the file spells an operator anywhere (most do not: nothing else is read of them unless a macro is). */
const spellsOperator = (f: ParsedFile): boolean => /_Pragma|__pragma/.test(f.text);

/**
 * The macros of the unit that expand to a pack operator: those whose #define writes one, and those whose #define
 * names such a macro, to any depth. A #define the target does not compile (`#if defined(_AIX)`) does not count;
 * one under an #if that cannot be evaluated does.
 */
export function packCarriers(files: ParsedFile[], compiled: (f: ParsedFile, at: number) => boolean): Set<string> {
  const carriers = new Set<string>();
  for (const f of files) {
    if (!oncePerParse(f, spellsOperator)) continue;
    for (const d of oncePerParse(f, fileLines).defines) if (OPERATOR.test(d.rest) && compiled(f, d.at)) carriers.add(d.name);
  }
  for (let grew = carriers.size > 0; grew;) {
    grew = false;
    const named = namesPattern(carriers);
    const key = [...carriers].sort().join(' ');
    for (const f of files) {
      // Only a file that names a carrier can define a macro that does (most of a unit's files do not); the answer is
      // the same for every unit that has the same carriers.
      const names = oncePerParse(f, namesCarriers);
      let yes = names.get(key);
      if (yes === undefined) names.set(key, yes = named.test(f.text));
      if (!yes) continue;
      for (const d of oncePerParse(f, fileLines).defines) if (!carriers.has(d.name) && named.test(d.rest) && compiled(f, d.at)) { carriers.add(d.name); grew = true; }
    }
  }
  return carriers;
}

/**
 * The first place the file's code puts a pack operator in effect: written there, or through a carrier macro (code the
 * target does not compile left out).
 */
export function packOperatorIn(f: ParsedFile, carriers: ReadonlySet<string>, compiled: (f: ParsedFile, at: number) => boolean): PackOperatorUse | undefined {
  if (!carriers.size && !oncePerParse(f, spellsOperator)) return undefined;
  // Where the code may put one in effect, once per parse and set of carriers (units share them); then the first the
  // target compiles.
  const byCarriers = oncePerParse(f, hitsByCarriers);
  const key = [...carriers].sort().join(' ');
  let hits = byCarriers.get(key);
  if (!hits) byCarriers.set(key, hits = candidates(f, carriers));
  return hits.find((h) => compiled(f, h.line));
}

/** A code line's first operator or carrier use: where it is, and the line's start (what the #ifs decide). */
type Candidate = PackOperatorUse & { line: number };
/** Module-level: oncePerParse remembers by the function. */
const hitsByCarriers = (): Map<string, Candidate[]> => new Map();
const namesCarriers = (): Map<string, boolean> => new Map();

/** Each code line's first operator or carrier use, in order (a quick test of the whole text first). */
function candidates(f: ParsedFile, carriers: ReadonlySet<string>): Candidate[] {
  const named = carriers.size ? namesPattern(carriers) : undefined;
  if (!OPERATOR.test(f.text) && !named?.test(f.text)) return [];
  const out: Candidate[] = [];
  for (const line of oncePerParse(f, fileLines).code) {
    const op = OPERATOR.exec(line.text);
    const use = named?.exec(line.text);
    if (op && (!use || op.index <= use.index)) out.push({ line: line.start, index: line.start + op.index, what: op[1].startsWith('_Pragma') ? '_Pragma("pack")' : '__pragma(pack)' });
    else if (use) out.push({ line: line.start, index: line.start + use.index, what: `${use[0]} (a macro that expands to a pack pragma)` });
  }
  return out;
}

function namesPattern(names: ReadonlySet<string>): RegExp {
  return new RegExp(`\\b(?:${[...names].join('|')})\\b`);
}
