// The tools an agent calls (MCP server and VS Code language-model tools): scan, layout, explain_rule,
// preview_fix, apply_fix and report. Transport-neutral: plain input in, a structured result and a short
// text rendering out. The work is the CLI's own (ops/), so results equal `scan --format json` and
// `layout --json`. Every path must lie inside the workspace roots; nothing else is read or written.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { EngineConfig } from '../core/config';
import { SEVERITIES, structDataOf, type Finding, type Severity } from '../core/types';
import { nodeFileSystem, type FileSystem } from '../core/workspace';
import { initEngine, type Engine, type GoEnv } from '../engine/engine';
import { ALL_RULES, docsPath, docsUrl, ruleById } from '../engine/catalogue';
import { ALL_TARGET_IDS, isTargetId, type TargetId } from '../core/targets';
import { INSTANCE_IDS, type InstanceId } from '../deploy/instances';
import { toJson } from '../report/json';
import { toMarkdown } from '../report/markdown';
import { plural } from '../report/plural';
import type { ReportFinding, ReportModel } from '../report/model';
import { withFindings } from '../report/query';
import { READINESS_LABEL, READINESS_ORDER } from '../report/readiness';
import { formatLayoutTables } from '../report/layoutTables';
import { UsageError } from '../ops/errors';
import { planDiff, planMechanicalFixes, planOneFix, type FilePlan } from '../ops/fix';
import { layoutEntriesOf, layoutTargetsFor } from '../ops/layout';
import { scanReport } from '../ops/scan';

/** The most paths one call may name (a larger list is refused, not truncated). */
export const MAX_PATHS = 1000;
/** Findings listed in one scan result; the summary still counts all of them. */
export const DEFAULT_LIMIT = 500;

const severity = z.enum(['error', 'warning', 'info', 'hint']);
const target = z.enum(ALL_TARGET_IDS as unknown as [TargetId, ...TargetId[]]);
const paths = z.array(z.string().min(1).max(4096)).max(MAX_PATHS)
  .describe('Files or folders to scan, relative to the workspace root (default: the whole workspace)');
const targets = z.array(target).min(1).max(ALL_TARGET_IDS.length)
  .describe('ABI targets (default: the project\'s settings, usually linux/arm64 and linux/amd64)');
const file = z.string().min(1).max(4096).describe('A file, relative to the workspace root');
const instances = z.array(z.enum(INSTANCE_IDS)).min(1).max(INSTANCE_IDS.length)
  .describe('Where the code will run (deployment presets, docs/instances.md), e.g. ["graviton2", "graviton3"]: SVE, vector-length, -mcpu and LSE advice must hold on all of them (default: the project\'s settings)');

export const scanInput = z.object({
  paths: paths.optional(),
  targets: targets.optional(),
  instances: instances.optional(),
  rules: z.array(z.string().min(1).max(100)).max(500).optional().describe('Only these rule ids (see explain_rule)'),
  minSeverity: severity.optional().describe('Leave out findings below this severity (error > warning > info > hint)'),
  changedSince: z.string().min(1).max(200).optional().describe('Only files changed since this git revision (needs git; CLI and MCP server only)'),
  limit: z.number().int().min(1).max(100000).optional().describe(`Findings to list (default ${DEFAULT_LIMIT}); the summary counts all`),
});
export const layoutInput = z.object({
  file: file.describe('A Go, C or C++ file, relative to the workspace root'),
  struct: z.string().min(1).max(500).optional().describe('Only this struct (and its nested anonymous structs)'),
  targets: targets.optional(),
});
export const explainRuleInput = z.object({ ruleId: z.string().min(1).max(100).describe('A rule id, e.g. go-struct-padding') });
export const fixInput = z.object({
  file,
  ruleId: z.string().min(1).max(100).optional().describe('The rule whose fix to take'),
  line: z.number().int().min(1).optional().describe('A line of the finding (1-based), to pick one finding'),
  fingerprint: z.string().min(1).max(64).optional().describe('The finding\'s fingerprint from scan (exact)'),
  fix: z.union([z.number().int().min(0), z.string().min(1).max(500)]).optional()
    .describe('Which of the finding\'s fixes: its index or (part of) its title; default the mechanical fix, else the first'),
  expectedDiffSha256: z.string().regex(/^[0-9a-f]{64}$/).optional()
    .describe('apply_fix only: the diffSha256 of the preview; the fix is refused if the files changed since'),
});
export const reportInput = z.object({ paths: paths.optional(), targets: targets.optional(), instances: instances.optional() });

export type ScanInput = z.infer<typeof scanInput>;
export type LayoutInput = z.infer<typeof layoutInput>;
export type FixInput = z.infer<typeof fixInput>;
export type ReportInput = z.infer<typeof reportInput>;

export interface ToolResult { structured: Record<string, unknown>; text: string }

export interface ToolSpec {
  name: 'scan' | 'layout' | 'explain_rule' | 'preview_fix' | 'apply_fix' | 'report';
  title: string;
  description: string;
  input: z.ZodObject;
  readOnly: boolean;
}

export const TOOL_SPECS: readonly ToolSpec[] = [
  { name: 'scan', title: 'Scan for ARM64 porting hazards', readOnly: true, input: scanInput,
    description: 'Finds what breaks, crashes, runs slowly or miscomputes on arm64 in Go, C/C++, Dockerfiles, Kubernetes, kubelet, CI and build files. Returns findings (rule id, severity, readiness class blocker/hazard/performance, file, 1-based range, message, fingerprint, available fixes) exactly as `arm64-port scan --format json`.' },
  { name: 'layout', title: 'Struct layout per ABI target', readOnly: true, input: layoutInput,
    description: 'The compiler-exact memory layout of the structs of a Go, C or C++ file per target (offsets, sizes, alignment, holes, tail padding, optimal size), as `arm64-port layout --json`, plus the field order the reorder fix gives each wasteful struct and its sizes.' },
  { name: 'explain_rule', title: 'Explain an arm64-port rule', readOnly: true, input: explainRuleInput,
    description: 'The documentation page of a rule: what it finds, why (with its sources), how to fix it.' },
  { name: 'preview_fix', title: 'Preview a fix', readOnly: true, input: fixInput,
    description: 'The unified diff a fix would apply and why it is safe (or why it is withheld), without changing files. Pick the finding by file plus fingerprint, or rule id and line; with only a rule id (or nothing) it takes every mechanical fix of the file, like `arm64-port fix FILE --rule ID`.' },
  { name: 'apply_fix', title: 'Apply a fix', readOnly: false, input: fixInput,
    description: 'Applies the fix preview_fix shows (same arguments; pass its diffSha256 as expectedDiffSha256 to be sure the files did not change since), writes the files and rescans them.' },
  { name: 'report', title: 'ARM64 readiness report', readOnly: true, input: reportInput,
    description: 'The workspace readiness summary: blockers, correctness hazards and performance notes, counts by severity and rule, bytes a struct reorder saves, as JSON and Markdown.' },
];

/** Where an agent tool works: the roots it may read, and how. */
export interface AgentWorkspace {
  /** Absolute folders; the first is the report's root. Paths outside all of them are refused. */
  roots: string[];
  config(root: string): EngineConfig;
  goEnv: GoEnv;
  /** The language server's view (open documents' texts, its caches); undefined: read the disk. */
  editor?: { fs: FileSystem; overlay?: ReadonlyMap<string, string>; engine?: Engine };
  /** Files changed since a git revision (the CLI's git helper), when the host may run git. */
  changedSince?: (root: string, rev: string) => Set<string>;
  /** Remembered by the host as the `last report` resource. */
  onReport?: (model: ReportModel) => void;
  isCancelled?: () => boolean;
  /** Aborted when the call is cancelled: a scan stops at once. */
  signal?: AbortSignal;
}

function realOrSelf(p: string): string {
  try { return fs.realpathSync.native(p); } catch { return p; }
}

/** The root a path lies in and its absolute path; an error for anything outside the roots or missing. */
export function resolveInRoots(ws: AgentWorkspace, p: string): { root: string; abs: string } {
  if (p.includes('\0')) throw new UsageError(`${JSON.stringify(p)}: not a path`);
  const abs = path.resolve(ws.roots[0], p);
  const real = realOrSelf(abs);
  // Both the path as named and where its symlinks lead must stay inside the root.
  const root = ws.roots.find((r) => {
    const rReal = realOrSelf(r);
    return (inside(path.relative(r, abs)) || inside(path.relative(rReal, abs))) && inside(path.relative(rReal, real));
  });
  if (!root) throw new UsageError(`${p} is outside the workspace (${ws.roots.join(', ')}): arm64-port reads and changes files only inside the workspace roots it was given`);
  if (!(ws.editor?.fs ?? nodeFileSystem).exists(abs)) throw new UsageError(`${p}: no such file or directory in the workspace ${root}`);
  return { root, abs: inside(path.relative(root, abs)) ? abs : path.join(root, path.relative(realOrSelf(root), abs)) };
}

function inside(rel: string): boolean { return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)); }

function sameRoot(ws: AgentWorkspace, ps: string[] | undefined): { root: string; abs: string[] } {
  if (ps && ps.length > MAX_PATHS) throw new UsageError(`at most ${MAX_PATHS} paths per call (got ${ps.length})`);
  const resolved = (ps?.length ? ps : ['.']).map((p) => resolveInRoots(ws, p));
  const root = resolved[0].root;
  if (resolved.some((r) => r.root !== root)) throw new UsageError('all paths of one call must lie in the same workspace root');
  return { root, abs: resolved.map((r) => r.abs) };
}

function configFor(ws: AgentWorkspace, root: string, t?: TargetId[], i?: InstanceId[]): EngineConfig {
  const base = ws.config(root);
  return { ...base, ...(t ? { targets: t } : {}), ...(i ? { instances: i } : {}) };
}

function checkRules(ids: string[] | undefined): void {
  for (const id of ids ?? []) if (!ruleById(id)) throw new UsageError(`unknown rule "${id}" (explain_rule lists none by that name; \`arm64-port rules\` lists them all)`);
}

async function runScan(ws: AgentWorkspace, input: { paths?: string[]; targets?: TargetId[]; instances?: InstanceId[]; rules?: string[]; changedSince?: string }) {
  const { root, abs } = sameRoot(ws, input.paths);
  checkRules(input.rules);
  const config = configFor(ws, root, input.targets, input.instances);
  let only: Set<string> | undefined;
  if (input.changedSince !== undefined) {
    if (!ws.changedSince) throw new UsageError('changedSince is not available here (it needs git)');
    only = ws.changedSince(root, input.changedSince);
  }
  await initEngine();
  const rules = input.rules?.length ? ALL_RULES.filter((r) => input.rules!.includes(r.meta.id)) : undefined;
  const { result, model } = await scanReport({
    root, paths: abs, config, rules, only, goEnv: ws.goEnv, isCancelled: ws.isCancelled, signal: ws.signal,
    editor: ws.editor ? { fs: ws.editor.fs, overlay: ws.editor.overlay } : undefined,
  });
  if (input.changedSince !== undefined) model.changedSince = input.changedSince;
  return { root, config, result, model };
}

function findingLine(f: ReportFinding): string {
  const fixes = f.fixes.length ? ` [${f.fixes.length} fix${f.fixes.length > 1 ? 'es' : ''}: ${f.fixes.map((x) => `${x.kind} "${x.title}"`).join(', ')}]` : '';
  return `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.readiness} ${f.ruleId}: ${f.message}${fixes} (fingerprint ${f.fingerprint})`;
}

function summaryLine(m: ReportModel): string {
  const s = m.summary;
  const r = READINESS_ORDER.map((k) => `${s.byReadiness[k]} ${READINESS_LABEL[k].toLowerCase()}`).join(', ');
  const saved = s.structBytesSaved ? `; struct reorders save ${s.structBytesSaved} bytes per instance` : '';
  return `${s.findings} findings in ${s.files} files (${r}; ${SEVERITIES.map((k) => `${s.bySeverity[k]} ${k}`).join(', ')})${saved}; targets ${m.targets.join(', ')}`;
}

export async function scanTool(ws: AgentWorkspace, input: ScanInput): Promise<ToolResult> {
  const { model: full } = await runScan(ws, input);
  if (!input.rules?.length && !input.minSeverity && !input.changedSince && !input.paths?.length) ws.onReport?.(full);
  const floor = input.minSeverity ? SEVERITIES.indexOf(input.minSeverity) : SEVERITIES.length;
  const model = input.minSeverity ? withFindings(full, full.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= floor)) : full;
  const json = JSON.parse(toJson(model)) as { findings: unknown[] } & Record<string, unknown>;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const listed = json.findings.length;
  if (listed > limit) { json.findings = json.findings.slice(0, limit); json.truncated = { listed: limit, total: listed }; }
  const lines = [summaryLine(model), ...model.findings.slice(0, Math.min(limit, 200)).map(findingLine)];
  if (model.findings.length > Math.min(limit, 200)) lines.push(`… and ${model.findings.length - Math.min(limit, 200)} more (in the structured result${listed > limit ? ', up to limit' : ''})`);
  return { structured: json, text: lines.join('\n') };
}

export async function layoutTool(ws: AgentWorkspace, input: LayoutInput): Promise<ToolResult> {
  const { root, abs } = resolveInRoots(ws, input.file);
  const display = path.relative(root, abs).split(path.sep).join('/');
  const t = input.targets?.filter((x) => layoutTargetsFor(abs).includes(x));
  if (input.targets && !t?.length) throw new UsageError(`none of the targets ${input.targets.join(', ')} applies to ${display}`);
  const req = { file: abs, display, root, goEnv: ws.goEnv, struct: input.struct, targets: t, defaultTargets: ws.config(root).targets };
  const entries = await layoutEntriesOf({ ...req, fs: ws.editor?.fs, engine: ws.editor?.engine });
  const suggested = await suggestedOrders(ws, abs, input.struct, (fs1) => layoutEntriesOf({ ...req, fs: fs1 }));
  const text = [formatLayoutTables(entries), ...suggested.map((o) => `suggested order of ${o.struct} (${o.kind} "${o.fix}"): ${o.fields.join(', ')} — ${Object.entries(o.sizes).map(([k, v]) => `${v} bytes on ${k}`).join(', ')}`)];
  return { structured: { version: 1, structs: entries, suggestedOrders: suggested }, text: text.join('\n\n') };
}

/**
 * The field order the padding rules' reorder fix gives each wasteful struct of the file, and the sizes
 * that order has (laid out again from the fixed text, so the numbers are the engine's, not a promise).
 */
async function suggestedOrders(ws: AgentWorkspace, abs: string, struct: string | undefined, layoutOf: (fs: FileSystem) => Promise<import('../layout/contract').LayoutEntry[]>) {
  const out: { struct: string; fix: string; kind: 'fix' | 'suggest'; fields: string[]; sizes: Record<string, number | null> }[] = [];
  const rules = ['go-struct-padding', 'c-struct-padding'].filter((id) => ruleById(id));
  const { result } = await runScan(ws, { paths: [abs], rules });
  const base = ws.editor?.fs ?? nodeFileSystem;
  for (const f of result.findings) {
    const name = structDataOf(f)?.struct;
    if (path.resolve(f.file) !== abs || !f.fixes.length || name === undefined) continue;
    if (struct && name !== struct && !name.startsWith(struct + '.')) continue;
    const i = Math.max(0, f.fixes.findIndex((x) => x.kind === 'fix'));
    const plan = planOneFix(f, i, base).find((x) => x.file === abs);
    if (!plan) continue;
    const overlay: FileSystem = {
      readText: (p) => (path.resolve(p) === abs ? plan.after : base.readText(p)), readBytes: (p, n) => base.readBytes(p, n),
      readDir: (d) => base.readDir(d), exists: (p) => base.exists(p), isDirectory: (p) => base.isDirectory(p),
      size: (p) => (path.resolve(p) === abs ? plan.after.length : base.size(p)),
    };
    let after: import('../layout/contract').LayoutEntry[];
    try { after = (await layoutOf(overlay)).filter((e) => e.name === name); } catch { continue; }
    if (!after.length) continue;
    out.push({ struct: name, fix: f.fixes[i].title, kind: f.fixes[i].kind, fields: after[0].fields.map((x) => x.name), sizes: Object.fromEntries(after.map((e) => [e.target, e.size])) });
  }
  return out;
}

/** The folder holding docs/rules: the package root (dist/.. in the bundle, the checkout from sources). */
function docsRoot(): string | undefined {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'docs', 'rules'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export function rulePage(ruleId: string): { markdown: string; sources: string[] } {
  const rule = ruleById(ruleId);
  if (!rule) throw new UsageError(`unknown rule "${ruleId}" (\`arm64-port rules\` lists them)`);
  const base = docsRoot();
  const file = base ? path.join(base, docsPath(ruleId)) : undefined;
  const markdown = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# ${ruleId}\n\n${rule.meta.description}\n\n${docsUrl(ruleId)}\n`;
  const sources = [...new Set(markdown.match(/https?:\/\/[^\s)>\]`"']+/g) ?? [])];
  for (const m of markdown.matchAll(/golang\/go#\d+/g)) if (!sources.includes(m[0])) sources.push(m[0]);
  return { markdown, sources };
}

export function explainRuleTool(input: { ruleId: string }): ToolResult {
  const rule = ruleById(input.ruleId);
  const { markdown, sources } = rulePage(input.ruleId);
  const meta = rule!.meta;
  return {
    structured: {
      id: meta.id, defaultSeverity: meta.defaultSeverity, category: meta.category, fixable: meta.fixable ?? null,
      description: meta.description, docs: docsPath(meta.id), url: docsUrl(meta.id), resource: `arm64-port://rules/${meta.id}`, sources, markdown,
    },
    text: markdown,
  };
}

interface Chosen { finding: ReportFinding; engine: Finding; fixIndex: number }

/** The fix plan an input names: one fix of one finding, or the file's mechanical fixes (of a rule). */
async function planFor(ws: AgentWorkspace, input: FixInput) {
  const { root, abs } = resolveInRoots(ws, input.file);
  if ((ws.editor?.fs ?? nodeFileSystem).isDirectory(abs)) throw new UsageError(`${input.file} is a folder: name one file`);
  checkRules(input.ruleId ? [input.ruleId] : undefined);
  const { result, model } = await runScan(ws, { paths: [abs], rules: input.ruleId ? [input.ruleId] : undefined });
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const fs0 = ws.editor?.fs ?? nodeFileSystem;
  const pick = input.fingerprint !== undefined || input.line !== undefined || input.fix !== undefined;
  if (!pick) {
    const findings = result.findings.filter((f) => path.resolve(f.file) === abs);
    const plans = planMechanicalFixes(findings, fs0);
    const taken = model.findings.filter((f, i) => path.resolve(result.findings[i].file) === abs && f.fixes.some((x) => x.kind === 'fix'));
    const withheld = model.findings.filter((f, i) => path.resolve(result.findings[i].file) === abs && !f.fixes.some((x) => x.kind === 'fix'));
    const safety = [
      `Mechanical fixes only (the ones \`arm64-port fix ${rel}${input.ruleId ? ` --rule ${input.ruleId}` : ''}\` and the editor's fix-all apply): ${plural(taken.length, 'finding')}.`,
      ...withheld.map((f) => `Not applied: ${f.ruleId} at line ${f.range.start.line}: ${whyWithheld(f)}`),
    ];
    return { root, rel, plans, fixes: taken.map((f) => fixSummary(f, f.fixes.findIndex((x) => x.kind === 'fix'))), safety, chosen: undefined as Chosen | undefined };
  }
  let candidates = model.findings.map((f, i) => ({ f, e: result.findings[i] })).filter(({ e }) => path.resolve(e.file) === abs);
  if (input.fingerprint !== undefined) candidates = candidates.filter(({ f }) => f.fingerprint === input.fingerprint);
  if (input.line !== undefined) candidates = candidates.filter(({ f }) => f.range.start.line <= input.line! && input.line! <= f.range.end.line);
  if (!candidates.length) throw new UsageError(`no finding${input.ruleId ? ` of ${input.ruleId}` : ''} in ${rel}${input.line !== undefined ? ` at line ${input.line}` : ''}${input.fingerprint ? ` with fingerprint ${input.fingerprint}` : ''} (run scan to list them)`);
  if (candidates.length > 1) {
    throw new UsageError(`${candidates.length} findings match in ${rel}; name one by its fingerprint: ${candidates.map(({ f }) => `${f.ruleId} line ${f.range.start.line} ${f.fingerprint}`).join('; ')}`);
  }
  const { f, e } = candidates[0];
  if (!f.fixes.length) {
    return { root, rel, plans: [] as FilePlan[], fixes: [], safety: [`Withheld: ${f.ruleId} at line ${f.range.start.line} has no automatic fix. ${whyWithheld(f)}`], chosen: undefined };
  }
  let fixIndex: number;
  if (typeof input.fix === 'number') fixIndex = input.fix;
  else if (typeof input.fix === 'string') fixIndex = f.fixes.findIndex((x) => x.title.toLowerCase().includes((input.fix as string).toLowerCase()));
  else fixIndex = Math.max(0, f.fixes.findIndex((x) => x.kind === 'fix'));
  if (fixIndex < 0 || fixIndex >= f.fixes.length) {
    throw new UsageError(`the finding has no fix ${JSON.stringify(input.fix)}; its fixes: ${f.fixes.map((x, i) => `${i}: ${x.title}`).join('; ')}`);
  }
  const plans = planOneFix(e, fixIndex, fs0);
  return { root, rel, plans, fixes: [fixSummary(f, fixIndex)], safety: safetyOf(f, fixIndex), chosen: { finding: f, engine: e, fixIndex } };
}

function fixSummary(f: ReportFinding, i: number) {
  return { ruleId: f.ruleId, line: f.range.start.line, fingerprint: f.fingerprint, title: f.fixes[i]?.title, kind: f.fixes[i]?.kind, message: f.message };
}

function notesOf(message: string): string[] {
  return [...message.matchAll(/(Not (?:reordered automatically|in fix-all):[^]*?)(?=\. Not |$)/g)].map((m) => m[1].replace(/\.$/, ''));
}

function whyWithheld(f: ReportFinding): string {
  const notes = notesOf(f.message);
  if (notes.length) return notes.join('. ');
  if (f.fixes.length) return `its fixes are suggestions (judgement calls never applied in bulk): ${f.fixes.map((x) => x.title).join('; ')}; pick one with the fix argument`;
  return `the rule offers no automatic fix here; explain_rule ${f.ruleId} says how to fix it by hand`;
}

function safetyOf(f: ReportFinding, i: number): string[] {
  const fix = f.fixes[i];
  const out = [fix.kind === 'fix'
    ? `Mechanical fix: the rule's preferred quick fix, the one fix-all and \`arm64-port fix\` apply.`
    : `Suggestion: a judgement call that arm64-port never applies in bulk; check it fits the code.`];
  const sizes = structDataOf(f)?.sizes;
  if (sizes && fix.kind === 'fix') out.push(`Sizes after the fix (the compiler's layout rules): ${Object.entries(sizes).map(([t, s]) => `${s.size} → ${s.optimal} bytes on ${t}`).join(', ')}.`);
  if (f.ruleId.endsWith('-struct-padding') || f.ruleId.endsWith('-pointer-bytes')) {
    out.push('The reorder is offered only when nothing in the workspace relies on the layout (positional literals, unsafe, assembly, cgo, binary encoding); comments, tags and field groups move with their fields.');
  }
  out.push(...notesOf(f.message));
  return out;
}

function diffOf(plans: FilePlan[], root: string): string {
  return plans.map((p) => planDiff(p, root)).join('\n');
}

function sha(s: string): string { return createHash('sha256').update(s).digest('hex'); }

export async function previewFixTool(ws: AgentWorkspace, input: FixInput): Promise<ToolResult> {
  const p = await planFor(ws, input);
  const diff = diffOf(p.plans, p.root);
  const structured = {
    file: p.rel, fixes: p.fixes, files: p.plans.map((x) => path.relative(p.root, x.file).split(path.sep).join('/')),
    diff, diffSha256: sha(diff), safety: p.safety, applicable: p.plans.length > 0,
  };
  const text = [...p.safety, p.plans.length ? diff : 'Nothing to change.', p.plans.length ? `diffSha256 ${structured.diffSha256}` : ''].filter(Boolean).join('\n');
  return { structured, text };
}

/** The changes apply_fix would write; the host writes them (the MCP server to disk, VS Code as an edit). */
export async function planApplyFix(ws: AgentWorkspace, input: FixInput) {
  const p = await planFor(ws, input);
  const diff = diffOf(p.plans, p.root);
  if (!p.plans.length) throw new UsageError(`nothing to apply in ${p.rel}: ${p.safety.join(' ')}`);
  if (input.expectedDiffSha256 && input.expectedDiffSha256 !== sha(diff)) {
    throw new UsageError(`the fix differs from the preview (the files changed since): preview it again`);
  }
  return { ...p, diff, diffSha256: sha(diff) };
}

export async function applyFixTool(ws: AgentWorkspace, input: FixInput, write: (file: string, text: string) => void): Promise<ToolResult> {
  const p = await planApplyFix(ws, input);
  for (const plan of p.plans) write(plan.file, plan.after);
  // Rescan what changed: the finding should be gone (a reorder may leave a hint when only crossing groups saves more).
  const { model } = await runScan(ws, { paths: p.plans.map((x) => x.file) });
  const stillReported = p.fixes.filter((f) => model.findings.some((m) => m.fingerprint === f.fingerprint && m.message === f.message));
  const remaining = model.findings.filter((m) => p.fixes.some((f) => f.ruleId === m.ruleId));
  const structured = {
    file: p.rel, applied: p.fixes, files: p.plans.map((x) => path.relative(p.root, x.file).split(path.sep).join('/')), diff: p.diff, diffSha256: p.diffSha256,
    fixed: p.fixes.length - stillReported.length,
    remaining: remaining.map((m) => ({ ruleId: m.ruleId, file: m.file, line: m.range.start.line, severity: m.severity, message: m.message, fingerprint: m.fingerprint })),
  };
  const text = [`Applied ${p.fixes.length} fix(es) in ${structured.files.join(', ')}.`, p.diff,
    `Rescan: ${structured.fixed} of ${plural(p.fixes.length, 'fixed finding')} gone${stillReported.length ? `; still reported: ${stillReported.map((f) => `line ${f.line} ${f.ruleId}`).join(', ')}` : ''}.`,
    remaining.length ? `Other findings of ${[...new Set(remaining.map((m) => m.ruleId))].join(', ')} in the changed files:\n${remaining.map((m) => `${m.file}:${m.range.start.line} ${m.severity} ${m.ruleId}: ${m.message}`).join('\n')}` : 'No finding of these rules is left in the changed files.'].join('\n');
  return { structured, text };
}

export async function reportTool(ws: AgentWorkspace, input: ReportInput): Promise<ToolResult> {
  const { model } = await runScan(ws, input);
  ws.onReport?.(model);
  return reportResult(model);
}

export function reportResult(model: ReportModel): ToolResult {
  const s = model.summary;
  const top = (r: string) => model.findings.filter((f) => f.readiness === r).slice(0, 20)
    .map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.range.start.line, message: f.message, fingerprint: f.fingerprint, fixable: f.fixes.length > 0 }));
  const markdown = toMarkdown(model);
  const structured = {
    version: 1, targets: model.targets,
    readiness: { blockers: s.byReadiness.blocker, hazards: s.byReadiness.hazard, performance: s.byReadiness.performance },
    bySeverity: s.bySeverity, byRule: s.byRule, structBytesSaved: s.structBytesSaved, files: s.files, findings: s.findings,
    incomplete: s.incomplete, missingModules: s.missingModules,
    blockers: top('blocker'), hazards: top('hazard'), markdown,
  };
  return { structured, text: markdown };
}

export const PORT_PROMPT = {
  name: 'port-to-arm64',
  title: 'Port this workspace to arm64',
  description: 'Walks through scan → blockers first → fixes → rescan with the arm64-port tools.',
  text: (paths?: string) => `Port this workspace${paths ? ` (${paths})` : ''} to arm64 (linux/arm64: AWS Graviton, Ampere, Axion, Cobalt, Grace) with the arm64-port tools. Their numbers are the compilers' own; trust them over guesses.

1. Call \`report\`${paths ? ` with paths ${JSON.stringify(paths.split(',').map((s) => s.trim()))}` : ''} and read the readiness summary: blockers stop an arm64 build or deploy, correctness hazards build but may crash or miscompute, performance notes cost memory or time.
2. Fix the blockers first, then the hazards, then the performance notes. For each finding: call \`explain_rule\` with its rule id if you do not know the rule, then \`preview_fix\` with its file and fingerprint. Read the diff and the safety notes.
3. Apply mechanical fixes with \`apply_fix\` (pass the preview's diffSha256 as expectedDiffSha256). Suggestions and findings without a fix need judgement: edit by hand following the rule page, or explain to the user why the finding does not apply (and suppress it with an \`arm64-port-disable-next-line <rule>\` comment only then).
4. For struct padding, check the new layout with \`layout\` (file, struct) on linux/arm64 and the other targets.
5. Call \`scan\` again on the changed files and repeat until no blocker or hazard is left. Finish with \`report\` and summarise what changed and what is left, with reasons.`,
};

export function isSeverity(s: string): s is Severity { return (SEVERITIES as readonly string[]).includes(s); }
export { isTargetId };
