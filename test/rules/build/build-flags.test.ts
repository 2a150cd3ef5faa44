import { ruleTable } from './table';
import { rule as floatAbi } from '../../../server/src/rules/build/build-float-abi';
import { rule as x86 } from '../../../server/src/rules/build/build-x86-flags';
import { rule as native } from '../../../server/src/rules/build/build-native-cpu';
import { rule as sve } from '../../../server/src/rules/build/build-sve-not-portable';
import { rule as sveFixed } from '../../../server/src/rules/build/build-sve-fixed-length';
import { rule as goarm } from '../../../server/src/rules/build/build-goarm-on-arm64';
import { rule as lse } from '../../../server/src/rules/build/build-goarm64-lse';

ruleTable(floatAbi, [
  { name: 'ARMFLAGS passed to aarch64 gcc is an AArch64 build', path: 'Makefile',
    text: 'ARMFLAGS := -O2 -mfloat-abi=hard\nfoo: foo.c\n\taarch64-linux-gnu-gcc $(ARMFLAGS) -o $@ $<\n',
    ranges: ['1:17-1:33'], severity: 'error', message: /unrecognized command-line option/,
    fixed: 'ARMFLAGS := -O2\nfoo: foo.c\n\taarch64-linux-gnu-gcc $(ARMFLAGS) -o $@ $<\n' },
  { name: 'the same flags for arm-linux-gnueabihf-gcc are fine', path: 'Makefile',
    text: 'ARMFLAGS := -mfloat-abi=hard -mfpu=neon\nfoo: foo.c\n\tarm-linux-gnueabihf-gcc $(ARMFLAGS) -o $@ $<\n', ranges: [] },
  { name: 'unguarded: warning, no fix', path: 'Makefile', text: 'CFLAGS += -mfpu=neon\n', ranges: ['1:11-1:21'], severity: 'warning', noFix: true },
  { name: 'inside an armv7 guard', path: 'CMakeLists.txt',
    text: 'if(CMAKE_SYSTEM_PROCESSOR MATCHES "armv7")\n  add_compile_options(-mfpu=neon)\nendif()\n', ranges: [] },
  { name: 'soft-float with the armhf toolchain', path: 'build.sh',
    text: 'arm-linux-gnueabihf-gcc -mfloat-abi=softfp -c f.c\n', ranges: ['1:25-1:43'], message: /VFP register arguments/ },
  { name: 'a comment is not a flag', path: 'Makefile', text: '# CFLAGS += -mfloat-abi=hard\nall:\n', ranges: [] },
  { name: 'Dockerfile RUN with the aarch64 cross compiler', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN aarch64-linux-gnu-gcc -mfloat-abi=hard -c x.c\n', ranges: ['2:27-2:43'],
    fixed: 'FROM debian:12\nRUN aarch64-linux-gnu-gcc -c x.c\n' },
  { name: 'cgo line scoped to arm', path: 'x.go', text: 'package x\n// #cgo arm CFLAGS: -mfpu=neon\nimport "C"\n', ranges: [] },
]);

ruleTable(x86, [
  { name: 'unguarded CFLAGS in a Makefile; fix puts it under an x86 guard', path: 'Makefile',
    text: 'CFLAGS += -O2 -msse4.2\nall:\n\t$(CC) $(CFLAGS) x.c\n', ranges: ['1:15-1:23'], message: /clang only warns/,
    fixed: 'CFLAGS += -O2\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nCFLAGS += -msse4.2\nendif\nall:\n\t$(CC) $(CFLAGS) x.c\n' },
  // Issue 15: fix-all guards the flags of one line in turn; the second goes into the block the first one wrote.
  { name: 'a second flag of the line joins the guard a fix wrote below it', path: 'Makefile',
    text: 'CFLAGS = -O2 -mavx2\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nCFLAGS += -msse4.2\nendif\n', ranges: ['1:14-1:20'],
    fixed: 'CFLAGS = -O2\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nCFLAGS += -msse4.2\nCFLAGS += -mavx2\nendif\n' },
  { name: 'a guard below the line that does more than add flags gets a block of its own', path: 'Makefile',
    text: 'CFLAGS = -O2 -mavx2\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nLDFLAGS += -lx\nendif\n', ranges: ['1:14-1:20'],
    fixed: 'CFLAGS = -O2\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nCFLAGS += -mavx2\nendif\nifneq ($(filter x86_64 i686 i386,$(shell uname -m)),)\nLDFLAGS += -lx\nendif\n' },
  { name: 'CMake: a second flag joins the guard too', path: 'CMakeLists.txt',
    text: 'add_compile_options(-Wall -mpopcnt)\nif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i[3-6]86)$")\n  add_compile_options(-mavx2)\nendif()\n', ranges: ['1:27-1:35'],
    fixed: 'add_compile_options(-Wall)\nif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i[3-6]86)$")\n  add_compile_options(-mavx2)\n  add_compile_options(-mpopcnt)\nendif()\n' },
  { name: 'inside ifeq uname x86_64: silent', path: 'Makefile',
    text: 'ifeq ($(shell uname -m),x86_64)\nCFLAGS += -mavx2\nelse\nCFLAGS += -O3\nendif\n', ranges: [] },
  { name: 'in the else-branch of an aarch64 check: silent', path: 'Makefile',
    text: 'ifeq ($(shell uname -m),aarch64)\nCFLAGS += -mcpu=neoverse-n1\nelse\nCFLAGS += -mavx2\nendif\n', ranges: [] },
  { name: 'ifneq x86_64 branch reaches arm64', path: 'Makefile',
    text: 'ifneq ($(ARCH),x86_64)\nCFLAGS += -m64\nendif\n', ranges: ['2:11-2:15'] },
  { name: 'CMake set() fixed with a CMAKE_SYSTEM_PROCESSOR guard', path: 'CMakeLists.txt',
    text: 'set(CMAKE_C_FLAGS "${CMAKE_C_FLAGS} -O2 -mavx2")\n', ranges: ['1:41-1:47'],
    fixed: 'set(CMAKE_C_FLAGS "${CMAKE_C_FLAGS} -O2")\nif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i[3-6]86)$")\n  string(APPEND CMAKE_C_FLAGS " -mavx2")\nendif()\n' },
  { name: 'CMake add_compile_options fix', path: 'CMakeLists.txt',
    text: 'add_compile_options(-Wall -mpopcnt)\n', ranges: ['1:27-1:35'],
    fixed: 'add_compile_options(-Wall)\nif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i[3-6]86)$")\n  add_compile_options(-mpopcnt)\nendif()\n' },
  { name: 'CMake x86 guard and probe: silent', path: 'CMakeLists.txt',
    text: 'check_cxx_compiler_flag(-mavx2 HAVE_AVX2)\nif(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")\n  add_compile_options(-msse4.2)\nendif()\nif(HAVE_AVX2)\n  target_compile_options(app PRIVATE -mavx2)\nendif()\n', ranges: [] },
  { name: 'CMake NOT arm guard: silent', path: 'CMakeLists.txt',
    text: 'if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")\n  add_compile_options(-mavx2)\nendif()\n', ranges: [] },
  { name: 'CMake toolchain file for aarch64: map fix offered', path: 'toolchain-aarch64.cmake',
    text: 'set(CMAKE_SYSTEM_PROCESSOR aarch64)\nset(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)\nset(CMAKE_C_FLAGS_INIT "-msse4.2")\n', ranges: ['3:25-3:33'],
    fixed: 'set(CMAKE_SYSTEM_PROCESSOR aarch64)\nset(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)\nset(CMAKE_C_FLAGS_INIT "-march=armv8-a+crc")\n' },
  { name: 'aarch64 cross command: -m64 removal suggested', path: 'build.sh',
    text: 'aarch64-linux-gnu-gcc -O2 -m64 -c x.c\n', ranges: ['1:27-1:31'], fixed: 'aarch64-linux-gnu-gcc -O2 -c x.c\n' },
  { name: 'build script that builds amd64 on purpose', path: 'build.sh',
    text: '#!/bin/sh\nexport CC=x86_64-linux-gnu-gcc\n$CC -mavx2 -o app app.c\n', ranges: [] },
  { name: 'shell case on uname -m', path: 'build.sh',
    text: 'case "$(uname -m)" in\n  x86_64) CFLAGS="-mavx2" ;;\n  *) CFLAGS="" ;;\nesac\ngcc -m64 x.c\n', ranges: ['5:5-5:9'] },
  { name: 'shell if with [ ] && guard', path: 'build.sh',
    text: '[ "$(uname -m)" = x86_64 ] && gcc -msse4.2 x.c\n', ranges: [] },
  { name: 'Dockerfile amd64-only stage: silent; multi-arch stage: reported', path: 'Dockerfile',
    text: 'FROM --platform=linux/amd64 gcc:13 AS x86\nRUN gcc -mavx2 x.c\nFROM gcc:13\nRUN gcc -mavx2 x.c\n', ranges: ['4:9-4:15'] },
  { name: 'meson cpu_family guard', path: 'meson.build',
    text: "if host_machine.cpu_family() == 'x86_64'\n  add_project_arguments('-msse4.2', language: 'c')\nendif\nadd_project_arguments('-mavx', language: 'c')\n", ranges: ['4:24-4:29'] },
  { name: 'ifneq ($(filter x86_64,...),) is a positive x86 test', path: 'Makefile',
    text: 'ifneq ($(filter x86_64 amd64,$(ARCH)),)\nCFLAGS += -mavx2\nendif\n', ranges: [] },
  { name: 'not an x86 flag', path: 'Makefile', text: 'CFLAGS += -march=armv8.2-a -mtune=neoverse-n1 -mbranch-protection=standard\n', ranges: [] },
]);

ruleTable(native, [
  { name: 'Dockerfile -march=native', path: 'Dockerfile', text: 'FROM gcc:13\nRUN gcc -O3 -march=native -o app app.c\n', ranges: ['2:13-2:26'], message: /SIGILL/ },
  { name: 'RUSTFLAGS target-cpu=native', path: 'Dockerfile', text: 'FROM rust:1\nENV RUSTFLAGS="-C target-cpu=native"\n', ranges: ['2:16-2:36'] },
  { name: 'GOAMD64=v3 in an image', path: 'Dockerfile', text: 'FROM golang:1.22\nRUN GOAMD64=v3 go build .\n', ranges: ['2:5-2:15'] },
  { name: '-mtune=native only tunes', path: 'Dockerfile', text: 'FROM gcc:13\nRUN gcc -mtune=native x.c\n', ranges: [] },
  { name: 'a local Makefile is not checked', path: 'Makefile', text: 'CFLAGS += -march=native\n', ranges: [] },
  { name: 'release script', path: 'scripts/release.sh', text: 'aarch64-linux-gnu-gcc -mcpu=native x.c\n', ranges: ['1:23-1:35'],
    fixed: 'aarch64-linux-gnu-gcc -march=armv8.2-a x.c\n' },
  { name: 'dev script is not an artifact', path: 'scripts/dev.sh', text: 'gcc -march=native x.c\n', ranges: [] },
]);

ruleTable(sve, [
  { name: 'whole build with neoverse-v1', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-v1\n', ranges: ['1:11-1:28'], message: /Graviton2/ },
  { name: 'armv9-a enables SVE2', path: 'CMakeLists.txt', text: 'add_compile_options(-march=armv9-a)\n', ranges: ['1:21-1:35'], message: /SVE2/ },
  { name: '+sve in an arch string', path: 'build.sh', text: 'gcc -march=armv8.2-a+sve x.c\n', ranges: ['1:5-1:25'],
    fixed: 'gcc -march=armv8.2-a x.c\n' },
  { name: 'per-file SVE flags (runtime dispatch) stay silent', path: 'CMakeLists.txt',
    text: 'set_source_files_properties(kernel_sve.c PROPERTIES COMPILE_OPTIONS -march=armv8.2-a+sve)\nset(SVE_FLAGS "-march=armv8-a+sve")\n', ranges: [] },
  { name: 'x86 stage is not an ARM build', path: 'Makefile', text: 'ifeq ($(ARCH),x86_64)\nX := -mcpu=neoverse-v1\nendif\n', ranges: [] },
  { name: 'armv8.2-a baseline and nosve', path: 'Makefile', text: 'CFLAGS += -march=armv8.2-a -mcpu=neoverse-v1+nosve\n', ranges: [] },
]);

ruleTable(sveFixed, [
  { name: 'fixed 256-bit', path: 'Makefile', text: 'CFLAGS += -march=armv8-a+sve -msve-vector-bits=256\n', ranges: ['1:30-1:51'], message: /silently computes wrong results/,
    fixed: 'CFLAGS += -march=armv8-a+sve -msve-vector-bits=scalable\n' },
  { name: 'scalable is fine', path: 'Makefile', text: 'CFLAGS += -msve-vector-bits=scalable\n', ranges: [] },
  { name: 'CMake else-branch of x86 check', path: 'CMakeLists.txt',
    text: 'if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64")\n  add_compile_options(-mavx2)\nelse()\n  add_compile_options(-msve-vector-bits=512)\nendif()\n', ranges: ['4:23-4:44'],
    fixed: 'if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64")\n  add_compile_options(-mavx2)\nelse()\n  add_compile_options(-msve-vector-bits=scalable)\nendif()\n' },
]);

ruleTable(goarm, [
  { name: 'same command', path: 'build.sh', text: 'GOARCH=arm64 GOARM=7 go build ./...\n', ranges: ['1:14-1:21'], severity: 'info', message: /GOARM64/ },
  { name: 'exported for the script', path: 'build.sh', text: 'export GOARCH=arm64\nexport GOARM=7\ngo build\n', ranges: ['2:8-2:15'] },
  { name: 'GOARCH=arm is the right pair', path: 'build.sh', text: 'GOARCH=arm GOARM=7 go build\nGOARCH=arm64 go build\n', ranges: [] },
  { name: 'Dockerfile ENV in one stage', path: 'Dockerfile', text: 'FROM golang:1.22\nENV GOARCH=arm64 GOARM=7\nRUN go build\n', ranges: ['2:18-2:25'] },
  { name: 'Dockerfile TARGETVARIANT idiom', path: 'Dockerfile', text: 'FROM golang:1.22\nARG TARGETARCH TARGETVARIANT\nRUN GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} go build\n', ranges: [] },
  { name: 'Makefile recipe', path: 'Makefile', text: 'arm64:\n\tGOARCH=arm64 GOARM=7 go build\narm:\n\tGOARCH=arm GOARM=6 go build\n', ranges: ['2:15-2:22'] },
]);

ruleTable(lse, [
  { name: 'v8.1 needs LSE', path: 'build.sh', text: 'GOARCH=arm64 GOARM64=v8.1 go build\n', ranges: ['1:14-1:26'], message: /LSE support/ },
  { name: 'v9.0 in a Dockerfile ENV', path: 'Dockerfile', text: 'FROM golang:1.23\nENV GOARM64="v9.0"\n', ranges: ['2:5-2:19'] },
  { name: 'v8.0,lse', path: 'Makefile', text: 'export GOARM64 = v8.0,lse\n', ranges: ['1:8-1:26'] },
  { name: 'v8.0 is the portable default', path: 'build.sh', text: 'GOARM64=v8.0 go build\nGOARM64=v8.0,crypto go build\n', ranges: [] },
]);

ruleTable(floatAbi, [
  { name: 'a 32-bit ARM Makefile (armv7, gnueabihf prefix) is not an arm64 build', path: 'v7/params.mk',
    text: 'ARCH = arm\nASFLAGS_EXTRA = -mfpu=neon\nMARCH = armv7-a\nPREFIX = arm-linux-gnueabihf\n', ranges: [] },
]);

ruleTable(sveFixed, [
  { name: 'a toolchain file dedicated to SVE-512 pins its fleet', path: 'toolchain/gcc.aarch64.sve.cmake',
    text: 'set(CMAKE_SYSTEM_PROCESSOR aarch64)\nset(CMAKE_CXX_FLAGS "-march=armv8-a+sve -msve-vector-bits=512")\n', ranges: [] },
]);

ruleTable(x86, [
  { name: '-mtune=generic is valid on AArch64 too', path: 'Makefile', text: 'CFLAGS += -O2 -mtune=generic\n', ranges: [] },
  { name: 'x86 tuning names are not', path: 'Makefile', text: 'CFLAGS += -mtune=haswell -march=x86-64-v3\n', ranges: ['1:11-1:25', '1:26-1:42'] },
]);

ruleTable(x86, [
  { name: 'a file named for x86 is only included on x86', path: 'cmake/architecture/x86_64.cmake',
    text: 'set(ARCHCFLAGS "-msse4.2")\n', ranges: [] },
  { name: 'a Makefile for aarch64 is an AArch64 build', path: 'Makefile.aarch64',
    text: 'CFLAGS += -mavx2\n', ranges: ['1:11-1:17'] },
]);
ruleTable(floatAbi, [
  { name: 'a Makefile for aarch64: float-abi is an error there', path: 'mk/aarch64/flags.mk',
    text: 'CFLAGS += -mfloat-abi=hard\n', ranges: ['1:11-1:27'], severity: 'error' },
]);
