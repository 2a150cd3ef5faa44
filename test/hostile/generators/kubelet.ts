// Hostile kubelet set-ups outside YAML: systemd units and kubeadm drop-ins, env files, and a containerd
// config.toml read next to a kubelet configuration. Each holds a removed flag or a cgroup driver mismatch.
import type { Expected, ExpectedSeries } from './docker';

const LINES = [2000, 4000, 8000, 16000, 32000, 64000];
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** kubelet-removed-flag reports this flag (removed in 1.24). */
export const REMOVED = '--network-plugin=cni';
const DROPIN = 'etc/systemd/system/kubelet.service.d/10-kubeadm.conf';

const REMOVED_REPORTED: Expected = { rule: 'kubelet-removed-flag', last: REMOVED };

export const series: ExpectedSeries[] = [
  {
    name: 'systemd: long continued ExecStart',
    files: (n) => ({ 'kubelet.service': `[Service]\nExecStart=/usr/bin/kubelet \\\n${'  --v=2 \\\n'.repeat(n)}  ${REMOVED}\n` }),
    bench: LINES, reports: [REMOVED_REPORTED, { rule: 'kubelet-flags-without-config' }],
  },
  {
    name: 'systemd: many removed flags',
    files: (n) => ({ 'kubelet.service': `[Service]\nExecStart=/usr/bin/kubelet${` ${REMOVED}`.repeat(n)}\n` }),
    bench: [1000, 2000, 4000, 8000, 16000, 32000], reports: [{ ...REMOVED_REPORTED, count: (n) => n }],
  },
  {
    name: 'systemd drop-in: many Environment lines',
    files: (n) => ({
      [DROPIN]: `[Service]\n${lines(n, (i) => `Environment="KUBELET_X${i}=--v=2"\n`)}Environment="KUBELET_EXTRA_ARGS=${REMOVED}"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n`,
    }),
    bench: LINES, reports: [REMOVED_REPORTED],
  },
  {
    name: 'envfile: long line',
    files: (n) => ({ 'var/lib/kubelet/kubeadm-flags.env': `KUBELET_KUBEADM_ARGS="${'--v=2 '.repeat(n)}${REMOVED}"\n` }),
    bench: LINES, reports: [REMOVED_REPORTED],
  },
  {
    name: 'envfile: many lines',
    files: (n) => ({ 'var/lib/kubelet/kubeadm-flags.env': `${lines(n, (i) => `KUBELET_X${i}="--v=2"\n`)}KUBELET_EXTRA_ARGS="${REMOVED}"\n` }),
    bench: LINES, reports: [REMOVED_REPORTED],
  },
  {
    // The analysed file is the kubelet configuration; the containerd config beside it (under the 128 KiB the
    // rule reads) is mostly blank lines, with the setting after a line that stops a match.
    name: 'toml: containerd config full of blank lines',
    files: (n) => ({
      'kubelet-config.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\n',
      'etc/containerd/config.toml': `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n${'\n'.repeat(n)}  x = 1\n  SystemdCgroup = true\nversion = 2\n`,
    }),
    bench: [8000, 16000, 32000, 64000, 120000], reports: [{ rule: 'kubelet-cgroup-driver', last: 'cgroupfs' }],
  },
];
