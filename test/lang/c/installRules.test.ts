// Install rules of build files, as the real code bases write them (zstd, libuv, curl, hiredis).
import { describe, expect, it } from 'vitest';
import { installPatterns, patternNames } from '../../../server/src/lang/c/installRules';

const ROOT = '/p';
const installed = (buildFile: string, text: string, header: string) =>
  installPatterns(`${ROOT}/${buildFile}`, text, ROOT).some((p) => patternNames(p, `${ROOT}/${header}`));

describe('installPatterns', () => {
  it('zstd lib/Makefile: $(INSTALL_DATA) recipe lines', () => {
    const mk = 'install-includes:\n\t[ -e $(DESTDIR)$(INCLUDEDIR) ] || $(INSTALL) -d -m 755 $(DESTDIR)$(INCLUDEDIR)/\n\t$(INSTALL_DATA) zstd.h $(DESTDIR)$(INCLUDEDIR)\n\t$(INSTALL_DATA) zdict.h $(DESTDIR)$(INCLUDEDIR)\n';
    expect(installed('lib/Makefile', mk, 'lib/zstd.h')).toBe(true);
    expect(installed('lib/Makefile', mk, 'lib/zdict.h')).toBe(true);
    expect(installed('lib/Makefile', mk, 'lib/common/zstd_internal.h')).toBe(false);
    expect(installed('lib/Makefile', 'zstd.o: zstd.h\n\t$(CC) -c zstd.c\n', 'lib/zstd.h')).toBe(false);
  });

  it('libuv Makefile.am: include_HEADERS and a custom uvinclude_HEADERS, += continued lines', () => {
    const am = 'include_HEADERS=include/uv.h\nuvincludedir = $(includedir)/uv\nuvinclude_HEADERS = include/uv/errno.h \\\n                    include/uv/version.h\nuvinclude_HEADERS += include/uv/unix.h\nnoinst_HEADERS = src/heap-inl.h\n';
    expect(installed('Makefile.am', am, 'include/uv.h')).toBe(true);
    expect(installed('Makefile.am', am, 'include/uv/version.h')).toBe(true);
    expect(installed('Makefile.am', am, 'include/uv/unix.h')).toBe(true);
    expect(installed('Makefile.am', am, 'src/heap-inl.h')).toBe(false);
  });

  it('curl CMakeLists.txt: install(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/include/curl" ...)', () => {
    const cm = '# install headers\ninstall(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/include/curl"\n    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}\n    FILES_MATCHING PATTERN "*.h")\n';
    expect(installed('CMakeLists.txt', cm, 'include/curl/curl.h')).toBe(true);
    expect(installed('CMakeLists.txt', cm, 'lib/urldata.h')).toBe(false);
  });

  it('hiredis CMakeLists.txt: upper-case INSTALL(FILES ...) and a commented-out rule', () => {
    const cm = 'INSTALL(FILES hiredis.h read.h sds.h async.h alloc.h\n    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/hiredis)\n# install(FILES net.h DESTINATION include)\n';
    expect(installed('deps/hiredis/CMakeLists.txt', cm, 'deps/hiredis/read.h')).toBe(true);
    expect(installed('deps/hiredis/CMakeLists.txt', cm, 'deps/hiredis/net.h')).toBe(false);
    expect(installed('deps/hiredis/CMakeLists.txt', cm, 'src/read.h')).toBe(false);
  });

  it('a path that starts with an unknown variable matches the end of the header path', () => {
    expect(installed('CMakeLists.txt', 'install(FILES ${FOO_DIR}/api/foo.h DESTINATION include)\n', 'x/api/foo.h')).toBe(true);
    expect(installed('CMakeLists.txt', 'install(FILES ${FOO_DIR}/api/foo.h DESTINATION include)\n', 'x/other/foo.h')).toBe(false);
  });

  it('names the build file and line', () => {
    const [p] = installPatterns(`${ROOT}/lib/meson.build`, "project('x')\n\ninstall_headers('foo.h')\n", ROOT);
    expect(p.source).toBe('lib/meson.build:3');
  });
});
