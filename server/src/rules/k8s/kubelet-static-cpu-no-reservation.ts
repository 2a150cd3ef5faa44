// Static CPU manager needs a CPU reservation > 0, or the kubelet does not start.
import type { Rule } from '../rule';
import { effective, find, kubeletSettings } from '../../lang/kubelet/settings';
import { KUBELET_KINDS, label } from './kubeletCommon';
import { parseQuantity } from './quantity';

export const rule: Rule = {
  meta: {
    id: 'kubelet-static-cpu-no-reservation', defaultSeverity: 'error', category: 'kubernetes', kinds: KUBELET_KINDS,
    description: 'Static CPU manager with no CPU in kubeReserved/systemReserved/reservedSystemCPUs: the kubelet refuses to start.',
  },
  prefilter: /cpu-manager-policy|cpuManagerPolicy/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const cpu = effective(ks, 'cpuManagerPolicy');
    if (!cpu || cpu.value !== 'static' || !ks.selfContained) return;
    if (find(ks, 'reservedSystemCPUs').some((s) => s.value.trim() !== '')) return;
    for (const name of ['kubeReserved.cpu', 'systemReserved.cpu']) {
      const s = effective(ks, name);
      if (!s) continue;
      const q = parseQuantity(s.value);
      if (q === undefined || q > 0) return; // unknown form: do not guess
    }
    ctx.report({
      start: cpu.valueStart, end: cpu.valueEnd,
      message: `${label(cpu)} static needs a CPU reservation greater than zero (kubeReserved/systemReserved cpu or reservedSystemCPUs); without it the kubelet does not start ("unable to determine reserved CPU resources for static policy").`,
    });
  },
};
