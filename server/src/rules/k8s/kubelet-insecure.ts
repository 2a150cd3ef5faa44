// CIS kubelet checks (kube-bench cis-1.12 node.yaml 4.2.x) for values that are explicitly set insecurely.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { kubeletSettings, type KubeletSetting } from '../../lang/kubelet/settings';
import { KUBELET_KINDS, label, setValueEdit } from './kubeletCommon';

const STRONG_CIPHERS = new Set(['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384']);

interface Check { cis: string; bad(v: string): boolean; secure?: string; removeIsSecure?: boolean; what: string }

const CHECKS: Record<string, Check> = {
  'authentication.anonymous.enabled': { cis: '4.2.1', bad: (v) => v === 'true', secure: 'false', what: 'anonymous requests reach the kubelet API' },
  'authorization.mode': { cis: '4.2.2', bad: (v) => /AlwaysAllow/.test(v), secure: 'Webhook', what: 'every authenticated request is authorised' },
  readOnlyPort: { cis: '4.2.4', bad: (v) => /^\d+$/.test(v) && v !== '0', secure: '0', what: 'the unauthenticated read-only port exposes pod and node data' },
  streamingConnectionIdleTimeout: { cis: '4.2.5', bad: (v) => /^0+(s|m|h)?$/.test(v) || v === '0s', removeIsSecure: true, what: 'exec/attach/port-forward streams never time out' },
  makeIPTablesUtilChains: { cis: '4.2.6', bad: (v) => v === 'false', secure: 'true', what: 'the kubelet stops managing its iptables chains' },
  eventRecordQPS: { cis: '4.2.8', bad: (v) => /^-/.test(v), what: 'event recording is misconfigured' },
  rotateCertificates: { cis: '4.2.10', bad: (v) => v === 'false', secure: 'true', what: 'client certificates are not rotated and expire' },
  'featureGates.RotateKubeletServerCertificate': { cis: '4.2.11', bad: (v) => v === 'false', secure: 'true', what: 'serving certificates are not rotated' },
};

export const rule: Rule = {
  meta: {
    id: 'kubelet-insecure', defaultSeverity: 'warning', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'fix',
    description: 'Kubelet settings that fail the CIS Kubernetes Benchmark kubelet checks (4.2.x).',
  },
  prefilter: /anonymous|authorization|[Rr]ead[Oo]nly|read-only|[Ss]treaming|iptables|IPTables|event|[Rr]otate|[Cc]ipher/,
  check(ctx) {
    for (const s of kubeletSettings(ctx).settings) {
      if (s.name === 'tlsCipherSuites') { cipher(ctx, s); continue; }
      const c = CHECKS[s.name];
      if (!c || !c.bad(s.value)) continue;
      const fixes: Fix[] = [];
      if (c.secure) fixes.push({ title: `Set ${label(s)} to ${c.secure}`, kind: 'fix', edits: [setValueEdit(ctx.text, s, c.secure)] });
      else if (c.removeIsSecure && s.remove) fixes.push({ title: `Remove ${label(s)} (default 4h)`, kind: 'fix', edits: [s.remove] });
      ctx.report({
        start: s.valueStart, end: s.valueEnd, fixes, data: { cis: c.cis },
        message: `CIS ${c.cis}: ${label(s)} ${s.value}: ${c.what}${c.secure ? `; set ${c.secure}` : c.removeIsSecure ? '; remove it or set a non-zero timeout' : ''}.`,
      });
    }
  },
};

function cipher(ctx: Parameters<Rule['check']>[0], s: KubeletSetting): void {
  if (STRONG_CIPHERS.has(s.value) || s.value === '') return;
  ctx.report({ start: s.valueStart, end: s.valueEnd, data: { cis: '4.2.12' },
    message: `CIS 4.2.12: cipher suite ${s.value} is not in the strong set (ECDHE with AES-GCM or CHACHA20-POLY1305).` });
}
