// Fix-all to a fixed point, for `arm64-port fix` and the editor's fix-all: apply the mechanical fixes, analyse the
// changed files again and apply what their new text offers (fixes that waited because they overlapped one taken,
// fixes the first ones made possible), until a round changes nothing or the round limit is reached.
import * as path from 'node:path';
import type { Finding } from '../core/types';
import { applyEdits, collectFixEdits } from './applyEdits';

/** Rounds of fixes at most; one more analysis then tells whether the files had settled. */
export const MAX_FIX_ROUNDS = 8;

export interface FixAllResult {
  /** Every file the fixes changed: its text before the first round and after the last. */
  files: Map<string, { before: string; after: string }>;
  /** Fixes applied over all rounds. */
  fixes: number;
  /** The findings whose fixes were applied (each as found in its round's text). */
  fixed: Finding[];
  /** Rounds that changed something. */
  rounds: number;
  /** Files that would still change after the last round allowed (empty when a fixed point was reached). */
  unsettled: string[];
}

/** What a round asks to be analysed: `files` (absolute paths; the whole scan when undefined) read with `texts` in place of their own. */
export interface FixRoundRequest { files: string[] | undefined; texts: ReadonlyMap<string, string> }
type FixRounds = Generator<FixRoundRequest, FixAllResult, Finding[]>;

/**
 * `analyze(files, texts)`: the findings of `files` (absolute paths; the whole scan when undefined) as they read with
 * the fixed texts so far (`texts`, by absolute path) in place of their own. `read`: a file's text before any fix.
 */
export function fixToFixedPoint(
  analyze: (files: string[] | undefined, texts: ReadonlyMap<string, string>) => Finding[],
  read: (file: string) => string | undefined,
  maxRounds = MAX_FIX_ROUNDS,
): FixAllResult {
  const rounds = fixRounds(read, maxRounds);
  for (let step = rounds.next(); ; ) {
    if (step.done) return step.value;
    step = rounds.next(analyze(step.value.files, step.value.texts));
  }
}

/** fixToFixedPoint with an asynchronous analysis (the workspace scan in worker threads). */
export async function fixToFixedPointAsync(
  analyze: (files: string[] | undefined, texts: ReadonlyMap<string, string>) => Promise<Finding[]>,
  read: (file: string) => string | undefined,
  maxRounds = MAX_FIX_ROUNDS,
): Promise<FixAllResult> {
  const rounds = fixRounds(read, maxRounds);
  for (let step = rounds.next(); ; ) {
    if (step.done) return step.value;
    step = rounds.next(await analyze(step.value.files, step.value.texts));
  }
}

/** The rounds, written once for both: each `yield` hands out what to analyse and takes back its findings. */
function* fixRounds(read: (file: string) => string | undefined, maxRounds: number): FixRounds {
  const texts = new Map<string, string>();
  const before = new Map<string, string>();
  const fixed = new Set<Finding>();
  let files: string[] | undefined, fixes = 0, rounds = 0;
  for (;;) {
    const findings: Finding[] = yield { files, texts };
    const changed = new Map<string, { text: string; fixes: number; taken: Finding[] }>();
    for (const [file, plan] of collectFixEdits(findings)) {
      const cur = texts.get(file) ?? read(file);
      if (cur === undefined || plan.edits.length === 0) continue;
      const next = applyEdits(cur, plan.edits);
      if (next !== cur) changed.set(file, { text: next, fixes: plan.fixes, taken: plan.taken });
    }
    if (changed.size === 0) return result([]);
    if (rounds === maxRounds) return result([...changed.keys()]);
    rounds++;
    for (const [file, c] of changed) {
      if (!before.has(file)) before.set(file, texts.get(file) ?? read(file)!);
      texts.set(file, c.text);
      fixes += c.fixes;
      for (const f of c.taken) fixed.add(f);
    }
    // Next round: the changed files, and those whose findings have fixes in them.
    const next = new Set(changed.keys());
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.kind === 'fix');
      if (fix?.edits.some((e) => changed.has(path.resolve(e.file ?? f.file)))) next.add(path.resolve(f.file));
    }
    files = [...next];
  }

  function result(unsettled: string[]): FixAllResult {
    const out = new Map<string, { before: string; after: string }>();
    for (const [file, b] of before) if (texts.get(file) !== b) out.set(file, { before: b, after: texts.get(file)! });
    return { files: out, fixes, fixed: [...fixed], rounds, unsettled };
  }
}
