// go-version-arm64: a go.mod `go` directive below 1.18. Go 1.18 brought the register-based calling
// convention to arm64 (about 10% faster on Arm per the Graviton guide); a module that declares an older
// version still lets older toolchains build it, unless a module it requires needs a newer one.
import * as path from 'node:path';
import type { Rule, RuleContext } from '../rule';
import { defineFact } from '../../core/facts';
import { GO_ENV_KEY } from '../../lang/go/context';
import { goEnvFromEnvironment, type GoEnv } from '../../lang/go/env';
import { escapeModulePath, parseGoMod } from '../../lang/go/gomod';
import { compareGoVersion } from './support/goMod';

/** The `go` line of a go.mod text, or undefined. */
function goLineOf(text: string | undefined): string | undefined {
  return text === undefined ? undefined : parseGoMod(text).go?.version;
}

/**
 * The direct requirements of a go.mod (`// indirect` left out: a go 1.17+ go.mod lists there the modules of its
 * dependencies' tests too, as kind's go.mod says of niemeyer/pretty and gopkg.in/check.v1), with the target of a
 * replace directive: another module version, or a local folder.
 */
export function directRequires(text: string): { path: string; version?: string; dir?: string }[] {
  const requires: { path: string; version: string }[] = [];
  const replaces = new Map<string, { path: string; version?: string }>();
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    let body: string;
    let kind: string;
    if (block) {
      if (line === ')') { block = undefined; continue; }
      kind = block; body = line;
    } else {
      const m = /^(require|replace)\s*(\(?)\s*(.*)$/.exec(line);
      if (!m) continue;
      if (m[2] === '(') { block = m[1]; continue; }
      kind = m[1]; body = m[3];
    }
    const unq = (s: string) => s.replace(/^"(.*)"$/, '$1');
    if (kind === 'require') {
      const r = /^(\S+)\s+(v\S+)/.exec(body);
      if (r && !indirect) requires.push({ path: unq(r[1]), version: r[2] });
    } else {
      const r = /^(\S+)(?:\s+v\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?/.exec(body);
      if (r) replaces.set(unq(r[1]), { path: unq(r[2]), version: r[3] });
    }
  }
  return requires.map((r) => {
    const rep = replaces.get(r.path);
    if (!rep) return r;
    if (rep.path.startsWith('.') || path.isAbsolute(rep.path)) return { path: r.path, dir: rep.path };
    return { path: rep.path, version: rep.version };
  });
}

/**
 * The highest `go` line among the direct requirements whose go.mod can be read (the module cache's
 * cache/download/<module>/@v/<version>.mod, else the extracted <module>@<version>/go.mod; a replacing folder's
 * go.mod), with the module that declares it. Each required module's line is remembered for the workspace.
 */
/** The `go` line of one go.mod: a replacing folder's, or a required module's in the module cache. */
const GO_LINE = defineFact<string | undefined, string>({ name: 'go:mod-go-line', scope: 'file', reads: ['go.mod', '*.mod'], lists: false });

function requiredGo(ctx: RuleContext, text: string): { version: string; module: string } | undefined {
  const cache = ctx.shared<GoEnv>(GO_ENV_KEY, goEnvFromEnvironment).gomodcache;
  let best: { version: string; module: string } | undefined;
  for (const r of directRequires(text)) {
    let go: string | undefined;
    if (r.dir !== undefined) {
      const file = path.resolve(path.dirname(ctx.path), r.dir, 'go.mod');
      go = ctx.fact(GO_LINE, file, () => goLineOf(ctx.fs.readText(file)));
    } else if (cache && r.version) {
      const mod = escapeModulePath(r.path), ver = escapeModulePath(r.version);
      // Keyed by the download's .mod file: the module cache never changes a version it holds.
      const file = path.join(cache, 'cache', 'download', mod, '@v', `${ver}.mod`);
      go = ctx.fact(GO_LINE, file, () => goLineOf(ctx.fs.readText(file)) ?? goLineOf(ctx.fs.readText(path.join(cache, `${mod}@${ver}`, 'go.mod'))));
    }
    if (go && (compareGoVersion(go, best?.version ?? '0.0') ?? -1) > 0) best = { version: go, module: `${r.path}${r.version ? '@' + r.version : ''}` };
  }
  return best;
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-version-arm64',
    defaultSeverity: 'info',
    category: 'arch-source',
    kinds: ['gomod'],
    description: 'go.mod declares a Go version below 1.18, the first with the register ABI on arm64.',
  },
  // [ \t]*, not \s*: under /m, \s* runs across every blank line from every line start (quadratic).
  prefilter: /^[ \t]*go\s+1\.\d/m,
  check(ctx: RuleContext) {
    const go = parseGoMod(ctx.text).go;
    if (!go) return;
    const cmp = compareGoVersion(go.version, '1.18');
    if (cmp === undefined || cmp >= 0) return;
    // A required module that declares go 1.18 or later says it needs 1.18: the build's real minimum is that, not this
    // line. (An older toolchain does not enforce the line; it compiles the dependency and fails where it uses newer
    // language or library features, with "note: module requires Go 1.18", as kind's BurntSushi/toml v1.4.0 does with
    // the predeclared any.)
    const req = requiredGo(ctx, ctx.text);
    if (req && (compareGoVersion(req.version, '1.18') ?? -1) >= 0) return;
    const lse = (compareGoVersion(go.version, '1.16') ?? 0) < 0
      ? ' Before 1.16 the runtime also did not use the LSE atomic instructions on arm64.' : '';
    ctx.report({
      start: go.start,
      end: go.end,
      message:
        `go ${go.version} allows building with toolchains older than Go 1.18, which pass arguments on the stack on arm64 ` +
        `(the register ABI reached arm64 in 1.18, typically 10% or more faster on Arm).${lse} ` +
        `Declare go 1.18 or later and build with a current toolchain.`,
    });
  },
};
