// Readiness classes of the report: what stops an arm64 build or deploy, what may run but miscompute
// or misbehave, and what only costs memory or time. Pure; documented in docs/report.md.
import type { Severity } from '../core/types';

export type Readiness = 'blocker' | 'hazard' | 'performance';
export const READINESS_ORDER: readonly Readiness[] = ['blocker', 'hazard', 'performance'];
export const READINESS_LABEL: Record<Readiness, string> = {
  blocker: 'Blockers', hazard: 'Correctness hazards', performance: 'Performance notes',
};
export const READINESS_HELP: Record<Readiness, string> = {
  blocker: 'stop an arm64 build or deploy',
  hazard: 'build and run, but may crash, miscompute or misbehave',
  performance: 'cost memory or time on arm64',
};

/** Categories whose errors stop the build, the image or the rollout itself. */
const DEPLOY_CATEGORIES = new Set(['arch-source', 'build-flags', 'container', 'kubernetes', 'ci']);

/**
 * 1. an error in a build/deploy category is a blocker;
 * 2. any other error, and every alignment finding (a misaligned atomic panics or tears, whatever its
 *    severity says about how likely the target is), is a correctness hazard;
 * 3. memory findings, and info or hint findings of the other categories, are performance notes;
 * 4. the remaining warnings (build flags, containers, Kubernetes, CI, arch-specific source) are
 *    correctness hazards.
 */
export function readinessOf(category: string, severity: Severity): Readiness {
  if (severity === 'error') return DEPLOY_CATEGORIES.has(category) ? 'blocker' : 'hazard';
  if (category === 'alignment') return 'hazard';
  if (category === 'memory' || severity === 'info' || severity === 'hint') return 'performance';
  return 'hazard';
}

/**
 * Why the blockers are fewer than the errors, in words for the report (issue 15: "10 blockers" beside
 * "11 errors" read as a mistake): only errors of the build and deploy categories stop the move.
 */
export function blockerNote(errors: number, blockers: number): string | undefined {
  if (errors === 0) return undefined;
  const other = errors - blockers;
  const n = (k: number) => (k === 1 ? '1 error' : `${k} errors`);
  const hazards = ' (the code builds but may crash or miscompute)';
  const split = blockers === 0 ? `none of the ${n(errors)}; ${errors === 1 ? 'it is a correctness hazard' : 'they are correctness hazards'}${hazards}`
    : other === 0 ? (errors === 1 ? 'the 1 error' : `all ${errors} errors`)
      : `${blockers} of the ${n(errors)}; the other ${other === 1 ? 'one is a correctness hazard' : `${other} are correctness hazards`}${hazards}`;
  return `A blocker is an error of a build or deploy rule (architecture-specific source, build flags, containers, Kubernetes, CI): ${split}.`;
}
