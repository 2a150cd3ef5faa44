// Published images that are never built for arm64.
import * as path from 'node:path';
import { defineFact } from '../../core/facts';
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { ciFile } from '../../lang/ci/workflow';
import { get, str } from '../../lang/yaml/documents';

const ARM = /arm64|aarch64|-arm\b|linux\/arm\b/;

/** Whether a workflow of the folder builds for arm64 (the file asking is left out: it does not, or it would not ask). */
const ARM_WORKFLOWS = defineFact<boolean, string>({ name: 'ci:arm-workflows', scope: 'directory', reads: ['*.yml', '*.yaml'], lists: true });

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'ci-no-arm64', defaultSeverity: 'info', category: 'ci', kinds: ['yaml'], fixable: 'suggest',
    description: 'Workflows that publish container images but never build linux/arm64.',
  },
  prefilter: /build-push-action/,
  check(ctx) {
    const file = ciFile(ctx);
    if (file.ci !== 'github' || ARM.test(ctx.text)) return;
    // Another workflow of the repository may publish the arm64 image.
    const dir = path.dirname(ctx.path);
    const others = ctx.fact(ARM_WORKFLOWS, dir, () => ctx.fs.readDir(dir)
      .filter((e) => e.isFile && /\.ya?ml$/.test(e.name) && path.join(dir, e.name) !== ctx.path)
      .some((e) => ARM.test(ctx.fs.readText(path.join(dir, e.name)) ?? '')));
    if (others) return;
    for (const job of file.jobs) {
      for (const p of job.platforms) {
        const push = str(get(p.step?.with, 'push'));
        if (!p.step || !/^docker\/build-push-action@/i.test(p.step.uses ?? '') || !push || /^false$/i.test(push)) continue;
        if (job.runner === 'arm' || job.runner === 'mixed') continue; // built on an arm runner
        const fixes: Fix[] = [];
        const pn = get(p.step.with, 'platforms');
        if (pn?.range && !/\n/.test(ctx.text.slice(pn.range[0], pn.range[1]))) {
          const raw = ctx.text.slice(pn.range[0], pn.range[1]);
          const q = /^["']/.test(raw) ? 1 : 0;
          fixes.push({ title: 'Add linux/arm64', kind: 'suggest', edits: [{ start: pn.range[1] - q, end: pn.range[1] - q, newText: ',linux/arm64' }] });
        }
        ctx.report({ start: p.start, end: p.end, fixes,
          message: `Job ${job.id} publishes an image only for ${p.platforms.length ? p.platforms.join(', ') : job.runner === 'x86' ? 'the runner\'s platform (linux/amd64)' : 'the runner\'s platform'}: arm64 nodes cannot run it ("exec format error" / no matching manifest). Add linux/arm64 (native arm runner or QEMU).` });
        return; // once per workflow
      }
    }
  },
};
