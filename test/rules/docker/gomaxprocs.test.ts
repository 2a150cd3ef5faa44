import { describe, expect, it } from 'vitest';
import { ruleTable } from '../build/table';
import { rule as numcpu } from '../../../server/src/rules/docker/go-gomaxprocs-numcpu';
import { rule as container } from '../../../server/src/rules/docker/go-gomaxprocs-container';

const MAIN = 'package main\n\nfunc main() {}\n';

ruleTable(numcpu, [
  { name: 'NumCPU call; fix removes it and the unused import', path: 'main.go',
    text: 'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n)\n\nfunc main() {\n\truntime.GOMAXPROCS(runtime.NumCPU())\n\tfmt.Println("x")\n}\n',
    ranges: ['9:2-9:38'], message: /host's CPUs/,
    fixed: 'package main\n\nimport (\n\t"fmt"\n)\n\nfunc main() {\n\tfmt.Println("x")\n}\n' },
  { name: 'single import declaration removed too', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc init() {\n\truntime.GOMAXPROCS(runtime.NumCPU())\n}\n', ranges: ['6:2-6:38'],
    fixed: 'package main\n\n\nfunc init() {\n}\n' },
  { name: 'import kept when runtime is still used', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GOMAXPROCS(runtime.NumCPU())\n\truntime.GC()\n}\n', ranges: ['6:2-6:38'],
    fixed: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GC()\n}\n' },
  { name: 'constant: reported, no automatic fix', path: 'main.go',
    text: 'package main\n\nimport rt "runtime"\n\nfunc main() { rt.GOMAXPROCS(8) }\n', ranges: ['5:15-5:31'], noFix: true },
  { name: 'hex constant on its own line', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GOMAXPROCS(\n\t\t0x4)\n}\n', ranges: ['6:2-7:7'], noFix: true },
  { name: 'queries and other packages stay silent', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\tn := runtime.GOMAXPROCS(0)\n\t_ = n\n\tother.GOMAXPROCS(runtime.NumCPU())\n}\n', ranges: [] },
]);

ruleTable(container, [
  { name: 'go 1.22 main module with a Dockerfile', path: 'go.mod', text: 'module example.com/app\n\ngo 1.22\n',
    files: { 'main.go': MAIN, 'Dockerfile': 'FROM golang:1.22\n' }, ranges: ['3:4-3:8'], severity: 'info', message: /one P per host core/,
    fixed: 'module example.com/app\n\ngo 1.25\n' },
  { name: 'Kubernetes manifests count as a container', path: 'go.mod', text: 'module m\n\ngo 1.21.5\n',
    files: { 'cmd/app/main.go': MAIN, 'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\n' }, ranges: ['3:4-3:10'] },
  { name: 'go 1.25', path: 'go.mod', text: 'module m\n\ngo 1.25.0\n', files: { 'main.go': MAIN, 'Dockerfile': 'FROM x\n' }, ranges: [] },
  { name: 'automaxprocs required', path: 'go.mod', text: 'module m\n\ngo 1.22\n\nrequire go.uber.org/automaxprocs v1.6.0\n', files: { 'main.go': MAIN, 'Dockerfile': 'FROM x\n' }, ranges: [] },
  { name: 'GOMAXPROCS set in the Dockerfile', path: 'go.mod', text: 'module m\n\ngo 1.22\n', files: { 'main.go': MAIN, 'Dockerfile': 'FROM x\nENV GOMAXPROCS=2\n' }, ranges: [] },
  { name: 'library module (no main)', path: 'go.mod', text: 'module m\n\ngo 1.22\n', files: { 'lib.go': 'package lib\n', 'Dockerfile': 'FROM x\n' }, ranges: [] },
  { name: 'no container in the workspace', path: 'go.mod', text: 'module m\n\ngo 1.22\n', files: { 'main.go': MAIN }, ranges: [] },
]);

ruleTable(numcpu, [
  { name: 'a local set from NumCPU', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\tn := runtime.NumCPU()\n\truntime.GOMAXPROCS(n)\n}\n', ranges: ['7:2-7:23'], noFix: true },
  { name: 'a local computed otherwise', path: 'main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\tn := runtime.NumCPU() - 1\n\truntime.GOMAXPROCS(n)\n}\n', ranges: [] },
]);

describe('go-gomaxprocs-numcpu prefilter', () => {
  it('lets through what the rule can report and skips reads of the setting', () => {
    const p = numcpu.prefilter!;
    expect(p.test('runtime.GOMAXPROCS(runtime.NumCPU())')).toBe(true);
    expect(p.test('n := runtime.NumCPU()\nruntime.GOMAXPROCS(n)')).toBe(true);
    expect(p.test('runtime.GOMAXPROCS( 8 )')).toBe(true);
    expect(p.test('runtime.GOMAXPROCS(0)\nruntime.GOMAXPROCS(10)')).toBe(true);
    expect(p.test('runtime.GOMAXPROCS(0)\nruntime.GOMAXPROCS(n)')).toBe(false);
    expect(p.test('x := runtime.NumCPU()')).toBe(false);
  });
});

// Go 1.26 standard library: 42 of the 45 findings were in _test.go files (e.g. runtime/proc_test.go
// `defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))`), the rest in testing/allocs.go (package testing) and
// cmd/cgo/internal/test/issue9400_linux.go (imports "testing"); nats-server 2.10.22 server/norace_test.go
// `gmp := runtime.GOMAXPROCS(32); defer runtime.GOMAXPROCS(gmp)`. Tests size their own run.
const TEST_SET = 'import (\n\t"runtime"\n\t"testing"\n)\n\nfunc TestX(t *testing.T) {\n\tdefer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))\n}\n';
ruleTable(numcpu, [
  { name: '_test.go file (runtime/proc_test.go, nats norace_test.go): silent', path: 'server/norace_test.go',
    text: 'package server\n\nimport "runtime"\n\nfunc f() {\n\tgmp := runtime.GOMAXPROCS(32)\n\tdefer runtime.GOMAXPROCS(gmp)\n}\n', ranges: [] },
  { name: 'a helper importing "testing" (cmd/cgo/internal/test/issue9400_linux.go): silent', path: 'cgotest/issue9400_linux.go',
    text: 'package cgotest\n\n' + TEST_SET, ranges: [] },
  { name: 'package testing itself (testing/allocs.go): silent', path: 'testing/allocs.go',
    text: 'package testing\n\nimport "runtime"\n\nfunc AllocsPerRun() {\n\tdefer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))\n}\n', ranges: [] },
  { name: 'a test-helper package folder (internal/testutil): silent', path: 'internal/testutil/procs.go',
    text: 'package testutil\n\nimport "runtime"\n\nfunc Pin() { runtime.GOMAXPROCS(1) }\n', ranges: [] },
  { name: 'the same call in a server package is reported', path: 'server/server.go',
    text: 'package server\n\nimport "runtime"\n\nfunc Start() {\n\truntime.GOMAXPROCS(32)\n}\n', ranges: ['6:2-6:24'] },
  { name: 'a folder merely named like a test word (contest/) is not a test package', path: 'contest/main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() { runtime.GOMAXPROCS(runtime.NumCPU()) }\n', ranges: ['5:15-5:51'] },
]);

// Go 1.26 standard library: tool modules (crypto/md5/_asm, crypto/internal/fips140/sha3/_asm: go 1.22–1.24,
// package main, run by go generate on the host) were tied to crypto/internal/boring/Dockerfile, which builds
// BoringSSL, and nistec/fiat/Dockerfile, which builds fiat-crypto with Coq.
const BORING = 'FROM ubuntu:focal\nRUN mkdir /boring\nWORKDIR /boring\nRUN apt-get update && apt-get install -y make\nADD build-boring.sh /boring/\nRUN ./build-boring.sh\n';
ruleTable(container, [
  { name: 'a tool module next to an unrelated Dockerfile (GOROOT crypto/md5/_asm): silent', path: 'crypto/md5/_asm/go.mod',
    text: 'module std/crypto/md5/_asm\n\ngo 1.24\n', files: { 'crypto/md5/_asm/md5block_amd64_asm.go': MAIN, 'crypto/internal/boring/Dockerfile': BORING }, ranges: [] },
  { name: 'a root Dockerfile copying the whole repository but building another module: silent', path: 'tools/gen/go.mod',
    text: 'module example.com/tools/gen\n\ngo 1.22\n',
    files: { 'tools/gen/main.go': MAIN, 'go.mod': 'module example.com/app\n\ngo 1.25\n', 'Dockerfile': 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/app\n' }, ranges: [] },
  { name: 'a root Dockerfile that builds the tool module by path: reported', path: 'tools/gen/go.mod',
    text: 'module example.com/tools/gen\n\ngo 1.22\n',
    files: { 'tools/gen/main.go': MAIN, 'Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd tools/gen && \\\n    go build -o /gen .\n' }, ranges: ['3:4-3:8'], message: /\(Dockerfile\)/ },
  { name: 'a Dockerfile elsewhere that COPYs the module folder: reported', path: 'svc/go.mod',
    text: 'module example.com/svc\n\ngo 1.23\n',
    files: { 'svc/main.go': MAIN, 'deploy/docker/Dockerfile': 'FROM golang:1.23 AS b\nCOPY svc/ /src/\nRUN cd /src && go build -o /svc .\nFROM scratch\nCOPY --from=b /svc /svc\n' }, ranges: ['3:4-3:8'], message: /deploy\/docker\/Dockerfile/ },
  { name: 'go install of the module path: reported', path: 'go.mod',
    text: 'module example.com/cli\n\ngo 1.23\n',
    files: { 'main.go': MAIN, 'deploy/Dockerfile': 'FROM golang:1.23\nRUN go install example.com/cli@v1.2.0\n' }, ranges: ['3:4-3:8'] },
  { name: 'a Kubernetes workload outside the module folder: silent', path: 'tools/gen/go.mod',
    text: 'module m\n\ngo 1.22\n', files: { 'tools/gen/main.go': MAIN, 'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\n' }, ranges: [] },
  { name: 'only the Dockerfile that builds the module counts for GOMAXPROCS settings', path: 'go.mod',
    text: 'module m\n\ngo 1.22\n', files: { 'main.go': MAIN, 'Dockerfile': 'FROM x\nCOPY . .\n', 'other/Dockerfile': 'FROM y\nENV GOMAXPROCS=2\n' }, ranges: ['3:4-3:8'] },
]);

// containerd v2.1.4 (go 1.23): pkg/shim/shim.go sets GOMAXPROCS(2) only when the GOMAXPROCS variable is unset (a
// default the deployment overrides); cmd/containerd-stress calls GOMAXPROCS(NumCPU()), which below go 1.25 is
// what the runtime does anyway (no container-aware default exists to override).
ruleTable(numcpu, [
  { name: 'a call under if os.Getenv("GOMAXPROCS") == "" (containerd shim): silent', path: 'pkg/shim/shim.go',
    text: 'package shim\n\nimport (\n\t"os"\n\t"runtime"\n)\n\nfunc setRuntime() {\n\tif os.Getenv("GOMAXPROCS") == "" {\n\t\truntime.GOMAXPROCS(2)\n\t}\n}\n', ranges: [] },
  { name: 'a LookupEnv guard: silent in the branch taken when unset, reported in the else that overrides a set variable', path: 'main.go',
    text: 'package main\n\nimport (\n\t"os"\n\t"runtime"\n)\n\nfunc main() {\n\tif _, ok := os.LookupEnv("GOMAXPROCS"); !ok {\n\t\truntime.GOMAXPROCS(4)\n\t} else {\n\t\truntime.GOMAXPROCS(8)\n\t}\n}\n', ranges: ['12:3-12:24'] },
  { name: 'a guard on another variable does not count', path: 'main.go',
    text: 'package main\n\nimport (\n\t"os"\n\t"runtime"\n)\n\nfunc main() {\n\tif os.Getenv("PROCS") == "" {\n\t\truntime.GOMAXPROCS(2)\n\t}\n}\n', ranges: ['10:3-10:24'] },
  { name: 'NumCPU in a go 1.23 module (containerd-stress): silent, it is the default already', path: 'cmd/stress/main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GOMAXPROCS(runtime.NumCPU())\n}\n', files: { 'go.mod': 'module m\n\ngo 1.23\n' }, ranges: [] },
  { name: 'a constant in a go 1.23 module is still reported (it caps whatever the limit)', path: 'cmd/stress/main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GOMAXPROCS(64)\n}\n', files: { 'go.mod': 'module m\n\ngo 1.23\n' }, ranges: ['6:2-6:24'] },
  { name: 'NumCPU in a go 1.25 module is reported', path: 'cmd/stress/main.go',
    text: 'package main\n\nimport "runtime"\n\nfunc main() {\n\truntime.GOMAXPROCS(runtime.NumCPU())\n}\n', files: { 'go.mod': 'module m\n\ngo 1.25.0\n' }, ranges: ['6:2-6:38'] },
]);

// kind v0.29.0 (go 1.17): images/base/Dockerfile sits inside the module folder but only COPYs files/* (configs,
// systemd units, scripts; files/kind/ is a folder of them) and builds containerd, runc and CNI plugins from their
// own repositories; the module's mains (main.go, cmd/kind) are the kind CLI, which runs on the user's host.
const KIND_BASE = 'FROM debian AS base\nCOPY --chmod=0755 files/usr/local/bin/* /usr/local/bin/\nCOPY --chmod=0644 files/kind/ /kind/\n' +
  'COPY --chmod=0644 files/etc/* /etc/\nCOPY --chmod=0755 scripts/target-cc /usr/local/bin/\n' +
  'FROM golang AS build-cni\nRUN git clone https://github.com/containernetworking/plugins && go build -o ./bin/ptp ./plugins/main/ptp\n' +
  'FROM base\nCOPY --from=build-cni /cni/bin/ptp /opt/cni/bin/\n';
const KIND_FILES = {
  'main.go': MAIN, 'cmd/kind/main.go': MAIN, 'pkg/cluster/provider.go': 'package cluster\n',
  'images/base/Dockerfile': KIND_BASE, 'images/base/files/kind/README.txt': 'x', 'images/base/files/kind/bin/mount.sh': 'x',
  'images/base/files/etc/crictl.yaml': 'x', 'images/base/files/usr/local/bin/entrypoint': 'x', 'images/base/scripts/target-cc': 'x',
};
ruleTable(container, [
  { name: 'a Dockerfile inside the module copying only configs and scripts (kind images/base): silent', path: 'go.mod',
    text: 'module sigs.k8s.io/kind\n\ngo 1.17\n', files: KIND_FILES, ranges: [] },
  { name: 'the same Dockerfile copying a package folder of the module: reported', path: 'go.mod',
    text: 'module sigs.k8s.io/kind\n\ngo 1.17\n', files: { ...KIND_FILES, 'images/base/Dockerfile': KIND_BASE + 'COPY pkg/ /src/pkg/\n' },
    ranges: ['3:4-3:8'], message: /images\/base\/Dockerfile/ },
  { name: 'the same Dockerfile copying the module\'s prebuilt binary (bin/kind, not in the tree): reported', path: 'go.mod',
    text: 'module sigs.k8s.io/kind\n\ngo 1.17\n', files: { ...KIND_FILES, 'images/base/Dockerfile': KIND_BASE + 'COPY bin/kind /usr/local/bin/kind\n' },
    ranges: ['3:4-3:8'] },
  { name: 'a single .go file or go.mod copied: reported', path: 'go.mod',
    text: 'module sigs.k8s.io/kind\n\ngo 1.17\n', files: { ...KIND_FILES, 'images/base/Dockerfile': 'FROM golang\nCOPY go.mod go.sum /src/\n' },
    ranges: ['3:4-3:8'] },
]);

// eks-nodeadm (go 1.21): the only container is the e2e harness test/e2e/infra/Dockerfile (COPY . . and make
// build), started by test/e2e/run.sh with docker run and no CPU limit; nodeadm itself runs on the EC2 host.
const NODEADM_E2E = 'FROM public.ecr.aws/eks-distro-build-tooling/golang:1.21 AS nodeadm-build\nWORKDIR /go/src/github.com/awslabs/amazon-eks-ami/nodeadm\nCOPY . .\nRUN make build\n';
ruleTable(container, [
  { name: 'a Dockerfile under test/e2e (eks-nodeadm harness): silent', path: 'go.mod',
    text: 'module github.com/awslabs/amazon-eks-ami/nodeadm\n\ngo 1.21\n', files: { 'cmd/nodeadm/main.go': MAIN, 'test/e2e/infra/Dockerfile': NODEADM_E2E }, ranges: [] },
  { name: 'a Dockerfile under an e2e/ folder and a manifest under tests/: silent', path: 'go.mod',
    text: 'module m\n\ngo 1.21\n', files: { 'cmd/app/main.go': MAIN, 'e2e/Dockerfile': NODEADM_E2E, 'tests/k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\n' }, ranges: [] },
  { name: 'the same Dockerfile outside test folders (docker/, contest/): reported', path: 'go.mod',
    text: 'module github.com/awslabs/amazon-eks-ami/nodeadm\n\ngo 1.21\n', files: { 'cmd/nodeadm/main.go': MAIN, 'contest/Dockerfile': NODEADM_E2E },
    ranges: ['3:4-3:8'], message: /contest\/Dockerfile/ },
]);
