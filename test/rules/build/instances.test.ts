// Deployment presets change the advice of the SVE, vector-length and LSE rules, tested per preset; without
// presets the rules behave as before (build-flags.test.ts).
import { expect } from 'vitest';
import { ruleTable } from './table';
import { rule as sve } from '../../../server/src/rules/build/build-sve-not-portable';
import { rule as sveFixed } from '../../../server/src/rules/build/build-sve-fixed-length';
import { rule as lse } from '../../../server/src/rules/build/build-lse-atomics';
import { rule as native } from '../../../server/src/rules/build/build-native-cpu';
import { rule as goarm64 } from '../../../server/src/rules/build/build-goarm64-lse';
import type { InstanceId } from '../../../server/src/deploy/instances';

const fleet = (...instances: InstanceId[]) => ({ config: { instances } });
const SVE256 = 'CFLAGS += -march=armv8.2-a+sve -msve-vector-bits=256\n';

ruleTable(sveFixed, [
  { name: 'graviton3: 256 is its vector length', path: 'Makefile', text: SVE256, ...fleet('graviton3'), ranges: [] },
  { name: 'graviton4: 256 is silently wrong', path: 'Makefile', text: SVE256, ...fleet('graviton4'), ranges: ['1:32-1:53'], severity: 'error',
    message: /^-msve-vector-bits=256 is silently wrong on graviton4 \(128-bit SVE\): code compiled for 256-bit vectors computes wrong results there, it does not crash\. Use -msve-vector-bits=scalable/,
    fixed: 'CFLAGS += -march=armv8.2-a+sve -msve-vector-bits=scalable\n' },
  { name: 'graviton3 and graviton4: right on one, silently wrong on the other', path: 'Makefile', text: SVE256, ...fleet('graviton3', 'graviton4'),
    ranges: ['1:32-1:53'], severity: 'error', message: /^-msve-vector-bits=256 is right on graviton3 \(256-bit SVE\) and silently wrong on graviton4 \(128-bit SVE\)/ },
  { name: 'graviton4, axion and grace share 128', path: 'Makefile', text: 'CFLAGS += -march=armv9-a -msve-vector-bits=128\n', ...fleet('graviton4', 'axion', 'grace'), ranges: [] },
  { name: 'graviton2 has no SVE at all: SIGILL there', path: 'Makefile', text: SVE256, ...fleet('graviton2', 'graviton3'), ranges: ['1:32-1:53'], severity: 'error',
    message: /right on graviton3 \(256-bit SVE\); on graviton2 \(no SVE\) its SVE instructions raise SIGILL/ },
  { name: 'cobalt100: vector length not sourced, so a warning that says so', path: 'Makefile', text: 'CFLAGS += -march=armv9-a -msve-vector-bits=128\n', ...fleet('cobalt100'),
    ranges: ['1:26-1:47'], severity: 'warning', message: /vector length of cobalt100 is not known/ },
  { name: 'a file dedicated to SVE-256 is checked against the fleet', path: 'toolchain/gcc.aarch64.sve.cmake',
    text: 'set(CMAKE_SYSTEM_PROCESSOR aarch64)\nset(CMAKE_C_FLAGS "-march=armv8-a+sve -msve-vector-bits=256")\n', ...fleet('graviton4'), ranges: ['2:39-2:60'] },
  { name: 'the same file for graviton3 is right', path: 'toolchain/gcc.aarch64.sve.cmake',
    text: 'set(CMAKE_SYSTEM_PROCESSOR aarch64)\nset(CMAKE_C_FLAGS "-march=armv8-a+sve -msve-vector-bits=256")\n', ...fleet('graviton3'), ranges: [] },
]);

ruleTable(sve, [
  { name: 'neoverse-v1 on a Graviton2+3 fleet fails on the Graviton2 hosts', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-v1\n', ...fleet('graviton2', 'graviton3'),
    ranges: ['1:11-1:28'], message: /^-mcpu=neoverse-v1 enables SVE for the whole build: it fails \(SIGILL\) on the graviton2 hosts \(Neoverse N1: no SVE, Armv8\.2 only\); graviton3 runs it\. For this fleet build with -march=armv8\.2-a/,
    fixed: 'CFLAGS += -march=armv8.2-a\n' },
  { name: 'neoverse-v1 on Graviton3 only is right', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-v1\n', ...fleet('graviton3'), ranges: [] },
  { name: 'neoverse-v1 runs on Graviton3 and Graviton4', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-v1\n', ...fleet('graviton3', 'graviton4'), ranges: [] },
  { name: 'neoverse-v2 on Graviton3: no SVE2', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-v2\n', ...fleet('graviton3'),
    ranges: ['1:11-1:28'], message: /graviton3 hosts \(Neoverse V1: no SVE2, Armv8\.4 only\)/, fixed: 'CFLAGS += -mcpu=neoverse-v1\n' },
  { name: 'armv9-a on Graviton4, Axion and Cobalt 100', path: 'build.sh', text: 'gcc -march=armv9-a -O2 x.c\n', ...fleet('graviton4', 'axion', 'cobalt100'), ranges: [] },
  { name: 'Graviton3+4 fleet baseline keeps SVE', path: 'Makefile', text: 'CFLAGS += -march=armv9-a\n', ...fleet('graviton3', 'graviton4'),
    ranges: ['1:11-1:25'], fixed: 'CFLAGS += -march=armv8.4-a+sve\n' },
  { name: 'runtime-dispatched SVE file stays silent with a fleet', path: 'CMakeLists.txt',
    text: 'set_source_files_properties(kernel_sve.c PROPERTIES COMPILE_OPTIONS -march=armv8.2-a+sve)\n', ...fleet('graviton2', 'graviton3'), ranges: [] },
]);

ruleTable(lse, [
  { name: 'without presets: silent', path: 'Makefile', text: 'CFLAGS += -march=armv8-a+crc\n', ranges: [] },
  { name: 'armv8-a on an all-LSE fleet: outline helpers; armv8.2-a inlines LDADD', path: 'Makefile', text: 'CFLAGS += -march=armv8-a+crc\n', ...fleet('graviton2', 'graviton3'),
    ranges: ['1:11-1:29'], severity: 'info', message: /__aarch64_ldadd\*.*Every instance of this fleet \(graviton2 and graviton3\) has LSE, so -march=armv8\.2-a\+crc makes them single LDADD\/CAS\/SWP instructions/,
    fixed: 'CFLAGS += -march=armv8.2-a+crc\n' },
  { name: 'with -mno-outline-atomics: LL/SC loops', path: 'build.sh', text: 'gcc -march=armv8-a -mno-outline-atomics -O2 -c x.c\n', ...fleet('ampere-altra'),
    ranges: ['1:5-1:19'], message: /with -mno-outline-atomics the atomics compile to LDXR\/STXR retry loops/, fixed: 'gcc -march=armv8.2-a -mno-outline-atomics -O2 -c x.c\n' },
  { name: '-mno-outline-atomics with the default -march', path: 'Makefile', text: 'CFLAGS += -O2 -mno-outline-atomics\n', ...fleet('graviton4'),
    ranges: ['1:15-1:35'], message: /default -march=armv8-a compiles atomics to LDXR\/STXR retry loops.*add -march=armv9-a/ },
  { name: 'cortex-a72 tuning on Ampere Altra', path: 'Makefile', text: 'CFLAGS += -mcpu=cortex-a72\n', ...fleet('ampere-altra'), ranges: ['1:11-1:27'], fixed: 'CFLAGS += -mcpu=neoverse-n1\n' },
  { name: 'armv8.2-a on Graviton2: already LSE', path: 'Makefile', text: 'CFLAGS += -march=armv8.2-a\n', ...fleet('graviton2'), ranges: [] },
  { name: 'Graviton1 in the fleet: LSE instructions raise SIGILL there', path: 'Makefile', text: 'CFLAGS += -mcpu=neoverse-n1\n', ...fleet('graviton1', 'graviton2'),
    ranges: ['1:11-1:28'], severity: 'warning', message: /SIGILL on the graviton1 hosts \(Cortex-A72: no LSE atomics, Armv8\.0 only\)/, fixed: 'CFLAGS += -march=armv8-a\n' },
  { name: 'Graviton1 fleet with armv8-a: nothing to say (no LSE anywhere useful)', path: 'Makefile', text: 'CFLAGS += -march=armv8-a\n', ...fleet('graviton1', 'graviton2'), ranges: [] },
  { name: 'an x86 branch is not an ARM build', path: 'Makefile', text: 'ifeq ($(shell uname -m),x86_64)\nCFLAGS += -march=x86-64-v2\nelse\nCFLAGS += -march=armv8.2-a\nendif\n', ...fleet('graviton2'), ranges: [] },
]);

expect(lse.meta.defaultSeverity).toBe('info');

ruleTable(native, [
  { name: 'without presets: the all-Graviton baseline', path: 'Dockerfile', text: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -march=native -O2 -o app app.c\n',
    ranges: ['2:9-2:22'], message: /Use an explicit baseline such as -march=armv8\.2-a\./, fixed: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -march=armv8.2-a -O2 -o app app.c\n' },
  { name: 'a fleet with Graviton1: armv8.2-a would SIGILL there, so armv8-a', path: 'Dockerfile', text: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -march=native -O2 -o app app.c\n', ...fleet('graviton1', 'graviton2'),
    ranges: ['2:9-2:22'], message: /For this fleet \(graviton1 and graviton2\) use -march=armv8-a\./, fixed: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -march=armv8-a -O2 -o app app.c\n' },
  { name: 'a Graviton4-only fleet: its -mcpu', path: 'Dockerfile', text: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -mcpu=native -O2 -o app app.c\n', ...fleet('graviton4'),
    ranges: ['2:9-2:21'], fixed: 'FROM --platform=linux/arm64 gcc:13\nRUN gcc -mcpu=neoverse-v2 -O2 -o app app.c\n' },
]);

ruleTable(lse, [
  { name: 'an AArch32 build (-mfpu, -mfloat-abi) is not an AArch64 one', path: 'CMakeLists.txt',
    text: 'set(CMAKE_C_FLAGS_INIT "-march=armv8-a+crc -mcpu=cortex-a53 -mfpu=crypto-neon-fp-armv8 -mfloat-abi=hard")\n', ...fleet('graviton2'), ranges: [] },
]);

ruleTable(sve, [
  { name: 'a level above Graviton4 with its SVE2: can fail, not fails', path: 'Makefile', text: 'CFLAGS += -march=armv9.2-a\n', ...fleet('graviton4'),
    ranges: ['1:11-1:27'], message: /it can fail \(SIGILL\) on the graviton4 hosts \(Neoverse V2: Armv9\.0 only\)\. For this fleet build with -mcpu=neoverse-v2/ },
]);

ruleTable(goarm64, [
  { name: 'without presets: the generic info', path: 'build.sh', text: 'GOARCH=arm64 GOARM64=v8.2 go build\n', ranges: ['1:14-1:26'], severity: 'info' },
  { name: 'every instance has LSE: silent', path: 'build.sh', text: 'GOARCH=arm64 GOARM64=v8.2 go build\n', ...fleet('graviton2', 'graviton4', 'axion'), ranges: [] },
  { name: 'a graviton1 in the fleet: warning naming it', path: 'build.sh', text: 'GOARCH=arm64 GOARM64=v8.2 go build\n', ...fleet('graviton1', 'graviton2'),
    ranges: ['1:14-1:26'], severity: 'warning', message: /on the graviton1 hosts \(Cortex-A72, no LSE\) the binary exits at start/ },
]);

// RediSearch's CMakeLists.txt (PR #9262, at 075d9f3): the NOT negates APPLE, not the AArch64 test.
const REDISEARCH = 'if(NOT APPLE AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$" AND INLINE_LSE_ATOMICS)\n' +
  '    set(_aarch64_lse_flags "-march=armv8-a+lse -mtune=neoverse-n1 -mno-outline-atomics")\nendif()\n';
ruleTable(lse, [
  { name: 'RediSearch inline LSE on a fleet with Graviton1: SIGILL there', path: 'CMakeLists.txt', text: REDISEARCH, ...fleet('graviton1', 'graviton2'),
    ranges: ['2:29-2:47'], severity: 'warning', message: /SIGILL on the graviton1 hosts \(Cortex-A72: no LSE atomics\)/ },
  { name: 'RediSearch inline LSE on Graviton2+: right', path: 'CMakeLists.txt', text: REDISEARCH, ...fleet('graviton2', 'graviton4'), ranges: [] },
]);
ruleTable(sve, [
  { name: 'NOT on another term does not negate the arch test', path: 'CMakeLists.txt',
    text: 'if(NOT MSVC AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64")\n  add_compile_options(-mcpu=neoverse-v1)\nendif()\n', ...fleet('graviton2'), ranges: [] },
  { name: 'NOT (x86 test) is still an ARM branch', path: 'CMakeLists.txt',
    text: 'if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64")\n  add_compile_options(-mcpu=neoverse-v1)\nendif()\n', ...fleet('graviton2'), ranges: ['2:23-2:40'] },
]);
