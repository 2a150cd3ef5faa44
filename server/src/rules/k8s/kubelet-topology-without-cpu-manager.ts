// restricted/single-numa-node Topology Manager with the `none` CPU manager aligns no CPUs.
import type { Rule } from '../rule';
import { effective, kubeletSettings } from '../../lang/kubelet/settings';
import { KUBELET_KINDS, label } from './kubeletCommon';

export const rule: Rule = {
  meta: {
    id: 'kubelet-topology-without-cpu-manager', defaultSeverity: 'warning', category: 'kubernetes', kinds: KUBELET_KINDS,
    description: 'A restricted/single-numa-node topology policy while cpuManagerPolicy is none: CPUs are not NUMA-aligned.',
  },
  prefilter: /topology-manager-policy|topologyManagerPolicy/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const tm = effective(ks, 'topologyManagerPolicy');
    if (!tm || (tm.value !== 'restricted' && tm.value !== 'single-numa-node')) return;
    const cpu = effective(ks, 'cpuManagerPolicy');
    if (cpu ? cpu.value !== 'none' : !ks.selfContained) return;
    const mem = effective(ks, 'memoryManagerPolicy');
    const memNote = mem?.value === 'Static' ? '' : '; memory/hugepage alignment also needs memoryManagerPolicy: Static';
    ctx.report({
      start: tm.valueStart, end: tm.valueEnd,
      message: `${label(tm)} ${tm.value} with ${cpu ? `${label(cpu)} none` : 'no cpuManagerPolicy (default none)'}: the Topology Manager can only align CPUs handed out by the static CPU manager; set cpuManagerPolicy: static${memNote}.`,
    });
  },
};
