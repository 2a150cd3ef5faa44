// c-struct-padding's reorder must not break the code around the struct (issue 12 triage): a trailing [1]/[0]
// array (the "struct hack") stays last, and a positional initializer of the struct withholds the reorder. Each
// case comes from the corpus (sqlite3 fts5, nginx, zstd) and has a near miss that keeps the ordinary reorder.
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../../server/src/rules/c/c-struct-padding';
import { parseText } from '../../../server/src/parsing/treeSitter';
import { applyFixes, ready, runRule, type RunInput } from '../../helpers/ruleTester';

beforeAll(ready);

function only(input: RunInput) {
  const f = runRule(padding, input);
  expect(f).toHaveLength(1);
  return f[0];
}

/** Member names in declaration order after applying the finding's fix. */
function reordered(input: RunInput): string[] {
  const f = only(input);
  expect(f.fixes).toHaveLength(1);
  const fixed = applyFixes(input.text, f.fixes[0]);
  const tree = parseText('c', fixed);
  expect(tree.rootNode.hasError).toBe(false);
  tree.delete();
  const body = fixed.slice(fixed.indexOf('{'), fixed.indexOf('}'));
  return [...body.matchAll(/(\w+)(?:\[\w*\])?;/g)].map((m) => m[1]);
}

// sqlite3 3.40 ext/fts5/fts5_expr.c:113, allocated as sizeof(Fts5ExprNearset) + SZALLOC * sizeof(Fts5ExprPhrase*).
const NEARSET = 'typedef struct Fts5Colset Fts5Colset;\ntypedef struct Fts5ExprPhrase Fts5ExprPhrase;\ntypedef struct Fts5ExprNearset Fts5ExprNearset;\n' +
  'struct Fts5ExprNearset {\n  int nNear;                      /* NEAR parameter */\n  Fts5Colset *pColset;            /* Columns to search (NULL -> all columns) */\n' +
  '  int nPhrase;                    /* Number of entries in aPhrase[] array */\n  Fts5ExprPhrase *apPhrase[1];    /* Array of phrase pointers */\n};\n';

describe('c-struct-padding reorder keeps a trailing [1]/[0] array last (struct hack)', () => {
  it('sqlite3 Fts5ExprNearset: apPhrase[1] stays last, 32 → 24 still reached', () => {
    const f = only({ path: 'ext/fts5/fts5_expr.c', text: NEARSET });
    expect(f.message).toMatch(/^struct Fts5ExprNearset is 32 bytes on linux\/arm64, could be 24/);
    expect(f.message).not.toContain('Not reordered');
    expect(reordered({ path: 'ext/fts5/fts5_expr.c', text: NEARSET })).toEqual(['pColset', 'nNear', 'nPhrase', 'apPhrase']);
  });
  it('a GNU zero-length array [0] too', () => {
    const text = 'struct msg {\n  char kind;\n  long id;\n  char flags;\n  long data[0];\n};\n';
    expect(reordered({ path: 'a.c', text })).toEqual(['id', 'kind', 'flags', 'data']);
  });
  it('an int [1] array: the others are sorted by alignment, the array stays last (24 → 16 either way)', () => {
    const text = 'struct r {\n  char a;\n  long b;\n  char c;\n  int v[1];\n};\n';
    expect(reordered({ path: 'a.c', text })).toEqual(['b', 'a', 'c', 'v']);
  });
  it('near miss: a trailing [2] array, or a [1] array that is not last, moves like any member', () => {
    const two = 'struct r {\n  char a;\n  long b;\n  char c;\n  long v[2];\n};\n';
    expect(reordered({ path: 'a.c', text: two })).toEqual(['b', 'v', 'a', 'c']);
    const inner = 'struct r {\n  char a;\n  long v[1];\n  char c;\n  long b;\n};\n';
    expect(reordered({ path: 'a.c', text: inner })).toEqual(['v', 'b', 'a', 'c']);
  });
});

// nginx 1.22 src/http/modules/ngx_http_browser_module.c:25 and its table at :140.
const MASK = 'typedef unsigned char u_char;\ntypedef unsigned long size_t;\ntypedef struct {\n    u_char                      browser[12];\n    size_t                      skip;\n' +
  '    size_t                      add;\n    u_char                      name[12];\n} ngx_http_modern_browser_mask_t;\n\n';
const MASKS = 'static ngx_http_modern_browser_mask_t  ngx_http_modern_browser_masks[] = {\n\n    /* Opera must be the first browser to check */\n\n' +
  '    { "opera",\n      0,\n      sizeof("Opera ") - 1,\n      "Opera"},\n\n    { "msie",\n      sizeof("Mozilla/4.0 (compatible; ") - 1,\n      sizeof("MSIE ") - 1,\n      "MSIE "},\n\n    { "", 0, 0, "" }\n};\n';
// zstd 1.5.4 tests/regression/test.c:79 and long_extras[] at :101.
const EXTRA = 'typedef enum { required_option, optional_option, help_option } option_type;\nstruct option_extra {\n    int id; /**< The short option name, used as an id. */\n' +
  '    char const* help; /**< The help message. */\n    option_type opt_type; /**< The option type: required, optional, or help. */\n' +
  '    char const** value; /**< The value to set or NULL if no_argument. */\n};\nstatic char const* g_cache;\n';
const EXTRAS = 'static struct option_extra long_extras[] = {\n    {\'c\', "the cache directory", required_option, &g_cache},\n    {\'h\', "display this message", help_option, 0},\n};\n';

function withheld(input: RunInput, at: string) {
  const f = only(input);
  expect(f.fixes).toEqual([]);
  expect(f.message).toContain(`. Not reordered automatically: positional initializer at ${at} (its values follow the declaration order)`);
}

describe('c-struct-padding withholds the reorder when a positional initializer of the struct exists', () => {
  it('nginx ngx_http_modern_browser_masks[] (typedef of an anonymous struct)', () => {
    withheld({ path: 'src/http/modules/ngx_http_browser_module.c', text: MASK + MASKS }, 'src/http/modules/ngx_http_browser_module.c:10');
  });
  it('zstd long_extras[] (struct tag), a single variable, a compound literal, a typedef alias', () => {
    withheld({ path: 'tests/regression/test.c', text: EXTRA + EXTRAS }, 'tests/regression/test.c:9');
    withheld({ path: 'a.c', text: EXTRA + 'static const struct option_extra one = { 1, "x", help_option, 0 };\n' }, 'a.c:9');
    withheld({ path: 'a.c', text: EXTRA + 'void f(struct option_extra *p) { *p = (struct option_extra){ 1, "x", help_option, 0 }; }\n' }, 'a.c:9');
    withheld({ path: 'a.c', text: EXTRA + 'typedef struct option_extra extra_t;\nextra_t t[] = { { 1, "x", help_option, 0 } };\n' }, 'a.c:10');
  });
  it('a struct in a header, initialized positionally in a file of its folder', () => {
    withheld({ path: 'src/opt.h', text: EXTRA, files: { 'src/opt.c': '#include "opt.h"\n' + EXTRAS } }, 'src/opt.c:2');
  });
  it('near miss: designated initializers, {0} and {} keep the reorder', () => {
    for (const init of [
      'static struct option_extra long_extras[] = {\n    {.id = \'c\', .help = "the cache directory", .opt_type = required_option, .value = &g_cache},\n};\n',
      'static struct option_extra zero = {0};\nstatic struct option_extra none[4] = {{0}};\n',
      'void f(struct option_extra *p) { *p = (struct option_extra){ .id = 1 }; }\n',
      // a positional initializer of another struct whose name contains this one's
      'struct option_extra_list { int n; };\nstatic struct option_extra_list l = { 1 };\n',
    ]) {
      const f = only({ path: 'a.c', text: EXTRA + init });
      expect(f.message, init).not.toContain('Not reordered');
      expect(f.fixes, init).toHaveLength(1);
    }
  });
});
