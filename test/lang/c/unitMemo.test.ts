// Translation units made of the same things are laid out once (unitMemo.ts) and texts are parsed once whatever
// their path (sharedParse): a reused result must be the one laying the unit out again gives, for every change
// that can matter (a header's text, which header an include finds, the command line, the language).
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { layoutCFile, type CStructLayout } from '../../../server/src/lang/c/layoutFile';
import { sharedParse } from '../../../server/src/lang/c/translationUnit';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';

beforeAll(async () => { await initTreeSitter(); });

const MAIN = '#include "cfg.h"\nstruct S { char c; WORD w; char d; };\n';

function run(mainPath: string, files: Record<string, string>, defines?: Map<string, string>): CStructLayout[] {
  return layoutCFile({ path: mainPath, text: MAIN, fs: memoryFileSystem({ [mainPath]: MAIN, ...files }), targets: ['linux/arm64', 'linux/arm'], defines, definesComplete: !!defines });
}
const sizes = (r: CStructLayout[]) => r.map((s) => `${s.name}:${s.layouts.map((l) => l.size ?? l.unresolved).join('/')}`);

describe('translation units laid out once', () => {
  it('a copy of a unit at another path gets the same layouts, named by its own path', () => {
    const a = run('/ws/a/s.h', { '/ws/a/cfg.h': 'typedef long WORD;\n' });
    const b = run('/ws/b/s.h', { '/ws/b/cfg.h': 'typedef long WORD;\n' });
    expect(sizes(a)).toEqual(['S:24/12']);
    expect(sizes(b)).toEqual(sizes(a));
    expect(a[0].file).toBe('/ws/a/s.h');
    expect(b[0].file).toBe('/ws/b/s.h');
  });

  it('a header with another text, a header not found or other -D macros are a different unit', () => {
    expect(sizes(run('/ws/a/s.h', { '/ws/a/cfg.h': 'typedef short WORD;\n' }))).toEqual(['S:6/6']);
    expect(sizes(run('/ws/a/s.h', { '/ws/a/cfg.h': 'typedef long WORD;\n' }))).toEqual(['S:24/12']);
    expect(sizes(run('/ws/d/s.h', {}))).toEqual(['S:size unknown because WORD is not found/size unknown because WORD is not found']);
    const cfg = { '/ws/e/cfg.h': '#ifdef WIDE\ntypedef long WORD;\n#else\ntypedef char WORD;\n#endif\n' };
    const unknown = 'size unknown because WORD is defined under an #if that cannot be evaluated';
    expect(sizes(run('/ws/e/s.h', cfg))).toEqual([`S:${unknown}/${unknown}`]);
    expect(sizes(run('/ws/e/s.h', cfg, new Map()))).toEqual(['S:3/3']);
    expect(sizes(run('/ws/e/s.h', cfg, new Map([['WIDE', '1']])))).toEqual(['S:24/12']);
    expect(sizes(run('/ws/e/s.h', cfg, new Map()))).toEqual(['S:3/3']);
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
