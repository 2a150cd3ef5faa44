// Translation units made of the same things are laid out once (unitMemo.ts) and texts are parsed once whatever
// their path (sharedParse): a reused result must be the one laying the unit out again gives, for every change
// that can matter (a header's text, which header an include finds, the command line, the language). "Again" is a
// unit at a folder never laid out before (its header paths differ, so the memo cannot answer); the sizes themselves
// are the compilers' business (test/layout/c/oracle.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { layoutCFile, type CStructLayout } from '../../../server/src/lang/c/layoutFile';
import { sharedParse } from '../../../server/src/lang/c/translationUnit';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const MAIN = '#include "cfg.h"\nstruct S { char c; WORD w; char d; };\n';
let fresh = 0;

function run(dir: string, cfg: string | undefined, defines?: Map<string, string>): CStructLayout[] {
  const main = `${dir}/s.h`;
  const files = cfg === undefined ? {} : { [`${dir}/cfg.h`]: cfg };
  return layoutCFile({ path: main, text: MAIN, fs: memoryFileSystem({ [main]: MAIN, ...files }), targets: ['linux/arm64', 'linux/arm'], defines, definesComplete: !!defines });
}
const sizes = (r: CStructLayout[]) => r.map((s) => `${s.name}:${s.layouts.map((l) => l.size ?? l.unresolved).join('/')}`);
/** The same unit laid out in a folder of its own, never seen before. */
const afresh = (cfg: string | undefined, defines?: Map<string, string>) => sizes(run(`/fresh/${++fresh}`, cfg, defines));

describe('translation units laid out once', () => {
  it('a copy of a unit at another path gets the same layouts, named by its own path', () => {
    const a = run('/ws/a', 'typedef long WORD;\n');
    const b = run('/ws/b', 'typedef long WORD;\n');
    expect(sizes(b)).toEqual(sizes(a));
    expect(a[0].file).toBe('/ws/a/s.h');
    expect(b[0].file).toBe('/ws/b/s.h');
  });

  it('a header with another text, a header not found or other -D macros are a different unit', () => {
    const long = 'typedef long WORD;\n', short = 'typedef short WORD;\n';
    // The results differ (else this test could not fail), and each equals a fresh layout of the same unit.
    expect(afresh(short)).not.toEqual(afresh(long));
    expect(sizes(run('/ws/a', long))).toEqual(afresh(long));
    expect(sizes(run('/ws/a', short))).toEqual(afresh(short));
    expect(sizes(run('/ws/a', long))).toEqual(afresh(long));
    expect(sizes(run('/ws/a', undefined))).toEqual(afresh(undefined));
    expect(afresh(undefined)).not.toEqual(afresh(long));
    const cfg = '#ifdef WIDE\ntypedef long WORD;\n#else\ntypedef char WORD;\n#endif\n';
    const narrow = new Map<string, string>(), wide = new Map([['WIDE', '1']]);
    expect(afresh(cfg, wide)).not.toEqual(afresh(cfg, narrow));
    for (const defines of [undefined, narrow, wide, narrow, undefined]) expect(sizes(run('/ws/e', cfg, defines))).toEqual(afresh(cfg, defines));
  });

  it('the same text at a .h and a .hpp path is parsed as C and as C++', () => {
    const text = 'struct T { int x; };\n';
    const c = sharedParse('/ws/f/t.h', text);
    const cpp = sharedParse('/ws/f/t.hpp', text);
    const copy = sharedParse('/ws/g/t.h', text);
    try {
      expect(c.lang).toBe('c');
      expect(cpp.lang).toBe('cpp');
      expect(copy.lang).toBe('c');
      expect(copy.digest).toBe(c.digest);
      expect(copy.root).toBe(c.root);
    } finally { c.delete(); cpp.delete(); copy.delete(); }
  });
});
