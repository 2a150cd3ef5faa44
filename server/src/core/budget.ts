// A time budget for the analysis of one file. The engine opens it around a file; long loops of the
// analysis (type resolution, tree walks) call checkBudget(), which throws AnalysisStopped once the
// budget is spent, so one file can never hold up the others or the editor. Every analysis is meant to be
// linear in its input: the budget is the backstop for what is not, not a way to cut work short.

export class AnalysisStopped extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis stopped after ${budgetMs} ms`);
  }
}

let deadline = Infinity;
let budgetMs = 0;
let calls = 0;

/** Runs `fn` with a budget of `ms` (none when undefined); budgets do not nest: the inner one is ignored. */
export function withBudget<T>(ms: number | undefined, fn: () => T): T {
  if (ms === undefined || deadline !== Infinity) return fn();
  deadline = performance.now() + ms;
  budgetMs = ms;
  try { return fn(); } finally { deadline = Infinity; }
}

/** Throws AnalysisStopped when the current budget is spent (reads the clock once in 256 calls). */
export function checkBudget(): void {
  if ((++calls & 255) === 0 && performance.now() > deadline) throw new AnalysisStopped(budgetMs);
}

/** The same test, reading the clock every time: for places that run once per rule or per file. */
export function budgetSpent(): boolean {
  return performance.now() > deadline;
}
