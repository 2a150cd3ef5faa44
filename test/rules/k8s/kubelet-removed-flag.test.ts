import { rule } from '../../../server/src/rules/k8s/kubelet-removed-flag';
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { fixToFixedPoint } from '../../../server/src/fixes/fixAll';
import { runRule, WORKSPACE } from '../../helpers/ruleTester';
import { table } from './harness';

const dropin = `[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
Environment="KUBELET_NETWORK_ARGS=--network-plugin=cni --cni-conf-dir=/etc/cni/net.d"
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_NETWORK_ARGS
`;

table(rule, [
  { name: 'silent: current flags only', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS="--node-ip=10.0.0.2 --cloud-provider=external"\n', ranges: [] },
  { name: 'silent: flag name inside a value', path: 'kubeadm-flags.env', text: 'KUBELET_KUBEADM_ARGS="--node-labels=network-plugin=cni"\n', ranges: [] },
  {
    name: 'dockershim flags in a drop-in, removed one by one', path: 'etc/systemd/system/kubelet.service.d/10-kubeadm.conf', text: dropin,
    ranges: ['4:35-4:55', '4:56-4:85'], message: /unknown flag --(network-plugin|cni-conf-dir) \(removed in 1\.24\)/, severity: 'error',
    fixed: dropin.replace('--network-plugin=cni ', ''),
  },
  {
    name: 'env file: first flag removed with the space after it (no value starts with a space)', path: 'var/lib/kubelet/kubeadm-flags.env',
    text: 'KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n',
    ranges: ['1:23-1:49', '1:118-1:171'],
    fixed: 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n',
  },
  {
    name: 'neighbouring flags: both reported', path: 'etc/default/kubelet',
    text: 'KUBELET_EXTRA_ARGS="--network-plugin=cni --cni-bin-dir=/opt/cni/bin --v=2"\n', ranges: ['1:21-1:41', '1:42-1:68'],
  },
  {
    name: 'kubeadm v1beta3 map: pair removed, comments kept', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    # keep me\n    network-plugin: cni\n    node-ip: 10.0.0.1 # and me\n',
    ranges: ['6:5-6:24'],
    fixed: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    # keep me\n    node-ip: 10.0.0.1 # and me\n',
  },
  {
    name: 'kubeadm v1beta4 list: item removed', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: keep-terminated-pod-volumes\n    value: "true"\n  - name: node-ip\n    value: 10.0.0.1\n',
    ranges: ['5:5-6:18'],
    fixed: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: node-ip\n    value: 10.0.0.1\n',
  },
  {
    name: 'EKS NodeConfig flags list: item removed', path: 'nodeconfig.yaml',
    text: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags:\n      - --node-labels=team=a\n      - "--container-runtime=remote"\n',
    ranges: ['7:10-7:36'],
    fixed: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags:\n      - --node-labels=team=a\n',
  },
  {
    name: 'declared version older than the removal: silent', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.2\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    keep-terminated-pod-volumes: "true"\n',
    ranges: [],
  },
  {
    name: 'declared version is stated in the message', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS=--network-plugin=cni\n',
    files: { 'install.sh': 'apt-get install -y kubelet=1.29.3-1.1 kubeadm=1.29.3-1.1\n' },
    ranges: ['1:20-1:40'], message: /Kubernetes 1\.29 \(declared in install\.sh\)/,
    fixed: 'KUBELET_EXTRA_ARGS=\n',
  },
  {
    name: 'pod-infra-container-image before 1.35: info', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS=--pod-infra-container-image=k8s.gcr.io/pause:3.2\n',
    files: { 'kubeadm.yaml': 'kubernetesVersion: v1.31.0\n' }, ranges: ['1:20-1:68'], severity: 'info', message: /removed in Kubernetes 1\.35/,
  },
  {
    name: 'separate value word removed with the flag', path: 'kubelet.service',
    text: '[Service]\nExecStart=/usr/local/bin/kubelet --config=/etc/kubelet.yaml \\\n  --network-plugin cni \\\n  --v=2\n',
    ranges: ['3:3-3:23'],
    fixed: '[Service]\nExecStart=/usr/local/bin/kubelet --config=/etc/kubelet.yaml \\\n  --v=2\n',
  },
]);

describe('kubelet-removed-flag fix-all', () => {
  // Issue 15: `KUBELET_EXTRA_ARGS= --cpu-manager-policy=static` (a leading space inside the value) after fix-all.
  const fixAll = (text: string) => {
    const file = path.resolve(WORKSPACE, 'etc/default/kubelet');
    const r = fixToFixedPoint((_f, texts) => runRule(rule, { path: 'etc/default/kubelet', text: texts.get(file) ?? text }), () => text);
    return r.files.get(file)?.after ?? text;
  };
  it('removes every removed flag of a value, with the whitespace that separated them', () => {
    expect(fixAll('KUBELET_EXTRA_ARGS="--network-plugin=cni --cni-bin-dir=/opt/cni/bin --v=2"\n')).toBe('KUBELET_EXTRA_ARGS="--v=2"\n');
    expect(fixAll('KUBELET_EXTRA_ARGS="--network-plugin=cni --container-runtime=remote --cpu-manager-policy=static"\n')).toBe('KUBELET_EXTRA_ARGS="--cpu-manager-policy=static"\n');
    expect(fixAll('KUBELET_EXTRA_ARGS="--v=2 --network-plugin=cni --container-runtime=remote"\n')).toBe('KUBELET_EXTRA_ARGS="--v=2"\n');
    expect(fixAll('KUBELET_EXTRA_ARGS="--network-plugin=cni --container-runtime=remote"\n')).toBe('KUBELET_EXTRA_ARGS=""\n');
  });
});
