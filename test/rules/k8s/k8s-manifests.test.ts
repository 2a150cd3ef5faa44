import { rule as pinned } from '../../../server/src/rules/k8s/k8s-arch-pinned';
import { rule as huge } from '../../../server/src/rules/k8s/k8s-hugepages-1gi';
import { rule as image } from '../../../server/src/rules/k8s/k8s-amd64-only-image';
import { table } from './harness';

const deploy = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${spec}`;

table(pinned, [
  { name: 'silent: arm64-capable affinity', path: 'd.yaml', text: deploy('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n'), ranges: [] },
  { name: 'silent: per-arch DaemonSets in one file', path: 'ds.yaml', text: 'apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n---\napiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n', ranges: [] },
  { name: 'silent: Helm template skipped', path: 'templates/d.yaml', text: 'spec:\n  nodeSelector:\n    kubernetes.io/arch: {{ .Values.arch }}\n', ranges: [] },
  {
    name: 'nodeSelector amd64: suggest removing the pin', path: 'd.yaml',
    text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64 # for now\n        disk: ssd\n      containers: []\n'),
    ranges: ['9:29-9:34'], severity: 'info', message: /keeps these pods off arm64/,
    fixed: deploy('      nodeSelector:\n        disk: ssd\n      containers: []\n'),
  },
  {
    name: 'deprecated beta label and amd64 pin', path: 'd.yaml',
    text: deploy('      nodeSelector:\n        "beta.kubernetes.io/arch": amd64\n'),
    ranges: ['9:9-9:34', '9:36-9:41'], fixedSilent: false,
    fixed: deploy('      nodeSelector:\n        "kubernetes.io/arch": amd64\n'),
  },
  {
    name: 'affinity In [amd64] block list: add arm64', path: 'values.yaml',
    text: 'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/arch\n          operator: In\n          values:\n          - amd64\n',
    ranges: ['6:16-9:18'],
    fixed: 'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/arch\n          operator: In\n          values:\n          - amd64\n          - arm64\n',
  },
  {
    name: 'Karpenter NodePool requirement: worded for node pools', path: 'nodepool.yaml',
    text: 'apiVersion: karpenter.sh/v1\nkind: NodePool\nspec:\n  template:\n    spec:\n      requirements:\n        - key: kubernetes.io/arch\n          operator: In\n          values: ["amd64"]\n',
    ranges: ['7:16-9:28'], message: /pool never provisions arm64/,
    fixed: 'apiVersion: karpenter.sh/v1\nkind: NodePool\nspec:\n  template:\n    spec:\n      requirements:\n        - key: kubernetes.io/arch\n          operator: In\n          values: ["amd64", "arm64"]\n',
  },
  {
    name: 'affinity flow list (Helm values)', path: 'values-prod.yaml', text: 'matchExpressions:\n- {key: kubernetes.io/arch, operator: In, values: [amd64]}\n',
    ranges: ['2:9-2:58'], fixed: 'matchExpressions:\n- {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n',
  },
]);

table(huge, [
  { name: 'silent: 2Mi pages', path: 'p.yaml', text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        hugepages-2Mi: 100Mi\n', ranges: [] },
  { name: 'silent: pinned to amd64', path: 'p.yaml', text: 'apiVersion: v1\nkind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: amd64\n  containers:\n  - name: a\n    resources:\n      limits:\n        hugepages-1Gi: 2Gi\n', ranges: [] },
  { name: 'limits and emptyDir medium', path: 'p.yaml', text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        hugepages-1Gi: 2Gi\n  volumes:\n  - name: hp\n    emptyDir:\n      medium: HugePages-1Gi\n', ranges: ['8:9-8:22', '12:15-12:28'], severity: 'warning', message: /64K pages/ },
]);

table(image, [
  { name: 'silent: mysql 8', path: 'd.yaml', text: deploy('      containers:\n      - name: db\n        image: mysql:8.0\n'), ranges: [] },
  { name: 'mysql 5.7 in a Deployment', path: 'd.yaml', text: deploy('      containers:\n      - name: db\n        image: "mysql:5.7"\n'), ranges: ['10:16-10:27'], severity: 'warning', message: /no linux\/arm64 image/ },
  { name: 'Helm values repository/tag', path: 'values.yaml', text: 'image:\n  repository: mcr.microsoft.com/mssql/server\n  tag: 2019-latest\n', ranges: ['3:8-3:19'] },
  { name: 'silent: CI service container (runs on the runner)', path: '.github/workflows/ci.yml', text: 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: mysql:5.7\n', ranges: [] },
  { name: 'silent: compose file is not a manifest', path: 'docker-compose.yml', text: 'services:\n  db:\n    image: mysql:5.7\n', ranges: [] },
  { name: 'silent: pinned to amd64 nodes', path: 'd.yaml', text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n      containers:\n      - image: mysql:5.7\n'), ranges: [] },
]);
