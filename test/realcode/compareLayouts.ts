// Compares the engine's `layout --json` entries with the compilers' (test/oracle/c/oracle.mjs), record by
// record and field by field: exact, wrong (a number differs, or a field is missing or extra), unresolved
// (the engine said why it cannot know), or not reported (the compiler has a record the engine does not).

export interface LayoutField { name: string; offset: number; size: number; align: number; bitOffset?: number; bitSize?: number }
export interface LayoutRecord {
  name: string; file: string; line: number; target: string; size: number | null; align: number | null;
  fields: LayoutField[]; unresolved: string | null;
  /** The oracle's mark of a C++ class with virtual functions or bases: outside what the engine lays out. */
  cxxNonStandard?: boolean;
  /** The oracle's mark of a record a macro writes at file scope (no `struct` in the text for the engine to find). */
  macroWritten?: boolean;
}

export interface LayoutComparison {
  exact: string[];
  wrong: { key: string; why: string }[];
  unresolved: { key: string; why: string }[];
  /** C++ classes with virtual functions or bases that the engine says it does not lay out (out of its scope). */
  outOfScope: string[];
  notReported: string[];
  /** Records written by a file-scope macro that the engine does not report (it does not expand such macros). */
  macroWritten: string[];
  /** Records the engine reports that the compiler does not have (extra entries): wrong too when resolved. */
  extra: string[];
}

const keyOf = (r: LayoutRecord) => `${r.file} ${r.target} ${r.name}`;

/** The first difference between the engine's record and the compiler's, or undefined when they are equal. */
export function layoutDifference(engine: LayoutRecord, compiler: LayoutRecord): string | undefined {
  if (engine.size !== compiler.size) return `size ${engine.size}, the compiler says ${compiler.size}`;
  if (engine.align !== compiler.align) return `align ${engine.align}, the compiler says ${compiler.align}`;
  const n = Math.max(engine.fields.length, compiler.fields.length);
  for (let i = 0; i < n; i++) {
    const e = engine.fields[i], c = compiler.fields[i];
    if (!e) return `field ${c.name} is missing`;
    if (!c) return `field ${e.name} is extra`;
    for (const p of ['name', 'offset', 'size', 'align', 'bitOffset', 'bitSize'] as const) {
      if (e[p] !== c[p]) return `${c.name}: ${p} ${e[p]}, the compiler says ${c[p]}`;
    }
  }
  return undefined;
}

export function compareLayouts(engine: LayoutRecord[], compiler: LayoutRecord[]): LayoutComparison {
  const out: LayoutComparison = { exact: [], wrong: [], unresolved: [], outOfScope: [], notReported: [], macroWritten: [], extra: [] };
  const mine = new Map(engine.map((r) => [keyOf(r), r]));
  const theirs = new Set(compiler.map(keyOf));
  for (const c of compiler) {
    const key = keyOf(c);
    const e = mine.get(key);
    if (!e) { (c.macroWritten ? out.macroWritten : out.notReported).push(key); continue; }
    if (e.unresolved !== null && c.cxxNonStandard) { out.outOfScope.push(key); continue; }
    if (e.unresolved !== null) { out.unresolved.push({ key, why: e.unresolved }); continue; }
    const d = layoutDifference(e, c);
    if (d) out.wrong.push({ key, why: d }); else out.exact.push(key);
  }
  for (const e of engine) if (!theirs.has(keyOf(e)) && e.unresolved === null) out.extra.push(keyOf(e));
  return out;
}
