// The C/C++ layout oracle (test/oracle/c/oracle.mjs) on a header in a temporary folder, for tests that compare the
// engine with the compilers on text they write themselves; the engine's side of the same comparison; and the check
// that the compilers are installed.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import type { TargetId } from '../../server/src/core/targets';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { layoutCFile, toLayoutContract } from '../../server/src/lang/c/layoutFile';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { compareLayouts, type LayoutComparison, type LayoutRecord } from '../realcode/compareLayouts';
import { makeTempDir } from './tempDirs';

const ORACLE = path.resolve(__dirname, '../oracle/c/oracle.mjs');

/** The tools of `names` that are not on PATH. */
export function missingTools(names: string[]): string[] {
  const has = (cmd: string) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
  return names.filter((c) => !has(c));
}

/** The compilers' layouts of `file` (in `dir`), compiled with `flags` and -I`dir`. */
export function compilerLayouts(dir: string, file: string, targets: TargetId[], flags: string[] = []): Promise<LayoutRecord[]> {
  return new Promise((resolve, reject) => {
    execFile('node', [ORACLE, '--targets', targets.join(','), '--files', path.basename(file)], {
      env: { ...process.env, C_ORACLE_DIR: dir, C_ORACLE_FLAGS: [`-I${dir}`, ...flags].join(' '), ORACLE_JOBS: '2' }, maxBuffer: 64 << 20,
    }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve((JSON.parse(stdout).structs as LayoutRecord[]).map((s) => ({ ...s, file: path.basename(file) })))));
  });
}

/** What the engine is told besides the file: the command line's macros, whether that is all of it, -I folders. */
export interface EngineInput { defines?: Record<string, string>; complete?: boolean; includeDirs?: string[] }

/** The engine's layouts of `file` (in `dir`), in the form compilerLayouts gives the compilers'. */
export function engineLayouts(dir: string, file: string, targets: TargetId[], input: EngineInput = {}): LayoutRecord[] {
  const results = layoutCFile({
    path: file, text: fs.readFileSync(file, 'utf8'), fs: nodeFileSystem, targets, includeDirs: input.includeDirs,
    defines: new Map(Object.entries(input.defines ?? {})), definesComplete: input.complete ?? false,
  });
  return toLayoutContract(results, dir) as LayoutRecord[];
}

/** Whether an oracle test may be skipped: its tools are missing and this is not CI (CI installs them, and must run it). */
export function skipWithout(missing: string[]): boolean {
  return missing.length > 0 && !(!!process.env.CI && process.env.CI !== 'false');
}

/**
 * An oracle block's set-up: fails when a tool is missing (it runs in CI, which installs them), loads the grammars,
 * and gives a new folder for the block's headers (removed after the test file).
 */
export async function oracleSetUp(missing: string[], folderPrefix: string, installs = 'the compilers'): Promise<string> {
  expect(missing, `test/oracle/c/install.sh installs ${installs}`).toEqual([]);
  await initTreeSitter();
  return makeTempDir(folderPrefix);
}

/** Writes `text` as `name` in `dir`; its path. */
export function writeIn(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Writes `text` as `name` in `dir` and compares the engine's layouts of it with the compilers' on `targets`. */
export async function compareWritten(dir: string, name: string, text: string, targets: TargetId[]): Promise<LayoutComparison> {
  const file = writeIn(dir, name, text);
  return compareLayouts(engineLayouts(dir, file, targets), await compilerLayouts(dir, file, targets));
}
