// Removed gates stop the kubelet; locked gates cannot be turned off; some gates do nothing in the kubelet.
import type { Rule } from '../rule';
import type { Severity } from '../../core/types';
import { kubeletSettings } from '../../lang/kubelet/settings';
import { declaredK8sVersion } from '../../lang/kubelet/version';
import { KUBELET_KINDS } from './kubeletCommon';

/** Gate facts from facts §1.7 (only V-src lifecycle entries). */
const REMOVED: Record<string, number> = { TopologyManager: 29, DynamicKubeletConfig: 24 };
const LOCKED_TRUE: Record<string, number> = { MemoryManager: 32, CPUManagerPolicyOptions: 33, TopologyAwareHints: 33 };
const NOT_KUBELET: Record<string, string> = {
  TopologyAwareHints: 'it gates EndpointSlice zone hints for Service routing (kube-controller-manager, kube-proxy), not NUMA; NUMA alignment is topologyManagerPolicy',
};

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'kubelet-feature-gate', defaultSeverity: 'error', category: 'kubernetes', kinds: KUBELET_KINDS, fixable: 'fix',
    description: 'Removed or locked feature gates on the kubelet, and gates that do nothing in the kubelet.',
  },
  prefilter: /feature-gates|featureGates/,
  check(ctx) {
    const v = declaredK8sVersion(ctx);
    const vn = v ? ` (workspace declares Kubernetes ${v.text} in ${v.source})` : '';
    for (const s of kubeletSettings(ctx).settings) {
      if (!s.name.startsWith('featureGates.')) continue;
      const gate = s.name.slice('featureGates.'.length);
      const on = s.value.toLowerCase() === 'true';
      const fixes = s.remove ? [{ title: `Remove feature gate ${gate}`, kind: 'fix' as const, edits: [s.remove] }] : [];
      let severity: Severity | undefined, message: string | undefined;
      const removedIn = REMOVED[gate];
      const lockedIn = LOCKED_TRUE[gate];
      if (removedIn !== undefined && (!v || v.minor >= removedIn)) {
        severity = v ? 'error' : 'warning';
        message = `The kubelet exits: feature gate ${gate} was removed in 1.${removedIn} ("unrecognized feature gate: ${gate}")${vn}; remove it.`;
      } else if (lockedIn !== undefined && !on && (!v || v.minor >= lockedIn)) {
        severity = v ? 'error' : 'warning';
        message = `The kubelet exits: ${gate} is GA and locked to true since 1.${lockedIn} ("cannot set feature gate ${gate} to false")${vn}; remove it.`;
      } else if (NOT_KUBELET[gate]) {
        severity = 'info';
        message = `${gate} has no effect on the kubelet: ${NOT_KUBELET[gate]}.`;
      }
      if (message) ctx.report({ start: s.start, end: s.end, severity, message, fixes });
    }
  },
};
