// Which files of a workspace the scan reads: .gitignore honoured, vendored, bundled and generated code and
// oversized or binary files skipped (each skip recorded with its reason), symlink loops avoided.
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { EngineConfig } from '../core/config';
import type { FileKind } from '../core/types';
import type { FileSystem } from '../core/workspace';
import { fileKindOf, kindFromContent, sniffBytes } from '../core/fileKind';
import { ALWAYS_SKIPPED_DIRS, GitIgnores, VENDORED_DIRS, folderSkipReason, sizeSkipReason, submodulesOf } from '../core/walker';

// The skip policy lives in walker.ts; these are re-exported for the modules that read them from here.
export { gitSubmodulePaths, hiddenFolderReason, isGeneratedText, looksBinary, notOwnCodeReason, sizeSkipReason, textSkipReason } from '../core/walker';

export interface DiscoveredFile { path: string; kind: FileKind }
/** A skipped file or folder; `files`: for a folder, how many files in it the scan would have read. */
export interface SkippedFile { path: string; reason: string; files?: number }

const MAX_FILES = 200_000;
/** Entries a skipped folder's file count reads at most (node_modules can hold hundreds of thousands). */
const COUNT_BUDGET = 50_000;

export function discoverFiles(roots: string[], fs: FileSystem, config: EngineConfig, workspaceRoot: string): { files: DiscoveredFile[]; skipped: SkippedFile[] } {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const userIgnore = config.ignore.length ? picomatch(config.ignore, { dot: true }) : undefined;
  const seenDirs = new Set<string>();

  const ignores = new GitIgnores(fs);
  const isGitIgnored = (file: string, isDir: boolean, chain: string[]) => ignores.ignores(file, isDir, chain);

  const consider = (file: string) => {
    const rel = path.relative(workspaceRoot, file).split(path.sep).join('/');
    if (userIgnore && userIgnore(rel)) return;
    let kind = fileKindOf(file);
    const size = fs.size(file) ?? 0;
    if (!kind) {
      const n = sniffBytes(file, size);
      if (n === 0) return;
      kind = kindFromContent(fs.readBytes(file, n) ?? new Uint8Array(), file);
      if (!kind) return;
    }
    const tooLarge = kind === 'binary' ? undefined : sizeSkipReason(size, config.maxFileBytes);
    if (tooLarge) {
      skipped.push({ path: file, reason: tooLarge });
      return;
    }
    files.push({ path: file, kind });
  };

  // Git submodules (paths in a .gitmodules of a walked folder) are other repositories: vendored.
  const submodules = new Set<string>();
  // Files of a kind the scan reads under a skipped folder (by name, without reading them), up to a budget.
  const countFiles = (dir: string): { n: number; more: boolean } => {
    let n = 0, budget = COUNT_BUDGET;
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop()!;
      for (const e of fs.readDir(d)) {
        if (--budget < 0) return { n, more: true };
        if (e.isSymlink) continue;
        if (e.isDir) { if (!ALWAYS_SKIPPED_DIRS.has(e.name)) stack.push(path.join(d, e.name)); }
        else if (e.isFile && fileKindOf(e.name)) n++;
      }
    }
    return { n, more: false };
  };
  const skipFolder = (p: string, reason: string) => {
    const { n, more } = countFiles(p);
    if (n === 0 && !VENDORED_DIRS.has(path.basename(p))) return; // nothing the scan reads: not worth a line
    const count = n === 0 ? '' : ` (${more ? 'over ' : ''}${n} file${n === 1 ? '' : 's'} not scanned)`;
    skipped.push({ path: p, reason: reason + count, files: n });
  };

  const walk = (dir: string, chain: string[], depth: number) => {
    if (files.length >= MAX_FILES) return;
    const real = dir; // symlinked directories are not followed, so no loops
    if (seenDirs.has(real) || depth > 64) return;
    seenDirs.add(real);
    const here = [...chain, dir];
    const entries = fs.readDir(dir).sort((a, b) => a.name.localeCompare(b.name));
    if (!config.includeVendored) for (const sub of submodulesOf(fs, dir, entries)) submodules.add(sub);
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isSymlink) {
        if (!e.isDir && fs.exists(p) && !fs.isDirectory(p)) consider(p);
        else if (!fs.exists(p) && fileKindOf(p)) skipped.push({ path: p, reason: 'broken symbolic link (or a link loop)' });
        continue;
      }
      if (e.isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
        // Skipped folders are listed with their reason, unless a .gitignore already ignores them.
        const reason = folderSkipReason(fs, dir, e.name, { includeVendored: config.includeVendored, root: workspaceRoot, chain: here, ignores, submodules });
        if (reason) { if (!isGitIgnored(p, true, here)) skipFolder(p, reason); continue; }
        walk(p, here, depth + 1);
      } else if (e.isFile) {
        if (isGitIgnored(p, false, here)) continue;
        consider(p);
      } else if (fileKindOf(p)) {
        skipped.push({ path: p, reason: 'not a regular file (FIFO, socket or device)' });
      }
    }
  };

  for (const root of roots) {
    const abs = path.resolve(root);
    const chain: string[] = [];
    for (let d = path.dirname(abs); d.startsWith(workspaceRoot) && d !== abs; d = path.dirname(d)) {
      chain.unshift(d);
      if (d === workspaceRoot || path.dirname(d) === d) break;
    }
    if (fs.isDirectory(abs)) walk(abs, chain, 0);
    else if (fs.exists(abs)) consider(abs);
    else skipped.push({ path: abs, reason: 'not found' });
  }
  if (files.length >= MAX_FILES) skipped.push({ path: workspaceRoot, reason: `stopped after ${MAX_FILES} files` });
  return { files, skipped };
}
