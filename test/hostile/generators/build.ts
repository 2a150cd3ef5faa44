// Hostile build files (shell scripts, Makefiles, CMake, meson): one dimension grows per series, and an
// x86 flag (`-mavx2`, reported by build-x86-flags) sits at the end or at the deepest point.
import type { Expected, ExpectedSeries } from './docker';

/** The hazard: build-x86-flags reports -mavx2 in a build that also runs on arm64. */
export const GCC = 'gcc -mavx2 -c x.c';
const NEST = [250, 500, 1000, 2000, 4000, 8000];
const LINES = [2000, 4000, 8000, 16000, 32000, 64000];
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

const sh = (text: string) => ({ 'build.sh': text });
const make = (text: string) => ({ Makefile: text });
const cmake = (text: string) => ({ 'CMakeLists.txt': text });
const meson = (text: string) => ({ 'meson.build': text });

const LAST: Expected[] = [{ rule: 'build-x86-flags', last: '-mavx2' }];
const EACH: Expected[] = [{ rule: 'build-x86-flags', last: '-mavx2', count: (n) => n }];

export const series: ExpectedSeries[] = [
  { name: 'shell: nested if', files: (n) => sh(`${'if [ -n "$A" ]; then\n'.repeat(n)}${GCC}\n${'fi\n'.repeat(n)}`), bench: NEST, reports: LAST },
  { name: 'shell: nested for', files: (n) => sh(`${'for i in 1 2; do\n'.repeat(n)}${GCC}\n${'done\n'.repeat(n)}`), bench: NEST, reports: LAST },
  { name: 'shell: nested subshells', files: (n) => sh(`${'(\n'.repeat(n)}${GCC}\n${')\n'.repeat(n)}`), bench: NEST, reports: LAST },
  { name: 'shell: nested $( )', files: (n) => sh(`echo ${'"$(echo '.repeat(n)}x${')"'.repeat(n)}\n${GCC}\n`), bench: NEST, reports: LAST },
  { name: 'shell: nested $( ) in words', files: (n) => sh(`echo ${'x$(echo '.repeat(n)}x${')'.repeat(n)}\n${GCC}\n`), bench: NEST, reports: LAST },
  { name: 'shell: nested case', files: (n) => sh(`${'case "$A" in\n*)\n'.repeat(n)}${GCC}\n${';;\nesac\n'.repeat(n)}`), bench: NEST, reports: LAST },
  { name: 'shell: long && chain', files: (n) => sh(`${'echo a && '.repeat(n)}${GCC}\n`), bench: LINES, reports: LAST },
  { name: 'shell: long && chain after a test', files: (n) => sh(`[ -n "$CI" ] && ${'echo a && '.repeat(n)}${GCC}\n`), bench: LINES, reports: LAST },
  { name: 'shell: long continuation line', files: (n) => sh(`gcc \\\n${'  -O2 \\\n'.repeat(n)}  -mavx2 -c x.c\n`), bench: LINES, reports: LAST },
  { name: 'shell: many flagged commands', files: (n) => sh(lines(n, (i) => `gcc -mavx2 -c f${i}.c\n`)), bench: [1000, 2000, 4000, 8000, 16000, 32000], reports: EACH },
  { name: 'shell: many comments', files: (n) => sh(`${lines(n, (i) => `# comment ${i}\n`)}${GCC}\n`), bench: LINES, reports: LAST },
  { name: 'shell: many flags in variables', files: (n) => sh(lines(n, (i) => `CFLAGS${i}="-mavx2"\n`) + `${GCC}\n`), bench: [1000, 2000, 4000, 8000, 16000], reports: [{ rule: 'build-x86-flags', last: '-mavx2', count: (n) => n + 1 }] },
  { name: 'shell: long elif chain', files: (n) => sh(`if [ "$A" = 0 ]; then :\n${lines(n, (i) => `elif [ "$A" = ${i + 1} ]; then :\n`)}else\n  ${GCC}\nfi\n`), bench: LINES, reports: LAST },

  { name: 'makefile: many rules', files: (n) => make(`all: $(patsubst %.c,%,$(wildcard t*.c))\n${lines(n, (i) => `t${i}: t${i}.c\n\tgcc -mavx2 -c t${i}.c\n`)}`), bench: [1000, 2000, 4000, 8000, 16000], reports: EACH },
  { name: 'makefile: long continuation lines', files: (n) => make(`CFLAGS = -O2 \\\n${'  -Wall \\\n'.repeat(n)}  -mavx2\nall:\n\t$(CC) $(CFLAGS) -c x.c\n`), bench: LINES, reports: LAST },
  { name: 'makefile: deep ifeq nesting', files: (n) => make(`${lines(n, (i) => `ifeq ($(A${i}),1)\nCFLAGS += -mavx2\n`)}${'endif\n'.repeat(n)}`), bench: NEST, reports: EACH },
  { name: 'makefile: deep ifeq/else nesting', files: (n) => make(`${'ifeq ($(A),1)\nX = 1\nelse\n'.repeat(n)}CFLAGS += -mavx2\n${'endif\n'.repeat(n)}`), bench: NEST, reports: LAST },
  { name: 'makefile: deep $(call) nesting', files: (n) => make(`X := ${'$(call f,'.repeat(n)}x${')'.repeat(n)}\nCFLAGS += -mavx2\n`), bench: NEST, reports: LAST },
  { name: 'makefile: many float-abi flags', files: (n) => make(lines(n, () => 'CFLAGS += -mfloat-abi=hard\n')), bench: [1000, 2000, 4000, 8000, 16000, 32000], reports: [{ rule: 'build-float-abi', last: '-mfloat-abi=hard', count: (n) => n }] },
  { name: 'makefile: long SVE statement', files: (n) => make(`CFLAGS = \\\n${'  -march=armv9-a \\\n'.repeat(n)}  -O2\n`), bench: LINES, reports: [{ rule: 'build-sve-not-portable', last: '-march=armv9-a', count: (n) => n }] },
  { name: 'makefile: many variables using flags', files: (n) => make(lines(n, (i) => `F${i} := -mavx2\nt${i}:\n\t$(CC) $(F${i}) -c t${i}.c\n`)), bench: [1000, 2000, 4000, 8000], reports: EACH },

  { name: 'cmake: many flagged calls', files: (n) => cmake(lines(n, (i) => `target_compile_options(t${i} PRIVATE -mavx2)\n`)), bench: [1000, 2000, 4000, 8000, 16000, 32000], reports: EACH },
  { name: 'cmake: deep if nesting', files: (n) => cmake(`${lines(n, (i) => `if(A${i})\n  add_compile_options(-mavx2)\n`)}${'endif()\n'.repeat(n)}`), bench: NEST, reports: EACH },
  { name: 'cmake: long word', files: (n) => cmake(`${'a'.repeat(n * 16)}\nadd_compile_options(-mavx2)\n`), bench: LINES, reports: LAST },
  // A `#[[` never closed (read as a line comment) and `\"` quotes never closed: each used to rescan the rest of the file.
  { name: 'cmake: unclosed bracket comments', files: (n) => cmake(`${'#[[ x\n'.repeat(n)}add_compile_options(-mavx2)\n`), bench: LINES, reports: LAST },
  { name: 'cmake: unclosed strings', files: (n) => cmake(`${'x \\"\n'.repeat(n)}add_compile_options(-mavx2)\n`), bench: LINES, reports: LAST },

  { name: 'meson: deep if nesting', files: (n) => meson(`${lines(n, (i) => `if a${i}\n  add_project_arguments('-mavx2', language: 'c')\n`)}${'endif\n'.repeat(n)}`), bench: NEST, reports: EACH },
  { name: 'meson: many lines', files: (n) => meson(lines(n, (i) => `c_args${i} = ['-mavx2']\n`)), bench: LINES, reports: EACH },
];
