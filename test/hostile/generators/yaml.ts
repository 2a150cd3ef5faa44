// Hostile YAML: Kubernetes manifests, a KubeletConfiguration, GitHub and GitLab CI files. One dimension grows
// per series; each file also holds a hazard so a test can check it is still reported (or skipped with a reason).
import type { Expected, ExpectedSeries } from './docker';

/** Logged for a document past the YAML parser's depth (tooDeep: it may stand for the findings in it). */
export const TOO_DEEP = /nests too deeply for the YAML parser; YAML rules skip that document/;

const NEST = [125, 250, 500, 1000, 2000, 4000];
const MANY = [1000, 2000, 4000, 8000, 16000];
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** A Deployment pinned to amd64: k8s-arch-pinned reports the `amd64` value. */
export const PINNED = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n      containers:\n      - name: web\n        image: nginx\n';
/** A workflow job building two platforms into the docker exporter: ci-load-multiplatform reports it. */
const LOAD_STEP = '      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          load: true\n';

const blockNest = (n: number) => lines(n, (i) => `${' '.repeat(i)}a:\n`) + `${' '.repeat(n)}b: 1\n`;

const PIN: Expected[] = [{ rule: 'k8s-arch-pinned', last: 'amd64' }];

export const series: ExpectedSeries[] = [
  // Deep nesting in one document, the hazard in the next: the hazard must survive the deep document.
  { name: 'k8s: deep block maps', files: (n) => ({ 'deploy.yaml': `${blockNest(n)}---\n${PINNED}` }), bench: NEST, reports: PIN },
  { name: 'k8s: deep flow sequences', files: (n) => ({ 'deploy.yaml': `x: ${'['.repeat(n)}1${']'.repeat(n)}\n---\n${PINNED}` }), bench: NEST, reports: PIN },
  { name: 'k8s: deep flow maps', files: (n) => ({ 'deploy.yaml': `x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n---\n${PINNED}` }), bench: NEST, reports: PIN },
  { name: 'k8s: deep block sequences', files: (n) => ({ 'deploy.yaml': `x:\n${'- '.repeat(n)}1\n---\n${PINNED}` }), bench: NEST, reports: PIN },
  // The deep part inside the pinned Deployment itself (an annotation value).
  { name: 'k8s: deep value inside the manifest', files: (n) => ({ 'deploy.yaml': `${PINNED}  x: ${'['.repeat(n)}1${']'.repeat(n)}\n` }), bench: NEST, reports: PIN, tooDeep: TOO_DEEP },
  { name: 'k8s: many documents', files: (n) => ({ 'deploy.yaml': lines(n, () => `---\n${PINNED}`) }), bench: MANY, reports: [{ rule: 'k8s-arch-pinned', last: 'amd64', count: (n) => n }] },
  {
    name: 'k8s: alias bomb',
    files: (n) => ({ 'deploy.yaml': `${PINNED}  x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n${lines(n, (i) => `  x${i + 1}: &x${i + 1} [*x${i}, *x${i}, *x${i}, *x${i}, *x${i}, *x${i}, *x${i}, *x${i}, *x${i}, *x${i}]\n`)}` }),
    bench: [250, 500, 1000, 2000, 4000], reports: PIN,
  },
  { name: 'k8s: long line', files: (n) => ({ 'deploy.yaml': `${PINNED}metadata2: "${'x'.repeat(n * 64)}"\n` }), bench: [2000, 4000, 8000, 16000, 32000], reports: PIN },
  // Not pinned to amd64 this time: every mysql:5.7 container is reported.
  { name: 'k8s: many containers', files: (n) => ({ 'deploy.yaml': PINNED.replace('      nodeSelector:\n        kubernetes.io/arch: amd64\n', '') + lines(n, (i) => `      - name: c${i}\n        image: mysql:5.7\n`) }), bench: MANY, reports: [{ rule: 'k8s-amd64-only-image', last: 'mysql:5.7', count: (n) => n }] },

  {
    name: 'kubelet config: deep map',
    files: (n) => ({ 'kubelet-config.yaml': `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: Static\n${blockNest(n)}` }),
    bench: NEST, reports: [{ rule: 'kubelet-policy-value', last: 'Static' }], tooDeep: TOO_DEEP,
  },
  {
    name: 'kubelet config: many feature gates',
    files: (n) => ({ 'kubelet-config.yaml': `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: Static\nfeatureGates:\n${lines(n, (i) => `  Gate${i}: true\n`)}` }),
    bench: MANY, reports: [{ rule: 'kubelet-policy-value', last: 'Static' }],
  },
  {
    name: 'kubelet config: flow map on one line',
    files: (n) => ({ 'kubelet-config.yaml': `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: Static\nfeatureGates: {${Array.from({ length: n }, (_, i) => `Gate${i}: true`).join(', ')}}\n` }),
    bench: MANY, reports: [{ rule: 'kubelet-policy-value', last: 'Static' }],
  },
  {
    name: 'kubeadm: many kubeletExtraArgs',
    files: (n) => ({ 'kubeadm.yaml': `apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs: {${Array.from({ length: n }, (_, i) => `v${i}: "2"`).join(', ')}, network-plugin: cni}\n` }),
    bench: MANY, reports: [{ rule: 'kubelet-removed-flag', last: 'network-plugin: cni' }],
  },
  {
    name: 'github workflow: many steps',
    files: (n) => ({ '.github/workflows/build.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${lines(n, (i) => `      - run: echo ${i}\n`)}${LOAD_STEP}` }),
    bench: MANY, reports: [{ rule: 'ci-load-multiplatform', last: 'load: true' }],
  },
  {
    // No QEMU on an x86 runner: each arm64 build step is reported, each with the same fix.
    name: 'github workflow: many build steps',
    files: (n) => ({ '.github/workflows/build.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n${lines(n, () => '      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n')}` }),
    bench: MANY, reports: [{ rule: 'ci-cross-without-qemu', last: 'linux/arm64', count: (n) => n }],
  },
  {
    name: 'github workflow: long continued docker command',
    files: (n) => ({ '.github/workflows/build.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-qemu-action@v3\n      - run: |\n          docker buildx build --platform linux/arm64 \\\n${'            --build-arg CFLAGS=-mcpu=native \\\n'.repeat(n)}            .\n` }),
    bench: [1000, 2000, 4000, 8000, 16000], reports: [{ rule: 'ci-qemu-sve', last: '-mcpu=native', count: (n) => n }],
  },
  {
    name: 'github workflow: deep matrix',
    files: (n) => ({ '.github/workflows/build.yml': `on: push\njobs:\n  build:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      matrix:\n        os: ${'['.repeat(n)}ubuntu-latest${']'.repeat(n)}\n    steps:\n${LOAD_STEP}` }),
    bench: NEST, reports: [{ rule: 'ci-load-multiplatform', last: 'load: true' }], tooDeep: TOO_DEEP,
  },
  {
    name: 'gitlab ci: many jobs',
    files: (n) => ({ '.gitlab-ci.yml': lines(n, (i) => `job${i}:\n  tags: [saas-linux-small-amd64]\n  script:\n    - docker buildx build --platform linux/amd64,linux/arm64 --load .\n`) }),
    bench: MANY, reports: [{ rule: 'ci-load-multiplatform', last: '--load', count: (n) => n }],
  },
];
