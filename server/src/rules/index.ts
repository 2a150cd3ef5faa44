// The registry: every rule, sorted by id. Adding a rule = one import and one entry here.
import type { Rule } from './rule';
import { rule as goStructPadding } from './go/go-struct-padding';
import { rule as goStructPointerBytes } from './go/go-struct-pointer-bytes';

export const ALL_RULES: readonly Rule[] = [
  goStructPadding,
  goStructPointerBytes,
].sort((a: Rule, b: Rule) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined { return ALL_RULES.find((r) => r.meta.id === id); }
