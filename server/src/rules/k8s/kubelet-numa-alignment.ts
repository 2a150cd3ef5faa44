// Static CPU manager without a topology policy: exclusive CPUs and their memory may sit on different NUMA nodes.
import type { Fix, TextEdit } from '../../core/types';
import type { Rule } from '../rule';
import { effective, kubeletSettings, type KubeletSetting } from '../../lang/kubelet/settings';
import { insertPairAfterEdit, lineEnd, lineStart } from '../../lang/yaml/documents';
import { insertFlowPairAfterEdit, KUBELET_KINDS, label, setValueEdit } from './kubeletCommon';

function addPolicyEdit(text: string, cpu: KubeletSetting, policy: string): TextEdit | undefined {
  // Flow maps (JSON configs, YAML `{...}`) get a `"key": "value"` member, block maps a `key: value` line.
  if (cpu.form === 'config' && cpu.map && cpu.pair) {
    return cpu.map.flow ? insertFlowPairAfterEdit(text, cpu.map, cpu.pair, 'topologyManagerPolicy', policy)
      : insertPairAfterEdit(text, cpu.map, cpu.pair, `topologyManagerPolicy: ${policy}`);
  }
  if (cpu.form === 'kubeadm-map' && cpu.map && cpu.pair) {
    return cpu.map.flow ? insertFlowPairAfterEdit(text, cpu.map, cpu.pair, 'topology-manager-policy', policy)
      : insertPairAfterEdit(text, cpu.map, cpu.pair, `topology-manager-policy: ${policy}`);
  }
  if (cpu.form === 'kubeadm-list' && cpu.item?.range && cpu.seq && !cpu.seq.flow) {
    // A new `{name, value}` item after this one, laid out like it.
    const ls = lineStart(text, cpu.item.range[0]);
    const prefix = text.slice(ls, cpu.item.range[0]);
    if (!/^[ \t]*-[ \t]+$/.test(prefix)) return undefined;
    const at = lineEnd(text, cpu.item.range[1] - 1);
    const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
    const inner = ' '.repeat(prefix.length);
    return { start: at, end: at, newText: `${nl}${prefix}name: topology-manager-policy\n${inner}value: ${policy}${nl ? '' : '\n'}` };
  }
  if (cpu.form === 'flag') return { start: cpu.end, end: cpu.end, newText: ` --topology-manager-policy=${policy}` };
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'kubelet-numa-alignment', defaultSeverity: 'warning', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'suggest',
    description: 'Static CPU manager without a Topology Manager policy: CPUs and memory of a Guaranteed pod can span NUMA nodes.',
  },
  prefilter: /cpu-manager-policy|cpuManagerPolicy/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const cpu = effective(ks, 'cpuManagerPolicy');
    if (!cpu || cpu.value !== 'static') return;
    const tm = effective(ks, 'topologyManagerPolicy');
    if (tm && tm.value !== 'none') return;
    if (!tm && !ks.selfContained) return; // the policy may be set in a config file we do not see
    const fixes: Fix[] = [];
    for (const policy of ['single-numa-node', 'restricted']) {
      const edit = tm ? setValueEdit(ctx.text, tm, policy) : addPolicyEdit(ctx.text, cpu, policy);
      if (edit) fixes.push({ title: `Set topologyManagerPolicy to ${policy}`, kind: 'suggest', edits: [edit] });
    }
    const at = tm ?? cpu;
    ctx.report({
      start: at.valueStart, end: at.valueEnd, fixes,
      message: `${label(cpu)} static with ${tm ? `${label(tm)} none` : 'no topologyManagerPolicy (default none)'}: a Guaranteed pod's exclusive CPUs and memory can land on different NUMA nodes of a multi-NUMA Arm server; set topologyManagerPolicy: single-numa-node (or restricted).`,
    });
  },
};
