import { describe, expect, it } from 'vitest';
import { findSuppressions, isSuppressed } from '../../server/src/engine/suppressions';
import { LineIndex } from '../../server/src/parsing/positions';

describe('suppression comments', () => {
  it('silences the next line for the named rules only, in any comment syntax', () => {
    const s = findSuppressions('// arm64-port-disable-next-line go-struct-padding, c-long-double\ntype A struct{}\n# arm64-port-disable-next-line docker-hardcoded-arch\nRUN x\n');
    expect(isSuppressed(s, 'go-struct-padding', 1)).toBe(true);
    expect(isSuppressed(s, 'c-long-double', 1)).toBe(true);
    expect(isSuppressed(s, 'go-atomic-alignment', 1)).toBe(false);
    expect(isSuppressed(s, 'docker-hardcoded-arch', 3)).toBe(true);
    expect(isSuppressed(s, 'docker-hardcoded-arch', 2)).toBe(false);
  });

  it('silences a whole file, or everything when no id is given', () => {
    expect(isSuppressed(findSuppressions('/* arm64-port-disable-file c-struct-padding */\n'), 'c-struct-padding', 40)).toBe(true);
    expect(isSuppressed(findSuppressions('# arm64-port-disable-file\n'), 'anything', 3)).toBe(true);
    expect(isSuppressed(findSuppressions('x\n'), 'anything', 0)).toBe(false);
  });
});

describe('positions', () => {
  it('counts UTF-16 code units and handles CRLF and non-ASCII text', () => {
    const text = 'a𝄞b\r\nüx\rz\n';
    const li = new LineIndex(text);
    expect(li.lineColAt(text.indexOf('b'))).toEqual({ line: 1, column: 4 });
    expect(li.lineColAt(text.indexOf('x'))).toEqual({ line: 2, column: 2 });
    expect(li.lineColAt(text.indexOf('z'))).toEqual({ line: 3, column: 1 });
    expect(li.offsetAt(li.positionAt(text.indexOf('x')))).toBe(text.indexOf('x'));
  });
});
