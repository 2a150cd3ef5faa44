// A stage built on a base image that has no arm64 variant has no arm64 build: its amd64 downloads, x86 apt
// packages and paths are not arm64 hazards of their own; docker-amd64-only-image reports the base instead.
// Real case: prometheus v0.304.2 .gitpod.Dockerfile, `FROM gitpod/workspace-full` and a RUN that fetches
// go${CUSTOM_GO_VERSION}.linux-amd64.tar.gz (gitpod-io/workspace-images#744: no arm64 workspace images).
import { ruleTable } from '../build/table';
import { rule as hardcoded } from '../../../server/src/rules/docker/docker-hardcoded-arch';
import { rule as apt } from '../../../server/src/rules/docker/docker-apt-amd64-only';
import { rule as image } from '../../../server/src/rules/docker/docker-amd64-only-image';

const GO_DL = 'RUN export CUSTOM_GO_VERSION=$(curl -sSL "https://raw.githubusercontent.com/prometheus/prometheus/main/go.mod" | awk \'/^go/{print $2".0"}\') && \\\n' +
  '    curl -fsSL "https://dl.google.com/go/go${CUSTOM_GO_VERSION}.linux-amd64.tar.gz" | \\\n    tar -xz -C $HOME\n';
const GITPOD = 'FROM gitpod/workspace-full\n\nENV CUSTOM_NODE_VERSION=16\n\n' + GO_DL;

ruleTable(hardcoded, [
  { name: 'FROM gitpod/workspace-full (prometheus .gitpod.Dockerfile): silent', path: '.gitpod.Dockerfile', text: GITPOD, ranges: [] },
  { name: 'a later stage built on the gitpod stage: silent', path: 'Dockerfile',
    text: 'FROM docker.io/gitpod/workspace-go:2024-01-01 AS dev\nFROM dev AS more\n' + GO_DL, ranges: [] },
  { name: 'the same download on a multi-arch base: reported', path: 'Dockerfile', text: 'FROM ubuntu:24.04\n' + GO_DL, ranges: ['3:71-3:76'] },
  { name: 'a second stage on a multi-arch base in the same file: reported', path: 'Dockerfile', text: GITPOD + 'FROM debian:12\n' + GO_DL, ranges: ['10:71-10:76'] },
  { name: 'an image that only looks like it (someone/gitpod-workspace-full): reported', path: 'Dockerfile', text: 'FROM someone/gitpod-workspace-full\n' + GO_DL, ranges: ['3:71-3:76'] },
]);

ruleTable(apt, [
  { name: 'an x86-only apt package on gitpod/workspace-full: silent', path: 'Dockerfile', text: 'FROM gitpod/workspace-full\nRUN apt-get install -y gcc-multilib\n', ranges: [] },
  { name: 'the same on ubuntu: reported', path: 'Dockerfile', text: 'FROM ubuntu:24.04\nRUN apt-get install -y gcc-multilib\n', ranges: ['2:24-2:36'] },
]);

ruleTable(image, [
  // Gitpod builds and runs its workspace images on x86-64 only: no arm64 build of the file exists to fail.
  { name: 'gitpod/workspace-full (a platform that runs x86-64 workspaces only): silent', path: '.gitpod.Dockerfile', text: GITPOD, ranges: [] },
  { name: 'gitpod/workspace-full with a tag and docker.io prefix: silent', path: 'Dockerfile', text: 'FROM docker.io/gitpod/workspace-full:latest\n', ranges: [] },
  { name: 'mysql:5.7 is reported as the amd64-only base', path: 'Dockerfile', text: 'FROM mysql:5.7\n', ranges: ['1:6-1:15'], message: /docker-library\/mysql#318/ },
  { name: 'gitpod/openvscode-server (another Gitpod image) is not in the list', path: 'Dockerfile', text: 'FROM gitpod/openvscode-server\n', ranges: [] },
]);
