// `_Pragma("pack(...)")` and `__pragma(pack(...))` are not replayed by the layouts (their push and pop through
// macros are not tracked), so a record after one cannot be laid out with confidence. But an operator only packs where
// it is expanded: written in code, or in the body of a macro that code then uses (`#define LLVM_PACKED_START
// _Pragma("pack(push, 1)")`, then `LLVM_PACKED_START`). A header that only defines such a macro (LLVM's Compiler.h,
// included by thousands of files) packs nothing; counting the definition as a use left every record of every file
// that includes it unresolved.
import { logicalLinesOf, type PreprocessorDirective } from './preprocessor';
import type { ParsedFile } from './translationUnit';
import { oncePerParse } from './translationUnit';

/**
 * An operator that is, or may be, a pack pragma: written out, or with an argument built from a macro's parameters
 * (`#define DO_PRAGMA(x) _Pragma(#x)`, then `DO_PRAGMA(pack(push, 1))`; `__pragma(x)`). `_Pragma("GCC diagnostic
 * push")` and `__pragma(warning(...))` are not.
 */
const OPERATOR = /\b(_Pragma\s*\(\s*(?:"\s*pack|[^"\s])|__pragma\s*\(\s*(?!(?:warning|message|comment|once|deprecated|optimize|push_macro|pop_macro|region|endregion|intrinsic|function|section|inline_depth|inline_recursion|detect_mismatch|fenv_access|float_control|fp_contract|loop|omp|GCC|clang)\b))/;

/** An operator in effect: where, and what (for the reason). */
export interface PackOperatorUse { index: number; what: string }

/** A file's code lines (not preprocessor lines), comments blanked; once per parse. */
function codeLines(f: ParsedFile): { start: number; text: string }[] {
  return logicalLinesOf(f.text).filter((l) => !/^\s*#/.test(l.text) && /\S/.test(l.text));
}

/** Whether the file spells an operator anywhere (most do not: nothing else is read of them unless a macro is). */
const spellsOperator = (f: ParsedFile): boolean => /_Pragma|__pragma/.test(f.text);

/**
 * The macros of the unit that expand to a pack operator: those whose #define writes one, and those whose #define
 * names such a macro, to any depth. The #defines are the preprocessor's for the target (`macroDirectives` in
 * scope.ts: by name, with their activity); one the target does not compile (`#if defined(_AIX)`) does not count, one
 * under an #if that cannot be evaluated does.
 */
export function packCarriers(files: { file: ParsedFile; definesByName: ReadonlyMap<string, readonly PreprocessorDirective[]> }[]): Set<string> {
  const carriers = new Set<string>();
  // The body of a compiled #define of `name` that passes `test`.
  const defines = (byName: ReadonlyMap<string, readonly PreprocessorDirective[]>, name: string, test: RegExp) =>
    byName.get(name)?.some((d) => d.kind === 'define' && d.active !== false && test.test(d.text.slice(name.length))) ?? false;
  for (const { file, definesByName } of files) {
    if (!oncePerParse(file, spellsOperator)) continue;
    for (const name of definesByName.keys()) if (defines(definesByName, name, OPERATOR)) carriers.add(name);
  }
  for (let grew = carriers.size > 0; grew;) {
    grew = false;
    const named = namesPattern(carriers);
    const key = [...carriers].sort().join(' ');
    for (const { file, definesByName } of files) {
      // Only a file that names a carrier can define a macro that does (most of a unit's files do not); the answer is
      // the same for every unit that has the same carriers.
      const names = oncePerParse(file, namesCarriers);
      let yes = names.get(key);
      if (yes === undefined) names.set(key, yes = named.test(file.text));
      if (!yes) continue;
      for (const name of definesByName.keys()) if (!carriers.has(name) && defines(definesByName, name, named)) { carriers.add(name); grew = true; }
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
  for (const line of oncePerParse(f, codeLines)) {
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
