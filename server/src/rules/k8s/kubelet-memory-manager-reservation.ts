// Static memory manager needs reservedMemory whose per-type sums equal the kubelet's reservations.
import type { Rule } from '../rule';
import { effective, find, kubeletSettings } from '../../lang/kubelet/settings';
import { KUBELET_KINDS, label } from './kubeletCommon';
import { parseQuantity } from './quantity';

export const rule: Rule = {
  meta: {
    id: 'kubelet-memory-manager-reservation', defaultSeverity: 'error', category: 'kubernetes', kinds: KUBELET_KINDS,
    description: 'memoryManagerPolicy: Static without matching reservedMemory: the kubelet does not start.',
  },
  prefilter: /memory-manager-policy|memoryManagerPolicy/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    const mm = effective(ks, 'memoryManagerPolicy');
    if (!mm || mm.value !== 'Static' || !ks.selfContained) return;
    const reserved = find(ks, 'reservedMemory.limits.memory');
    if (reserved.length === 0) {
      ctx.report({ start: mm.valueStart, end: mm.valueEnd,
        message: `${label(mm)} Static without reservedMemory: the kubelet does not start; reserve memory per NUMA node (sum = kubeReserved + systemReserved + hard eviction threshold).` });
      return;
    }
    // The sum check needs every term written down; the eviction default is not assumed.
    const ev = effective(ks, 'evictionHard.memory.available');
    if (!ev) return;
    const terms = [effective(ks, 'kubeReserved.memory')?.value ?? '0', effective(ks, 'systemReserved.memory')?.value ?? '0', ev.value]
      .map(parseQuantity);
    const sums = reserved.map((r) => parseQuantity(r.value));
    if (terms.some((t) => t === undefined) || sums.some((t) => t === undefined)) return;
    const want = (terms as number[]).reduce((a, b) => a + b, 0);
    const got = (sums as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(want - got) < 1) return;
    const mi = (n: number) => `${Math.round(n / 2 ** 20)}Mi`;
    ctx.report({ start: reserved[0].valueStart, end: reserved[0].valueEnd,
      message: `reservedMemory for memory sums to ${mi(got)} but kubeReserved + systemReserved + evictionHard memory.available is ${mi(want)}: the kubelet does not start with the Static memory manager until they are equal.` });
  },
};
