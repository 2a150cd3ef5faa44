// build-jemalloc-lg-page: jemalloc's configured page size in Dockerfiles, shell scripts and Makefiles, with the
// x86-only branches that are not reported. The abort itself is jemalloc's pages_boot() check (os_page > PAGE);
// docs/rules/build-jemalloc-lg-page.md has the qemu-aarch64 run of a jemalloc built with lg-page 12 and 16.
import { expect } from 'vitest';
import { ruleTable } from './table';
import { rule } from '../../../server/src/rules/build/build-jemalloc-lg-page';

ruleTable(rule, [
  { name: 'Dockerfile RUN configure --with-lg-page=12; the suggestion sets 16', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN cd jemalloc && ./configure --with-lg-page=12 --prefix=/usr && make -j4 install\n',
    ranges: ['2:32-2:49'], message: /4 KiB pages \(lg-page 12\).*Unsupported system page size.*16 KiB/,
    fixed: 'FROM debian:12\nRUN cd jemalloc && ./configure --with-lg-page=16 --prefix=/usr && make -j4 install\n' },
  { name: 'Dockerfile ENV for tikv-jemalloc-sys (both ENV forms)', path: 'Dockerfile',
    text: 'FROM rust:1.80 AS build\nENV JEMALLOC_SYS_WITH_LG_PAGE=12\nFROM rust:1.80 AS b2\nENV JEMALLOC_SYS_WITH_LG_PAGE 13\n',
    ranges: ['2:5-2:33', '4:5-4:33'],
    afterFix: (out) => expect(out).toContain('ENV JEMALLOC_SYS_WITH_LG_PAGE=16\n') },
  { name: 'shell export of 14 (16 KiB): fails on 64 KiB kernels only', path: 'scripts/release.sh',
    text: '#!/bin/sh\nexport JEMALLOC_SYS_WITH_LG_PAGE=14\ncargo build --release\n',
    ranges: ['2:8-2:36'], message: /^(?!.*Asahi).*64 KiB kernels/ },
  { name: 'Makefile: unguarded, and an arm64 branch with 14', path: 'Makefile',
    text: 'JEMALLOC_CONF = --with-lg-page=12\nifeq ($(ARCH),arm64)\n  JE_ARM = --with-lg-page=14\nendif\n',
    ranges: ['1:17-1:34', '3:12-3:29'] },
  // With deployment presets (--instance), the fleet's largest kernel page decides.
  { name: 'preset graviton3: lg-page 14 aborts on its 64 KiB (RHEL) kernels; the suggestion sets 16', path: 'scripts/release.sh',
    text: '#!/bin/sh\nexport JEMALLOC_SYS_WITH_LG_PAGE=14\ncargo build --release\n', config: { instances: ['graviton3'] },
    ranges: ['2:8-2:36'], message: /16 KiB pages \(lg-page 14\).*on the 64 KiB kernels \(RHEL 8 and later.*\) of graviton3\. Use lg-page 16/,
    fixed: '#!/bin/sh\nexport JEMALLOC_SYS_WITH_LG_PAGE=16\ncargo build --release\n' },
  { name: 'preset apple-m1: lg-page 12 aborts on its 16 KiB kernels; the suggestion sets 14', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN ./configure --with-lg-page=12 && make\n', config: { instances: ['apple-m1'] },
    ranges: ['2:17-2:34'], message: /on the 16 KiB kernels \(macOS, Asahi Linux\) of apple-m1\. Use lg-page 14/,
    fixed: 'FROM debian:12\nRUN ./configure --with-lg-page=14 && make\n' },
  { name: 'preset apple-m1: lg-page 14 fits its 16 KiB pages (not reported)', path: 'scripts/release.sh',
    text: '#!/bin/sh\nexport JEMALLOC_SYS_WITH_LG_PAGE=14\ncargo build --release\n', config: { instances: ['apple-m1'] }, ranges: [] },
  { name: 'a fleet of apple-m1 and graviton2: 64 KiB decides', path: 'scripts/release.sh',
    text: '#!/bin/sh\nexport JEMALLOC_SYS_WITH_LG_PAGE=14\ncargo build --release\n', config: { instances: ['apple-m1', 'graviton2'] },
    ranges: ['2:8-2:36'], message: /on the 64 KiB kernels .* of apple-m1 and graviton2\. Use lg-page 16/ },
  // Not reported.
  { name: 'Makefile: the Debian idiom, 12 only for x86 and 16 elsewhere', path: 'Makefile',
    text: 'ifneq (,$(findstring $(DEB_HOST_ARCH),i386 amd64 x32))\n  OPTS += --with-lg-page=12\nelse\n  OPTS += --with-lg-page=16\nendif\n',
    ranges: [] },
  { name: 'Makefile: else branch of an arm64 test', path: 'Makefile',
    text: 'ifeq ($(shell uname -m),aarch64)\n  OPTS += --with-lg-page=16\nelse\n  OPTS += --with-lg-page=12\nendif\n',
    ranges: [] },
  { name: 'shell: case on uname -m; a comment; lg-hugepage', path: 'build.sh',
    text: '#!/bin/sh\n# --with-lg-page=12 is what x86 wants\ncase "$(uname -m)" in\n  x86_64) OPTS="--with-lg-page=12" ;;\n  *) OPTS="--with-lg-page=16" ;;\nesac\n./configure $OPTS --with-lg-hugepage=21\n',
    ranges: [] },
  { name: 'Dockerfile: TARGETARCH test, and an amd64-pinned stage', path: 'Dockerfile',
    text: 'FROM --platform=linux/amd64 debian:12 AS x\nRUN ./configure --with-lg-page=12\nFROM debian:12\nARG TARGETARCH\nRUN if [ "$TARGETARCH" = "amd64" ]; then export JEMALLOC_SYS_WITH_LG_PAGE=12; else export JEMALLOC_SYS_WITH_LG_PAGE=16; fi && cargo build\n',
    ranges: [] },
]);
