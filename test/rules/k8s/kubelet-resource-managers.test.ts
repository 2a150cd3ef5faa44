import { rule as numa } from '../../../server/src/rules/k8s/kubelet-numa-alignment';
import { rule as noReserve } from '../../../server/src/rules/k8s/kubelet-static-cpu-no-reservation';
import { rule as tmNoCpu } from '../../../server/src/rules/k8s/kubelet-topology-without-cpu-manager';
import { rule as memmgr } from '../../../server/src/rules/k8s/kubelet-memory-manager-reservation';
import { table } from './harness';

const KC = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const hardened = KC + `# NUMA-aware node
cpuManagerPolicy: static
topologyManagerPolicy: single-numa-node
topologyManagerScope: pod
memoryManagerPolicy: Static
reservedSystemCPUs: "0,1"
kubeReserved:
  cpu: 500m
  memory: 1Gi
systemReserved:
  memory: 512Mi
evictionHard:
  memory.available: 512Mi
reservedMemory:
  - numaNode: 0
    limits:
      memory: 1Gi
  - numaNode: 1
    limits:
      memory: 1Gi
`;

table(numa, [
  { name: 'silent: hardened NUMA config', path: 'kubelet-config.yaml', text: hardened, ranges: [] },
  { name: 'silent: unit with --config elsewhere', path: 'kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --cpu-manager-policy=static\n', ranges: [] },
  {
    name: 'static without topology policy: insert after cpuManagerPolicy, comments kept', path: 'kubelet-config.yaml',
    text: KC + 'cpuManagerPolicy: static # exclusive CPUs\nreservedSystemCPUs: "0"\n',
    ranges: ['3:19-3:25'], severity: 'warning', message: /NUMA/,
    fixed: KC + 'cpuManagerPolicy: static # exclusive CPUs\ntopologyManagerPolicy: single-numa-node\nreservedSystemCPUs: "0"\n',
  },
  {
    name: 'explicit none: value replaced (restricted)', path: 'kubelet-config.yaml', fixIndex: 1,
    text: KC + 'cpuManagerPolicy: static\ntopologyManagerPolicy: none\n',
    ranges: ['4:24-4:28'],
    fixed: KC + 'cpuManagerPolicy: static\ntopologyManagerPolicy: restricted\n',
  },
  {
    name: 'silent: kubeadm v1beta4 list + embedded KubeletConfiguration are one kubelet', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: cpu-manager-policy\n    value: static\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ntopologyManagerPolicy: restricted\n',
    ranges: [],
  },
  {
    name: 'flags override the config file: extra arg none wins over the embedded config', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    topology-manager-policy: none\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: static\ntopologyManagerPolicy: single-numa-node\n',
    ranges: ['5:30-5:34'], message: /--topology-manager-policy none/,
    fixed: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    topology-manager-policy: single-numa-node\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: static\ntopologyManagerPolicy: single-numa-node\n',
  },
  {
    name: 'kubeadm v1beta3 map: pair inserted', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    cpu-manager-policy: static\n    reserved-cpus: "0"\n',
    ranges: ['5:25-5:31'],
    fixed: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    cpu-manager-policy: static\n    topology-manager-policy: single-numa-node\n    reserved-cpus: "0"\n',
  },
  {
    name: 'kubeadm v1beta4 list: item inserted', path: 'kubeadm.yaml',
    text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: cpu-manager-policy\n    value: static\n  - name: reserved-cpus\n    value: "0"\n',
    ranges: ['6:12-6:18'],
    fixed: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: cpu-manager-policy\n    value: static\n  - name: topology-manager-policy\n    value: single-numa-node\n  - name: reserved-cpus\n    value: "0"\n',
  },
  {
    name: 'flags-only unit: flag appended', path: 'kubelet.service',
    text: '[Service]\nExecStart=/usr/bin/kubelet --cpu-manager-policy=static --reserved-cpus=0\n',
    ranges: ['2:49-2:55'],
    fixed: '[Service]\nExecStart=/usr/bin/kubelet --cpu-manager-policy=static --topology-manager-policy=single-numa-node --reserved-cpus=0\n',
  },
]);

table(noReserve, [
  { name: 'silent: hardened', path: 'kubelet-config.yaml', text: hardened, ranges: [] },
  { name: 'silent: kubeReserved cpu', path: 'k.yaml', text: KC + 'cpuManagerPolicy: static\nkubeReserved:\n  cpu: "1"\n', ranges: [] },
  { name: 'silent: flag reservation', path: 'k.service', text: '[Service]\nExecStart=/usr/bin/kubelet --cpu-manager-policy=static --system-reserved=cpu=200m,memory=1Gi\n', ranges: [] },
  { name: 'silent: EKS NodeConfig merges over the AMI config (reservations may come from there)', path: 'nodeconfig.yaml', text: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      cpuManagerPolicy: static\n', ranges: [] },
  { name: 'no reservation', path: 'k.yaml', text: KC + 'cpuManagerPolicy: static\nkubeReserved:\n  memory: 1Gi\n', ranges: ['3:19-3:25'], severity: 'error', message: /reserved CPU/ },
  { name: 'zero cpu reservation', path: 'k.yaml', text: KC + 'cpuManagerPolicy: static\nsystemReserved:\n  cpu: "0"\n', ranges: ['3:19-3:25'] },
]);

table(tmNoCpu, [
  { name: 'silent: hardened', path: 'kubelet-config.yaml', text: hardened, ranges: [] },
  { name: 'silent: best-effort', path: 'k.yaml', text: KC + 'topologyManagerPolicy: best-effort\n', ranges: [] },
  { name: 'single-numa-node with default none', path: 'k.yaml', text: KC + 'topologyManagerPolicy: single-numa-node\n', ranges: ['3:24-3:40'], message: /cpuManagerPolicy: static; memory/ },
  { name: 'kubeadm list form with explicit none', path: 'kubeadm.yaml', text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: topology-manager-policy\n    value: restricted\n  - name: cpu-manager-policy\n    value: none\n', ranges: ['6:12-6:22'], message: /--topology-manager-policy restricted with --cpu-manager-policy none/ },
]);

table(memmgr, [
  { name: 'silent: hardened (1Gi+512Mi+512Mi = 2Gi)', path: 'kubelet-config.yaml', text: hardened, ranges: [] },
  { name: 'silent: percentage eviction not summed', path: 'k.yaml', text: KC + 'memoryManagerPolicy: Static\nevictionHard:\n  memory.available: "5%"\nreservedMemory:\n- numaNode: 0\n  limits: {memory: 1Gi}\n', ranges: [] },
  { name: 'Static without reservedMemory', path: 'k.yaml', text: KC + 'memoryManagerPolicy: Static\n', ranges: ['3:22-3:28'], severity: 'error' },
  { name: 'sums differ', path: 'k.yaml', text: hardened.replace('memory.available: 512Mi', 'memory.available: 100Mi'), ranges: ['19:15-19:18'], message: /sums to 2048Mi .* is 1636Mi/ },
  { name: 'flag form', path: 'k.service', text: '[Service]\nExecStart=/usr/bin/kubelet --memory-manager-policy=Static --kube-reserved=memory=1Gi\n', ranges: ['2:52-2:58'] },
]);
