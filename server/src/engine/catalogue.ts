// The rule catalogue as the adapters see it: every rule (id, severity, description: `meta`), by id, and where
// each one's documentation is. The rules themselves stay behind the engine (engine.ts runs them).
export { ALL_RULES, ruleById } from '../rules/index';
export { docsPath, docsUrl, type Rule, type RuleMeta } from '../rules/rule';
