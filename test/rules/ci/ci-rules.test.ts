import { rule as order } from '../../../server/src/rules/ci/ci-qemu-order';
import { rule as cross } from '../../../server/src/rules/ci/ci-cross-without-qemu';
import { rule as load } from '../../../server/src/rules/ci/ci-load-multiplatform';
import { rule as emulated } from '../../../server/src/rules/ci/ci-qemu-emulated-build';
import { rule as sve } from '../../../server/src/rules/ci/ci-qemu-sve';
import { rule as noArm } from '../../../server/src/rules/ci/ci-no-arm64';
import { table } from '../k8s/harness';

const WF = '.github/workflows/build.yml';

const qemuFirst = `name: build
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Set up QEMU
        uses: docker/setup-qemu-action@v3
      - name: Set up Buildx
        uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
`;
const buildxFirst = qemuFirst.replace(
  '      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - name: Set up Buildx\n        uses: docker/setup-buildx-action@v3\n',
  '      - name: Set up Buildx\n        uses: docker/setup-buildx-action@v3\n      # emulation\n      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n');

const nativeMatrix = `jobs:
  build:
    strategy:
      matrix:
        include:
          - runner: ubuntu-24.04
            platform: linux/amd64
          - runner: ubuntu-24.04-arm
            platform: linux/arm64
    runs-on: \${{ matrix.runner }}
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: \${{ matrix.platform }}
          push: true
          build-args: CFLAGS=-O2 -mcpu=neoverse-v1
`;

table(order, [
  { name: 'silent: QEMU before Buildx', path: WF, text: qemuFirst, ranges: [] },
  { name: 'silent: not a workflow path', path: 'ci/build.yml', text: buildxFirst, ranges: [] },
  {
    name: 'QEMU after Buildx: swap the steps, comment stays in place', path: WF, text: buildxFirst,
    ranges: ['12:15-12:42'], severity: 'warning',
    // The Buildx block carries the comment line that preceded the QEMU step.
    fixed: qemuFirst.replace('docker/setup-buildx-action@v3\n', 'docker/setup-buildx-action@v3\n      # emulation\n'),
  },
]);

const noQemu = `jobs:
  image:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: .
          platforms: linux/amd64,linux/arm64
`;
table(cross, [
  { name: 'silent: QEMU present', path: WF, text: qemuFirst, ranges: [] },
  { name: 'silent: native arm matrix', path: WF, text: nativeMatrix, ranges: [] },
  { name: 'silent: nested matrix object with an arm runner', path: WF, text: 'jobs:\n  b:\n    strategy:\n      matrix:\n        settings:\n          - {arch: linux/amd64, runs-on: ubuntu-24.04}\n          - {arch: linux/arm64, runs-on: ubuntu-24.04-arm}\n    runs-on: ${{ matrix.settings.runs-on }}\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n', ranges: [] },
  { name: 'nested matrix object, x86 runners only', path: WF, text: 'jobs:\n  b:\n    strategy:\n      matrix:\n        settings:\n          - {runs-on: ubuntu-24.04}\n          - {runs-on: ubuntu-22.04}\n    runs-on: ${{ matrix.settings.runs-on }}\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n', ranges: ['12:22-12:33'] },
  { name: 'silent: Dockerfile cross-compiles, no RUN in target stages', path: WF, text: noQemu, files: { Dockerfile: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n' }, ranges: [] },
  {
    name: 'arm64 on x86 with no QEMU: add the step', path: WF, text: noQemu, files: { Dockerfile: 'FROM debian:12\nRUN apt-get update\n' },
    ranges: ['10:22-10:45'], message: /exec format error/,
    fixed: noQemu.replace('      - uses: docker/setup-buildx-action@v3\n', '      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v4\n      - uses: docker/setup-buildx-action@v3\n'),
  },
]);

table(load, [
  { name: 'silent: single platform load', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n          load: true\n', ranges: [] },
  { name: 'two platforms loaded', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          load: true\n', ranges: ['9:11-9:21'], severity: 'error', message: /manifest lists/ },
  { name: 'buildx --load in a GitLab script', path: '.gitlab-ci.yml', text: 'build:\n  image: docker:27\n  script:\n    - docker buildx build --platform linux/amd64,linux/arm64 --load -t app .\n', ranges: ['4:62-4:68'] },
  { name: 'repeated --platform flags with --load', path: '.gitlab-ci.yml', text: 'build:\n  script:\n    - docker buildx build --load --platform linux/amd64 --platform linux/arm64 -t x .\n', ranges: ['3:27-3:33'], message: /2-platform build \(linux\/amd64, linux\/arm64\)/ },
  { name: 'outputs type=docker with two platforms', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          outputs: type=docker,dest=/tmp/image.tar\n', ranges: ['8:11-8:51'] },
  { name: 'silent: outputs type=image', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          outputs: type=image,push=true\n', ranges: [] },
  { name: 'silent: containerd image store', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-docker-action@v4\n        with:\n          daemon-config: |\n            {"features": {"containerd-snapshotter": true}}\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          load: true\n', ranges: [] },
]);

table(emulated, [
  { name: 'silent: native arm runners', path: WF, text: nativeMatrix, ranges: [] },
  { name: 'arm64 under QEMU', path: WF, text: qemuFirst, ranges: ['14:22-14:45'], severity: 'info', message: /ubuntu-24\.04-arm/ },
  { name: 'GitLab binfmt + buildx', path: '.gitlab-ci.yml', text: 'build:\n  script:\n    - docker run --privileged --rm tonistiigi/binfmt --install arm64\n    - docker buildx build --platform=linux/arm64 -t x .\n', ranges: ['4:38-4:49'] },
]);

const sveWf = qemuFirst.replace('          push: true\n', '          push: true\n          build-args: |\n            CFLAGS=-O3 -march=armv8.2-a+sve\n');
table(sve, [
  { name: 'silent: SVE flags on a native arm runner', path: WF, text: nativeMatrix, ranges: [] },
  { name: 'silent: QEMU without SVE flags', path: WF, text: qemuFirst, ranges: [] },
  {
    name: 'SVE flag in build-args under QEMU: suggest a native runner', path: WF, text: sveWf,
    ranges: ['17:24-17:44'], severity: 'warning', message: /SIGILL on Graviton2/,
    fixed: sveWf.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-24.04-arm'), fixedSilent: false,
  },
  { name: 'fixed vector length in a run step', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-qemu-action@v3\n      - run: docker run --platform linux/arm64 -v $PWD:/s gcc:13 gcc -O3 -march=armv8-a+sve -msve-vector-bits=256 /s/k.c\n', ranges: ['6:74-6:92', '6:93-6:114'], message: /(SIGILL|wrong results)/ },
  { name: 'silent: -march=native of a host build in the same job', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-qemu-action@v3\n      - run: make CFLAGS=-march=native test\n      - run: docker run --platform linux/arm64 -v $PWD:/s alpine /s/check.sh\n', ranges: [] },
  { name: '-mcpu=native on the emulated docker command line', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-qemu-action@v3\n      - run: |\n          docker run --platform linux/arm64 gcc:13 \\\n            gcc -O2 -mcpu=native -o /k k.c\n', ranges: ['8:21-8:33'], message: /QEMU's emulated max CPU/ },
  { name: 'Dockerfile of the build uses -mcpu=native', path: WF, text: qemuFirst, files: { Dockerfile: 'FROM gcc:13\nRUN gcc -O2 -mcpu=native -o /k k.c\n' }, ranges: ['14:22-14:45'], message: /Dockerfile.*-mcpu=native/ },
]);

table(noArm, [
  { name: 'silent: builds arm64', path: WF, text: qemuFirst, ranges: [] },
  { name: 'silent: no push', path: WF, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          load: true\n', ranges: [] },
  { name: 'silent: another workflow publishes arm64', path: WF, files: { '.github/workflows/release.yml': qemuFirst }, text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          push: true\n', ranges: [] },
  {
    name: 'amd64-only publish: suggest adding arm64', path: WF,
    text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: "linux/amd64"\n          push: ${{ github.event_name != \'pull_request\' }}\n',
    ranges: ['7:22-7:35'], severity: 'info',
    fixed: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: "linux/amd64,linux/arm64"\n          push: ${{ github.event_name != \'pull_request\' }}\n',
  },
]);
