// A kubelet started from flags with no --config keeps the legacy insecure flag defaults.
import type { Rule } from '../rule';
import { effective, kubeletSettings } from '../../lang/kubelet/settings';

export const rule: Rule = {
  meta: {
    id: 'kubelet-flags-without-config', defaultSeverity: 'warning', category: 'kubernetes', kinds: ['systemd'],
    description: 'Kubelet started from flags without --config: anonymous auth, AlwaysAllow and the read-only port stay on.',
  },
  prefilter: /kubelet/,
  check(ctx) {
    const ks = kubeletSettings(ctx);
    // selfContained for units means: a kubelet ExecStart, no --config, no variables or EnvironmentFile from elsewhere.
    if (!ks.selfContained || ks.execStarts.length === 0) return;
    // A bare `ExecStart=/usr/bin/kubelet` is the package's base unit; kubeadm's drop-in replaces that line.
    if (!ks.settings.some((s) => s.form === 'flag')) return;
    // Drop-ins next to the unit (kubelet.service.d/) can replace ExecStart or add --config.
    const dropins = ctx.path.replace(/\.service$/, '.service.d');
    if (dropins !== ctx.path && ctx.fs.isDirectory(dropins)) return;
    const missing: string[] = [];
    if (effective(ks, 'authentication.anonymous.enabled')?.value !== 'false') missing.push('--anonymous-auth=false');
    const mode = effective(ks, 'authorization.mode')?.value;
    if (!mode || /AlwaysAllow/.test(mode)) missing.push('--authorization-mode=Webhook');
    if (effective(ks, 'readOnlyPort')?.value !== '0') missing.push('--read-only-port=0');
    if (missing.length === 0) return;
    const e = ks.execStarts[ks.execStarts.length - 1];
    ctx.report({
      start: e.start, end: e.end,
      message: `Kubelet started without --config: the legacy flag defaults apply (anonymous-auth=true, authorization-mode=AlwaysAllow, read-only-port=10255); use a KubeletConfiguration file via --config, or add ${missing.join(' ')}.`,
    });
  },
};
