// The kubelet settings model: every source gives the same settings with exact value ranges.
import { describe, expect, it } from 'vitest';
import { kubeletSettings } from '../../../server/src/lang/kubelet/settings';
import type { FileKind } from '../../../server/src/core/types';

function settings(text: string, kind: FileKind, path = '/ws/x') {
  const memo = new Map<string, unknown>();
  const ctx = { text, path, kind, memo<T>(k: string, f: () => T): T { if (!memo.has(k)) memo.set(k, f()); return memo.get(k) as T; }, log() {} };
  return kubeletSettings(ctx);
}
const pick = (text: string, s: { name: string; value: string; valueStart: number; valueEnd: number; form: string }) =>
  [s.name, s.value, text.slice(s.valueStart, s.valueEnd), s.form];

describe('kubelet settings', () => {
  it('reads KubeletConfiguration fields as dotted paths', () => {
    const t = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: "static"\nauthentication:\n  anonymous:\n    enabled: false\nfeatureGates:\n  TopologyManager: true\n';
    const ks = settings(t, 'yaml', '/ws/k.yaml');
    expect(ks.selfContained).toBe(true);
    expect(ks.settings.map((s) => pick(t, s))).toEqual([
      ['cpuManagerPolicy', 'static', 'static', 'config'],
      ['authentication.anonymous.enabled', 'false', 'false', 'config'],
      ['featureGates.TopologyManager', 'true', 'true', 'config'],
    ]);
  });
  it('reads kubeadm v1beta3 maps and v1beta4 lists', () => {
    const t = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    cgroup-driver: systemd\n    feature-gates: "A=true,B=false"\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    - name: read-only-port\n      value: "10255"\n';
    const ks = settings(t, 'yaml', '/ws/kubeadm.yaml');
    expect(ks.settings.map((s) => pick(t, s))).toEqual([
      ['cgroupDriver', 'systemd', 'systemd', 'kubeadm-map'],
      ['featureGates.A', 'true', 'true', 'kubeadm-map'],
      ['featureGates.B', 'false', 'false', 'kubeadm-map'],
      ['readOnlyPort', '10255', '10255', 'kubeadm-list'],
    ]);
  });
  it('reads ExecStart continuation lines and Environment= values', () => {
    const t = '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--cgroup-driver=cgroupfs --node-ip 10.0.0.1"\nExecStart=\nExecStart=/usr/bin/kubelet \\\n  --network-plugin cni \\\n  --anonymous-auth=false $KUBELET_EXTRA_ARGS\n';
    const ks = settings(t, 'systemd', '/ws/kubelet.service');
    expect(ks.settings.map((s) => pick(t, s))).toEqual([
      ['cgroupDriver', 'cgroupfs', 'cgroupfs', 'flag'],
      ['--node-ip', '10.0.0.1', '10.0.0.1', 'flag'],
      ['--network-plugin', 'cni', 'cni', 'flag'],
      ['authentication.anonymous.enabled', 'false', 'false', 'flag'],
    ]);
    expect(ks.selfContained).toBe(true); // KUBELET_EXTRA_ARGS is defined in the same unit
  });
  it('reads env files', () => {
    const t = 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n';
    const ks = settings(t, 'envfile', '/ws/kubeadm-flags.env');
    expect(ks.settings.map((s) => s.name)).toEqual(['containerRuntimeEndpoint', '--pod-infra-container-image']);
  });
});

describe('kubelet settings: CRLF and non-ASCII text', () => {
  it('keeps exact ranges with CRLF line ends and continuation lines', () => {
    const t = '[Service]\r\n# Kübelet — überschrieben\r\nExecStart=/usr/bin/kubelet \\\r\n  --cpu-manager-policy=static \\\r\n  --read-only-port 10255\r\n';
    const ks = settings(t, 'systemd', '/ws/kubelet.service');
    expect(ks.settings.map((s) => pick(t, s))).toEqual([
      ['cpuManagerPolicy', 'static', 'static', 'flag'],
      ['readOnlyPort', '10255', '10255', 'flag'],
    ]);
  });
  it('reads a CRLF env file', () => {
    const t = 'KUBELET_EXTRA_ARGS="--cgroup-driver=systemd"\r\n';
    const ks = settings(t, 'envfile', '/ws/etc/default/kubelet');
    expect(ks.settings.map((s) => pick(t, s))).toEqual([['cgroupDriver', 'systemd', 'systemd', 'flag']]);
  });
});
