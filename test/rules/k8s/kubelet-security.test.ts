import { rule as insecure } from '../../../server/src/rules/k8s/kubelet-insecure';
import { rule as noConfig } from '../../../server/src/rules/k8s/kubelet-flags-without-config';
import { table } from './harness';

const KC = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const hardened = KC + `authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
readOnlyPort: 0
streamingConnectionIdleTimeout: 5m
makeIPTablesUtilChains: true
rotateCertificates: true
featureGates:
  RotateKubeletServerCertificate: true
tlsCipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
`;

table(insecure, [
  { name: 'silent: hardened config', path: 'kubelet-config.yaml', text: hardened, ranges: [] },
  { name: 'silent: not a kubelet document', path: 'deploy.yaml', text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  readOnlyPort: "10255"\n', ranges: [] },
  {
    name: 'anonymous auth on, comments and layout kept', path: 'kubelet-config.yaml',
    text: KC + 'authentication:\n  anonymous:\n    enabled: true   # TODO\n  webhook:\n    enabled: true\n',
    ranges: ['5:14-5:18'], severity: 'warning', message: /CIS 4\.2\.1/,
    fixed: KC + 'authentication:\n  anonymous:\n    enabled: false   # TODO\n  webhook:\n    enabled: true\n',
  },
  { name: 'AlwaysAllow', path: 'k.yaml', text: KC + 'authorization:\n  mode: AlwaysAllow\n', ranges: ['4:9-4:20'], fixed: KC + 'authorization:\n  mode: Webhook\n' },
  { name: 'read-only port flag', path: 'etc/default/kubelet', text: 'KUBELET_EXTRA_ARGS="--read-only-port=10255 --v=2"\n', ranges: ['1:38-1:43'], fixed: 'KUBELET_EXTRA_ARGS="--read-only-port=0 --v=2"\n' },
  { name: 'kubeadm map value stays a string', path: 'kubeadm.yaml', text: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: "true"\n', ranges: ['5:22-5:26'], fixed: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: "false"\n' },
  { name: 'zero streaming timeout: remove it', path: 'k.yaml', text: KC + 'streamingConnectionIdleTimeout: 0s\nreadOnlyPort: 0\n', ranges: ['3:33-3:35'], fixed: KC + 'readOnlyPort: 0\n' },
  { name: 'weak cipher', path: 'k.yaml', text: KC + 'tlsCipherSuites:\n- TLS_RSA_WITH_AES_128_CBC_SHA\n', ranges: ['4:3-4:31'], message: /4\.2\.12/ },
  { name: 'rotate certificates off', path: 'k.service', text: '[Service]\nExecStart=/usr/bin/kubelet --config=/k.yaml --rotate-certificates=false\n', ranges: ['2:67-2:72'], fixed: '[Service]\nExecStart=/usr/bin/kubelet --config=/k.yaml --rotate-certificates=true\n' },
]);

table(noConfig, [
  { name: 'silent: kubeadm drop-in (--config in Environment=)', path: 'kubelet.service.d/10-kubeadm.conf', text: '[Service]\nEnvironment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS\n', ranges: [] },
  { name: 'silent: variables from elsewhere', path: 'kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n', ranges: [] },
  { name: 'silent: flags set the three secure values', path: 'kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false --authorization-mode=Webhook --read-only-port=0\n', ranges: [] },
  { name: 'silent: bare package unit (drop-ins replace ExecStart)', path: 'lib/systemd/system/kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n', ranges: [] },
  { name: 'silent: unit with a drop-in directory', path: 'kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet --v=2\n', files: { 'kubelet.service.d/10-kubeadm.conf': '[Service]\n' }, ranges: [] },
  { name: 'flags only', path: 'kubelet.service', text: '[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/local/bin/kubelet \\\n  --kubeconfig=/etc/kubernetes/kubelet.conf \\\n  --anonymous-auth=false\nRestart=always\n', ranges: ['4:11-4:33'], severity: 'warning', message: /--authorization-mode=Webhook --read-only-port=0/ },
]);
