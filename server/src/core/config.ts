// One settings schema for the server, the CLI's .arm64port.json and package.json contributes.configuration
// (a test checks that they agree).
import { z } from 'zod';
import { ALL_TARGET_IDS, DEFAULT_TARGET_IDS, type TargetId } from './targets';
import { INSTANCE_IDS } from './instanceIds';

const targetId = z.enum(ALL_TARGET_IDS as [TargetId, ...TargetId[]]);
const severityOrOff = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const configSchema = z.object({
  /** ABI targets whose layouts and hazards matter. */
  targets: z.array(targetId).min(1).default(DEFAULT_TARGET_IDS),
  /**
   * Where the code will run (deployment presets, docs/instances.md): the SVE, vector-length, -mcpu and LSE
   * rules give advice exact to these machines, and it must hold on all of them. Empty: not known.
   */
  instances: z.array(z.enum(INSTANCE_IDS)).default([]),
  /** Per-rule severity override, or 'off'. */
  rules: z.record(z.string(), severityOrOff).default({}),
  /** Glob patterns (relative to the workspace root) of files not to analyse. */
  ignore: z.array(z.string()).default([]),
  /** go-struct-padding / c-struct-padding become warnings from this many bytes saved. */
  paddingWarningBytes: z.number().int().min(1).default(8),
  /**
   * Go reorders that are offered but left out of fix-all (and of `arm64-port fix`) by default: of exported
   * types of importable packages, whose positional literals outside the workspace cannot be checked, and of
   * structs whose field order is visible in encoded output (json/yaml/xml/toml).
   */
  reorderFixAll: z.object({
    exportedTypes: z.boolean().default(false),
    encodedOrder: z.boolean().default(false),
  }).default({ exportedTypes: false, encodedOrder: false }),
  /** Files larger than this are skipped. */
  maxFileBytes: z.number().int().min(1024).default(2 * 1024 * 1024),
  /** Scan vendor/, node_modules/, third_party/, testdata/, bundled libraries (deps/<lib>/ with its own build), git submodules and generated files too. */
  includeVendored: z.boolean().default(false),
  /** Time budget per file in a scan (ms): rules still to run when it is spent are not run, and the file is listed as incomplete. */
  scanBudgetMs: z.number().int().min(100).default(5000),
  /** Time budget per file and edit in the editor (ms). */
  editBudgetMs: z.number().int().min(50).default(1000),
  /** Editor only: the client shows the last report's findings for closed files in the Problems panel. */
  workspaceDiagnostics: z.boolean().default(false),
});

export type EngineConfig = z.infer<typeof configSchema>;
export type RuleSeveritySetting = z.infer<typeof severityOrOff>;

export const defaultConfig: EngineConfig = configSchema.parse({});

/** Parses a partial config; unknown keys are reported in `warnings`, invalid values fall back to defaults. */
export function parseConfig(input: unknown): { config: EngineConfig; warnings: string[] } {
  const warnings: string[] = [];
  if (input === undefined || input === null) return { config: defaultConfig, warnings };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { config: defaultConfig, warnings: ['settings must be an object; using defaults'] };
  }
  const known = new Set(Object.keys(configSchema.shape));
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (!known.has(k)) { warnings.push(`unknown setting "${k}" ignored`); continue; }
    const field = (configSchema.shape as Record<string, z.ZodType>)[k];
    const r = field.safeParse(v);
    if (r.success) clean[k] = v;
    else warnings.push(`invalid value for "${k}" ignored: ${r.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { config: configSchema.parse(clean), warnings };
}
