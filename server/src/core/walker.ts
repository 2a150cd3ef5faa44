// The one skip policy for the workspace's files, written down in one place and used by the scan (discover.ts),
// by the editor (whether an open document is one the scan would read) and by every rule that looks at other
// files (walkWorkspace). A folder or file is not the project's code to analyse when it is:
// - VCS or cache metadata (.git, .hg, .svn, .cache, .e2e): never, not even with includeVendored;
// - a hidden folder other than the CI/container ones rules read (HIDDEN_DIRS_SCANNED): never;
// - vendored (vendor, node_modules, third_party, testdata), a git submodule, or a bundled library (a folder with
//   its own build under deps/, external/, contrib/, ...): unless includeVendored;
// - ignored by a .gitignore of its folder or of one above it (up to the workspace root);
// - generated (a "Code generated ... DO NOT EDIT" style marker in its head): unless includeVendored;
// - larger than maxFileBytes (binary files excepted), or binary content / invalid UTF-8 where text is expected.
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileSystem } from './workspace';
import { fileKindOf } from './fileKind';
import { hasGeneratedMarker } from './generated';

export const VENDORED_DIRS = new Set(['vendor', 'node_modules', 'third_party', 'testdata']);
export const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '.cache', '.e2e']);
/**
 * Folders that conventionally hold other people's libraries (redis `deps/jemalloc`, `deps/hiredis`, `deps/lua`):
 * a subfolder of one of them with its own build is a bundled library, skipped as vendored code is.
 */
export const BUNDLE_PARENTS = new Set(['deps', 'external', 'externals', 'contrib', '3rdparty', 'third-party', 'thirdparty']);
/** A build file of its own: what the build rules read (Makefile, CMake, meson), or an autoconf script. */
const isBuildFile = (name: string) => ['makefile', 'cmake', 'meson'].includes(fileKindOf(name) ?? '') || name === 'configure' || name === 'configure.ac';
/**
 * Hidden folders are not scanned (Debian quilt's `.pc/` holds copies of the patched files, `.venv/`, `.tox/`,
 * `.terraform/` hold other people's code and binaries), except these, which hold the project's CI, container and
 * editor-container set-up that rules read.
 */
const HIDDEN_DIRS_SCANNED = new Set(['.github', '.gitlab', '.circleci', '.devcontainer', '.buildkite', '.gitea', '.forgejo',
  '.woodpecker', '.azure-pipelines', '.azuredevops', '.ci', '.docker', '.tekton', '.drone', '.cirrus']);

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

/** The .gitignore files of the folders walked, each read once. */
export class GitIgnores {
  private readonly byDir = new Map<string, Ignore | null>();
  constructor(private readonly fs: FileSystem) {}

  private of(dir: string): Ignore | null {
    let ig = this.byDir.get(dir);
    if (ig === undefined) {
      const text = this.fs.readText(path.join(dir, '.gitignore'));
      ig = text === undefined ? null : ignore().add(text);
      this.byDir.set(dir, ig);
    }
    return ig;
  }

  /** Whether a .gitignore of a folder in `chain` (the folders above `file`, outermost first) ignores it. */
  ignores(file: string, isDir: boolean, chain: readonly string[]): boolean {
    for (const dir of chain) {
      const ig = this.of(dir);
      if (!ig) continue;
      const rel = path.relative(dir, file).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && ig.ignores(isDir ? rel + '/' : rel)) return true;
    }
    return false;
  }
}

/**
 * Why the folder `dir/name` is not walked, or undefined to walk it. `chain`: the folders from the workspace root
 * down to `dir` (for .gitignore); `submodules`: submodule folders declared by the .gitmodules seen so far.
 */
export function folderSkipReason(fs: FileSystem, dir: string, name: string, opts: { includeVendored: boolean; root: string; chain: readonly string[]; ignores: GitIgnores; submodules?: ReadonlySet<string> }): string | undefined {
  if (ALWAYS_SKIPPED_DIRS.has(name)) return `${name}/ is version-control or cache metadata`;
  const p = path.join(dir, name);
  const hidden = hiddenFolderReason(name);
  if (hidden) return hidden;
  if (!opts.includeVendored) {
    if (opts.submodules?.has(p)) return `${path.relative(opts.root, p).split(path.sep).join('/') || name}/ is a git submodule (.gitmodules), not the project's own code`;
    // Bundled-library evidence needs the folder's own entries; only read them under a bundle parent.
    const parent = path.basename(dir);
    const reason = notOwnCodeReason(name, parent, BUNDLE_PARENTS.has(parent) ? fs.readDir(p) : []);
    if (reason) return reason;
  }
  if (opts.ignores.ignores(p, true, opts.chain)) return `${name}/ is ignored by .gitignore`;
  return undefined;
}

/** Submodule folders a folder's .gitmodules declares (absolute), when it has one. */
export function submodulesOf(fs: FileSystem, dir: string, entries: readonly { name: string; isFile: boolean }[]): string[] {
  if (!entries.some((e) => e.name === '.gitmodules' && e.isFile)) return [];
  return gitSubmodulePaths(fs.readText(path.join(dir, '.gitmodules')) ?? '').map((sub) => path.join(dir, sub));
}

/**
 * Why the scan would not read `file` although it lies under the workspace root (a folder on its way is skipped,
 * or a .gitignore ignores it), or undefined. The editor asks this so that it reports what the scan reports.
 */
export function pathSkipReason(fs: FileSystem, file: string, root: string, includeVendored: boolean): string | undefined {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const ignores = new GitIgnores(fs);
  const parts = rel.split(path.sep);
  const chain: string[] = [];
  let dir = root;
  const submodules = new Set<string>();
  for (const name of parts.slice(0, -1)) {
    chain.push(dir);
    if (!includeVendored) for (const s of submodulesOf(fs, dir, [{ name: '.gitmodules', isFile: fs.exists(path.join(dir, '.gitmodules')) }])) submodules.add(s);
    const why = folderSkipReason(fs, dir, name, { includeVendored, root, chain, ignores, submodules });
    if (why) return why;
    dir = path.join(dir, name);
  }
  chain.push(dir);
  return ignores.ignores(file, false, chain) ? `${parts[parts.length - 1]} is ignored by .gitignore` : undefined;
}

/**
 * Calls `visit` on the files (regular files, not symlinks) under `root` that the skip policy keeps, breadth-first
 * in name order, folders down to `maxDepth` below root, at most `maxEntries` directory entries read; `visit`
 * returns true to stop. The walk rules use to look at other files of the workspace (Dockerfiles, configs).
 */
export function walkWorkspace(fs: FileSystem, root: string, opts: { maxDepth: number; maxEntries: number; includeVendored?: boolean }, visit: (file: string, name: string) => boolean | void): void {
  const ignores = new GitIgnores(fs);
  const includeVendored = opts.includeVendored ?? false;
  const submodules = new Set<string>();
  let budget = opts.maxEntries;
  const queue: { dir: string; depth: number; chain: string[] }[] = [{ dir: root, depth: 0, chain: [] }];
  while (queue.length) {
    const { dir, depth, chain } = queue.shift()!;
    const here = [...chain, dir];
    const entries = fs.readDir(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!includeVendored) for (const s of submodulesOf(fs, dir, entries)) submodules.add(s);
    for (const e of entries) {
      if (--budget < 0) return;
      if (e.isSymlink) continue;
      const p = path.join(dir, e.name);
      if (e.isDir) {
        if (depth < opts.maxDepth && !folderSkipReason(fs, dir, e.name, { includeVendored, root, chain: here, ignores, submodules })) queue.push({ dir: p, depth: depth + 1, chain: here });
      } else if (e.isFile && !ignores.ignores(p, false, here) && visit(p, e.name) === true) return;
    }
  }
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
