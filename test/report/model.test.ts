import { describe, expect, it } from 'vitest';
import { readinessOf } from '../../server/src/report/readiness';
import { applyBaseline, parseBaseline, toBaseline } from '../../server/src/report/baseline';
import { finding, report } from './fixtures';

const MAKEFILE = 'CFLAGS = -O2 -mavx2\nall:\n\tcc $(CFLAGS) -o app main.c\n';
const DOCKER = 'FROM golang:1.23\nRUN GOARCH=amd64 go build ./...\nRUN GOARCH=amd64 go build ./...\n';

function sample(files: Record<string, string> = { Makefile: MAKEFILE, Dockerfile: DOCKER }) {
  return report(files, (t) => [
    finding('Dockerfile', t.Dockerfile, 'GOARCH=amd64', 'docker-goarch-hardcoded', 'error'),
    finding('Dockerfile', t.Dockerfile, 'GOARCH=amd64', 'docker-goarch-hardcoded', 'error', {}, 1),
    finding('Makefile', t.Makefile, '-mavx2', 'build-x86-flags', 'error'),
  ]);
}

describe('readiness classes', () => {
  it.each([
    ['build-flags', 'error', 'blocker'], ['container', 'error', 'blocker'], ['kubernetes', 'error', 'blocker'],
    ['ci', 'error', 'blocker'], ['arch-source', 'error', 'blocker'],
    ['alignment', 'error', 'hazard'], ['memory', 'error', 'hazard'],
    ['alignment', 'warning', 'hazard'], ['container', 'warning', 'hazard'], ['build-flags', 'warning', 'hazard'],
    ['memory', 'warning', 'performance'], ['memory', 'hint', 'performance'],
    ['container', 'info', 'performance'], ['ci', 'hint', 'performance'], ['arch-source', 'info', 'performance'],
    ['alignment', 'info', 'hazard'], ['alignment', 'hint', 'hazard'],
  ] as const)('%s %s -> %s', (cat, sev, want) => {
    expect(readinessOf(cat, sev)).toBe(want);
  });
});

describe('buildReport', () => {
  it('gives relative paths, 1-based positions, categories, readiness and rule metadata', () => {
    const m = sample();
    expect(m.findings.map((f) => [f.file, f.range.start.line, f.range.start.column, f.category, f.readiness])).toEqual([
      ['Dockerfile', 2, 5, 'container', 'blocker'],
      ['Dockerfile', 3, 5, 'container', 'blocker'],
      ['Makefile', 1, 14, 'build-flags', 'blocker'],
    ]);
    expect(m.summary.byReadiness).toEqual({ blocker: 3, hazard: 0, performance: 0 });
    expect(m.summary.byRule).toEqual({ 'docker-goarch-hardcoded': 2, 'build-x86-flags': 1 });
    const rule = m.rules.find((r) => r.id === 'build-x86-flags')!;
    expect(rule).toMatchObject({ category: 'build-flags', defaultSeverity: 'error', docs: 'docs/rules/build-x86-flags.md' });
    expect(rule.helpUri).toMatch(/^https:\/\/.*docs\/rules\/build-x86-flags\.md$/);
  });

  it('sums the bytes saved by struct reorders', () => {
    const m = report({ 'a.go': 'type A struct{}\ntype B struct{}\n' }, (t) => [
      finding('a.go', t['a.go'], 'A', 'go-struct-padding', 'warning', { data: { struct: 'A', bytesSaved: 16 } }),
      finding('a.go', t['a.go'], 'B', 'go-struct-padding', 'hint', { data: { struct: 'B', bytesSaved: 8 } }),
    ]);
    expect(m.summary.structBytesSaved).toBe(24);
    expect(m.summary.byReadiness.performance).toBe(2);
  });

  it('keeps the skipped files with their reasons, relative to the root', () => {
    const m = report({ a: 'x' }, () => [], [{ path: '/ws/vendor', reason: "vendor/ is not the project's own code" }]);
    expect(m.summary.skipped).toEqual([{ file: 'vendor', reason: "vendor/ is not the project's own code" }]);
  });
});

describe('fingerprints', () => {
  it('survive lines inserted above and re-indentation', () => {
    const before = sample();
    const after = sample({ Makefile: '# build\n\n  CFLAGS   =  -O2 -mavx2\nall:\n\tcc $(CFLAGS) -o app main.c\n', Dockerfile: '# syntax=docker/dockerfile:1\n' + DOCKER });
    expect(after.findings.map((f) => f.range.start.line)).not.toEqual(before.findings.map((f) => f.range.start.line));
    expect(after.findings.map((f) => f.fingerprint)).toEqual(before.findings.map((f) => f.fingerprint));
  });

  it('tell identical lines of one file apart, and change with the flagged text, rule or file', () => {
    const m = sample();
    const [d1, d2, mk] = m.findings.map((f) => f.fingerprint);
    expect(new Set([d1, d2, mk]).size).toBe(3);
    const changed = sample({ Makefile: 'CFLAGS = -O3 -mavx2\n', Dockerfile: DOCKER });
    expect(changed.findings[2].fingerprint).not.toBe(mk);
    expect(changed.findings[0].fingerprint).toBe(d1);
  });
});

describe('baselines', () => {
  it('round-trip: known findings are left out, new ones stay', () => {
    const known = parseBaseline(toBaseline(sample()));
    expect(known.size).toBe(3);
    const later = report({ Makefile: MAKEFILE + 'LDFLAGS = -mavx2\n', Dockerfile: '\n' + DOCKER }, (t) => [
      finding('Dockerfile', t.Dockerfile, 'GOARCH=amd64', 'docker-goarch-hardcoded', 'error'),
      finding('Dockerfile', t.Dockerfile, 'GOARCH=amd64', 'docker-goarch-hardcoded', 'error', {}, 1),
      finding('Makefile', t.Makefile, '-mavx2', 'build-x86-flags', 'error'),
      finding('Makefile', t.Makefile, '-mavx2', 'build-x86-flags', 'error', {}, 1),
    ]);
    const fresh = applyBaseline(later, known, 'base.json');
    expect(fresh.findings.map((f) => [f.file, f.range.start.line])).toEqual([['Makefile', 4]]);
    expect(fresh.baseline).toEqual({ file: 'base.json', known: 3 });
    expect(fresh.summary.findings).toBe(1);
    expect(fresh.summary.bySeverity.error).toBe(1);
  });

  it('rejects files that are not baselines', () => {
    expect(() => parseBaseline('nope')).toThrow(/not JSON/);
    expect(() => parseBaseline('{"version":2,"findings":[]}')).toThrow(/not an arm64-port baseline/);
    expect(() => parseBaseline('{"version":1,"findings":[{}]}')).toThrow(/no fingerprint/);
  });
});
