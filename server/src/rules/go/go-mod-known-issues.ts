// go-mod-known-issues: dependencies below a version that fixed a known arm64 problem. A short curated
// table; every entry names its source (docs/rules/go-mod-known-issues.md).
import type { Rule, RuleContext } from '../rule';
import { compareSemver } from './support/goMod';
import { parseGoMod } from '../../lang/go/gomod';

interface KnownIssue {
  module: string;
  /** First version without the problem. */
  fixedIn: string;
  /** What happens on arm64 with the version at hand. */
  problem(version: string): string;
  source: string;
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  {
    module: 'github.com/golang/snappy',
    fixedIn: 'v0.0.3',
    problem: (v) => compareSemver(v, 'v0.0.2') === 0
      ? 'v0.0.2 added arm64 assembly whose encoder overwrites registers around a memmove call and crashes (SIGSEGV in encodeBlock, encode_arm64.s)'
      : `${v} has no arm64 assembly, so arm64 runs the pure-Go encoder and decoder (the arm64 assembly roughly halves encode and decode time in the benchmarks of golang/snappy#53); the first release with it, v0.0.2, crashes`,
    source: 'golang/snappy#53 (arm64 port), golang/snappy#56 and #62, prometheus/prometheus#8593 (v0.0.2 crash, fixed in v0.0.3)',
  },
];

export const rule: Rule = {
  meta: {
    id: 'go-mod-known-issues',
    defaultSeverity: 'warning',
    category: 'arch-source',
    kinds: ['gomod'],
    description: 'A dependency is below the version that fixed a known arm64 problem.',
    fixable: 'suggest',
  },
  prefilter: /\brequire\b/,
  check(ctx: RuleContext) {
    const mod = parseGoMod(ctx.text);
    for (const req of mod.requireLines) {
      const issue = KNOWN_ISSUES.find((k) => k.module === req.path);
      if (!issue || mod.replaces.has(req.path)) continue;
      const cmp = compareSemver(req.version, issue.fixedIn);
      if (cmp === undefined || cmp >= 0) continue;
      // A pseudo-version between the last bad release and the fix may already contain the fix.
      const base = /^v\d+\.\d+\.\d+/.exec(req.version)?.[0];
      if (req.version.includes('-') && base === issue.fixedIn) continue;
      ctx.report({
        start: req.start,
        end: req.end,
        message: `${req.path} ${req.version}: ${issue.problem(req.version)}. Upgrade to ${issue.fixedIn} or later (then run go mod tidy). Source: ${issue.source}.`,
        fixes: [{
          title: `Require ${req.path} ${issue.fixedIn}`,
          kind: 'suggest',
          edits: [{ start: req.versionStart, end: req.end, newText: issue.fixedIn }],
        }],
        data: { module: req.path, version: req.version, fixedIn: issue.fixedIn },
      });
    }
  },
};
