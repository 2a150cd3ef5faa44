// go-cpu-x86-only-dispatch: feature dispatch on cpu.X86.Has* (golang.org/x/sys/cpu, internal/cpu) in code
// built for arm64, in a package with no cpu.ARM64 check and no arm64-specific file: arm64 always takes the
// generic path. A performance note, not a build break.
import type { Rule, RuleContext } from '../rule';
import { armGoTargets, selfEntry, packageIndex, packageMates, stripComments } from './support/goPackage';

/** The names the file imports the cpu package under: `cpu`, or the alias of `import c "..."`. */
function cpuAliases(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s(])(?:([\p{L}_][\p{L}\p{N}_]*)[ \t]+)?"(golang\.org\/x\/sys\/cpu|internal\/cpu)"/gmu)) {
    // In `import "golang.org/x/sys/cpu"` the word before the path is the keyword, not an alias.
    const alias = m[1] === undefined || m[1] === 'import' ? 'cpu' : m[1];
    if (alias !== '_' && alias !== '.') out.push(alias);
  }
  return out;
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-cpu-x86-only-dispatch',
    defaultSeverity: 'info',
    category: 'arch-source',
    kinds: ['go'],
    description: 'cpu.X86.Has* feature dispatch with no cpu.ARM64 branch: arm64 always takes the slow path.',
  },
  prefilter: /\.X86\.Has/,
  check(ctx: RuleContext) {
    const targets = armGoTargets(ctx.config).filter((t) => t === 'linux/arm64');
    if (targets.length === 0) return;
    const self = selfEntry(ctx);
    if (!self.pkg || self.included['linux/arm64'] !== true) return;
    const aliases = cpuAliases(ctx.text);
    if (aliases.length === 0) return;
    const code = stripComments(ctx.text);
    const use = new RegExp(`\\b(?:${aliases.join('|')})\\.X86\\.Has\\w+`).exec(code);
    if (!use) return;
    const mates = packageMates(packageIndex(ctx), self);
    const all = [self, ...mates.filter((f) => f.name !== self.name)];
    // An arm64 path exists: a cpu.ARM64 check, or files built only for arm64 (asm or Go).
    if (all.some((f) => !f.isAsm && f.included['linux/arm64'] !== false && /\.ARM64\.Has\w+/.test(stripComments(f.readText())))) return;
    if (all.some((f) => f.included['linux/arm64'] !== false && f.included['linux/amd64'] === false)) return;
    ctx.report({
      start: use.index,
      end: use.index + use[0].length,
      message:
        `${use[0]} picks the fast path only on x86; this package has no cpu.ARM64 check and no arm64-specific code, ` +
        `so on arm64 it always runs the generic path. Consider an arm64 implementation dispatched on cpu.ARM64 ` +
        `(e.g. HasASIMD, HasAES, HasPMULL, HasCRC32, HasATOMICS).`,
    });
  },
};
