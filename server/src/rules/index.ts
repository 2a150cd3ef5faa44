// The registry: every rule, sorted by id. Adding a rule = one import and one entry here.
import type { Rule } from './rule';
import { rule as cX86Intrinsics } from './c/c-x86-intrinsics';
import { rule as cX86InlineAsm } from './c/c-x86-inline-asm';
import { rule as cArchErrorUnguarded } from './c/c-arch-error-unguarded';
import { rule as cX86Cpuid } from './c/c-x86-cpuid';
import { rule as cCharSignedness } from './c/c-char-signedness';
import { rule as cLongDouble } from './c/c-long-double';
import { rule as cUnalignedCast } from './c/c-unaligned-cast';
import { rule as cLegacySyncBuiltins } from './c/c-legacy-sync-builtins';
import { rule as goArchMissingImpl } from './go/go-arch-missing-impl';
import { rule as goAsmMissingArm64 } from './go/go-asm-missing-arm64';
import { rule as goCpuX86OnlyDispatch } from './go/go-cpu-x86-only-dispatch';
import { rule as goCgoX86Flags } from './go/go-cgo-x86-flags';
import { rule as goVersionArm64 } from './go/go-version-arm64';
import { rule as goModKnownIssues } from './go/go-mod-known-issues';
import { rule as binForeignElf } from './bin/bin-foreign-elf';
import { rule as buildConfigGuessOld } from './bin/build-config-guess-old';

export const ALL_RULES: readonly Rule[] = [
  cX86Intrinsics,
  cX86InlineAsm,
  cArchErrorUnguarded,
  cX86Cpuid,
  cCharSignedness,
  cLongDouble,
  cUnalignedCast,
  cLegacySyncBuiltins,
  goArchMissingImpl,
  goAsmMissingArm64,
  goCpuX86OnlyDispatch,
  goCgoX86Flags,
  goVersionArm64,
  goModKnownIssues,
  binForeignElf,
  buildConfigGuessOld,
].sort((a: Rule, b: Rule) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined { return ALL_RULES.find((r) => r.meta.id === id); }
