// Resource-manager and cgroup settings only accept exact strings; a wrong case or spelling stops the kubelet.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { kubeletSettings, type KubeletSetting } from '../../lang/kubelet/settings';
import { KUBELET_KINDS, label, setValueEdit } from './kubeletCommon';

/** Valid values (config/v1beta1 types.go and the policy packages; facts §1.5). */
const VALUES: Record<string, string[]> = {
  cpuManagerPolicy: ['none', 'static'],
  memoryManagerPolicy: ['None', 'Static'],
  topologyManagerPolicy: ['none', 'best-effort', 'restricted', 'single-numa-node'],
  topologyManagerScope: ['container', 'pod'],
  cgroupDriver: ['cgroupfs', 'systemd'],
};
const TM_OPTION_KEYS = ['prefer-closest-numa-nodes', 'max-allowable-numa-nodes'];

function closest(value: string, valid: string[]): string | undefined {
  const norm = (x: string) => x.toLowerCase().replace(/[_\s]/g, '-');
  return valid.find((v) => norm(v) === norm(value));
}

export const rule: Rule = {
  meta: {
    id: 'kubelet-policy-value', defaultSeverity: 'error', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'fix',
    description: 'Invalid or wrongly cased CPU/memory/topology manager and cgroup driver values.',
  },
  prefilter: /[Pp]olicy|policy-options|PolicyOptions|[Ss]cope|cgroup-?[Dd]river/,
  check(ctx) {
    for (const s of kubeletSettings(ctx).settings) {
      const valid = VALUES[s.name];
      if (valid) {
        if (valid.includes(s.value) || /^\$/.test(s.value)) continue;
        const good = closest(s.value, valid);
        const fixes: Fix[] = good ? [{ title: `Change to ${good}`, kind: 'fix', edits: [setValueEdit(ctx.text, s, good)] }] : [];
        const caseNote = s.name === 'memoryManagerPolicy' ? ' (capitalised: None or Static)'
          : s.name === 'cpuManagerPolicy' ? ' (lower case: none or static)' : '';
        ctx.report({
          start: s.valueStart, end: s.valueEnd, fixes,
          message: `The kubelet rejects ${label(s)} "${s.value}" and does not start: valid values are ${valid.join(', ')}${caseNote}.`,
        });
        continue;
      }
      if (s.name.startsWith('topologyManagerPolicyOptions.')) reportOptionKey(ctx, s);
    }
  },
};

function reportOptionKey(ctx: Parameters<Rule['check']>[0], s: KubeletSetting): void {
  const key = s.name.slice('topologyManagerPolicyOptions.'.length);
  if (TM_OPTION_KEYS.includes(key)) {
    if (key === 'max-allowable-numa-nodes' && !(Number(s.value) > 8)) {
      ctx.report({ start: s.valueStart, end: s.valueEnd,
        message: `max-allowable-numa-nodes must be an integer greater than 8 (8 is already the default limit); got "${s.value}".` });
    }
    return;
  }
  const good = closest(key, TM_OPTION_KEYS);
  // The key's text without its quotes (JSON keys are always quoted).
  let keyStart = s.form === 'config' && s.pair ? (s.pair.key as { range: number[] }).range[0] : s.start;
  if (s.form === 'config' && (ctx.text[keyStart] === '"' || ctx.text[keyStart] === "'")) keyStart++;
  const keyEnd = keyStart + key.length;
  // No fix where the key is written with escapes (its text is not the key).
  const fixes: Fix[] = good && ctx.text.slice(keyStart, keyEnd) === key ? [{ title: `Change to ${good}`, kind: 'fix', edits: [{ start: keyStart, end: keyEnd, newText: good }] }] : [];
  ctx.report({
    start: keyStart, end: keyEnd, fixes,
    message: `The kubelet does not start: unknown Topology Manager Policy option "${key}" (known: ${TM_OPTION_KEYS.join(', ')}).`,
  });
}
