// go-cgo-x86-flags: `#cgo CFLAGS/CXXFLAGS/CPPFLAGS/LDFLAGS` with x86-only compiler flags that also apply
// when building for arm64 (no `#cgo amd64` scoping). A file with import "C" builds only with cgo, so an
// 'unknown' (cgo-dependent) file constraint counts as built. The arm64 C compiler rejects them and cgo fails.
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { armGoTargets, includedOn } from './support/goPackage';
import { CGO_IMPORT, cgoDirectives, cgoOptionsMatch, findCgoPreambles, maskedCgoText, type CgoDirective } from '../../lang/go/cgo';
import { CGO_DIRECTIVE } from '../../lang/build';
import { isX86OnlyFlag } from './support/x86Flags';

const FLAG_KINDS = new Set(['CFLAGS', 'CPPFLAGS', 'CXXFLAGS', 'FFLAGS', 'LDFLAGS']);

/** `linux darwin` -> `linux,amd64 darwin,amd64`; empty -> `amd64`. */
function scopeToAmd64(options: string): string {
  if (options.trim() === '') return 'amd64';
  return options.trim().split(/\s+/).map((o) => `${o},amd64`).join(' ');
}

function scopingFix(d: CgoDirective, x86: CgoDirective['flags'], rest: CgoDirective['flags']): Fix {
  const opts = d.options ? ` ${d.options}` : '';
  const scoped = `#cgo ${scopeToAmd64(d.options)} ${d.kind}: ${x86.map((f) => f.text).join(' ')}`;
  const newText = rest.length > 0
    ? `#cgo${opts} ${d.kind}: ${rest.map((f) => f.text).join(' ')}\n${d.linePrefix}${scoped}`
    : scoped;
  return {
    title: `Apply ${x86.map((f) => f.text).join(' ')} only on amd64 (#cgo ${scopeToAmd64(d.options)})`,
    kind: 'fix',
    edits: [{ start: d.start, end: d.end, newText }],
  };
}

export const rule: Rule = {
  meta: {
    id: 'go-cgo-x86-flags',
    defaultSeverity: 'error',
    category: 'build-flags',
    kinds: ['go'],
    description: '#cgo compiler or linker flags that only x86 compilers accept, not scoped to amd64.',
    fixable: 'fix',
  },
  prefilter: CGO_DIRECTIVE,
  prefilterByKind: { go: CGO_IMPORT },
  check(ctx: RuleContext) {
    const targets = armGoTargets(ctx.config);
    if (targets.length === 0) return;
    const preambles = findCgoPreambles(ctx.text);
    if (preambles.length === 0) return;
    const masked = maskedCgoText(ctx.text, preambles);
    for (const d of cgoDirectives(ctx.text, masked)) {
      if (!FLAG_KINDS.has(d.kind)) continue;
      const hit = targets.find((t) => includedOn(ctx.path, ctx.text, t) !== false && cgoOptionsMatch(d.options, t) === true);
      if (!hit) continue;
      const x86 = d.flags.filter((f) => isX86OnlyFlag(f.text));
      if (x86.length === 0) continue;
      const rest = d.flags.filter((f) => !isX86OnlyFlag(f.text));
      const fix = scopingFix(d, x86, rest);
      const names = x86.map((f) => f.text).join(' ');
      ctx.report({
        start: x86[0].start,
        end: x86[x86.length - 1].end,
        message:
          `${names} ${x86.length > 1 ? 'are x86-only flags' : 'is an x86-only flag'}, and this #cgo ${d.kind} line also applies to ${hit}: ` +
          `the arm64 C compiler stops with "unrecognized command-line option" (or "unknown value") and the cgo build fails. ` +
          `Scope ${x86.length > 1 ? 'them' : 'it'} with #cgo amd64.`,
        fixes: [fix],
        data: { flags: x86.map((f) => f.text), target: hit },
      });
    }
  },
};
