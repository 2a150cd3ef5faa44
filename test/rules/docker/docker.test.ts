import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, runRule } from '../../helpers/ruleTester';
import { ruleTable } from '../build/table';
import { parseDockerfile } from '../../../server/src/lang/dockerfile/model';
import { MAX_FIX_MENTIONS, rule as hardcoded } from '../../../server/src/rules/docker/docker-hardcoded-arch';
import { rule as constant } from '../../../server/src/rules/docker/docker-platform-constant';
import { rule as redundant } from '../../../server/src/rules/docker/docker-platform-redundant';
import { rule as undeclared } from '../../../server/src/rules/docker/docker-targetarch-undeclared';
import { rule as goarch } from '../../../server/src/rules/docker/docker-goarch-hardcoded';
import { rule as cgo } from '../../../server/src/rules/docker/docker-cgo-cross';
import { rule as uname } from '../../../server/src/rules/docker/docker-uname-buildplatform';
import { rule as apt } from '../../../server/src/rules/docker/docker-apt-amd64-only';
import { rule as ports } from '../../../server/src/rules/docker/docker-ubuntu-ports';
import { rule as paths } from '../../../server/src/rules/docker/docker-arch-paths';
import { rule as image } from '../../../server/src/rules/docker/docker-amd64-only-image';

/**
 * Runs the RUN instruction that downloads (the one calling curl/wget) with TARGETARCH set, curl/wget replaced by
 * echo, and returns what it would download: proves the fixed Dockerfile fetches the right file per platform.
 */
function downloadedUrls(dockerfile: string, targetarch: string): string {
  const m = parseDockerfile(dockerfile);
  const run = m.runs.find((r) => /curl|wget/.test(r.text))!;
  // Dockerfile line continuations are shell line continuations; ARG TARGETARCH makes it an env var.
  const script = `curl() { for a in "$@"; do case "$a" in http*) echo "$a";; esac; done; }; wget() { curl "$@"; }; unzip() { :; }; tar() { :; }; chmod() { :; }; mv() { :; }; rm() { :; }\n${run.text}`;
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, TARGETARCH: targetarch }, encoding: 'utf8' }).trim();
}

ruleTable(hardcoded, [
  { name: 'kubectl amd64 path segment; fix uses ${TARGETARCH}', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl\n',
    ranges: ['2:84-2:89'], message: /exec format error/,
    fixed: 'FROM debian:12\nARG TARGETARCH\nRUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/${TARGETARCH}/kubectl\n',
    afterFix: (out) => {
      expect(downloadedUrls(out, 'amd64')).toBe('https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl');
      expect(downloadedUrls(out, 'arm64')).toBe('https://dl.k8s.io/release/v1.30.0/bin/linux/arm64/kubectl');
    } },
  { name: 'protoc x86_64 maps to aarch_64', path: 'Dockerfile',
    text: 'FROM debian:12\nARG TARGETARCH\nRUN curl -LO "https://github.com/protocolbuffers/protobuf/releases/download/v25.1/protoc-25.1-linux-x86_64.zip" && unzip protoc-25.1-linux-x86_64.zip\n',
    ranges: ['3:101-3:107', '3:140-3:146'],
    afterFix: (out) => {
      expect(out).not.toMatch(/ARG TARGETARCH\nARG TARGETARCH/);
      expect(downloadedUrls(out, 'amd64')).toBe('https://github.com/protocolbuffers/protobuf/releases/download/v25.1/protoc-25.1-linux-x86_64.zip');
      expect(downloadedUrls(out, 'arm64')).toBe('https://github.com/protocolbuffers/protobuf/releases/download/v25.1/protoc-25.1-linux-aarch_64.zip');
    } },
  { name: 'AWS CLI x86_64 maps to aarch64, URL in a variable, continuation lines', path: 'Dockerfile',
    text: 'FROM ubuntu:24.04\nRUN URL=https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip \\\n && curl -o a.zip "$URL"\n',
    ranges: ['2:55-2:61'],
    afterFix: (out) => {
      expect(downloadedUrls(out, 'amd64')).toBe('https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip');
      expect(downloadedUrls(out, 'arm64')).toBe('https://awscli.amazonaws.com/awscli-exe-linux-aarch64.zip');
    } },
  { name: 'Node x64 maps to arm64 (heredoc RUN)', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSLO https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz\nEOF\n',
    ranges: ['4:66-4:69'],
    afterFix: (out) => {
      expect(downloadedUrls(out, 'arm64')).toBe('https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-arm64.tar.xz');
      expect(downloadedUrls(out, 'amd64')).toBe('https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz');
    } },
  { name: 'ADD with amd64 URL', path: 'Dockerfile',
    text: 'FROM alpine:3\nADD https://example.com/tool_1.0_linux_amd64.tar.gz /tmp/\n', ranges: ['2:40-2:45'],
    fixed: 'FROM alpine:3\nARG TARGETARCH\nADD https://example.com/tool_1.0_linux_${TARGETARCH}.tar.gz /tmp/\n' },
  { name: 'single-quoted URL: reported without a fix', path: 'Dockerfile',
    text: "FROM debian:12\nRUN wget 'https://x.io/helm-v3.14.0-linux-amd64.tar.gz'\n", ranges: ['2:43-2:48'], noFix: true },
  { name: 'already uses TARGETARCH', path: 'Dockerfile',
    text: 'FROM debian:12\nARG TARGETARCH\nRUN curl -LO https://go.dev/dl/go1.22.0.linux-${TARGETARCH}.tar.gz\n', ranges: [] },
  { name: 'case mapping present', path: 'Dockerfile',
    text: 'FROM debian:12\nARG TARGETARCH\nRUN case "$TARGETARCH" in amd64) A=x86_64 ;; arm64) A=aarch64 ;; esac && curl -LO https://x.io/t-$A.zip\n', ranges: [] },
  { name: 'case on uname -m selects the amd64 URL', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN case "$(uname -m)" in x86_64) curl -LO https://x.io/t-amd64.tgz ;; esac\n', ranges: [] },
  { name: 'amd64-pinned stage, library path, windows installer, non-download words', path: 'Dockerfile',
    text: 'FROM --platform=linux/amd64 debian:12 AS win\nRUN curl -LO https://x.io/t-amd64.tgz\nFROM debian:12\nRUN curl -LO https://x.io/setup-windows-amd64.exe && ls /usr/lib/x86_64-linux-gnu && echo amd64\n', ranges: [] },
]);

ruleTable(constant, [
  { name: 'constant platform', path: 'Dockerfile', text: 'FROM --platform=linux/amd64 node:20 AS build\nFROM node:20\n', ranges: ['1:6-1:28'],
    fixed: 'FROM node:20 AS build\nFROM node:20\n' },
  { name: 'second fix: $BUILDPLATFORM for a builder stage', path: 'Dockerfile', text: 'FROM --platform=linux/amd64 golang:1.22 AS build\nFROM scratch\n', ranges: ['1:6-1:28'], fixIndex: 1,
    fixed: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM scratch\n' },
  { name: 'stage named for its arch (BuildKit exemption)', path: 'Dockerfile', text: 'FROM --platform=linux/amd64 alpine AS build_amd64\n', ranges: [] },
  { name: 'variables are fine', path: 'Dockerfile', text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM --platform=${TARGETPLATFORM} alpine\n', ranges: [] },
]);

ruleTable(redundant, [
  { name: '$TARGETPLATFORM', path: 'Dockerfile', text: 'FROM --platform=$TARGETPLATFORM alpine:3\n', ranges: ['1:6-1:32'], severity: 'info', fixed: 'FROM alpine:3\n' },
  { name: '${TARGETPLATFORM}', path: 'Dockerfile', text: 'FROM golang AS b\nFROM  --platform=${TARGETPLATFORM}  alpine:3\n', ranges: ['2:7-2:35'], fixed: 'FROM golang AS b\nFROM  alpine:3\n' },
  { name: '$BUILDPLATFORM is not redundant', path: 'Dockerfile', text: 'FROM --platform=$BUILDPLATFORM alpine:3\n', ranges: [] },
]);

ruleTable(undeclared, [
  { name: 'global ARG is not visible in the stage', path: 'Dockerfile',
    text: 'ARG TARGETARCH\nFROM golang:1.22\nRUN GOARCH=$TARGETARCH go build\n', ranges: ['3:12-3:23'], message: /empty/,
    fixed: 'ARG TARGETARCH\nFROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build\n' },
  { name: 'two names, one fix declares both', path: 'Dockerfile',
    text: 'FROM golang:1.22\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build\n', ranges: ['2:10-2:21', '2:29-2:42'],
    fixed: 'FROM golang:1.22\nARG TARGETOS\nARG TARGETARCH\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build\n' },
  { name: 'declared in the stage', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build\nENV A=${TARGETARCH:-amd64}\n', ranges: [] },
  { name: 'used in FROM (global scope) is fine; ARG of another stage is not', path: 'Dockerfile',
    text: 'FROM alpine-$TARGETARCH AS a\nARG TARGETARCH\nFROM a AS b\nCOPY bin-$TARGETARCH /bin/\n', ranges: ['4:10-4:21'] },
  { name: 'ENV in the parent stage is inherited', path: 'Dockerfile',
    text: 'FROM alpine AS a\nARG TARGETARCH\nENV TARGETARCH=$TARGETARCH\nFROM a\nRUN echo $TARGETARCH\n', ranges: [] },
  { name: 'set by the RUN itself', path: 'Dockerfile',
    text: 'FROM debian\nRUN TARGETARCH=$(dpkg --print-architecture) && echo $TARGETARCH\n', ranges: [] },
  { name: 'parser directive and heredoc do not crash', path: 'Dockerfile',
    text: '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine\nRUN <<EOF\necho $BUILDARCH\nEOF\n', ranges: ['5:6-5:16'] },
  // Issue 15: a stage that declares the name only after the use: the fix moves that declaration up, never a second one.
  { name: 'declared later in the stage: the ARG moves up', path: 'Dockerfile',
    text: 'FROM debian\nRUN echo $TARGETARCH\nARG TARGETARCH\nRUN echo again $TARGETARCH\n', ranges: ['2:10-2:21'],
    fixed: 'FROM debian\nARG TARGETARCH\nRUN echo $TARGETARCH\nRUN echo again $TARGETARCH\n' },
  { name: 'declared later with a value: no fix (moving it would change what the value covers)', path: 'Dockerfile',
    text: 'FROM debian\nRUN echo $TARGETARCH\nARG TARGETARCH=amd64\n', ranges: ['2:10-2:21'], noFix: true },
]);

ruleTable(goarch, [
  { name: 'RUN GOARCH=amd64', path: 'Dockerfile', text: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 GOARCH=amd64 go build -o /app\nFROM scratch\n', ranges: ['2:19-2:31'],
    fixed: 'FROM golang:1.22 AS build\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=${TARGETARCH} go build -o /app\nFROM scratch\n' },
  { name: 'suggestion adds --platform=$BUILDPLATFORM', path: 'Dockerfile', text: 'FROM golang:1.22 AS build\nRUN GOARCH=amd64 go build -o /app\nFROM scratch\n', ranges: ['2:5-2:17'], fixIndex: 1,
    fixed: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=${TARGETARCH} go build -o /app\nFROM scratch\n' },
  { name: 'legacy ENV form, quoted', path: 'Dockerfile', text: 'FROM golang:1.22\nENV GOARCH amd64\nENV X=1 GOARCH="amd64"\n', ranges: ['2:5-2:17', '3:9-3:23'],
    fixed: 'FROM golang:1.22\nARG TARGETARCH\nENV GOARCH ${TARGETARCH}\nENV X=1 GOARCH="amd64"\n' },
  { name: 'builds both arches on purpose; amd64 stage; ARG default', path: 'Dockerfile',
    text: 'FROM golang:1.22\nRUN GOARCH=amd64 go build -o a && GOARCH=arm64 go build -o b\nFROM --platform=linux/amd64 golang:1.22\nRUN GOARCH=amd64 go build\nFROM golang\nARG GOARCH=amd64\n', ranges: [] },
  { name: '$TARGETARCH is fine', path: 'Dockerfile', text: 'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build\n', ranges: [] },
  { name: 'TARGETARCH declared later in the stage: moved up with the fix', path: 'Dockerfile',
    text: 'FROM golang:1.22\nRUN GOARCH=amd64 go build\nARG TARGETARCH\nRUN echo $TARGETARCH\n', ranges: ['2:5-2:17'],
    fixed: 'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=${TARGETARCH} go build\nRUN echo $TARGETARCH\n' },
]);

ruleTable(cgo, [
  { name: 'cgo on in a BUILDPLATFORM stage', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETARCH\nRUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /app\n', ranges: ['3:5-3:18'], message: /gcc_arm64|stp x29/ },
  { name: 'with xx-go', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nCOPY --from=tonistiigi/xx / /\nENV CGO_ENABLED=1\nRUN xx-go build -o /app\n', ranges: [] },
  { name: 'with a cross CC', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nRUN CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOARCH=arm64 go build\n', ranges: [] },
  { name: 'not cross-compiling', path: 'Dockerfile', text: 'FROM golang:1.22\nRUN CGO_ENABLED=1 go build\n', ranges: [] },
]);

ruleTable(uname, [
  { name: 'uname -m picks a download in a BUILDPLATFORM stage', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM alpine AS dl\nRUN curl -LO "https://x.io/tool-$(uname -m).tgz"\n', ranges: ['2:35-2:43'] },
  { name: 'dpkg --print-architecture', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM debian AS dl\nRUN A=$(dpkg --print-architecture) && wget https://x.io/t-$A.deb\n', ranges: ['2:9-2:34'] },
  { name: 'target-platform stage: uname is right', path: 'Dockerfile',
    text: 'FROM alpine\nRUN curl -LO "https://x.io/tool-$(uname -m).tgz"\n', ranges: [] },
  { name: 'no download', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM alpine\nRUN echo "building on $(uname -m)"\n', ranges: [] },
]);

ruleTable(apt, [
  { name: 'gcc-multilib and libc6-i386', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc-multilib curl libc6-i386=2.36-9\n', ranges: ['2:66-2:78', '2:84-2:101'], message: /no arm64 build/ },
  { name: 'dpkg --add-architecture i386', path: 'Dockerfile', text: 'FROM debian:12\nRUN dpkg --add-architecture i386\n', ranges: ['2:5-2:33'] },
  { name: 'guarded by TARGETARCH case, amd64 stage, arm64-available packages', path: 'Dockerfile',
    text: 'FROM debian:12\nARG TARGETARCH\nRUN case "$TARGETARCH" in amd64) apt-get install -y gcc-multilib ;; esac\nRUN apt-get install -y nasm yasm valgrind dmidecode libtbb-dev\nFROM --platform=linux/amd64 debian:12\nRUN apt-get install -y grub-pc\n', ranges: [] },
]);

ruleTable(ports, [
  { name: 'sources.list written with archive.ubuntu.com', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb http://archive.ubuntu.com/ubuntu/ jammy main" > /etc/apt/sources.list\n', ranges: ['2:15-2:48'], message: /ubuntu-ports/ },
  { name: 'mirror /ubuntu path', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN printf "deb http://mirrors.aliyun.com/ubuntu jammy main\\n" > /etc/apt/sources.list\n', ranges: ['2:17-2:49'] },
  { name: 'ports, [arch=amd64], sed-only rewrite, docker repo: silent', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb http://ports.ubuntu.com/ubuntu-ports jammy main" > /etc/apt/sources.list\nRUN echo "deb [arch=amd64] http://archive.ubuntu.com/ubuntu jammy main" >> /etc/apt/sources.list\nRUN sed -i s/archive.ubuntu.com/mirrors.aliyun.com/g /etc/apt/sources.list\nRUN echo "deb https://download.docker.com/linux/ubuntu jammy stable" > /etc/apt/sources.list.d/docker.list\n', ranges: [] },
]);

ruleTable(paths, [
  { name: 'ENV LD_LIBRARY_PATH', path: 'Dockerfile', text: 'FROM debian:12\nENV LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/opt/lib\n', ranges: ['2:21-2:46'], message: /aarch64-linux-gnu/ },
  { name: 'RUN: suggestion uses $(uname -m)', path: 'Dockerfile', text: 'FROM debian:12\nRUN ln -s /usr/lib/x86_64-linux-gnu/libfoo.so /usr/lib/libfoo.so\n', ranges: ['2:11-2:36'],
    fixed: 'FROM debian:12\nRUN ln -s /usr/lib/$(uname -m)-linux-gnu/libfoo.so /usr/lib/libfoo.so\n' },
  { name: 'JAVA_HOME and the dynamic loader', path: 'Dockerfile', text: 'FROM debian:12\nENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64\nCOPY --from=b /lib64/ld-linux-x86-64.so.2 /lib64/\n', ranges: ['2:28-2:49', '3:15-3:42'] },
  { name: 'amd64 stage or both arches handled', path: 'Dockerfile',
    text: 'FROM --platform=linux/amd64 debian:12\nENV L=/usr/lib/x86_64-linux-gnu\nFROM debian:12\nRUN ln -s /usr/lib/x86_64-linux-gnu/a /a || ln -s /usr/lib/aarch64-linux-gnu/a /a\n', ranges: [] },
]);

ruleTable(image, [
  { name: 'mysql:5.7', path: 'Dockerfile', text: 'FROM mysql:5.7.44\n', ranges: ['1:6-1:18'] },
  { name: 'mssql server', path: 'Dockerfile', text: 'FROM mcr.microsoft.com/mssql/server:2022-latest AS db\n', ranges: ['1:6-1:48'] },
  { name: 'mysql 8 and others', path: 'Dockerfile', text: 'FROM mysql:8.0\nFROM mysql:5.7-fake/other\nFROM postgres:16\n', ranges: [] },
]);

ruleTable(hardcoded, [
  { name: 'the unpacked folder name is rewritten too (helm tarball)', path: 'Dockerfile',
    text: 'FROM alpine\nRUN wget -q "https://get.helm.sh/helm-v3.14.0-linux-amd64.tar.gz" -O helm.tgz && tar -xzf helm.tgz && mv linux-amd64/helm /usr/local/bin/helm\n',
    ranges: ['2:53-2:58'],
    fixed: 'FROM alpine\nARG TARGETARCH\nRUN wget -q "https://get.helm.sh/helm-v3.14.0-linux-${TARGETARCH}.tar.gz" -O helm.tgz && tar -xzf helm.tgz && mv linux-${TARGETARCH}/helm /usr/local/bin/helm\n' },
]);

ruleTable(hardcoded, [
  { name: 'URL in ENV; fix declares TARGETARCH before it', path: 'Dockerfile',
    text: 'FROM alpine\nENV KUBECTL_URL=https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl\nRUN curl -Lo /usr/local/bin/kubectl "$KUBECTL_URL"\n',
    ranges: ['2:61-2:66'],
    fixed: 'FROM alpine\nARG TARGETARCH\nENV KUBECTL_URL=https://dl.k8s.io/release/v1.30.0/bin/linux/${TARGETARCH}/kubectl\nRUN curl -Lo /usr/local/bin/kubectl "$KUBECTL_URL"\n' },
  { name: 'global ARG default: reported, no fix', path: 'Dockerfile',
    text: 'ARG URL=https://x.io/t-linux-amd64.tgz\nFROM alpine\n', ranges: ['1:30-1:35'], noFix: true },
  { name: 'ENV without URL is not a download', path: 'Dockerfile', text: 'FROM alpine\nENV ARCH=amd64 PLATFORM=linux/amd64\n', ranges: [] },
]);

ruleTable(redundant, [
  { name: 'global ARG TARGETPLATFORM with a default: intent is a fixed platform', path: 'Dockerfile',
    text: 'ARG TARGETPLATFORM=linux/amd64\nFROM --platform=$TARGETPLATFORM node:18 AS builder\n', ranges: [] },
]);

ruleTable(hardcoded, [
  // A shell command starting with `[` is shell form (exec form is a JSON array): its downloads are read.
  { name: 'RUN starting with a test command is shell form', path: 'Dockerfile',
    text: 'FROM alpine\nRUN [ -f /etc/os-release ] && curl -LO https://x.io/t-linux-amd64.tgz\n', ranges: ['2:61-2:66'] },
]);

describe('docker-hardcoded-arch fix size', () => {
  beforeAll(ready);
  const urls = (n: number) => Array.from({ length: n }, (_, i) => ` https://x.io/v${i}/t-linux-amd64.tgz`).join('');
  it(`offers the rewrite while an instruction mentions the spelling at most ${MAX_FIX_MENTIONS} times`, () => {
    const f = runRule(hardcoded, { path: 'Dockerfile', text: `FROM alpine\nRUN curl -LO${urls(MAX_FIX_MENTIONS)}\n` });
    expect(f).toHaveLength(MAX_FIX_MENTIONS);
    expect(f.every((x) => x.fixes.length === 1 && x.fixes[0].edits.length === MAX_FIX_MENTIONS + 1)).toBe(true);
  });
  it('beyond that, reports every mention with no fix (fixes times findings would grow as the square)', () => {
    const f = runRule(hardcoded, { path: 'Dockerfile', text: `FROM alpine\nRUN curl -LO${urls(MAX_FIX_MENTIONS + 1)}\n` });
    expect(f).toHaveLength(MAX_FIX_MENTIONS + 1);
    expect(f.every((x) => x.fixes.length === 0)).toBe(true);
  });
});
