// Kubelet configuration in JSON (the EKS nodeadm format, kubelet-config.json): detected by content, read by the
// same settings model as YAML (the YAML parser reads JSON with exact ranges), and every fix stays JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as yamlStringify } from 'yaml';
import { configSchema } from '../../../server/src/core/config';
import { discoverFiles } from '../../../server/src/engine/discover';
import type { Finding } from '../../../server/src/core/types';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { applyEdits, collectFixEdits } from '../../../server/src/fixes/applyEdits';
import { DocumentStore } from '../../../server/src/lsp/documents';
import { fileKindOf, fileKindOfText, kindFromContent, sniffBytes, SNIFF_BYTES } from '../../../server/src/core/fileKind';
import { ALL_RULES } from '../../../server/src/rules/index';
import { rule as featureGate } from '../../../server/src/rules/k8s/kubelet-feature-gate';
import { rule as insecure } from '../../../server/src/rules/k8s/kubelet-insecure';
import { rule as numa } from '../../../server/src/rules/k8s/kubelet-numa-alignment';
import { rule as policyValue } from '../../../server/src/rules/k8s/kubelet-policy-value';
import { applyFixes, runRules } from '../../helpers/ruleTester';
import { makeTempDir } from '../../helpers/tempDirs';
import { table } from './harness';

const FIXTURES = path.resolve(__dirname, '../../fixtures/kubelet');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const KUBELET_RULES = ALL_RULES.filter((r) => r.meta.id.startsWith('kubelet-'));
const HEAD = { kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1' };
/** A KubeletConfiguration as nodeadm writes it: 4-space indented JSON, kind first. */
const kc = (fields: Record<string, unknown>) => JSON.stringify({ ...HEAD, ...fields }, null, 4) + '\n';

describe('kubelet JSON: detection by content', () => {
  it('takes the nodeadm kubelet configurations, whatever the .json file is called', () => {
    for (const name of ['nodeadm-kubelet-config.json', 'nodeadm-kubelet-config-drop-in.json']) {
      expect(fileKindOf(`/ws/${name}`)).toBeUndefined();
      expect(fileKindOfText(`/ws/${name}`, fixture(name))).toBe('json');
      expect(fileKindOfText('/ws/etc/kubernetes/kubelet/config.json.d/00-nodeadm.json', fixture(name))).toBe('json');
    }
    expect(fileKindOfText('/ws/k.json', '{"apiVersion":"kubelet.config.k8s.io/v1beta1","kind":"KubeletConfiguration"}')).toBe('json');
  });
  it('leaves other JSON alone: the nodeadm credential provider config, package.json, a kind mentioned in a string', () => {
    expect(fileKindOfText('/ws/config.json', fixture('nodeadm-image-credential-provider-config.json'))).toBeUndefined();
    expect(fileKindOfText('/ws/package.json', '{"name": "x", "version": "1.0.0", "scripts": {"test": "vitest"}}\n')).toBeUndefined();
    expect(fileKindOfText('/ws/notes.json', '{"text": "set kind: KubeletConfiguration in the file"}')).toBeUndefined();
    // The content only decides .json files: the same text in a .txt file is not read.
    expect(fileKindOfText('/ws/kubelet.txt', fixture('nodeadm-kubelet-config.json'))).toBeUndefined();
  });
  it('reads a bounded prefix: only .json/.conf files, at most SNIFF_BYTES of them', () => {
    expect(sniffBytes('/ws/a.json', 10 * 1024 * 1024)).toBe(SNIFF_BYTES);
    expect(sniffBytes('/ws/a.json', 1933)).toBe(1933);
    expect(sniffBytes('/ws/a.txt', 1933)).toBe(0);
    expect(sniffBytes('/ws/a.yaml', 1933)).toBe(0);
    const late = `{"padding": "${'x'.repeat(SNIFF_BYTES)}", "kind": "KubeletConfiguration"}`;
    expect(fileKindOfText('/ws/late.json', late)).toBeUndefined();
    expect(kindFromContent(Buffer.from(fixture('nodeadm-kubelet-config.json')), '/ws/k.json')).toBe('json');
  });
  it('discovery classifies the kubelet JSON files and nothing else', () => {
    const dir = makeTempDir('kubelet-json-');
    const files: Record<string, string> = {
      'cases/kubelet-config/expected-kubelet-config.json': fixture('nodeadm-kubelet-config.json'),
      'cases/kubelet-config-dir/expected-kubelet-config-drop-in.json': fixture('nodeadm-kubelet-config-drop-in.json'),
      'cases/image-credential-provider/expected.json': fixture('nodeadm-image-credential-provider-config.json'),
      'package.json': '{"name": "x"}\n',
      'tiny.json': '{}',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const found = discoverFiles([dir], nodeFileSystem, configSchema.parse({}), dir).files.map((f) => `${path.relative(dir, f.path)}:${f.kind}`).sort();
    expect(found).toEqual(['cases/kubelet-config-dir/expected-kubelet-config-drop-in.json:json', 'cases/kubelet-config/expected-kubelet-config.json:json']);
  });
  it('the editor follows the content of an open .json document', () => {
    const store = new DocumentStore();
    const d = store.open('file:///ws/kubelet-config.json', 'json', 1, fixture('nodeadm-kubelet-config.json'))!;
    expect(d.kind).toBe('json');
    store.change('file:///ws/kubelet-config.json', 2, [{ text: '{"name": "x"}' }]);
    expect(d.kind).toBeUndefined();
    store.change('file:///ws/kubelet-config.json', 3, [{ text: kc({ readOnlyPort: 10255 }) }]);
    expect(d.kind).toBe('json');
    expect(store.open('file:///ws/package.json', 'json', 1, '{"name": "x"}')!.kind).toBeUndefined();
  });
});

describe('kubelet JSON: the nodeadm e2e expectations', () => {
  it('full configuration: only the two TLS_RSA cipher suites outside the CIS 4.2.12 strong set', () => {
    const text = fixture('nodeadm-kubelet-config.json');
    const fs_ = runRules(KUBELET_RULES, { path: 'etc/kubernetes/kubelet/config.json', text });
    expect(fs_.map((f) => [f.ruleId, f.severity, text.slice(f.start, f.end)])).toEqual([
      ['kubelet-insecure', 'warning', 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
      ['kubelet-insecure', 'warning', 'TLS_RSA_WITH_AES_256_GCM_SHA384'],
    ]);
    for (const f of fs_) expect(f.message).toMatch(/^CIS 4\.2\.12: cipher suite TLS_RSA_WITH_AES_(128_GCM_SHA256|256_GCM_SHA384) is not in the strong set/);
  });
  it('drop-in (logging and clusterDNS only): silent', () => {
    expect(runRules(KUBELET_RULES, { path: 'config.json.d/00-nodeadm.json', text: fixture('nodeadm-kubelet-config-drop-in.json') })).toEqual([]);
  });
});

// Exact ranges and fixed texts on JSON.
const INSECURE = kc({ authentication: { anonymous: { enabled: true }, webhook: { enabled: true } }, authorization: { mode: 'AlwaysAllow' }, readOnlyPort: 10255 });
table(insecure, [
  { name: 'silent: hardened nodeadm-style JSON', path: 'kubelet-config.json', text: kc({ authentication: { anonymous: { enabled: false } }, authorization: { mode: 'Webhook' }, readOnlyPort: 0 }), ranges: [] },
  {
    name: 'JSON: anonymous auth on, fixed to false', path: 'kubelet-config.json', text: INSECURE,
    ranges: ['6:24-6:28', '13:18-13:29', '15:21-15:26'], message: /CIS 4\.2\.(1|2|4):/,
    fixed: INSECURE.replace('"enabled": true\n', '"enabled": false\n'),
  },
  { name: 'JSON: AlwaysAllow becomes the string "Webhook"', path: 'k.json', text: kc({ authorization: { mode: 'AlwaysAllow' } }), ranges: ['5:18-5:29'], fixed: kc({ authorization: { mode: 'Webhook' } }) },
  { name: 'JSON: read-only port stays a number', path: 'k.json', text: kc({ readOnlyPort: 10255 }), ranges: ['4:21-4:26'], fixed: kc({ readOnlyPort: 0 }) },
  { name: 'JSON: read-only port written as a string stays a string', path: 'k.json', text: kc({ readOnlyPort: '10255' }), ranges: ['4:22-4:27'], fixed: kc({ readOnlyPort: '0' }) },
  { name: 'JSON: zero streaming timeout, last member: removed with the comma before it', path: 'k.json', text: kc({ readOnlyPort: 0, streamingConnectionIdleTimeout: '0s' }), ranges: ['5:40-5:42'], fixed: kc({ readOnlyPort: 0 }) },
  { name: 'JSON: zero streaming timeout, first member: removed with the comma after it', path: 'k.json', text: kc({ streamingConnectionIdleTimeout: '0s', readOnlyPort: 0 }), ranges: ['4:40-4:42'], fixed: kc({ readOnlyPort: 0 }) },
  { name: 'JSON minified on one line', path: 'k.json', text: '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","rotateCertificates":false}', ranges: ['1:98-1:103'], fixed: '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","rotateCertificates":true}' },
  { name: 'JSON with tabs and CRLF', path: 'k.json', text: '{\r\n\t"kind": "KubeletConfiguration",\r\n\t"apiVersion": "kubelet.config.k8s.io/v1beta1",\r\n\t"makeIPTablesUtilChains": false\r\n}\r\n', ranges: ['4:28-4:33'], fixed: '{\r\n\t"kind": "KubeletConfiguration",\r\n\t"apiVersion": "kubelet.config.k8s.io/v1beta1",\r\n\t"makeIPTablesUtilChains": true\r\n}\r\n' },
]);

table(featureGate, [
  { name: 'JSON: removed gate, the only one: featureGates goes with it', path: 'k.json', text: kc({ featureGates: { TopologyManager: true } }), ranges: ['5:9-5:32'], severity: 'warning', fixed: kc({}) },
  { name: 'JSON: removed gate among others', path: 'k.json', text: kc({ featureGates: { RotateKubeletServerCertificate: true, DynamicKubeletConfig: false } }), ranges: ['6:9-6:38'], fixed: kc({ featureGates: { RotateKubeletServerCertificate: true } }) },
]);

table(policyValue, [
  { name: 'JSON: wrongly cased CPU manager policy, range inside the quotes', path: 'k.json', text: kc({ cpuManagerPolicy: 'Static', reservedSystemCPUs: '0' }), ranges: ['4:26-4:32'], fixed: kc({ cpuManagerPolicy: 'static', reservedSystemCPUs: '0' }), fixedSilent: true },
  { name: 'JSON: misspelt Topology Manager option: the key without its quotes', path: 'k.json', text: kc({ topologyManagerPolicyOptions: { 'prefer_closest_numa_nodes': 'true' } }), ranges: ['5:10-5:35'], fixed: kc({ topologyManagerPolicyOptions: { 'prefer-closest-numa-nodes': 'true' } }) },
]);

table(numa, [
  {
    name: 'JSON: topologyManagerPolicy inserted as a member after cpuManagerPolicy', path: 'k.json', text: kc({ cpuManagerPolicy: 'static', reservedSystemCPUs: '0' }),
    ranges: ['4:26-4:32'], fixed: kc({ cpuManagerPolicy: 'static', topologyManagerPolicy: 'single-numa-node', reservedSystemCPUs: '0' }),
  },
  {
    name: 'JSON: inserted after the last member', path: 'k.json', text: kc({ reservedSystemCPUs: '0', cpuManagerPolicy: 'static' }),
    ranges: ['5:26-5:32'], fixed: kc({ reservedSystemCPUs: '0', cpuManagerPolicy: 'static', topologyManagerPolicy: 'single-numa-node' }), fixIndex: 0,
  },
  {
    name: 'JSON minified: inserted inline', path: 'k.json', text: JSON.stringify({ ...HEAD, cpuManagerPolicy: 'static', reservedSystemCPUs: '0' }),
    ranges: ['1:97-1:103'], fixed: JSON.stringify({ ...HEAD, cpuManagerPolicy: 'static' }).slice(0, -1) + ', "topologyManagerPolicy": "single-numa-node","reservedSystemCPUs":"0"}',
  },
  { name: 'JSON: policy none set to restricted (second fix)', path: 'k.json', text: kc({ cpuManagerPolicy: 'static', topologyManagerPolicy: 'none' }), ranges: ['5:31-5:35'], fixIndex: 1, fixed: kc({ cpuManagerPolicy: 'static', topologyManagerPolicy: 'restricted' }) },
  {
    name: 'YAML flow map: the inserted member is YAML too', path: 'k.yaml', text: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n---\n{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration, cpuManagerPolicy: static}\n',
    ranges: ['4:91-4:97'], fixed: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n---\n{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration, cpuManagerPolicy: static, "topologyManagerPolicy": "single-numa-node"}\n',
  },
]);

/** The finding as a comparable line: rule, severity, message, and the text it marks without JSON's quotes and spacing. */
const shape = (text: string, f: Finding) => [f.ruleId, f.severity, f.message, text.slice(f.start, f.end).replace(/"/g, '').replace(/:\s*/g, ': ')];

describe('kubelet JSON: exactly what the YAML form gives', () => {
  const CONFIGS: Record<string, Record<string, unknown>> = {
    insecure: {
      authentication: { anonymous: { enabled: true } }, authorization: { mode: 'AlwaysAllow' }, readOnlyPort: 10255,
      streamingConnectionIdleTimeout: '0s', makeIPTablesUtilChains: false, rotateCertificates: false, eventRecordQPS: -1,
      featureGates: { RotateKubeletServerCertificate: false },
      tlsCipherSuites: ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    },
    gates: { featureGates: { TopologyManager: true, MemoryManager: false, TopologyAwareHints: true, DynamicKubeletConfig: true } },
    policies: {
      cpuManagerPolicy: 'Static', memoryManagerPolicy: 'static', topologyManagerPolicy: 'single_numa_node', topologyManagerScope: 'Pod',
      cgroupDriver: 'Systemd', reservedSystemCPUs: '0', topologyManagerPolicyOptions: { 'prefer-closest-numa': 'true', 'max-allowable-numa-nodes': '4' },
    },
    numa: { cpuManagerPolicy: 'static', kubeReserved: { cpu: '100m' } },
    numaNone: { cpuManagerPolicy: 'static', topologyManagerPolicy: 'none', reservedSystemCPUs: '0' },
    staticNoReservation: { cpuManagerPolicy: 'static', topologyManagerPolicy: 'single-numa-node', kubeReserved: { cpu: '0' } },
    memoryManager: { memoryManagerPolicy: 'Static', kubeReserved: { memory: '1Gi' }, evictionHard: { 'memory.available': '100Mi' }, reservedMemory: [{ numaNode: 0, limits: { memory: '1Gi' } }] },
    memoryManagerNone: { memoryManagerPolicy: 'Static' },
    topologyWithoutCpu: { topologyManagerPolicy: 'restricted', cpuManagerPolicy: 'none' },
    cgroupfs: { cgroupDriver: 'cgroupfs' },
    nodeadm: JSON.parse(fixture('nodeadm-kubelet-config.json')),
  };
  for (const [name, fields] of Object.entries(CONFIGS)) {
    it(name, () => {
      const obj = { ...HEAD, ...fields };
      const yamlText = yamlStringify(obj);
      const yaml = runRules(KUBELET_RULES, { path: 'kubelet-config.yaml', text: yamlText });
      expect(yaml.length, 'the YAML form has findings to compare').toBeGreaterThan(name === 'nodeadm' ? 1 : 0);
      for (const jsonText of [JSON.stringify(obj, null, 4) + '\n', JSON.stringify(obj), JSON.stringify(obj, null, '\t')]) {
        const json = runRules(KUBELET_RULES, { path: 'kubelet-config.json', text: jsonText });
        expect(json.map((f) => shape(jsonText, f))).toEqual(yaml.map((f) => shape(yamlText, f)));
        // Every fix of every finding gives JSON, and the same configuration as the YAML fix.
        json.forEach((f, i) => {
          expect(f.fixes.map((x) => [x.title, x.kind])).toEqual(yaml[i].fixes.map((x) => [x.title, x.kind]));
          f.fixes.forEach((fix, k) => {
            const out = applyFixes(jsonText, fix);
            expect(() => JSON.parse(out), `${fix.title} gives JSON:\n${out}`).not.toThrow();
            expect(JSON.parse(out)).toEqual(parseYaml(applyFixes(yamlText, yaml[i].fixes[k])));
          });
        });
        // Fix-all (the mechanical fixes merged) gives JSON too.
        const merged = collectFixEdits(json).get(path.resolve('/ws/kubelet-config.json'));
        if (merged) expect(() => JSON.parse(applyEdits(jsonText, merged.edits))).not.toThrow();
      }
    });
  }
});
