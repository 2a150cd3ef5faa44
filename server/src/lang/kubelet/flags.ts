// Kubelet flag facts (facts/deploy-rules.md §1.3, §1.4): flag -> KubeletConfiguration field, which flags
// take no value, and which flags carry `key=value` maps or lists.

/** Flag (without `--`) -> KubeletConfiguration json path (types.go json names). */
export const FLAG_TO_FIELD: Readonly<Record<string, string>> = {
  'cgroup-driver': 'cgroupDriver',
  'cpu-manager-policy': 'cpuManagerPolicy',
  'cpu-manager-policy-options': 'cpuManagerPolicyOptions',
  'topology-manager-policy': 'topologyManagerPolicy',
  'topology-manager-scope': 'topologyManagerScope',
  'topology-manager-policy-options': 'topologyManagerPolicyOptions',
  'memory-manager-policy': 'memoryManagerPolicy',
  'reserved-memory': 'reservedMemory',
  'reserved-cpus': 'reservedSystemCPUs',
  'kube-reserved': 'kubeReserved',
  'system-reserved': 'systemReserved',
  'eviction-hard': 'evictionHard',
  'anonymous-auth': 'authentication.anonymous.enabled',
  'authorization-mode': 'authorization.mode',
  'client-ca-file': 'authentication.x509.clientCAFile',
  'read-only-port': 'readOnlyPort',
  'protect-kernel-defaults': 'protectKernelDefaults',
  'make-iptables-util-chains': 'makeIPTablesUtilChains',
  'rotate-certificates': 'rotateCertificates',
  'rotate-server-certificates': 'serverTLSBootstrap',
  'tls-cert-file': 'tlsCertFile',
  'tls-private-key-file': 'tlsPrivateKeyFile',
  'tls-cipher-suites': 'tlsCipherSuites',
  'streaming-connection-idle-timeout': 'streamingConnectionIdleTimeout',
  'event-qps': 'eventRecordQPS',
  'pod-max-pids': 'podPidsLimit',
  'container-runtime-endpoint': 'containerRuntimeEndpoint',
  'fail-cgroupv1': 'failCgroupV1',
  'feature-gates': 'featureGates',
  'seccomp-default': 'seccompDefault',
};

/** Flags whose value is a `k=v,k=v` map; each entry becomes its own setting `field.key`. */
export const MAP_FLAGS = new Set(['feature-gates', 'kube-reserved', 'system-reserved', 'eviction-hard',
  'topology-manager-policy-options', 'cpu-manager-policy-options']);

/** Flags whose value is a comma list; each item becomes a setting of the same name. */
export const LIST_FLAGS = new Set(['tls-cipher-suites']);

/** Boolean flags: pflag only takes their value as `--flag=false`, so the next word is never their value. */
export const BOOL_FLAGS = new Set(['anonymous-auth', 'protect-kernel-defaults', 'make-iptables-util-chains',
  'rotate-certificates', 'rotate-server-certificates', 'fail-cgroupv1', 'seccomp-default',
  'keep-terminated-pod-volumes', 'register-schedulable', 'exit-on-lock-contention', 'register-node',
  'fail-swap-on', 'cgroups-per-qos', 'enforce-node-allocatable-ignore', 'serialize-image-pulls',
  'experimental-allocatable-ignore-eviction', 'enable-server', 'enable-debugging-handlers',
  'enable-controller-attach-detach', 'allow-privileged', 'logtostderr', 'alsologtostderr',
  'help', 'version', 'containerized', 'kernel-memcg-notification', 'local-storage-capacity-isolation']);

export interface RemovedFlag { flag: string; removedIn: number; evidence: string }

/** Flags removed from the kubelet, only the ones the facts mark V-src or consistent S. */
export const REMOVED_FLAGS: readonly RemovedFlag[] = [
  ...['network-plugin', 'cni-conf-dir', 'cni-bin-dir', 'cni-cache-dir', 'network-plugin-mtu', 'docker-endpoint',
    'image-pull-progress-deadline', 'experimental-dockershim-root-directory']
    .map((flag) => ({ flag, removedIn: 24, evidence: 'dockershim removal, kubernetes PR #106907' })),
  { flag: 'non-masquerade-cidr', removedIn: 24, evidence: 'kubernetes PR #107096' },
  { flag: 'container-runtime', removedIn: 27, evidence: 'kubernetes PR #114017, CHANGELOG-1.27' },
  { flag: 'keep-terminated-pod-volumes', removedIn: 31, evidence: 'kubernetes PR #122082, 1.31 release notes' },
  { flag: 'pod-infra-container-image', removedIn: 35, evidence: 'deprecated since 1.27 "will be removed in 1.35"; PR #133779' },
];

/** The config field a flag sets, or `--flag` for flags that have none. */
export function settingNameOfFlag(flag: string): string {
  return FLAG_TO_FIELD[flag] ?? `--${flag}`;
}
