// The CI view of SVE flags (shared build-flag classifier plus Rust target features).
import { describe, expect, it } from 'vitest';
import { sveFlagsIn } from '../../../server/src/lang/ci/sveFlags';

const kinds = (t: string) => sveFlagsIn(t).map((f) => `${f.kind}:${f.flag}`);

describe('sveFlagsIn', () => {
  it.each([
    ['CFLAGS=-O3 -march=armv8.2-a+sve', ['sve:-march=armv8.2-a+sve']],
    ['-mcpu=neoverse-v1 -msve-vector-bits=256', ['sve:-mcpu=neoverse-v1', 'fixed-vl:-msve-vector-bits=256']],
    ['-march=armv9-a', ['sve:-march=armv9-a']],
    ['RUSTFLAGS="-C target-feature=+sve2"', ['sve:target-feature=+sve2']],
    ['gcc -mcpu=native -mtune=native', ['native:-mcpu=native']],
  ])('%s', (text, want) => expect(kinds(text)).toEqual(want));
  it.each([['-march=armv8.2-a'], ['-mcpu=neoverse-n1'], ['-msve-vector-bits=scalable'], ['-march=armv8.2-a+nosve'], ['-mtune=native']])(
    'not SVE: %s', (text) => expect(kinds(text)).toEqual([]));
  it('reports offsets into the whole text', () => {
    const t = 'x: 1\nrun: gcc -march=armv8-a+sve k.c\n';
    const [f] = sveFlagsIn(t, 5, t.length);
    expect(t.slice(f.start, f.end)).toBe('-march=armv8-a+sve');
  });
});
