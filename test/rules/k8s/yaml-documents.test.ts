// Shared YAML access: Helm templates are skipped with one log line for all rules; CI expressions are YAML.
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/core/config';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { fileKindOf } from '../../../server/src/core/fileKind';
import { ALL_RULES } from '../../../server/src/rules/index';

function run(path: string, text: string) {
  const logs: string[] = [];
  const findings = analyzeFile({ path, text, kind: fileKindOf(path)!, config: defaultConfig, root: '/ws', fs: memoryFileSystem({ [path]: text }),
    rules: ALL_RULES.filter((r) => /^(k8s|kubelet|ci)-/.test(r.meta.id)), sharedCache: new Map(), log: (m) => logs.push(m) });
  return { findings, logs };
}

describe('shared YAML documents', () => {
  it('skips a Helm template once, with no findings', () => {
    const t = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      nodeSelector:\n        beta.kubernetes.io/arch: {{ .Values.arch }}\n      containers:\n      - image: mysql:5.7\n        resources: {limits: {hugepages-1Gi: 1Gi}}\n';
    const { findings, logs } = run('/ws/chart/templates/deploy.yaml', t);
    expect(findings).toEqual([]);
    expect(logs.filter((l) => /template/.test(l))).toHaveLength(1);
  });
  it('skips a template outside templates/ only when the markers break the YAML', () => {
    const t = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      {{- with .Values.nodeSelector }}\n      nodeSelector: {{ toYaml . | nindent 8 }}\n      {{- end }}\n      containers:\n      - image: mysql:5.7\n';
    const { findings, logs } = run('/ws/deploy/app.yaml', t);
    expect(findings).toEqual([]);
    expect(logs.filter((l) => /template/.test(l))).toHaveLength(1);
  });
  it('reads valid YAML whose strings carry Go templates (alert annotations)', () => {
    const t = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    summary: "{{ $labels.instance }} down"\nspec:\n  template:\n    spec:\n      containers:\n      - image: mysql:5.7\n';
    const { findings, logs } = run('/ws/deploy/db.yaml', t);
    expect(findings.map((f) => f.ruleId)).toEqual(['k8s-amd64-only-image']);
    expect(logs).toEqual([]);
  });
  it('reads GitHub ${{ }} expressions as YAML', () => {
    const t = 'jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/setup-qemu-action@v3\n        with:\n          platforms: ${{ env.P }}\n';
    const { findings, logs } = run('/ws/.github/workflows/b.yml', t);
    expect(findings.map((f) => f.ruleId)).toEqual(['ci-qemu-order']);
    expect(logs).toEqual([]);
  });
  it('never throws on broken YAML', () => {
    const { findings, logs } = run('/ws/k.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: [static\n');
    expect(findings).toEqual([]);
    expect(logs.filter((l) => /failed/.test(l))).toEqual([]);
  });
  it('a document nested past the parser\'s depth is skipped with a reason; the others are still read', () => {
    const pinned = 'apiVersion: apps/v1\nkind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: amd64\n';
    for (const deep of ['x: ' + '['.repeat(3000) + ']'.repeat(3000), Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1']) {
      const t = `${pinned}---\n${deep}\n---\n${pinned}`;
      const { findings, logs } = run('/ws/deploy.yaml', t);
      expect(findings.map((f) => [f.ruleId, f.start])).toEqual([['k8s-arch-pinned', pinned.indexOf('amd64')], ['k8s-arch-pinned', t.lastIndexOf('amd64')]]);
      expect(logs).toEqual(['/ws/deploy.yaml: the YAML document at line 6 nests too deeply for the YAML parser; YAML rules skip that document']);
    }
  });
  it('classifies /etc/sysconfig/kubelet as an env file', () => {
    expect(fileKindOf('/etc/sysconfig/kubelet')).toBe('envfile');
    const { findings } = run('/ws/etc/sysconfig/kubelet', 'KUBELET_EXTRA_ARGS=--network-plugin=cni\n');
    expect(findings.map((f) => f.ruleId)).toEqual(['kubelet-removed-flag']);
  });
});
