// The two fix-all paths of the fix property tests (issue 15) and their checks: `arm64-port fix` (ops/fix.ts
// fixWorkspace, what the command runs) and the editor's (the language server's fix-all code action, lsp/fixAll.ts,
// through a Service as the server holds it). Each must give files that still parse in their own language
// (fixChecks.ts), hold no declaration doubled and no key or value emptied by the fix, no longer have the findings
// they fixed, and that a second run leaves as they are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../../server/src/core/config';
import { discoverFiles } from '../../server/src/engine/discover';
import type { Finding } from '../../server/src/core/types';
import { nodeFileSystem, OverlayFileSystem } from '../../server/src/core/workspace';
import type { GoEnv } from '../../server/src/lang/go/env';
import { toLspEdit } from '../../server/src/lsp/convert';
import { fixAllEdits } from '../../server/src/lsp/fixAll';
import { Service } from '../../server/src/lsp/service';
import { fixWorkspace } from '../../server/src/ops/fix';
import { fileKindOfText } from '../../server/src/core/fileKind';
import { ALL_RULES } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/rules/rule';
import { applyLspEdits } from '../helpers/lspEdits';
import { goProblems, newProblems } from './fixChecks';

const config = parseConfig({}).config;
export const FIXERS = ALL_RULES.filter((r) => r.meta.fixable === 'fix');

/**
 * `rules`: all of them, or, on the corpus, those that can give mechanical fixes (meta.fixable, checked on the
 * samples and fixtures): the others cannot change what fix-all does, and the corpus scan would take minutes.
 * `secondRun`: over all the paths, or (corpus) over the files the first one changed.
 */
export interface Workspace { name: string; root: string; paths: string[]; goEnv: GoEnv; rules: readonly Rule[]; secondRun: 'all' | 'changed' }
interface Outcome { problems: string[]; changed: string[]; fixes: number }

const same = (a: Finding, b: Finding) => a.ruleId === b.ruleId && a.message === b.message && path.resolve(a.file) === path.resolve(b.file);
const rel = (ws: Workspace, f: string) => `${ws.name}/${path.relative(ws.root, f)}`;

/** `arm64-port fix` over the workspace's paths, and its checks. */
export async function cliPath(ws: Workspace): Promise<Outcome & { files: string[]; rounds: number }> {
  const base = { root: ws.root, config, rules: ws.rules, goEnv: ws.goEnv };
  const r = await fixWorkspace({ ...base, paths: ws.paths, fs: nodeFileSystem });
  const unknownFixers = new Set(r.fixed.map((f) => f.ruleId).filter((id) => !FIXERS.some((x) => x.meta.id === id)));
  const problems = r.unsettled.map((f) => `${rel(ws, f)}: fixes did not settle in ${r.rounds} rounds`);
  // A file fix could not analyse completely (even with its retry's larger budget) has fixes that may be partial:
  // the cause is named here, not as 'a second fix changes it again'.
  for (const f of r.incomplete) problems.push(`${rel(ws, f.path)}: not completely analysed by fix (${f.reason})`);
  for (const id of unknownFixers) problems.push(`${id} gives mechanical fixes without meta.fixable 'fix'`);
  const changed = [...r.files.keys()];
  const go: { name: string; before: string; after: string }[] = [];
  for (const [file, { before, after }] of r.files) {
    const kind = fileKindOfText(file, before);
    problems.push(...newProblems(rel(ws, file), kind, before, after));
    if (kind === 'go') go.push({ name: rel(ws, file), before, after });
  }
  problems.push(...goProblems(go));
  const fixedFs = new OverlayFileSystem(nodeFileSystem);
  for (const [file, { after }] of r.files) fixedFs.set(file, after);
  // A second run: its first scan is the fixed files analysed again, and it must change nothing.
  let again: Finding[] | undefined;
  const paths = ws.secondRun === 'all' ? ws.paths : changed;
  if (paths.length) {
    const second = await fixWorkspace({ ...base, paths, fs: fixedFs, onScan: (f) => { again ??= f; } });
    for (const f of second.incomplete) problems.push(`${rel(ws, f.path)}: not completely analysed by the second fix (${f.reason})`);
    for (const file of second.files.keys()) problems.push(`${rel(ws, file)}: a second \`fix\` changes it again`);
    for (const f of r.fixed) if (again!.some((g) => same(f, g))) problems.push(`${rel(ws, f.file)}: ${f.ruleId} is still reported after its fix: ${f.message}`);
  }
  return { problems, changed, fixes: r.fixes, files: changed, rounds: r.rounds };
}

/** The editor's fix-all on each file, opened in a language-server Service, and its checks. */
export function editorPath(ws: Workspace, files: string[]): Outcome {
  const service = new Service(ws.root, true, () => {});
  // No time budget: a loaded machine must not drop the rules that give the fixes.
  service.setEditorSettings({ editBudgetMs: 600_000 });
  const problems: string[] = [], changed: string[] = [], go: { name: string; before: string; after: string }[] = [];
  let fixes = 0;
  for (const file of files) {
    const before = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).toString();
    service.openDocument(uri, 'plaintext', 1, before);
    const d = service.store.get(uri)!;
    // What the server's code action does (lsp/server.ts), its edits applied as an editor applies them.
    const found = service.analyze(d).findings;
    const own = found.filter((f) => f.fixes.find((x) => x.kind === 'fix')?.edits.every((e) => path.resolve(e.file ?? f.file) === file));
    const after = applyLspEdits(before, fixAllEdits(service, d, found).map((e) => toLspEdit(d.doc, e)));
    if (after !== before) {
      changed.push(file);
      fixes += own.length;
      const kind = fileKindOfText(file, before);
      problems.push(...newProblems(rel(ws, file), kind, before, after));
      if (kind === 'go') go.push({ name: rel(ws, file), before, after });
      service.store.change(uri, 2, [{ text: after }]);
      service.fileChanged(file);
      const again = service.analyze(d).findings;
      for (const f of own) if (again.some((g) => same(f, g))) problems.push(`${rel(ws, file)}: ${f.ruleId} is still reported after fix-all: ${f.message}`);
      if (fixAllEdits(service, d, again).length) problems.push(`${rel(ws, file)}: a second fix-all changes it again`);
    } else if (own.length) problems.push(`${rel(ws, file)}: fix-all changes nothing although ${own.length} findings have fixes`);
    service.closeDocument(uri);
  }
  problems.push(...goProblems(go));
  return { problems, changed, fixes };
}

export function analysableFiles(ws: Workspace): string[] {
  return discoverFiles(ws.paths, nodeFileSystem, config, ws.root).files.filter((f) => f.kind !== 'binary').map((f) => f.path);
}

