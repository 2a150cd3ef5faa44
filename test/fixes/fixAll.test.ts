// How fix-all composes fixes (fixes/applyEdits.ts) and repeats them until the text settles (fixes/fixAll.ts).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, TextEdit } from '../../server/src/core/types';
import { applyEdits, collectFixEdits } from '../../server/src/fixes/applyEdits';
import { lineEdits } from '../../server/src/fixes/diff';
import { fixToFixedPoint } from '../../server/src/fixes/fixAll';

const FILE = path.resolve('/ws/Dockerfile');
const finding = (ruleId: string, edits: TextEdit[]): Finding =>
  ({ ruleId, severity: 'error', file: FILE, start: 0, end: 0, message: ruleId, fixes: [{ title: ruleId, kind: 'fix', edits }] });
const composed = (findings: Finding[], text: string) => applyEdits(text, collectFixEdits(findings).get(FILE)?.edits ?? []);

describe('composing fixes', () => {
  const text = 'FROM debian\nRUN curl https://x/amd64/kubectl\nRUN echo $TARGETARCH\n';
  const argAt = (offset: number): TextEdit => ({ start: offset, end: offset, newText: 'ARG TARGETARCH\n', declares: 'stage 0: ARG TARGETARCH' });
  const run1 = text.indexOf('RUN curl'), run2 = text.indexOf('RUN echo');
  const url: TextEdit = { start: text.indexOf('amd64'), end: text.indexOf('amd64') + 5, newText: '${TARGETARCH}' };

  it('two fixes that declare the same name declare it once, before the first use (either order)', () => {
    const want = 'FROM debian\nARG TARGETARCH\nRUN curl https://x/${TARGETARCH}/kubectl\nRUN echo $TARGETARCH\n';
    expect(composed([finding('download', [argAt(run1), url]), finding('undeclared', [argAt(run2)])], text)).toBe(want);
    expect(composed([finding('undeclared', [argAt(run2)]), finding('download', [argAt(run1), url])], text)).toBe(want);
  });

  it('two findings sharing one fix apply it once, and both count as fixed', () => {
    const merged = collectFixEdits([finding('a', [argAt(run2)]), finding('b', [argAt(run2)])]).get(FILE)!;
    expect(merged).toMatchObject({ fixes: 2, skipped: 0 });
    expect(applyEdits(text, merged.edits)).toBe('FROM debian\nRUN curl https://x/amd64/kubectl\nARG TARGETARCH\nRUN echo $TARGETARCH\n');
  });

  it('removals never empty a collection in one round; overlapping fixes wait', () => {
    const rm = (start: number): TextEdit => ({ start, end: start + 2, newText: '', removesItemOf: { collection: 'yaml@0', items: 2 } });
    const merged = collectFixEdits([finding('a', [rm(0)]), finding('b', [rm(4)]), finding('c', [{ start: 1, end: 3, newText: 'x' }])]).get(FILE)!;
    expect(merged).toMatchObject({ fixes: 1, skipped: 2 });
  });

  it('insertions at one offset keep the order they are given in (as LSP clients apply them)', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, newText: '1' }, { start: 1, end: 1, newText: '2' }, { start: 1, end: 2, newText: 'B' }])).toBe('a12B');
  });
});

describe('fix-all to a fixed point', () => {
  // A "rule" that offers one fix at a time: uppercase the first lowercase letter (as overlapping fixes do).
  const upper = (text: string): Finding[] => {
    const i = text.search(/[a-z]/);
    return i < 0 ? [] : [finding('upper', [{ start: i, end: i + 1, newText: text[i].toUpperCase() }])];
  };
  const run = (text: string, maxRounds?: number) =>
    fixToFixedPoint((_files, texts) => upper(texts.get(FILE) ?? text), () => text, maxRounds);

  it('repeats until nothing changes, and counts rounds and fixes', () => {
    const r = run('abc');
    expect(r.files.get(FILE)).toEqual({ before: 'abc', after: 'ABC' });
    expect([r.rounds, r.fixes, r.fixed.length, r.unsettled]).toEqual([3, 3, 3, []]);
  });

  it('stops at the bound and names the files still changing', () => {
    const r = run('abcdef', 2);
    expect(r.files.get(FILE)!.after).toBe('ABcdef');
    expect([r.rounds, r.unsettled]).toEqual([2, [FILE]]);
  });

  it('changes nothing when there is nothing to fix', () => {
    expect(run('ABC')).toMatchObject({ files: new Map(), rounds: 0, fixes: 0, unsettled: [] });
  });
});

describe('line edits (the editor fix-all result)', () => {
  it('rewrite only the changed lines, and give the new text', () => {
    for (const [a, b] of [['a\nb\nc\n', 'a\nB\nc\n'], ['a\nb', 'a\nb\nc'], ['x\ny\n', ''], ['', 'new\n'], ['1\n2\n3\n4\n', '4\n2\n3\n1\n']]) {
      const edits = lineEdits(a, b);
      expect(applyEdits(a, edits)).toBe(b);
      for (const e of edits) expect(e.start === 0 || a[e.start - 1] === '\n').toBe(true);
    }
    expect(lineEdits('a\nb\nc\n', 'a\nB\nc\n')).toEqual([{ start: 2, end: 4, newText: 'B\n' }]);
  });
});
