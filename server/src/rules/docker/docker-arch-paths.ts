// x86-64 multiarch paths hard-coded in ENV/COPY/RUN.
import type { Fix } from '../../core/types';
import type { Rule } from '../rule';
import { spanHolding } from '../../lang/build/shell';
import { archGuarded, dockerfileModel, guardsAt, stageIsX86 } from './common';

const PATH_RE = /(?:\/usr)?\/(?:lib|include)\/x86_64-linux-gnu\b|(?:\/lib64\/)?ld-linux-x86-64\.so\.2|java-[\w.]+-openjdk-amd64/g;

function armPath(p: string): string {
  if (p.includes('x86_64-linux-gnu')) return p.replace('x86_64-linux-gnu', 'aarch64-linux-gnu');
  if (p.includes('ld-linux-x86-64')) return '/lib/ld-linux-aarch64.so.1';
  return p.replace(/amd64$/, 'arm64');
}

export const rule: Rule = {
  meta: {
    id: 'docker-arch-paths', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'], fixable: 'suggest',
    description: 'x86-64 paths (/usr/lib/x86_64-linux-gnu, ld-linux-x86-64.so.2, java-*-openjdk-amd64) in ENV/COPY/RUN.',
  },
  prefilter: /x86_64-linux-gnu|ld-linux-x86-64|openjdk-amd64/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const ins of m.instructions) {
      if (ins.stage < 0 || stageIsX86(m, ins.stage)) continue;
      if (!/^(ENV|COPY|ADD|RUN|ARG|WORKDIR|ENTRYPOINT|CMD|LABEL|VOLUME)$/.test(ins.keyword)) continue;
      // The instruction also names the arm64 path, or picks one by arch: handled.
      if (/aarch64-linux-gnu|ld-linux-aarch64|openjdk-arm64|\$\(uname -m\)|\$\{?TARGETARCH/.test(ins.args)) continue;
      const run = ins.keyword === 'RUN' ? m.runOf(ins) : undefined;
      for (const mm of ins.args.matchAll(PATH_RE)) {
        const start = ins.argsStart + mm.index!;
        const end = start + mm[0].length;
        if (archGuarded(guardsAt(run, start))) continue;
        const cmd = run?.shell?.commandAt(start, end);
        const word = cmd && spanHolding(cmd.words, start, end);
        const fixes: Fix[] = [];
        // In a shell word that expands (not single-quoted), in a stage running on the target platform.
        if (run && word && word.quote !== 'single' && word.quote !== 'mixed' && m.stages[ins.stage]?.platform?.kind !== 'build' && mm[0].includes('x86_64-linux-gnu')) {
          const at = start + mm[0].indexOf('x86_64');
          fixes.push({ title: 'Use the running architecture: $(uname -m)-linux-gnu', kind: 'suggest', edits: [{ start: at, end: at + 'x86_64'.length, newText: '$(uname -m)' }] });
        }
        ctx.report({
          start, end, fixes,
          message: `${mm[0]} exists only on x86-64: on arm64 the path is ${armPath(mm[0])}, so this ${ins.keyword} finds nothing (or fails) there. Derive it from $(uname -m) in RUN, or set it per architecture from ARG TARGETARCH.`,
        });
      }
    }
  },
};
