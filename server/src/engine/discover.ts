// Which files of a workspace the scan reads: .gitignore honoured, vendored and generated code and
// oversized or binary files skipped (each skip recorded with its reason), symlink loops avoided.
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { EngineConfig } from './config';
import type { FileKind } from './types';
import type { FileSystem } from './workspace';
import { fileKindOf, kindFromContent } from '../parsing/fileKind';
import { hasGeneratedMarker } from '../parsing/generated';

export interface DiscoveredFile { path: string; kind: FileKind }
export interface SkippedFile { path: string; reason: string }

const VENDORED_DIRS = new Set(['vendor', 'node_modules', 'third_party', 'testdata']);
const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '.cache', '.e2e']);
const MAX_FILES = 200_000;

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

  const consider = (file: string, chain: string[]) => {
    const rel = path.relative(workspaceRoot, file).split(path.sep).join('/');
    if (userIgnore && userIgnore(rel)) return;
    let kind = fileKindOf(file);
    const size = fs.size(file) ?? 0;
    if (!kind) {
      if (path.extname(file) !== '' || size < 64) return;
      kind = kindFromContent(fs.readBytes(file, 128) ?? new Uint8Array());
      if (!kind) return;
    }
    if (kind !== 'binary' && size > config.maxFileBytes) {
      skipped.push({ path: file, reason: `larger than ${Math.round(config.maxFileBytes / 1024)} KiB` });
      return;
    }
    files.push({ path: file, kind });
  };

  const walk = (dir: string, chain: string[], depth: number) => {
    if (files.length >= MAX_FILES) return;
    const real = dir; // symlinked directories are not followed, so no loops
    if (seenDirs.has(real) || depth > 64) return;
    seenDirs.add(real);
    const here = [...chain, dir];
    for (const e of fs.readDir(dir).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isSymlink) {
        if (!e.isDir && fs.exists(p) && !fs.isDirectory(p)) consider(p, here);
        else if (!fs.exists(p) && fileKindOf(p)) skipped.push({ path: p, reason: 'broken symbolic link (or a link loop)' });
        continue;
      }
      if (e.isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
        if (!config.includeVendored && VENDORED_DIRS.has(e.name)) { skipped.push({ path: p, reason: `${e.name}/ is not the project's own code` }); continue; }
        if (isGitIgnored(p, true, here)) continue;
        walk(p, here, depth + 1);
      } else if (e.isFile) {
        if (isGitIgnored(p, false, here)) continue;
        consider(p, here);
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
    else if (fs.exists(abs)) consider(abs, chain);
    else skipped.push({ path: abs, reason: 'not found' });
  }
  if (files.length >= MAX_FILES) skipped.push({ path: workspaceRoot, reason: `stopped after ${MAX_FILES} files` });
  return { files, skipped };
}


/** Generated files are skipped unless asked (the head of the file is enough to tell). */
export function isGeneratedText(text: string): boolean {
  return hasGeneratedMarker(text.slice(0, 2048));
}

/** Text that is not worth analysing: NUL bytes, or mostly invalid UTF-8. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 && bad > head.length / 100;
}
