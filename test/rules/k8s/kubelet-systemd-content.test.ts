// Kubelet systemd units and drop-ins outside a kubelet.service.d/ folder (a repo's deploy/10-kubeadm.conf):
// recognised by content (a [Service] section that runs the kubelet or sets its arguments), cheaply; ordinary
// .conf files (nginx, redis, sysctl.d) are not taken for them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../server/src/core/config';
import { discoverFiles } from '../../../server/src/engine/discover';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { fileKindOf, fileKindOfText, SNIFF_BYTES } from '../../../server/src/core/fileKind';
import { ALL_RULES } from '../../../server/src/rules/index';
import { rule as noConfig } from '../../../server/src/rules/k8s/kubelet-flags-without-config';
import { rule as removedFlag } from '../../../server/src/rules/k8s/kubelet-removed-flag';
import { runRules } from '../../helpers/ruleTester';
import { makeTempDir } from '../../helpers/tempDirs';
import { table } from './harness';

const FIXTURES = path.resolve(__dirname, '../../fixtures/kubelet');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const KUBELET_RULES = ALL_RULES.filter((r) => r.meta.id.startsWith('kubelet-'));

/** kind's kubeadm drop-in with the kubeadm 1.10-era network flags added back (dockershim, removed in 1.24). */
const OLD_DROPIN = fixture('kind-10-kubeadm.conf')
  .replace('ExecStart=\n', 'Environment="KUBELET_NETWORK_ARGS=--network-plugin=cni --cni-conf-dir=/etc/cni/net.d --cni-bin-dir=/opt/cni/bin"\nExecStart=\n')
  .replace(' $KUBELET_EXTRA_ARGS', () => ' $KUBELET_NETWORK_ARGS $KUBELET_EXTRA_ARGS');

describe('systemd kubelet units by content', () => {
  it('takes the kubeadm drop-in wherever it is, and a unit running the kubelet', () => {
    const dropin = fixture('kind-10-kubeadm.conf');
    expect(fileKindOf('/ws/deploy/10-kubeadm.conf')).toBeUndefined();
    for (const p of ['/ws/deploy/10-kubeadm.conf', '/ws/ansible/roles/kubelet/files/kubelet.conf', '/ws/10-kubeadm.conf']) expect(fileKindOfText(p, dropin)).toBe('systemd');
    expect(fileKindOfText('/ws/deploy/kubelet.conf', '[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=/usr/local/bin/kubelet \\\n  --config=/etc/kubelet.yaml\n')).toBe('systemd');
    expect(fileKindOfText('/ws/deploy/kubelet.conf', '[Service]\r\nExecStart=-/usr/bin/kubelet --v=2\r\n')).toBe('systemd');
    // EKS-style drop-in that only sets the kubelet's arguments.
    expect(fileKindOfText('/ws/deploy/30-kubelet-extra-args.conf', "[Service]\nEnvironment='KUBELET_EXTRA_ARGS=--node-labels=arch=arm64'\n")).toBe('systemd');
  });
  it('keeps the path rules: unit files, and drop-ins in <unit>.d/ folders', () => {
    expect(fileKindOf('/ws/etc/systemd/system/kubelet.service.d/10-kubeadm.conf')).toBe('systemd');
    expect(fileKindOf('/ws/etc/systemd/system/containerd.service.d/override.conf')).toBe('systemd');
    expect(fileKindOf('/ws/lib/systemd/system/kubelet.service')).toBe('systemd');
  });
  it('leaves ordinary .conf files alone: nginx, redis, sysctl.d, conf.d, supervisord, other services', () => {
    expect(fileKindOfText('/ws/debian/conf/nginx.conf', fixture('debian-nginx.conf'))).toBeUndefined();
    expect(fileKindOfText('/ws/redis.conf', fixture('debian-redis-head.conf'))).toBeUndefined();
    // .d folders that are not systemd drop-in folders are no longer systemd by path.
    expect(fileKindOf('/ws/etc/sysctl.d/10-network-security.conf')).toBeUndefined();
    expect(fileKindOfText('/ws/etc/sysctl.d/10-network-security.conf', fixture('kind-sysctl-10-network-security.conf'))).toBeUndefined();
    expect(fileKindOfText('/ws/etc/nginx/conf.d/default.conf', 'server {\n  listen 80;\n}\n')).toBeUndefined();
    expect(fileKindOfText('/ws/etc/modprobe.d/kubelet.conf', 'options br_netfilter\n# kubelet needs it\n')).toBeUndefined();
    // Runs the kubelet, but not under systemd.
    expect(fileKindOfText('/ws/supervisord.conf', '[program:kubelet]\ncommand=/usr/bin/kubelet --v=2\n')).toBeUndefined();
    // A [Service] section of another program, one that only prepares the kubelet, a kubelet wrapper, a comment.
    expect(fileKindOfText('/ws/deploy/containerd.conf', '[Service]\nExecStart=/usr/local/bin/containerd\n')).toBeUndefined();
    expect(fileKindOfText('/ws/deploy/11-kind.conf', fixture('kind-11-kind.conf'))).toBeUndefined();
    expect(fileKindOfText('/ws/deploy/k.conf', '[Service]\nExecStart=/usr/bin/kubelet-wrapper --v=2\n')).toBeUndefined();
    expect(fileKindOfText('/ws/deploy/k.conf', '# [Service]\n# ExecStart=/usr/bin/kubelet\nkey = value\n')).toBeUndefined();
    // Not a .conf file: the content is not read.
    expect(fileKindOfText('/ws/deploy/kubelet.txt', fixture('kind-10-kubeadm.conf'))).toBeUndefined();
  });
  it('reads a bounded prefix: a kubelet line past SNIFF_BYTES is not seen', () => {
    const late = '[Service]\n' + '# padding\n'.repeat(SNIFF_BYTES / 10) + 'ExecStart=/usr/bin/kubelet --v=2\n';
    expect(fileKindOfText('/ws/deploy/k.conf', late)).toBeUndefined();
  });
  it('discovery: the drop-in in deploy/ is a unit, nginx/redis/sysctl.d confs are not scanned', () => {
    const dir = makeTempDir('kubelet-conf-');
    const files: Record<string, string> = {
      'deploy/10-kubeadm.conf': fixture('kind-10-kubeadm.conf'),
      'deploy/11-kind.conf': fixture('kind-11-kind.conf'),
      'etc/systemd/system/kubelet.service.d/11-kind.conf': fixture('kind-11-kind.conf'),
      'etc/sysctl.d/10-network-security.conf': fixture('kind-sysctl-10-network-security.conf'),
      'nginx/nginx.conf': fixture('debian-nginx.conf'),
      'redis.conf': fixture('debian-redis-head.conf'),
      'short.conf': 'a=1\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const found = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir).files.map((f) => `${path.relative(dir, f.path)}:${f.kind}`).sort();
    expect(found).toEqual(['deploy/10-kubeadm.conf:systemd', 'etc/systemd/system/kubelet.service.d/11-kind.conf:systemd']);
  });
  it('kind\'s current drop-in in deploy/: recognised and silent (config file, EnvironmentFile)', () => {
    expect(runRules(KUBELET_RULES, { path: 'deploy/10-kubeadm.conf', text: fixture('kind-10-kubeadm.conf') })).toEqual([]);
  });
});

table(removedFlag, [
  {
    name: 'kubeadm drop-in outside kubelet.service.d/: removed network flags found', path: 'deploy/10-kubeadm.conf', text: OLD_DROPIN,
    ranges: ['11:35-11:55', '11:56-11:85', '11:86-11:112'], message: /unknown flag --(network-plugin|cni-conf-dir|cni-bin-dir) \(removed in 1\.24\)/, severity: 'error',
    fixed: OLD_DROPIN.replace('--network-plugin=cni ', ''),
  },
]);

table(noConfig, [
  {
    name: 'flags-only unit in a deploy folder', path: 'deploy/kubelet.conf',
    text: '[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --anonymous-auth=false\n',
    ranges: ['4:11-4:27'], severity: 'warning', message: /--authorization-mode=Webhook --read-only-port=0/,
  },
  { name: 'silent: kind\'s kubeadm drop-in in a deploy folder', path: 'deploy/10-kubeadm.conf', text: fixture('kind-10-kubeadm.conf'), ranges: [] },
]);
