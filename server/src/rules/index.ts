// The registry: every rule, sorted by id. Adding a rule = one import and one entry here.
import type { Rule } from './rule';

export const ALL_RULES: readonly Rule[] = [
].sort((a: Rule, b: Rule) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined { return ALL_RULES.find((r) => r.meta.id === id); }
