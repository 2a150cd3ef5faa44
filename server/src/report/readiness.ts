// Readiness classes of the report: what stops an arm64 build or deploy, what may run but miscompute
// or misbehave, and what only costs memory or time. Pure; documented in docs/report.md.
import type { Severity } from '../engine/types';

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
