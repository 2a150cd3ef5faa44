// c-struct-padding withholds its reorder from structs whose layout is public ABI (installed or exported headers,
// versioned layouts, method tables), and still offers it for private ones. Each evidence has a case, and each
// case has a near miss that keeps the fix, so a check that always (or never) withholds fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../../server/src/rules/c/c-struct-padding';
import { ready, runRule, type RunInput } from '../../helpers/ruleTester';

beforeAll(ready);

// 24 bytes on LP64 targets, 16 when ordered: an info with a reorder when nothing says it is public (a count of them
// allocated, the evidence of many instances the message names: c-struct-padding-instances.test.ts).
const WASTEFUL = 'struct S {\n  char a;\n  long b;\n  char c;\n};\n';
const MANY = 'void grow(int n) { struct S *v = calloc(n, sizeof(struct S)); (void)v; }\n';

function finding(input: RunInput) {
  const f = runRule(padding, input);
  expect(f).toHaveLength(1);
  return f[0];
}

function expectReorder(input: RunInput) {
  const f = finding(input);
  expect(f.message).not.toContain('Not reordered');
  expect(f.severity).toBe('info');
  expect(f.message).toContain('it may have many instances');
  expect(f.fixes.map((x) => x.title)).toEqual(['Reorder members of S (changes its ABI)']);
}

function expectWithheld(input: RunInput, because: string) {
  const f = finding(input);
  expect(f.fixes).toEqual([]);
  expect(f.severity).toBe('hint');
  expect(f.message).toContain('. Not reordered automatically: its layout is public ABI (');
  expect(f.message).toContain(because);
  // The waste is still reported.
  expect(f.message).toMatch(/^struct S is 24 bytes on linux\/arm64, could be 16/);
}

describe('c-struct-padding keeps the reorder for private structs', () => {
  it.each([
    ['a .c file', 'src/a.c'],
    ['a private header', 'src/internal.h'],
    ['a header in a folder named like include but not include', 'src/includes/x.h'],
  ])('in %s', (_n, path) => expectReorder({ path, text: WASTEFUL + MANY }));

  it('when the build files install other headers only', () => {
    expectReorder({
      path: 'lib/private.h', text: WASTEFUL + MANY,
      files: {
        'lib/CMakeLists.txt': 'install(FILES public.h DESTINATION include)\ninstall(FILES private.txt DESTINATION share)\n',
        'lib/Makefile.am': 'include_HEADERS = public.h\nnoinst_HEADERS = private.h\n',
        'lib/meson.build': "install_headers('public.h')\nprivate = files('private.h')\n",
        'Makefile': 'all:\n\t$(CC) -c lib/private.h\ninstall:\n\t$(INSTALL_DATA) lib/public.h $(DESTDIR)$(INCLUDEDIR)\n',
      },
    });
  });

  it('when an export macro is only defined, never used on a declaration', () => {
    expectReorder({ path: 'src/a.h', text: `#define FOO_API __attribute__((visibility("default")))\n${WASTEFUL}${MANY}` });
  });

  it('when a single exported declaration does not name it (sqliteInt.h exports one trace hook)', () => {
    expectReorder({ path: 'src/a.h', text: `${WASTEFUL}${MANY}SQLITE_API SQLITE_EXTERN void (*sqlite3IoTrace)(const char*,...);\n` });
  });

  it('when a member is a callback among data members', () => {
    const text = 'struct S {\n  char a;\n  long b;\n  char c;\n  void (*done)(struct S *);\n  long d;\n};\n';
    const f = finding({ path: 'src/a.h', text });
    expect(f.fixes).toHaveLength(1);
  });

  it('when a member is named version but is not the first', () => {
    expectReorder({ path: 'src/a.c', text: `struct S {\n  char a;\n  long version;\n  char c;\n};\n${MANY}` });
  });
});

describe('c-struct-padding withholds the reorder from public ABI', () => {
  it('in a header under include/', () => {
    expectWithheld({ path: 'include/foo/foo.h', text: WASTEFUL }, 'the header is in the public include folder include/');
  });

  it.each([
    ['CMake install(FILES)', 'lib/CMakeLists.txt', 'install(FILES foo.h other.h\n  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})\n', 'lib/CMakeLists.txt:1'],
    ['CMake install(FILES ${VAR})', 'lib/CMakeLists.txt', 'set(PUBLIC_HDRS foo.h)\ninstall(FILES ${PUBLIC_HDRS} DESTINATION include)\n', 'lib/CMakeLists.txt:2'],
    ['CMake install(DIRECTORY)', 'CMakeLists.txt', 'install(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/lib" DESTINATION include FILES_MATCHING PATTERN "*.h")\n', 'CMakeLists.txt:1'],
    ['CMake PUBLIC_HEADER', 'CMakeLists.txt', 'set(HDRS lib/foo.h)\nadd_library(foo foo.c)\nset_target_properties(foo PROPERTIES PUBLIC_HEADER "${HDRS}")\n', 'CMakeLists.txt:3'],
    ['automake include_HEADERS', 'lib/Makefile.am', 'include_HEADERS = \\\n  other.h \\\n  foo.h\n', 'lib/Makefile.am:1'],
    ['automake pkginclude_HEADERS with $(srcdir)', 'lib/Makefile.am', 'pkginclude_HEADERS = $(srcdir)/foo.h\n', 'lib/Makefile.am:1'],
    ['automake nobase_include_HEADERS from the top', 'Makefile.am', 'nobase_include_HEADERS = lib/foo.h\n', 'Makefile.am:1'],
    ['meson install_headers', 'lib/meson.build', "install_headers('foo.h', subdir: 'foo')\n", 'lib/meson.build:1'],
    ['meson install_headers of a variable', 'meson.build', "hdrs = files(\n  'lib/foo.h',\n)\ninstall_headers(hdrs)\n", 'meson.build:4'],
    ['a Makefile install recipe', 'lib/Makefile', 'install-includes:\n\t$(INSTALL_DATA) foo.h $(DESTDIR)$(INCLUDEDIR)\n', 'lib/Makefile:2'],
    ['a Makefile cp of a glob', 'Makefile', 'install:\n\tmkdir -p $(PREFIX)/include\n\tcp lib/*.h $(PREFIX)/include\n', 'Makefile:3'],
  ])('in a header installed by %s', (_n, buildFile, buildText, where) => {
    expectWithheld({ path: 'lib/foo.h', text: WASTEFUL, files: { [buildFile]: buildText } }, `the header is installed by ${where}`);
  });

  it.each([
    ['an XXX_API macro on a declaration that takes it', 'ZSTDLIB_API size_t FOO_compress(struct S *s);\n', 'it is used by a declaration exported with ZSTDLIB_API'],
    ['an XXX_EXTERN macro on two declarations', 'CURL_EXTERN int foo(void);\nCURL_EXTERN void bar(int);\n', 'it marks its declarations for export with CURL_EXTERN'],
    ['a macro on a function pointer declaration', 'REDISMODULE_API int (*RedisModule_Foo)(struct S *s) REDISMODULE_ATTR;\n', 'with REDISMODULE_API'],
    ['__declspec(dllexport)', '__declspec(dllexport) int foo(struct S *s);\n', '__declspec(dllexport)'],
    ['visibility("default")', '__attribute__((visibility("default"))) int foo(struct S *s);\n', 'visibility("default")'],
  ])('in a header that exports its declarations with %s', (_n, decl, because) => {
    expectWithheld({ path: 'src/foo.h', text: `${WASTEFUL}${decl}` }, because);
  });

  it.each([
    ['version', 'src/a.c', 'its first member, version, versions the layout'],
    ['iVersion', 'src/a.h', 'its first member, iVersion, versions the layout'],
    ['api_version', 'src/a.c', 'its first member, api_version, versions the layout'],
  ])('when its first member is %s', (name, path, because) => {
    const text = `struct S {\n  int ${name};\n  long b;\n  char c;\n};\n`;
    expectWithheld({ path, text }, because);
  });

  it('when a member holds the struct size', () => {
    expectWithheld({ path: 'src/a.c', text: 'struct S {\n  char a;\n  long b;\n  char c;\n  unsigned struct_size;\n};\n' }, "its member struct_size holds the struct's size");
  });

  it.each([
    ['direct function pointers', 'struct S {\n  char kind;\n  int (*open)(const char *);\n  char flags;\n  void (*close)(int);\n};\n'],
    ['function pointer typedefs', 'typedef int (*open_fn)(const char *);\ntypedef void close_fn(int);\nstruct S {\n  char kind;\n  open_fn open;\n  char flags;\n  close_fn *close;\n};\n'],
  ])('when it is a method table of %s, in a header', (_n, text) => {
    const f = finding({ path: 'src/plugin.h', text });
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('2 of its 4 members are function pointers');
  });

  it('but a method table in a .c file is private to it', () => {
    const text = 'struct S {\n  char kind;\n  int (*open)(const char *);\n  char flags;\n  void (*close)(int);\n};\n';
    expect(finding({ path: 'src/plugin.c', text }).fixes).toHaveLength(1);
  });
});

describe('c-struct-padding names the record as written', () => {
  it.each([
    ['a C++ class', 'class', 'src/cache.cc'],
    ['a C++ struct', 'struct', 'src/cache.cc'],
    ['a C struct', 'struct', 'src/cache.c'],
  ])('%s', (_n, keyword, file) => {
    const text = `${keyword} S {\n public:\n  char a;\n  long b;\n  char c;\n};\n`.replace(keyword === 'class' ? '' : ' public:\n', '');
    expect(finding({ path: file, text }).message).toMatch(new RegExp(`^${keyword} S is 24 bytes on linux/arm64, could be 16`));
  });
});
