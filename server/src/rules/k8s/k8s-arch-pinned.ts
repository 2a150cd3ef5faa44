// nodeSelector / nodeAffinity pinned to amd64, and the deprecated beta arch label.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { lineStart, removePairEdit, yamlFile, isMap, type Scalar } from '../../lang/yaml/documents';
import { archPins, AMD64_NAMES, mentionsArm64, manifestDocs } from './manifestCommon';

export const rule: Rule = {
  meta: {
    id: 'k8s-arch-pinned', defaultSeverity: 'info', category: 'kubernetes', kinds: ['yaml'], fixable: 'fix',
    description: 'Workloads pinned to kubernetes.io/arch: amd64, and the deprecated beta.kubernetes.io/arch label.',
  },
  prefilter: /kubernetes\.io\/arch/,
  check(ctx) {
    const docs = manifestDocs(ctx.path, yamlFile(ctx).docs);
    const perDoc = docs.map((d) => archPins(d.contents));
    // A file that also pins workloads to arm64 is a deliberate per-architecture split.
    const split = perDoc.some(mentionsArm64);
    for (const pins of perDoc) {
      for (const p of pins) {
        const label = String(p.key.value);
        if (label === 'beta.kubernetes.io/arch') {
          const [s, e] = p.key.range!;
          const raw = ctx.text.slice(s, e);
          const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
          ctx.report({ start: s, end: e, fixes: [{ title: 'Use kubernetes.io/arch', kind: 'fix', edits: [{ start: s, end: e, newText: `${q}kubernetes.io/arch${q}` }] }],
            message: 'beta.kubernetes.io/arch is deprecated; use kubernetes.io/arch (nodes may stop carrying the beta label).' });
        }
        if (split) continue;
        if (p.operator === 'selector') {
          const v = p.values[0];
          if (!AMD64_NAMES.has(String(v.value))) continue;
          const rm = isMap(p.map) ? removePairEdit(ctx.text, p.map, p.pair, p.index) : undefined;
          ctx.report({ start: v.range![0], end: v.range![1],
            fixes: rm ? [{ title: 'Remove the amd64 pin (image must be multi-arch)', kind: 'suggest', edits: [rm] }] : [],
            message: `nodeSelector ${label}: ${v.value} keeps these pods off arm64 nodes; remove it once the image has a linux/arm64 variant.` });
        } else if (p.operator === 'In' && p.values.length > 0 && p.values.every((v) => AMD64_NAMES.has(String(v.value)))) {
          const last = p.values[p.values.length - 1] as Scalar;
          const fixes: Fix[] = [];
          const vr = p.valuesNode?.range;
          const lastRaw = ctx.text.slice(last.range![0], last.range![1]);
          const arm = /^["']/.test(lastRaw) ? `${lastRaw[0]}arm64${lastRaw[0]}` : 'arm64';
          if (vr && ctx.text[vr[0]] === '[') fixes.push({ title: 'Allow arm64', kind: 'suggest', edits: [{ start: last.range![1], end: last.range![1], newText: `, ${arm}` }] });
          else {
            const ls = lineStart(ctx.text, last.range![0]);
            const prefix = ctx.text.slice(ls, last.range![0]);
            if (/^[ \t]*-[ \t]*$/.test(prefix)) fixes.push({ title: 'Allow arm64', kind: 'suggest', edits: [{ start: last.range![1], end: last.range![1], newText: `\n${prefix}${arm}` }] });
          }
          ctx.report({ start: p.key.range![0], end: vr && ctx.text[vr[0]] === '[' ? vr[1] : last.range![1], fixes,
            message: p.path.includes('requirements')
              ? `Node pool requirement ${label} In [${p.values.map((v) => v.value).join(', ')}]: this pool never provisions arm64 nodes; add arm64 to use Graviton/Ampere capacity once the workloads are multi-arch.`
              : `nodeAffinity ${label} In [${p.values.map((v) => v.value).join(', ')}] keeps these pods off arm64 nodes; add arm64 once the image is multi-arch.` });
        } else if (p.operator === 'NotIn' && p.values.some((v) => /^(arm64|aarch64)$/.test(String(v.value)))) {
          ctx.report({ start: p.key.range![0], end: (p.valuesNode?.range ?? p.key.range!)[1],
            message: `nodeAffinity ${label} NotIn arm64 keeps these pods off arm64 nodes.` });
        }
      }
    }
  },
};
