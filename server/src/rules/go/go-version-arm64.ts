// go-version-arm64: a go.mod `go` directive below 1.18. Go 1.18 brought the register-based calling
// convention to arm64 (about 10% faster on Arm per the Graviton guide); a module that declares an older
// version still lets older toolchains build it.
import type { Rule, RuleContext } from '../rule';
import { compareGoVersion, parseGoMod } from './support/goMod';

export const rule: Rule = {
  meta: {
    id: 'go-version-arm64',
    defaultSeverity: 'info',
    category: 'arch-source',
    kinds: ['gomod'],
    description: 'go.mod declares a Go version below 1.18, the first with the register ABI on arm64.',
  },
  // [ \t]*, not \s*: under /m, \s* runs across every blank line from every line start (quadratic).
  prefilter: /^[ \t]*go\s+1\.\d/m,
  check(ctx: RuleContext) {
    const go = parseGoMod(ctx.text).go;
    if (!go) return;
    const cmp = compareGoVersion(go.version, '1.18');
    if (cmp === undefined || cmp >= 0) return;
    const lse = (compareGoVersion(go.version, '1.16') ?? 0) < 0
      ? ' Before 1.16 the runtime also did not use the LSE atomic instructions on arm64.' : '';
    ctx.report({
      start: go.start,
      end: go.end,
      message:
        `go ${go.version} allows building with toolchains older than Go 1.18, which pass arguments on the stack on arm64 ` +
        `(the register ABI reached arm64 in 1.18, typically 10% or more faster on Arm).${lse} ` +
        `Declare go 1.18 or later and build with a current toolchain.`,
    });
  },
};
