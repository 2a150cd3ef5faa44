// Per-rule access to the Go view of the workspace: one GoWorkspace per workspace, one extraction
// and one set of struct layouts per file, shared by every Go rule.
import type { FileContext } from '../fileContext';
import { goEnvFromEnvironment, type GoEnv } from './env';
import * as path from 'node:path';
import { GoWorkspace, type ModuleNotDownloaded } from './packages';
import { goStructsOfFile, type GoStructInfo } from './structs';
import { extractGoFile, extractGoFileByDeclaration, type GoFileSyntax } from './syntax';

export const GO_ENV_KEY = 'go:env';
export const GO_WORKSPACE_KEY = 'go:workspace';

type Ctx = Pick<FileContext, 'shared' | 'memo' | 'fs' | 'root' | 'path' | 'text' | 'tree' | 'parsedTree' | 'config' | 'editing' | 'missingModule'>;

export function goWorkspace(ctx: Ctx): GoWorkspace {
  return ctx.shared(GO_WORKSPACE_KEY, () => new GoWorkspace(ctx.fs, ctx.shared<GoEnv>(GO_ENV_KEY, goEnvFromEnvironment), ctx.root));
}

export function goFileSyntax(ctx: Ctx): GoFileSyntax {
  const syntax = readGoFileSyntax(ctx);
  if (syntax.failure) throw new Error(syntax.failure);
  return syntax;
}

function readGoFileSyntax(ctx: Ctx): GoFileSyntax {
  return ctx.memo('go:syntax', () => {
    const ws = goWorkspace(ctx);
    // Already extracted while loading its package for another file: no need to parse it again.
    const known = ws.knownSyntax(ctx.path, ctx.text);
    if (known) return known;
    // A full tree at hand (the editor's incremental one) is cheaper to read than a new skeleton parse.
    const tree = ctx.parsedTree?.('go');
    if (!tree) return ws.syntaxOf(ctx.path, ctx.text);
    // The editor reads it again after each edit: per declaration, so only the changed one is read.
    const syntax = ctx.editing ? extractGoFileByDeclaration(tree, ctx.text, ws.declarationSyntax) : extractGoFile(tree, ctx.text);
    ws.rememberSyntax(ctx.path, ctx.text, syntax);
    return syntax;
  });
}

export function goStructs(ctx: Ctx): GoStructInfo[] {
  return ctx.memo('go:structs', () => {
    const structs = goStructsOfFile({
      file: ctx.path, text: ctx.text, syntax: goFileSyntax(ctx), ws: goWorkspace(ctx), targets: ctx.config.targets, editing: ctx.editing,
    });
    // Each declared struct left without a layout because a required module is not downloaded is told to
    // the scan once (nested anonymous structs and second names belong to a struct already counted).
    if (ctx.missingModule) {
      for (const s of structs) {
        if (s.nested || s.duplicate) continue;
        const m = s.targets.find((t) => t.missingModule)?.missingModule;
        if (m) ctx.missingModule(requiredHere(ctx, m));
      }
    }
    return structs;
  });
}

/**
 * A module missing for a dependency (its go.mod in the module cache, outside the workspace) is fetched
 * by `go mod download` in the workspace file's own module: named with that go.mod.
 */
function requiredHere(ctx: Ctx, m: ModuleNotDownloaded): ModuleNotDownloaded {
  const rel = path.relative(path.resolve(ctx.root), m.goMod);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return m;
  const own = goWorkspace(ctx).moduleOf(path.dirname(path.resolve(ctx.path)));
  return own ? { ...m, goMod: path.join(own.root, 'go.mod') } : m;
}
