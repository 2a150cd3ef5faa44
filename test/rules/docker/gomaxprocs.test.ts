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
