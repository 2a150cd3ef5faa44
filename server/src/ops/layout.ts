// Struct layouts of one file, the `layout --json` contract: shared by `arm64-port layout`, the MCP
// server and the editor's agent tools.
import * as fs from 'node:fs';
import type { LayoutEntry } from '../layout/contract';
import { ALL_TARGET_IDS, GO_TARGET_IDS, type TargetId } from '../core/targets';
import { fileKindOf } from '../core/fileKind';
import { nodeFileSystem, type FileSystem } from '../core/workspace';
import { Engine, initEngine, type GoEnv } from '../engine/engine';
import { UsageError } from './errors';

export interface LayoutRequest {
  /** Absolute path of a Go, C or C++ file. */
  file: string;
  /** How the file is named in the entries (the CLI: relative to the current folder). */
  display: string;
  root: string;
  /** Targets asked for; undefined: `defaultTargets`. Go files keep the Go targets only. */
  targets?: TargetId[];
  defaultTargets: TargetId[];
  struct?: string;
  goEnv: GoEnv;
  /** The editor's file system (open documents' texts), when the language server asks. */
  fs?: FileSystem;
  /** The language server's engine (its Go package index stays loaded between calls); else one for this call. */
  engine?: Engine;
}

/** The targets `--targets all` means for a file of this kind. */
export function layoutTargetsFor(file: string): readonly TargetId[] {
  return fileKindOf(file) === 'go' ? GO_TARGET_IDS : ALL_TARGET_IDS;
}

export async function layoutEntriesOf(req: LayoutRequest): Promise<LayoutEntry[]> {
  const files = req.fs ?? nodeFileSystem;
  const name = req.display;
  if (!files.exists(req.file) || files.isDirectory(req.file)) throw new UsageError(`${name}: no such file`);
  const kind = fileKindOf(req.file);
  if (kind !== 'go' && kind !== 'c' && kind !== 'cpp') throw new UsageError(`${name}: layout reads Go, C and C++ files`);
  const targets = req.targets ?? req.defaultTargets;
  await initEngine();
  const text = files.readText(req.file) ?? fs.readFileSync(req.file, 'utf8');
  const engine = req.engine ?? new Engine({ root: req.root, fs: files, goEnv: req.goEnv });
  let entries: LayoutEntry[] = engine.layoutOf({ file: req.file, text, display: name, targets: kind === 'go' ? targets.filter((t) => GO_TARGET_IDS.includes(t)) : targets });
  if (req.struct) {
    entries = entries.filter((e) => e.name === req.struct || e.name.startsWith(req.struct + '.'));
    if (!entries.length) throw new UsageError(`no struct named ${req.struct} in ${name}`);
  }
  return entries;
}
