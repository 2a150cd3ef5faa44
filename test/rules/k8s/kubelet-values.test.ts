import { rule as policy } from '../../../server/src/rules/k8s/kubelet-policy-value';
import { rule as cgroup } from '../../../server/src/rules/k8s/kubelet-cgroup-driver';
import { rule as gates } from '../../../server/src/rules/k8s/kubelet-feature-gate';
import { describe, expect, it } from 'vitest';
import { runRule } from '../../helpers/ruleTester';
import { table } from './harness';

const KC = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const containerd1 = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n';
const containerd2 = "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true\n";

table(policy, [
  { name: 'silent: valid values', path: 'k.yaml', text: KC + 'cpuManagerPolicy: static\nmemoryManagerPolicy: Static\ntopologyManagerPolicy: best-effort\ntopologyManagerScope: pod\ncgroupDriver: systemd\ntopologyManagerPolicyOptions:\n  prefer-closest-numa-nodes: "true"\n  max-allowable-numa-nodes: "16"\n', ranges: [] },
  {
    name: 'memoryManagerPolicy lower case, quotes kept', path: 'k.yaml', text: KC + 'memoryManagerPolicy: "static" # NUMA\n',
    ranges: ['3:23-3:29'], severity: 'error', message: /None or Static/, fixed: KC + 'memoryManagerPolicy: "Static" # NUMA\n',
  },
  { name: 'cpuManagerPolicy capitalised', path: 'k.yaml', text: KC + 'cpuManagerPolicy: Static\n', ranges: ['3:19-3:25'], fixed: KC + 'cpuManagerPolicy: static\n' },
  {
    name: 'flag with a misspelt topology policy', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS="--topology-manager-policy=single_numa_node"\n',
    ranges: ['1:47-1:63'], fixed: 'KUBELET_EXTRA_ARGS="--topology-manager-policy=single-numa-node"\n',
  },
  { name: 'EKS NodeConfig kubelet config', path: 'nodeconfig.yaml', text: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      memoryManagerPolicy: static\n', ranges: ['6:28-6:34'], fixed: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      memoryManagerPolicy: Static\n' },
  { name: 'unknown value without a fix', path: 'k.yaml', text: KC + 'topologyManagerScope: node\n', ranges: ['3:23-3:27'] },
  { name: 'unknown topology option key', path: 'k.yaml', text: KC + 'topologyManagerPolicyOptions:\n  prefer-closest-numa: "true"\n', ranges: ['4:3-4:22'], message: /unknown Topology Manager Policy option/ },
  {
    name: 'unknown option key in a flag list, fixed in place', path: 'etc/default/kubelet',
    text: 'KUBELET_EXTRA_ARGS="--topology-manager-policy-options=max-allowable-numa-nodes=16,prefer_closest_numa_nodes=true"\n',
    ranges: ['1:83-1:108'], fixed: 'KUBELET_EXTRA_ARGS="--topology-manager-policy-options=max-allowable-numa-nodes=16,prefer-closest-numa-nodes=true"\n',
  },
  { name: 'max-allowable-numa-nodes must exceed 8', path: 'k.yaml', text: KC + 'topologyManagerPolicyOptions:\n  max-allowable-numa-nodes: "4"\n', ranges: ['4:30-4:31'] },
]);

table(cgroup, [
  { name: 'silent: systemd driver, no runtime config', path: 'k.yaml', text: KC + 'cgroupDriver: systemd\n', ranges: [] },
  { name: 'silent: matches containerd', path: 'k.yaml', text: KC + 'cgroupDriver: systemd\n', files: { 'etc/containerd/config.toml': containerd1 }, ranges: [] },
  { name: 'cgroupfs on a systemd host', path: 'k.yaml', text: KC + 'cgroupDriver: cgroupfs\n', ranges: ['3:15-3:23'], severity: 'warning', message: /cgroup v2/, fixed: KC + 'cgroupDriver: systemd\n' },
  { name: 'mismatch with containerd 1.x', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS=--cgroup-driver=cgroupfs\n', files: { 'etc/containerd/config.toml': containerd1 }, ranges: ['1:36-1:44'], message: /SystemdCgroup = true/, severity: 'warning' },
  { name: 'containerd 2.x and Kubernetes 1.32: driver is ignored', path: 'k.yaml', text: KC + 'cgroupDriver: cgroupfs\n', files: { 'containerd/config.toml': containerd2, 'kubeadm.yaml': 'kubernetesVersion: v1.32.1\n' }, ranges: [] },
  { name: 'containerd 1.x mismatch states the declared version', path: 'k.yaml', text: KC + 'cgroupDriver: cgroupfs\n', files: { 'etc/containerd/config.toml': containerd1, 'kubeadm.yaml': 'kubernetesVersion: v1.30.2\n' }, ranges: ['3:15-3:23'], severity: 'warning', message: /Kubernetes 1\.30 in kubeadm\.yaml/ },
  { name: 'containerd 2.x, unknown version: info', path: 'k.yaml', text: KC + 'cgroupDriver: cgroupfs\n', files: { 'containerd/config.toml': containerd2 }, ranges: ['3:15-3:23'], severity: 'info' },
]);

table(gates, [
  { name: 'silent: current kubelet gates', path: 'k.yaml', text: KC + 'featureGates:\n  CPUManagerPolicyAlphaOptions: true\n  MemoryManager: true\n', ranges: [] },
  {
    name: 'TopologyAwareHints is not a kubelet (NUMA) gate', path: 'k.yaml', text: KC + 'featureGates:\n  TopologyAwareHints: true\n  Foo: true\n',
    ranges: ['4:3-4:27'], severity: 'info', message: /Service routing.*not NUMA.*topologyManagerPolicy/,
    fixed: KC + 'featureGates:\n  Foo: true\n',
  },
  {
    name: 'removed TopologyManager gate in a flag list', path: 'kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet --config=/c.yaml --feature-gates=TopologyManager=true,RotateKubeletServerCertificate=true\n',
    files: { 'kubeadm.yaml': 'kubernetesVersion: "v1.30.0"\n' },
    ranges: ['2:61-2:81'], severity: 'error', message: /removed in 1\.29.*Kubernetes 1\.30/,
    fixed: '[Service]\nExecStart=/usr/bin/kubelet --config=/c.yaml --feature-gates=RotateKubeletServerCertificate=true\n',
  },
  { name: 'TopologyManager on 1.28 is fine', path: 'k.yaml', text: KC + 'featureGates:\n  TopologyManager: true\n', files: { 'kubeadm.yaml': 'kubernetesVersion: v1.28.3\n' }, ranges: [] },
  { name: 'locked gate set to false, version unknown: warning', path: 'k.yaml', text: KC + 'featureGates: {MemoryManager: false}\n', ranges: ['3:16-3:36'], severity: 'warning', message: /locked to true since 1\.32/, fixed: KC },
  {
    // Issue 15: removing the last gate left an empty `featureGates:` key.
    name: 'the last gate removed: the emptied featureGates key goes too, its comments stay', path: 'k.yaml',
    text: KC + 'featureGates: # gates\n  # hints for zones\n  TopologyAwareHints: true # not NUMA\nreadOnlyPort: 0\n', ranges: ['5:3-5:27'], severity: 'info',
    fixed: KC + '# gates\n  # hints for zones\nreadOnlyPort: 0\n',
  },
  {
    name: 'the last gate of an embedded configuration: the emptied keys go up to the first that keeps another', path: 'nodeconfig.yaml',
    text: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      featureGates:\n        TopologyAwareHints: true\n    flags: [--v=2]\n',
    ranges: ['7:9-7:33'], fixed: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags: [--v=2]\n',
  },
]);

describe('kubelet-feature-gate fixes', () => {
  it('offers no removal that would lose what it cannot keep (an anchor on the emptied map)', () => {
    const fs = runRule(gates, { path: 'k.yaml', text: KC + 'featureGates: &gates\n  TopologyAwareHints: true\n' });
    expect(fs.map((f) => f.fixes.length)).toEqual([0]);
  });
});
