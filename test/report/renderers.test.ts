import { describe, expect, it } from 'vitest';
import { toSarif } from '../../server/src/report/sarif';
import { toMarkdown } from '../../server/src/report/markdown';
import { toHtml } from '../../server/src/report/html';
import { toText, wrap } from '../../server/src/report/text';
import { plural } from '../../server/src/report/plural';
import { toJson } from '../../server/src/report/json';
import { LineIndex } from '../../server/src/parsing/positions';
import { applyEdits } from '../../server/src/fixes/applyEdits';
import { finding, report } from './fixtures';
import { sarifProblems } from './sarifCheck';

// A non-ASCII line before the flagged text: columns must count UTF-16 units ("é" 1, "𝄞" 2).
const DOCKER = 'FROM golang:1.23\nLABEL note="é𝄞"; RUN GOARCH=amd64 go build ./...\n';
const XSS = '<script>alert(1)</script>';

function sample() {
  return report({ 'dir with space/Dockerfile': DOCKER, 'a"b<c>.go': 'type A struct{}\n' }, (t) => {
    const text = t['dir with space/Dockerfile'];
    const start = text.indexOf('amd64');
    return [
      finding('dir with space/Dockerfile', text, 'GOARCH=amd64', 'docker-goarch-hardcoded', 'error', {
        fixes: [{ title: 'Use TARGETARCH', kind: 'fix', edits: [{ start, end: start + 5, newText: '${TARGETARCH}' }, { start: 0, end: 0, newText: 'ARG TARGETARCH\n' }] }],
      }),
      finding('a"b<c>.go', t['a"b<c>.go'], 'A', 'go-struct-padding', 'warning', { message: `struct ${XSS} | pipe`, data: { struct: 'A', bytesSaved: 8 } }),
      { ...finding('a"b<c>.go', t['a"b<c>.go'], 'A', 'unknown-rule', 'hint') },
    ];
  }, [{ path: '/ws/vendor', reason: "vendor/ is not the project's own code" }]);
}

describe('SARIF', () => {
  const m = sample();
  const log = JSON.parse(toSarif(m));

  it('has the structure GitHub code scanning reads', () => {
    // The unknown rule has no rule entry, so its result cannot carry a ruleIndex.
    const problems = sarifProblems(log).filter((p) => !p.startsWith('results[2].ruleIndex'));
    expect(problems).toEqual([]);
    expect(sarifProblems({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'a' }] } }, results: [{ ruleId: 'a', ruleIndex: 3 }] }] }).length).toBeGreaterThan(3);
  });

  it('maps severities to levels and encodes paths', () => {
    const [r0, r1, r2] = log.runs[0].results;
    expect([r0.level, r1.level, r2.level]).toEqual(['error', 'warning', 'note']);
    expect(r0.locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/Dockerfile');
    expect(r1.locations[0].physicalLocation.artifactLocation.uri).toBe('a%22b%3Cc%3E.go');
    expect(r0.partialFingerprints['arm64port/v1']).toBe(m.findings[0].fingerprint);
    expect(log.runs[0].columnKind).toBe('utf16CodeUnits');
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain('vendor/');
  });

  it('has regions in UTF-16 columns and fixes that reproduce the edits when applied', () => {
    const res = log.runs[0].results[0];
    const start = DOCKER.indexOf('GOARCH=amd64');
    const line2 = DOCKER.indexOf('\n') + 1;
    expect(res.locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: start - line2 + 1, endLine: 2, endColumn: start - line2 + 13 });
    const li = new LineIndex(DOCKER);
    const edits = res.fixes[0].artifactChanges[0].replacements.map((r: any) => ({
      start: li.offsetAt({ line: r.deletedRegion.startLine - 1, character: r.deletedRegion.startColumn - 1 }),
      end: li.offsetAt({ line: r.deletedRegion.endLine - 1, character: r.deletedRegion.endColumn - 1 }),
      newText: r.insertedContent.text,
    }));
    expect(applyEdits(DOCKER, edits)).toBe('ARG TARGETARCH\nFROM golang:1.23\nLABEL note="é𝄞"; RUN GOARCH=${TARGETARCH} go build ./...\n');
  });

  it('describes every rule with a docs link and a default level', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.length).toBe(m.rules.length);
    expect(rules.find((r: any) => r.id === 'docker-goarch-hardcoded').defaultConfiguration.level).toBe('error');
  });
});

describe('HTML', () => {
  const m = sample();
  it('escapes everything that comes from the workspace', () => {
    const html = toHtml(m);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&quot;b&lt;c&gt;.go');
  });

  it('is self-contained: no scripts, no remote resources, a CSP', () => {
    const html = toHtml(m);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;">/);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).toContain('<svg');
    expect(html).toContain('8 bytes per instance');
    expect(html).toContain('vendor/ is not the project&#39;s own code');
  });

  it('uses the nonce, and the link builders, in the editor', () => {
    const html = toHtml(m, {
      nonce: 'abc123',
      locationHref: (f, l, c) => `command:open?${encodeURIComponent(JSON.stringify([f, l, c]))}`,
      exportHref: (f) => (f === 'json' ? 'javascript:alert(1)' : `command:export?${f}`),
    });
    expect(html).toContain(`content="default-src &#39;none&#39;; style-src &#39;nonce-abc123&#39;; script-src &#39;nonce-abc123&#39;"`);
    expect(html).toContain('<style nonce="abc123">');
    expect(html).toContain(`href="command:open?${encodeURIComponent(JSON.stringify(['dir with space/Dockerfile', 2, 23]))}"`);
    expect(html).toContain('href="command:export?sarif"');
    expect(html).not.toContain('javascript:');
    // No inline style attributes: the strict CSP would block them.
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('links each rule to its docs', () => {
    expect(toHtml(m)).toContain('href="https://github.com/arm64-port/arm64-port/blob/main/docs/rules/docker-goarch-hardcoded.md"');
  });
});

describe('Markdown', () => {
  it('is a job summary: readiness table, top rules, per-file lists', () => {
    const md = toMarkdown(sample());
    expect(md).toContain('| Blockers | 1 |');
    expect(md).toContain('### Top rules');
    expect(md).toContain('[docker-goarch-hardcoded](https://');
    expect(md).toContain('struct <script\\>'.replace('<script', '\\<script'));
    expect(md).toContain('\\| pipe');
    expect(md).toContain('### Skipped');
  });

  it('caps long lists with "and N more"', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`f${String(i).padStart(2, '0')}.mk`] = 'A\n'.repeat(30);
    const m = report(files, (t) => Object.keys(t).flatMap((f) => Array.from({ length: 25 }, (_, k) => finding(f, t[f], 'A', 'build-x86-flags', 'error', {}, k))));
    const md = toMarkdown(m);
    expect(md).toContain('and 10 more files');
    expect(md).toContain('- and 5 more');
    expect(md.match(/<details>/g)!.length).toBe(50);
  });
});

describe('text and JSON', () => {
  it('text: compiler-style lines with a path prefix, the summary and the skipped list', () => {
    const lines = toText(sample(), { pathPrefix: 'sub' }).split('\n');
    expect(lines[0]).toBe('sub/dir with space/Dockerfile:2:23: error docker-goarch-hardcoded: docker-goarch-hardcoded at GOARCH=amd64');
    expect(lines).toContain("skipped sub/vendor: vendor/ is not the project's own code");
    expect(lines).toContain('readiness: 1 blocker, 0 correctness hazards, 2 performance notes');
  });

  it('grouped: a line per file, its findings under it, messages wrapped to the width; colour only when asked', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const m = report({ 'b.c': 'int c;\n', 'a/x.c': 'int a;\nint b;\n' }, (t) => [
      finding('b.c', t['b.c'], 'c', 'c-rule', 'warning', { message: long }),
      finding('a/x.c', t['a/x.c'], 'b', 'another-rule', 'error'),
    ]);
    const lines = toText(m, { grouped: true, width: 100, displayPath: (f) => `/abs/${f}` }).split('\n');
    expect(lines.slice(0, 3)).toEqual(['/abs/a/x.c', '  2:5  error    another-rule  another-rule at b', '']);
    expect(lines[3]).toBe('/abs/b.c');
    const [first, ...rest] = lines.slice(4, lines.indexOf('', 4));
    expect(first.startsWith('  1:5  warning  c-rule        word0 word1')).toBe(true);
    const at = first.indexOf('word0');
    for (const l of [first, ...rest]) expect(l.length).toBeLessThanOrEqual(100);
    for (const l of rest) expect(l.slice(0, at)).toBe(' '.repeat(at));
    expect([first.slice(at), ...rest.map((l) => l.slice(at))].join(' ')).toBe(long);
    // Narrow: the message goes under the finding's line, indented 4.
    const narrow = toText(m, { grouped: true, width: 60 }).split('\n');
    expect(narrow.slice(0, 3)).toEqual(['a/x.c', '  2:5  error    another-rule', '    another-rule at b']);
    expect(toText(m, { grouped: true })).not.toMatch(/\x1b\[/);
    expect(toText(m, { grouped: true, color: true })).toContain('\x1b[1;31merror\x1b[0m');
    expect(toText(m, { color: true }).replace(/\x1b\[[0-9;]*m/g, '')).toBe(toText(m));
  });

  it('counts: singular for 1, plural otherwise', () => {
    expect([plural(0, 'finding'), plural(1, 'finding'), plural(2, 'finding'), plural(1, 'more file'), plural(3, 'info', 'info')])
      .toEqual(['0 findings', '1 finding', '2 findings', '1 more file', '3 info']);
    expect(wrap('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrap('https://example.com/a/very/long/url x', 10)).toEqual(['https://example.com/a/very/long/url', 'x']);
    expect(wrap('', 10)).toEqual(['']);
  });

  it('json: root only when given', () => {
    expect(JSON.parse(toJson(sample())).root).toBeUndefined();
    expect(JSON.parse(toJson(sample(), { root: '../ws' })).root).toBe('../ws');
  });

  it('json: the version 1 contract', () => {
    const j = JSON.parse(toJson(sample()));
    expect(j.version).toBe(1);
    expect(Object.keys(j.findings[0])).toEqual(expect.arrayContaining(['ruleId', 'severity', 'file', 'range', 'message', 'fixes', 'fingerprint']));
    expect(j.findings[0].fixes[0].edits[0]).toEqual({ file: 'dir with space/Dockerfile', range: { start: { line: 2, column: 30 }, end: { line: 2, column: 35 } }, newText: '${TARGETARCH}' });
  });
});
