// go-asm-missing-arm64: a body-less Go function (implemented in assembly) that is compiled for arm64 while
// its only assembly body is in files excluded on arm64 (foo_amd64.s). The arm64 build fails with
// "missing function body" or, when the package has other arm64 assembly, at link time ("relocation target ...
// not defined"; checked with GOARCH=arm64 on klauspost/compress with its matchLen fallback removed).
import type { Rule, RuleContext } from '../rule';
import { armGoTargets, selfEntry, packageIndex, packageMates } from './support/goPackage';

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-asm-missing-arm64',
    defaultSeverity: 'error',
    category: 'arch-source',
    kinds: ['go'],
    description: 'A body-less Go function is implemented only in assembly for other architectures (no _arm64.s, no Go fallback).',
  },
  prefilter: /^func[ \t]/m,
  check(ctx: RuleContext) {
    const targets = armGoTargets(ctx.config);
    if (targets.length === 0) return;
    const self = selfEntry(ctx);
    if (!self.pkg || self.bodiless.length === 0) return;
    const mates = packageMates(packageIndex(ctx), self).filter((f) => f.name !== self.name);
    const asm = mates.filter((f) => f.isAsm);
    if (asm.length === 0) return;
    const reported = new Set<string>();
    for (const target of targets) {
      if (self.included[target] !== true) continue;
      const built = asm.filter((f) => f.included[target] !== false);
      // A macro-built TEXT line in a file the target builds might define anything: stay silent.
      if (built.some((f) => f.asmOpaque)) continue;
      const linknamed = new Set([...self.linknamed, ...mates.flatMap((f) => [...f.linknamed])]);
      for (const fn of self.bodiless) {
        if (reported.has(fn.name) || linknamed.has(fn.name)) continue;
        if (built.some((f) => f.asmNames.has(fn.name))) continue;
        const only = asm.filter((f) => f.included[target] === false && f.asmNames.has(fn.name) &&
          (f.included['linux/amd64'] !== false || f.included['linux/386'] !== false));
        if (only.length === 0) continue; // no x86 assembly body: linkname'd, provided by the runtime, or not an arch gap
        reported.add(fn.name);
        const files = only.map((f) => f.name).join(', ');
        const stem = only[0].name.replace(/_[a-z0-9]+\.s$/, '').replace(/\.s$/, '');
        ctx.report({
          start: fn.start,
          end: fn.end,
          message:
            `func ${fn.name} has no Go body and its only assembly body is in ${files}, which is not built for ${target}: ` +
            (built.length > 0
              ? `the package still has assembly for ${target}, so it compiles, and linking a program that calls ${fn.name} fails with "relocation target ${fn.name} not defined". `
              : `the build fails with "missing function body". `) +
            `Add ${stem}_arm64.s, or move this declaration into a file ` +
            `built only where the assembly exists (e.g. ${stem}_amd64.go) and give other architectures a pure-Go ${fn.name} ` +
            `(e.g. in ${stem}_generic.go with //go:build !amd64).`,
          data: { name: fn.name, asmFiles: only.map((f) => f.name), target },
        });
      }
    }
  },
};
