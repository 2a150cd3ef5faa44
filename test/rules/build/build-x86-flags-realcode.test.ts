// build-x86-flags on the shapes of real Makefiles and scripts (redis, zstd, curl, Go's syscall/mkall.sh): each
// mechanism that keeps a false alarm out, with a case that must still be reported next to it.
import { ruleTable } from './table';
import { rule as x86 } from '../../../server/src/rules/build/build-x86-flags';

// -m32/-m64 are not x86-only: PowerPC, SPARC, s390x and MIPS compilers take them too.
ruleTable(x86, [
  { name: 'zstd ppc64build: -m64 with CC=powerpc-linux-gnu-gcc on the same line', path: 'build.sh',
    text: 'CC=powerpc-linux-gnu-gcc CFLAGS="-m64 -Werror" make -j allzstd\n', ranges: [] },
  { name: 'zstd ppctest: MOREFLAGS for a powerpc cross build in a default recipe', path: 'Makefile',
    text: 'all: ppc\nppc:\n\t$(MAKE) -C tests test CC=powerpc-linux-gnu-gcc QEMU_SYS=qemu-ppc64-static MOREFLAGS="-m64 -static"\n', ranges: [] },
  { name: 'the same -m64 with the host gcc is an error', path: 'build.sh',
    text: 'CC=gcc CFLAGS="-m64 -Werror" make -j allzstd\n', ranges: ['1:16-1:20'], severity: 'error' },
]);

// Targets the default build does not make: `make all32`, `make 32bit`, `make bmix64build` must be asked for.
ruleTable(x86, [
  { name: 'pzstd all32: target-specific -m32 of an opt-in target', path: 'Makefile',
    text: 'default: all\nall: pzstd\npzstd: main.o\n\t$(CXX) $(EXTRA_FLAGS) -o $@ $^\n.PHONY: all32\nall32: EXTRA_FLAGS += -m32\nall32: all tests roundtrip\n', ranges: [] },
  { name: 'redis 32bit: a recursive make with CFLAGS="-m32"', path: 'Makefile',
    text: 'all: $(SERVER_NAME)\n\t@echo done\n32bit:\n\t@echo "WARNING: you probably need libc6-dev-i386"\n\t$(MAKE) CFLAGS="-m32" LDFLAGS="-m32"\n', ranges: [] },
  { name: 'zstd bmix64build: CI target with -mbmi', path: 'Makefile',
    text: 'default: lib-release\nlib-release:\n\t$(MAKE) -C lib\nbmix64build: clean\n\t$(CC) -v\n\tCFLAGS="-O3 -mbmi -Werror" $(MAKE) -C $(TESTDIR) test\n', ranges: [] },
  { name: 'a target-specific flag of the default goal is reported', path: 'Makefile',
    text: 'all: EXTRA_FLAGS += -msse4.2\nall: app\n', ranges: ['1:21-1:29'], severity: 'error' },
  { name: 'a target all reaches through its prerequisites is reported', path: 'Makefile',
    text: 'all: lib\nlib: CFLAGS += -mavx2\nlib:\n\t$(CC) $(CFLAGS) -c x.c\n', ranges: ['2:16-2:22'], severity: 'error' },
  { name: 'a target all reaches through a recursive $(MAKE) goal is reported', path: 'Makefile',
    text: 'all:\n\t$(MAKE) -C src fast\nfast:\n\t$(CC) -mavx2 -c x.c\n', ranges: ['4:8-4:14'], severity: 'error' },
  { name: 'the first target is the default goal', path: 'Makefile',
    text: 'app: app.c\n\t$(CC) -march=x86-64-v3 -o $@ $<\nbench:\n\t$(CC) -mavx2 bench.c\n', ranges: ['2:8-2:24'], severity: 'error' },
  { name: 'an included fragment without a default goal: nothing is opt-in', path: 'lib/Makefile.inc',
    text: 'fast.o: fast.c\n\t$(CC) -mavx2 -c $<\n', ranges: ['2:8-2:14'], severity: 'error' },
]);

// $(findstring ...), $(filter ...) and $(patsubst ...) patterns are searches, not flags.
ruleTable(x86, [
  { name: 'redis SunOS: findstring -m32 in a condition', path: 'Makefile',
    text: 'ifeq ($(findstring -m32,$(FINAL_CFLAGS)),)\n\tFINAL_LIBS+=-lm\nendif\n', ranges: [] },
  { name: 'ifneq (,$(findstring ...)) and $(filter-out -m64,...)', path: 'Makefile',
    text: 'ifneq (,$(findstring -mavx2,$(CFLAGS)))\nHAVE_AVX2 = 1\nendif\nCFLAGS := $(filter-out -m64 -m32,$(CFLAGS))\n', ranges: [] },
  { name: 'the replacement of $(patsubst ...) is a flag', path: 'Makefile',
    text: 'CFLAGS := $(patsubst -O2,-mavx2,$(CFLAGS))\n', ranges: ['1:26-1:32'], severity: 'error' },
]);

// Make's own conditionals as guards: an OS with no ARM port, macOS (clang), and a branch that sets an x86 toolchain.
ruleTable(x86, [
  { name: 'redis: -m64 inside ifeq ($(uname_S),SunOS)', path: 'Makefile',
    text: 'uname_S := $(shell uname -s)\nifeq ($(uname_S),SunOS)\n\t# SunOS\n\tCFLAGS+=-m64\n\tLDFLAGS+=-m64\n\tINSTALL=cp -pf\nendif\n', ranges: [] },
  { name: 'ifneq SunOS reaches Linux on arm64', path: 'Makefile',
    text: 'ifneq ($(uname_S),SunOS)\nCFLAGS+=-m64\nendif\n', ranges: ['2:9-2:13'], severity: 'error' },
  { name: 'Darwin branch: clang accepts -m64 on arm64', path: 'Makefile',
    text: 'ifeq ($(uname_S),Darwin)\nCFLAGS += -m64\nendif\n', ranges: [] },
  { name: 'Darwin branch: -msse4.2 only warns with clang', path: 'Makefile',
    text: 'ifeq ($(uname_S),Darwin)\nCFLAGS += -msse4.2\nendif\n', ranges: ['2:11-2:19'], severity: 'warning' },
  { name: 'Darwin branch: -mavx2 is still an error (clang rejects it on arm64)', path: 'Makefile',
    text: 'ifeq ($(uname_S),Darwin)\nCFLAGS += -mavx2\nendif\n', ranges: ['2:11-2:17'], severity: 'error' },
  { name: 'curl Makefile.mk: branches that set an x86 mingw TRIPLET', path: 'lib/Makefile.mk',
    text: 'ARCH ?=\nifeq ($(ARCH),w64)\n  TRIPLET := x86_64-w64-mingw32\n  CFLAGS  += -m64\n  LDFLAGS += -m64\nelse ifdef ARCH\n  TRIPLET := i686-w64-mingw32\n  CFLAGS  += -m32\nelse\n  TRIPLET ?= $(shell $(CC) -dumpmachine)\nendif\n', ranges: [] },
  { name: 'the same branch without a toolchain is reported', path: 'lib/Makefile.mk',
    text: 'ifeq ($(FLAVOUR),w64)\n  CFLAGS  += -m64\nendif\n', ranges: ['2:14-2:18'], severity: 'error' },
  { name: 'ifeq ($(ARCH),x86_64) guards; its else branch does not', path: 'Makefile',
    text: 'ifeq ($(ARCH),x86_64)\nCFLAGS += -mavx2\nelse\nCFLAGS += -msse4.2\nendif\n', ranges: ['4:11-4:19'], severity: 'error' },
]);

// Shell case arms: Go's $GOOS_$GOARCH spellings and globs.
ruleTable(x86, [
  { name: 'mkall.sh: freebsd_386, linux_mips64le and aix_ppc64 arms', path: 'mkall.sh',
    text: 'case "$GOOSARCH" in\naix_ppc64)\n\tmkerrors="$mkerrors -maix64"\n\t;;\nfreebsd_386)\n\tmkerrors="$mkerrors -m32"\n\t;;\nlinux_mips64le)\n\tmkerrors="$mkerrors -m64"\n\t;;\nlinux_s390x)\n\tmkerrors="$mkerrors -m64"\n\t;;\nesac\n', ranges: [] },
  { name: 'i?86 glob arm', path: 'build.sh',
    text: 'case "$(uname -m)" in\ni?86) CFLAGS="-msse2 -mfpmath=sse" ;;\nx86_64) CFLAGS="-mavx2" ;;\nesac\n', ranges: [] },
  { name: 'mkall.sh netbsd_arm64: -m64 for an ARM arm, compiler not named: warning', path: 'mkall.sh',
    text: 'case "$GOOSARCH" in\nnetbsd_arm64)\n\tmkerrors="$mkerrors -m64"\n\t;;\nesac\n', ranges: ['3:22-3:26'], severity: 'warning', message: /clang accepts it/ },
  { name: 'the default arm is not a guard', path: 'build.sh',
    text: 'case "$GOOSARCH" in\nlinux_386) F=-m32 ;;\n*) F=-m64 ;;\nesac\ngcc $F x.c\n', ranges: ['3:6-3:10'], severity: 'error' },
]);

ruleTable(x86, [
  { name: 'a default goal whose prerequisites are a function call makes nothing opt-in', path: 'Makefile',
    text: 'all: $(patsubst %.c,%,$(wildcard t*.c))\nt1: t1.c\n\tgcc -mavx2 -c t1.c\n', ranges: ['3:6-3:12'], severity: 'error' },
]);
