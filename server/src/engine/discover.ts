// Which files of a workspace the scan reads: .gitignore honoured, vendored, bundled and generated code and
// oversized or binary files skipped (each skip recorded with its reason), symlink loops avoided.
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { EngineConfig } from './config';
import type { FileKind } from './types';
import type { FileSystem } from './workspace';
import { fileKindOf, kindFromContent, sniffBytes } from '../parsing/fileKind';
import { hasGeneratedMarker } from '../parsing/generated';

export interface DiscoveredFile { path: string; kind: FileKind }
/** A skipped file or folder; `files`: for a folder, how many files in it the scan would have read. */
export interface SkippedFile { path: string; reason: string; files?: number }

const VENDORED_DIRS = new Set(['vendor', 'node_modules', 'third_party', 'testdata']);
const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '.cache', '.e2e']);
/**
 * Folders that conventionally hold other people's libraries (redis `deps/jemalloc`, `deps/hiredis`, `deps/lua`):
 * a subfolder of one of them with its own build is a bundled library, skipped as vendored code is.
 */
const BUNDLE_PARENTS = new Set(['deps', 'external', 'externals', 'contrib', '3rdparty', 'third-party', 'thirdparty']);
/** Files that make a folder a build of its own. */
/** A build file of its own: what the build rules read (Makefile, CMake, meson), or an autoconf script. */
const isBuildFile = (name: string) => ['makefile', 'cmake', 'meson'].includes(fileKindOf(name) ?? '') || name === 'configure' || name === 'configure.ac';
/**
 * Hidden folders are not scanned (Debian quilt's `.pc/` holds copies of the patched files, `.venv/`, `.tox/`,
 * `.terraform/` hold other people's code and binaries), except these, which hold the project's CI, container and
 * editor-container set-up that rules read.
 */
const HIDDEN_DIRS_SCANNED = new Set(['.github', '.gitlab', '.circleci', '.devcontainer', '.buildkite', '.gitea', '.forgejo',
  '.woodpecker', '.azure-pipelines', '.azuredevops', '.ci', '.docker', '.tekton', '.drone', '.cirrus']);
const MAX_FILES = 200_000;
/** Entries a skipped folder's file count reads at most (node_modules can hold hundreds of thousands). */
const COUNT_BUDGET = 50_000;

/** Submodule paths of a `.gitmodules` file (`path = deps/foo`), relative to its folder. */
export function gitSubmodulePaths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^[ \t]*path[ \t]*=[ \t]*(.+?)[ \t]*$/gm)) out.push(m[1].replace(/^"(.*)"$/, '$1').replace(/\/+$/, ''));
  return out;
}

/** Why a hidden folder is never scanned (includeVendored or not), or undefined to scan it. */
export function hiddenFolderReason(name: string): string | undefined {
  if (name === '.pc') return ".pc/ holds quilt's copies of patched files, not code to scan";
  if (name.startsWith('.') && !HIDDEN_DIRS_SCANNED.has(name)) return `${name}/ is a hidden folder, not the project's code`;
  return undefined;
}

/** Why a folder is vendored or bundled code not to scan, or undefined to scan it. `parent`: its parent's name. */
export function notOwnCodeReason(name: string, parent: string, entries: { name: string; isFile: boolean }[]): string | undefined {
  if (VENDORED_DIRS.has(name)) return `${name}/ is not the project's own code`;
  if (BUNDLE_PARENTS.has(parent)) {
    const build = entries.find((e) => e.isFile && isBuildFile(e.name));
    if (build) return `${parent}/${name}/ is a bundled library (its own ${build.name}), not the project's own code`;
  }
  return undefined;
}

export function discoverFiles(roots: string[], fs: FileSystem, config: EngineConfig, workspaceRoot: string): { files: DiscoveredFile[]; skipped: SkippedFile[] } {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const userIgnore = config.ignore.length ? picomatch(config.ignore, { dot: true }) : undefined;
  const seenDirs = new Set<string>();

  const ignoresFor = new Map<string, Ignore | null>();
  const gitignoreOf = (dir: string): Ignore | null => {
    if (!ignoresFor.has(dir)) {
      const text = fs.readText(path.join(dir, '.gitignore'));
      ignoresFor.set(dir, text === undefined ? null : ignore().add(text));
    }
    return ignoresFor.get(dir)!;
  };
  const isGitIgnored = (file: string, isDir: boolean, chain: string[]): boolean => {
    for (const dir of chain) {
      const ig = gitignoreOf(dir);
      if (!ig) continue;
      const rel = path.relative(dir, file).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && ig.ignores(isDir ? rel + '/' : rel)) return true;
    }
    return false;
  };

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
    if (!config.includeVendored && entries.some((e) => e.name === '.gitmodules' && e.isFile)) {
      for (const sub of gitSubmodulePaths(fs.readText(path.join(dir, '.gitmodules')) ?? '')) submodules.add(path.join(dir, sub));
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isSymlink) {
        if (!e.isDir && fs.exists(p) && !fs.isDirectory(p)) consider(p);
        else if (!fs.exists(p) && fileKindOf(p)) skipped.push({ path: p, reason: 'broken symbolic link (or a link loop)' });
        continue;
      }
      if (e.isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
        const hidden = hiddenFolderReason(e.name);
        if (hidden) { if (!isGitIgnored(p, true, here)) skipFolder(p, hidden); continue; }
        if (!config.includeVendored) {
          if (submodules.has(p)) { skipFolder(p, `${path.relative(workspaceRoot, p).split(path.sep).join('/') || e.name}/ is a git submodule (.gitmodules), not the project's own code`); continue; }
          // Bundled-library evidence needs the folder's own entries; only read them under a bundle parent.
          const parent = path.basename(dir);
          const reason = notOwnCodeReason(e.name, parent, BUNDLE_PARENTS.has(parent) ? fs.readDir(p) : []);
          if (reason) { if (!isGitIgnored(p, true, here)) skipFolder(p, reason); continue; }
        }
        if (isGitIgnored(p, true, here)) continue;
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


/** Generated files are skipped unless asked (the head of the file is enough to tell). */
export function isGeneratedText(text: string): boolean {
  return hasGeneratedMarker(text.slice(0, 2048));
}

/** Why a source file of `size` bytes is not analysed (binary files are read whatever their size), or undefined. */
export function sizeSkipReason(size: number, maxFileBytes: number): string | undefined {
  return size > maxFileBytes ? `larger than ${Math.round(maxFileBytes / 1024)} KiB` : undefined;
}

/** Why a source file's text is not analysed (see looksBinary), or undefined. */
export function textSkipReason(text: string | undefined): string | undefined {
  if (text === undefined) return 'unreadable';
  return looksBinary(text) ? 'binary content or invalid UTF-8' : undefined;
}

/** Text that is not worth analysing: NUL bytes, or mostly invalid UTF-8. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 && bad > head.length / 100;
}
