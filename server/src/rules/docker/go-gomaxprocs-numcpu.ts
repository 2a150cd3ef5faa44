// runtime.GOMAXPROCS(runtime.NumCPU()) or a constant: host-CPU sizing that overrides the container-aware default.
import * as path from 'node:path';
import type { Fix, TextEdit } from '../../core/types';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule } from '../rule';
import { goFileSyntax, goWorkspace } from '../../lang/go/context';
import { testPackageFolder } from '../../lang/go/testCode';

/** The local name of the "runtime" import ('' when not imported or dot/blank-imported). */
function runtimeName(root: SyntaxNode): { name: string; spec?: SyntaxNode } {
  for (const spec of root.descendantsOfType('import_spec')) {
    if (!spec) continue;
    if (spec.childForFieldName('path')?.text !== '"runtime"') continue;
    const alias = spec.childForFieldName('name')?.text;
    if (alias === '_' || alias === '.') return { name: '' };
    return { name: alias ?? 'runtime', spec };
  }
  return { name: '' };
}

/**
 * Code that only runs in tests: a `_test.go` file, a file importing "testing" (helpers taking *testing.T or
 * *testing.B), or a package whose path below the workspace root has a test-package folder. A test setting
 * GOMAXPROCS (and usually restoring it) sizes its own run, not a deployed program.
 */
export function isTestOnlyGoFile(file: string, root: string, imports: ReadonlyMap<string, string>): { why: string } | undefined {
  if (/_test\.go$/.test(file)) return { why: '_test.go file' };
  if ([...imports.values()].includes('testing')) return { why: 'imports "testing"' };
  const dir = testPackageFolder(file, root);
  if (dir) return { why: `package folder ${dir}/` };
  return undefined;
}

/** A call of interest with what encloses it, found by one walk down the tree (no `.parent` walks up). */
interface CallSite { call: SyntaxNode; fn?: SyntaxNode; parent?: SyntaxNode; envGuarded: boolean }

/**
 * Calls `<rt>.GOMAXPROCS(...)`, each with its innermost enclosing function and its parent node, and whether an
 * enclosing `if` tests the GOMAXPROCS environment variable (`if os.Getenv("GOMAXPROCS") == "" { ... }`): such a
 * call is a default the deployment can override, as containerd's shim does, not a setting forced on it.
 */
function gomaxprocsCalls(root: SyntaxNode, rt: string): CallSite[] {
  const out: CallSite[] = [];
  const stack: { node: SyntaxNode; fn?: SyntaxNode; parent?: SyntaxNode; envGuarded: boolean }[] = [{ node: root, envGuarded: false }];
  while (stack.length) {
    const { node, fn, parent, envGuarded } = stack.pop()!;
    if (node.type === 'call_expression') {
      const f = node.childForFieldName('function');
      if (f?.type === 'selector_expression' && f.childForFieldName('operand')?.text === rt && f.childForFieldName('field')?.text === 'GOMAXPROCS') out.push({ call: node, fn, parent, envGuarded });
    }
    const inner = node.type === 'function_declaration' || node.type === 'method_declaration' || node.type === 'func_literal' ? node : fn;
    // The branch taken when the condition holds; an else branch runs when the variable is set and would override it.
    // `if _, ok := os.LookupEnv("GOMAXPROCS"); !ok`: the variable is read in the initializer.
    const header = node.type === 'if_statement' ? `${node.childForFieldName('initializer')?.text ?? ''} ${node.childForFieldName('condition')?.text ?? ''}` : '';
    const guarded = /"GOMAXPROCS"/.test(header) ? node.childForFieldName('consequence') : null;
    const kids = node.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c) stack.push({ node: c, fn: inner, parent: node, envGuarded: envGuarded || (guarded !== null && c.id === guarded.id) });
    }
  }
  return out.sort((a, b) => a.call.startIndex - b.call.startIndex);
}

/** The assignments of each name in a function (read once per function, however many calls it holds). */
function definitions(fn: SyntaxNode): Map<string, SyntaxNode[]> {
  const defs = new Map<string, SyntaxNode[]>();
  for (const t of ['short_var_declaration', 'assignment_statement', 'var_spec']) {
    for (const d of fn.descendantsOfType(t)) {
      if (!d) continue;
      const left = d.childForFieldName('left') ?? d.childForFieldName('name');
      for (const name of new Set(left ? left.text.split(/\s*,\s*/) : [])) {
        if (!defs.has(name)) defs.set(name, []);
        defs.get(name)!.push(d);
      }
    }
  }
  return defs;
}

/** Is `name` assigned exactly once in the function, from runtime.NumCPU()? */
function onlyFromNumCPU(defs: Map<string, SyntaxNode[]>, name: string, isNumCPU: (n: SyntaxNode) => boolean): boolean {
  const found = defs.get(name) ?? [];
  if (found.length !== 1) return false;
  const right = found[0].childForFieldName('right') ?? found[0].childForFieldName('value');
  const vals = right?.namedChildren.filter((c): c is SyntaxNode => !!c) ?? [];
  return vals.length === 1 && isNumCPU(vals[0]);
}

/** Removes whole lines [from the line of start, through the line of end]. */
function removeLines(text: string, start: number, end: number): TextEdit {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  let le = text.indexOf('\n', end);
  le = le < 0 ? text.length : le + 1;
  return { start: ls, end: le, newText: '' };
}

/** Removes an import spec, or its whole declaration when it is the only one. */
function removeImport(text: string, spec: SyntaxNode): TextEdit {
  const list = spec.parent?.type === 'import_spec_list' ? spec.parent : undefined;
  const siblings = list ? list.namedChildren.filter((c) => c?.type === 'import_spec').length : 1;
  const decl = list ? list.parent : spec.parent;
  if (siblings > 1 || !decl) return removeLines(text, spec.startIndex, spec.endIndex);
  return removeLines(text, decl.startIndex, decl.endIndex);
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-gomaxprocs-numcpu', defaultSeverity: 'warning', category: 'container', kinds: ['go'], fixable: 'fix',
    description: 'runtime.GOMAXPROCS(runtime.NumCPU()) or a constant at start-up: sized by host CPUs, overrides the container-aware default.',
  },
  // A GOMAXPROCS call, and what a reported one needs: NumCPU in the file, or a digit other than a lone 0 as
  // the argument (GOMAXPROCS(0) only reads the setting). Most calls in real code are GOMAXPROCS(0) or (n).
  prefilter: /^(?=[\s\S]*?GOMAXPROCS\s*\()(?=[\s\S]*?(?:NumCPU|GOMAXPROCS\s*\(\s*(?!0\s*\))\d))/,
  check(ctx) {
    const root = ctx.tree('go').rootNode;
    const rt = runtimeName(root);
    if (!rt.name) return;
    if (isTestOnlyGoFile(ctx.path, ctx.root, goFileSyntax(ctx).imports)) return;
    const defsOf = new Map<SyntaxNode, Map<string, SyntaxNode[]>>();
    const usesRe = new RegExp(`\\b${rt.name}\\.`, 'g');
    const allUses = ctx.text.match(usesRe)?.length ?? 0;
    // Below go 1.25 the runtime's default already is NumCPU: setting it to NumCPU changes nothing (the module's
    // container default is go-gomaxprocs-container's finding). A go line that cannot be read counts as 1.25+.
    const goVersion = goWorkspace(ctx).moduleOf(path.dirname(path.resolve(ctx.path)))?.mod.goVersion;
    const minor = goVersion ? Number(/^1\.(\d+)/.exec(goVersion)?.[1] ?? NaN) : NaN;
    const defaultIsNumCPU = minor < 25;
    for (const { call, fn, parent: stmt, envGuarded } of gomaxprocsCalls(root, rt.name)) {
      if (envGuarded) continue;
      const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a) ?? [];
      if (args.length !== 1) continue;
      const a = args[0];
      const isNumCPU = (n: SyntaxNode) => n.type === 'call_expression' && n.childForFieldName('function')?.text === `${rt.name}.NumCPU`;
      // `n := runtime.NumCPU(); runtime.GOMAXPROCS(n)`: a local set only from NumCPU in the same function.
      const local = () => {
        if (!fn) return false;
        if (!defsOf.has(fn)) defsOf.set(fn, definitions(fn));
        return onlyFromNumCPU(defsOf.get(fn)!, a.text, isNumCPU);
      };
      const numCPU = isNumCPU(a) || (a.type === 'identifier' && local());
      const constant = a.type === 'int_literal' && Number(a.text.replace(/_/g, '')) > 0;
      if (!numCPU && !constant) continue;
      if (numCPU && defaultIsNumCPU) continue;
      const fixes: Fix[] = [];
      if (stmt?.type === 'expression_statement' && numCPU && isNumCPU(a)) {
        const edits: TextEdit[] = [removeLines(ctx.text, stmt.startIndex, stmt.endIndex)];
        // Keep the file compiling: drop the import when nothing else uses the package.
        const uses = allUses - (stmt.text.match(usesRe)?.length ?? 0);
        if (uses === 0 && rt.spec) edits.push(removeImport(ctx.text, rt.spec));
        fixes.push({ title: 'Remove the call (the runtime default is NumCPU, container-aware from Go 1.25)', kind: 'fix', edits });
      }
      ctx.report({
        start: call.startIndex, end: call.endIndex, fixes,
        message: numCPU
          ? `${call.text}${isNumCPU(a) ? '' : ` (${a.text} = ${rt.name}.NumCPU())`} sizes the scheduler by the host's CPUs (64–192 on Arm servers), not the container's CPU limit, and overrides Go 1.25's container-aware default: a pod limited to a few CPUs is throttled. Remove the call.`
          : `${call.text} fixes the number of Ps whatever CPU limit the container gets, and overrides Go 1.25's container-aware default. Remove it or set GOMAXPROCS from the deployment.`,
      });
    }
  },
};
