// The real-code corpus (issue 12): code bases nobody here wrote, pinned by version, that the tests download
// themselves and cache (Debian source packages via test/realcode/debian-source.sh, Go modules through the module
// proxy via test/realcode/go-module.sh). Every finding the scan reports on them has a verdict in
// test/realcode/triage/<id>.tsv, written after reading the code; test/realcode/triage.test.ts holds the scan to it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as path from 'node:path';

export type CodeBase =
  | { id: string; source: 'debian'; package: string; version: string; why: string }
  | { id: string; source: 'go'; module: string; version: string; why: string };

export const CORPUS: CodeBase[] = [
  // C (Debian 12 source packages; the debian/ folder brings systemd units and build scripts with it).
  { id: 'redis', source: 'debian', package: 'redis', version: '5:7.0.15-1~deb12u7', why: 'C server, bundled deps/, Makefiles with 32-bit targets, systemd units' },
  { id: 'libzstd', source: 'debian', package: 'libzstd', version: '1.5.4+dfsg2-5', why: 'C with x86 and ARM SIMD paths, Makefiles with -m32 targets, CMake, meson' },
  { id: 'libuv1', source: 'debian', package: 'libuv1', version: '1.44.2-1+deb12u1', why: 'C library, Windows headers under _MSC_VER, CMake, autotools' },
  { id: 'curl', source: 'debian', package: 'curl', version: '7.88.1-10+deb12u15', why: 'C library and tool, autotools, CMake, many headers' },
  { id: 'nginx', source: 'debian', package: 'nginx', version: '1.22.1-9+deb12u9', why: 'C server, its own configure, systemd unit' },
  { id: 'openssl', source: 'debian', package: 'openssl', version: '3.0.20-1~deb12u2', why: 'C with assembly, Perl-generated asm, CPUID dispatch' },
  { id: 'sqlite3', source: 'debian', package: 'sqlite3', version: '3.40.1-2+deb12u2', why: 'C amalgamation sources, byte-level record decoding' },
  { id: 'jemalloc', source: 'debian', package: 'jemalloc', version: '5.3.0-1', why: 'C allocator, atomics, per-architecture code, autoconf' },
  // Go (modules through the module proxy, with the modules their go.mod requires).
  { id: 'nats-server', source: 'go', module: 'github.com/nats-io/nats-server/v2', version: 'v2.11.17', why: 'Go server, 64-bit atomics, hot structs, Dockerfile-less' },
  { id: 'client_golang', source: 'go', module: 'github.com/prometheus/client_golang', version: 'v1.25.0', why: 'Go library, atomics, exported API types' },
  { id: 'bbolt', source: 'go', module: 'go.etcd.io/bbolt', version: 'v1.4.3', why: 'Go, unsafe page layouts, per-architecture files, workflows' },
  { id: 'compress', source: 'go', module: 'github.com/klauspost/compress', version: 'v1.20.5', why: 'Go with amd64 assembly and generic fallbacks, workflows' },
  { id: 'freecache', source: 'go', module: 'github.com/coocood/freecache', version: 'v1.2.4', why: 'Go, arrays of atomic counters' },
  { id: 'kind', source: 'go', module: 'sigs.k8s.io/kind', version: 'v0.29.0', why: 'Go, node-image Dockerfiles, kubelet systemd unit and kubeadm drop-in, workflows' },
  { id: 'prometheus', source: 'go', module: 'github.com/prometheus/prometheus', version: 'v0.304.2', why: 'large Go service, Dockerfile, Makefile, workflows' },
  { id: 'containerd', source: 'go', module: 'github.com/containerd/containerd/v2', version: 'v2.1.4', why: 'Go runtime, cgo, workflows, release Dockerfile, Ansible Kubernetes set-up' },
  { id: 'eks-nodeadm', source: 'go', module: 'github.com/awslabs/amazon-eks-ami/nodeadm', version: 'v0.0.0-20240229193347-cfab22a10647', why: 'EKS node agent: kubelet configurations in JSON, containerd config' },
];

/** Downloads (or finds in the cache) a code base and returns its folder. */
export async function obtain(cb: CodeBase): Promise<string> {
  const args = cb.source === 'debian'
    ? [path.join(__dirname, 'debian-source.sh'), cb.package, cb.version]
    : [path.join(__dirname, 'go-module.sh'), cb.module, cb.version, 'deps'];
  const { stdout } = await promisify(execFile)('bash', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return stdout.trim();
}

/** The module cache the Go code bases are resolved against (go-module.sh's). */
export function corpusGoModCache(cacheRoot: string): string {
  return path.join(cacheRoot, 'corpus-gomod');
}
