// Runs rules on in-memory files through the real engine, and applies fixes, for table-driven rule tests.
import * as path from 'node:path';
import { analyzeFile } from '../../server/src/engine/analyze';
import { configSchema, type EngineConfig } from '../../server/src/core/config';
import type { FileKind, Finding, Fix } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/fixes/applyEdits';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { fileKindOfText } from '../../server/src/core/fileKind';
import { LineIndex } from '../../server/src/parsing/positions';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import type { Rule } from '../../server/src/rules/rule';

export const WORKSPACE = '/ws';

export interface RunInput {
  /** Path relative to the workspace root (or absolute). */
  path: string;
  text: string;
  /** Other files of the workspace, relative paths -> text. */
  files?: Record<string, string | Uint8Array>;
  config?: Partial<EngineConfig>;
  kind?: FileKind;
}

export async function ready(): Promise<void> { await initTreeSitter(); }

export function runRules(rules: readonly Rule[], input: RunInput): Finding[] {
  const abs = path.resolve(WORKSPACE, input.path);
  const files: Record<string, string | Uint8Array> = { [abs]: input.text };
  for (const [k, v] of Object.entries(input.files ?? {})) files[path.resolve(WORKSPACE, k)] = v;
  const kind = input.kind ?? fileKindOfText(abs, input.text);
  if (!kind) throw new Error(`no file kind for ${input.path}`);
  return analyzeFile({
    path: abs, text: input.text, kind, config: configSchema.parse(input.config ?? {}), root: WORKSPACE,
    fs: memoryFileSystem(files), rules, sharedCache: new Map(),
  });
}

export function runRule(rule: Rule, input: RunInput): Finding[] { return runRules([rule], input); }

/** Applies a fix's edits to text (edits must not overlap). */
/** One fix applied as fix-all applies edits (insertions at one offset in the order given). */
export function applyFixes(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** "line:col-line:col" (1-based) of a finding, for compact range assertions. */
export function rangeOf(text: string, f: { start: number; end: number }): string {
  const li = new LineIndex(text);
  const s = li.lineColAt(f.start), e = li.lineColAt(f.end);
  return `${s.line}:${s.column}-${e.line}:${e.column}`;
}
