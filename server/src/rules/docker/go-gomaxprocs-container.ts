// A Go main module that ships in a container but declares go < 1.25: GOMAXPROCS ignores the CPU limit.
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';
import { walkWorkspace } from '../../core/walker';
import { defineFact } from '../../core/facts';
import type { Rule } from '../rule';
import { TEST_PACKAGE_DIR } from '../../lang/go/testCode';

// Lines start with `^[ \t]*`, not `^\s*`: with /m, `\s*` would run over all the blank lines after every line start.
const WORKLOAD = /^[ \t]*kind:\s*["']?(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)["']?\s*$/m;

/**
 * What the module's own Go code is: the folders that hold its (non-test) .go files and the names of the
 * binaries its main packages build (the main package's folder name; the module path's last element, without a
 * /vN suffix, for a main package at the root).
 */
export interface ModuleSources { goDirs: string[]; binaries: Set<string> }
interface ModuleFacts extends ModuleSources { hasMain: boolean; setsProcs: boolean }
interface Container { file: string; docker: boolean; setsProcs: boolean; build?: DockerBuild }
interface WorkspaceFacts { containers: Container[] }
/** What a Dockerfile takes from the build context and builds with the go command. */
export interface DockerBuild { copySources: string[]; goBuildText: string[]; workdirs: string[] }

/** The workspace's files under `dir` (the one skip policy, walker.ts), with a budget of 5000 directory entries. */
function walk(fs: FileSystem, dir: string, maxDepth: number, visit: (file: string, name: string) => boolean | void): void {
  walkWorkspace(fs, dir, { maxDepth, maxEntries: 5000 }, visit);
}

/** The name `go build` gives the binary of a main package in folder pkgDir of the module at moduleDir. */
function binaryName(pkgDir: string, moduleDir: string, modulePath: string): string {
  if (pkgDir !== moduleDir) return path.basename(pkgDir);
  const parts = modulePath.split('/');
  if (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1])) parts.pop();
  return parts[parts.length - 1] || path.basename(moduleDir);
}

function moduleFacts(fs: FileSystem, dir: string, modulePath: string): ModuleFacts {
  const facts: ModuleFacts = { hasMain: false, setsProcs: false, goDirs: [], binaries: new Set() };
  const goDirs = new Set<string>();
  walk(fs, dir, 6, (file, name) => {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) return;
    const t = fs.readText(file) ?? '';
    goDirs.add(path.dirname(file));
    if (/^package\s+main\b/m.test(t)) { facts.hasMain = true; facts.binaries.add(binaryName(path.dirname(file), dir, modulePath)); }
    if (/automaxprocs|maxprocs\.Set|GOMAXPROCS\s*\(\s*[^0)]/.test(t)) facts.setsProcs = true;
  });
  facts.goDirs = [...goDirs];
  return facts;
}

/**
 * The COPY/ADD sources (not `--from` a stage, not URLs), the RUN lines that run `go build`/`go install`, and
 * the WORKDIRs of a Dockerfile (continuation lines joined; a light read, no shell parse).
 */
export function dockerBuildOf(text: string): DockerBuild {
  const out: DockerBuild = { copySources: [], goBuildText: [], workdirs: [] };
  const joined = text.replace(/\\[ \t]*\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    const m = /^[ \t]*(COPY|ADD|RUN|WORKDIR)[ \t]+(.*)$/i.exec(line);
    if (!m) continue;
    const kw = m[1].toUpperCase(), args = m[2].trim();
    if (kw === 'RUN') { if (/\bgo[ \t]+(?:build|install)\b/.test(args)) out.goBuildText.push(args); continue; }
    if (kw === 'WORKDIR') { out.workdirs.push(args.replace(/^["']|["']$/g, '')); continue; }
    let words: string[];
    if (/^\[/.test(args)) { try { words = JSON.parse(args) as string[]; } catch { continue; } }
    else words = args.split(/[ \t]+/);
    const flags = words.filter((w) => w.startsWith('--'));
    if (flags.some((f) => /^--from=/.test(f))) continue;
    const plain = words.filter((w) => !w.startsWith('--')).map((w) => w.replace(/^["']|["']$/g, ''));
    if (plain.length < 2 || plain[0].startsWith('<<')) continue;
    for (const src of plain.slice(0, -1)) if (!/^[a-z]+:\/\//i.test(src) && !src.includes('$')) out.copySources.push(src);
  }
  return out;
}

const inside = (dir: string, p: string) => p === dir || p.startsWith(dir + path.sep);

/**
 * Does this Dockerfile build the Go module in moduleDir? It does when it sits in the module's root folder (next to
 * go.mod: the module's own image, whether it builds the sources or copies a binary built outside), when a COPY/ADD
 * source (the build context taken as the Dockerfile's folder or the workspace root) brings the module's Go code or
 * its binary, or when a `go build`/`go install` RUN line (or a WORKDIR of a Dockerfile that runs one) names the
 * module's folder, relative to either context, or its module path. A COPY brings the module when its source is the
 * module folder, a folder holding the module's .go files (at any depth), a .go file, go.mod or go.sum, or a file
 * (not a folder of the tree) named like one of the module's binaries (`COPY bin/app /app`). A COPY of configs and
 * scripts from a folder inside the module does not (kind's images/base/Dockerfile copies files/etc/…), and a
 * `COPY . .` of a whole repository that holds the module in a subfolder is not enough either: it copies tool
 * modules it never builds.
 */
export function dockerfileBuildsModule(
  dockerfile: string, build: DockerBuild, moduleDir: string, modulePath: string, root: string,
  sources: ModuleSources, fs: FileSystem,
): string | undefined {
  const dfDir = path.dirname(dockerfile);
  if (dfDir === moduleDir) return 'in the module folder';
  const contexts = [...new Set([dfDir, root])];
  for (const src of build.copySources) {
    const fixed = src.split(/[*?[]/)[0];
    const glob = fixed !== src;
    // A binary is a file: not a source written as a folder (`files/kind/`) or one that is a folder in either context.
    const folder = /[/\\]\.?$/.test(src) || contexts.some((c) => fs.isDirectory(path.resolve(c, src)));
    for (const c of contexts) {
      const p = path.resolve(c, glob ? path.dirname(fixed + 'x') : src);
      if (!inside(moduleDir, p) || !inside(root, p)) continue;
      if (p === moduleDir || sources.goDirs.some((d) => inside(p, d))) return `COPY ${src}`;
      if (!glob && (/\.go$/.test(p) || /^go\.(?:mod|sum)$/.test(path.basename(p)))) return `COPY ${src}`;
      if (!glob && !folder && sources.binaries.has(path.basename(p))) return `COPY ${src} (the module's binary)`;
    }
  }
  if (build.goBuildText.length) {
    const rels = contexts.map((c) => path.relative(c, moduleDir).split(path.sep).join('/')).filter((r) => r && !r.startsWith('..'));
    const texts = [...build.goBuildText, ...build.workdirs];
    for (const rel of rels) {
      const re = new RegExp(`(?:^|[\\s/"'=])(?:\\./)?${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[\\s/"'@&;|])`);
      const hit = texts.find((t) => re.test(t));
      if (hit) return `builds ${rel}`;
    }
    if (modulePath && build.goBuildText.some((t) => t.includes(modulePath + '@') || t.includes(modulePath + '/'))) return `builds ${modulePath}`;
  }
  return undefined;
}

/**
 * Folders of test infrastructure: Go's test-package folders (go-gomaxprocs-numcpu's list) and end-to-end test
 * folders. A Dockerfile or manifest below one (eks-nodeadm's test/e2e/infra/Dockerfile, run by test/e2e/run.sh
 * with `docker run` and no CPU limit) sets up a test run, not a deployment.
 */
const TEST_FOLDER = (d: string) => TEST_PACKAGE_DIR.test(d) || /^e2e(?:[-_]?tests?)?$/i.test(d);

/** The test folder a container file is under (below the workspace root), if any. */
export function testFolderOf(file: string, root: string): string | undefined {
  const rel = path.relative(root, path.dirname(file)).split(path.sep);
  if (rel.includes('..')) return undefined;
  return rel.find(TEST_FOLDER);
}

function workspaceFacts(fs: FileSystem, root: string): WorkspaceFacts {
  const facts: WorkspaceFacts = { containers: [] };
  walk(fs, root, 5, (file, name) => {
    if (testFolderOf(file, root)) return;
    const lower = name.toLowerCase();
    const docker = lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile';
    const yaml = /\.ya?ml$/.test(lower);
    if (!docker && !yaml) return;
    const t = fs.readText(file) ?? '';
    if (docker) facts.containers.push({ file, docker, setsProcs: /GOMAXPROCS/.test(t), build: dockerBuildOf(t) });
    else if (WORKLOAD.test(t)) facts.containers.push({ file, docker, setsProcs: /GOMAXPROCS/.test(t) });
  });
  return facts;
}

/** The containers that run this module: Dockerfiles that build it, Kubernetes workloads in its folder tree. */
function containersOf(ws: WorkspaceFacts, moduleDir: string, modulePath: string, root: string, sources: ModuleSources, fs: FileSystem): Container[] {
  return ws.containers.filter((c) => c.build ? dockerfileBuildsModule(c.file, c.build, moduleDir, modulePath, root, sources, fs) !== undefined : inside(moduleDir, c.file));
}

/** A module's Go sources (below its folder): does it build a binary, does it set GOMAXPROCS itself. */
const MODULE_FACTS = defineFact<ModuleFacts, string>({ name: 'gomaxprocs:module', scope: 'workspace', reads: ['*.go'], lists: true });
/** The workspace's Dockerfiles and Kubernetes workloads. */
const WORKSPACE_CONTAINERS = defineFact<WorkspaceFacts, string>({
  name: 'gomaxprocs:containers', scope: 'workspace', reads: ['Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile', '*.yaml', '*.yml'], lists: true,
});

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-gomaxprocs-container', defaultSeverity: 'info', category: 'container', kinds: ['gomod'], fixable: 'suggest',
    description: 'Go main module shipped in a container with go < 1.25 and no automaxprocs/GOMAXPROCS: one P per host core against a small CPU limit.',
  },
  prefilter: /^[ \t]*go\s+1\.(?:[0-9]|1[0-9]|2[0-4])(?:\.\d+)?\s*$/m,
  check(ctx) {
    const m = ctx.text.match(/^([ \t]*go\s+)(1\.(\d+)(?:\.\d+)?)\s*$/m);
    if (!m || Number(m[3]) >= 25) return;
    if (/go\.uber\.org\/automaxprocs/.test(ctx.text)) return;
    if (/^[ \t]*godebug\b[^\n]*containermaxprocs/m.test(ctx.text)) return;
    const dir = path.dirname(ctx.path);
    const modulePath = ctx.text.match(/^[ \t]*module[ \t]+"?([^\s"]+)/m)?.[1] ?? '';
    const mod = ctx.fact(MODULE_FACTS, dir, () => moduleFacts(ctx.fs, dir, modulePath), modulePath);
    if (!mod.hasMain || mod.setsProcs) return;
    const ws = ctx.fact(WORKSPACE_CONTAINERS, ctx.root, () => workspaceFacts(ctx.fs, ctx.root));
    const mine = containersOf(ws, dir, modulePath, ctx.root, mod, ctx.fs);
    if (mine.length === 0 || mine.some((c) => c.setsProcs)) return;
    const start = m.index! + m[1].length;
    const shown = path.relative(ctx.root, mine[0].file) || mine[0].file;
    ctx.report({
      start, end: start + m[2].length,
      message: `go ${m[2]} keeps the pre-1.25 GOMAXPROCS default: in the container (${shown}) the runtime runs one P per host core (64–192 on Arm servers) against a CPU limit of a few, and is throttled. Declare go 1.25 (container-aware default) or import go.uber.org/automaxprocs.`,
      fixes: [{ title: 'Declare go 1.25 (container-aware GOMAXPROCS; needs a Go 1.25 toolchain)', kind: 'suggest', edits: [{ start, end: start + m[2].length, newText: '1.25' }] }],
    });
  },
};
