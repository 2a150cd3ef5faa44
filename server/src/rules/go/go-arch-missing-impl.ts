// go-arch-missing-impl: code built for arm64 uses a package-level name that only files excluded on arm64
// declare (foo_amd64.go, //go:build amd64). The arm64 build stops with "undefined: name".
import * as path from 'node:path';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { armGoTargets, selfEntry, packageIndex, packageMates, type GoPkgFile } from './support/goPackage';

/** Names declared anywhere in the file, at any scope: a local of the same name hides the package one. */
function fileLevelNames(root: SyntaxNode): { used: SyntaxNode[]; declared: Set<string>; dotImport: boolean } {
  const used: SyntaxNode[] = [];
  const declared = new Set<string>();
  let dotImport = false;
  const cursor = root.walk();
  // Stack of (node type, field name) of the ancestors, to tell declarations from uses.
  const stack: { type: string; field: string | null }[] = [];
  const visit = (): void => {
    const node = cursor.currentNode;
    const field = cursor.currentFieldName;
    if (node.type === 'dot' && stack.at(-1)?.type === 'import_spec') dotImport = true;
    if (node.type === 'identifier' || node.type === 'type_identifier') {
      const parent = stack.at(-1);
      const grand = stack.at(-2);
      const isDecl =
        field === 'name' || field === 'alias' ||
        (parent?.type === 'expression_list' && parent.field === 'left' &&
          (grand?.type === 'short_var_declaration' || grand?.type === 'range_clause' || grand?.type === 'receive_statement')) ||
        (parent?.type === 'range_clause' && field === 'left');
      const isKey = parent?.type === 'literal_element' && grand?.type === 'keyed_element' && parent.field === 'key';
      if (isDecl) declared.add(node.text);
      else if (!isKey) used.push(node);
    }
    if (cursor.gotoFirstChild()) {
      stack.push({ type: node.type, field });
      do visit(); while (cursor.gotoNextSibling());
      cursor.gotoParent();
      stack.pop();
    }
  };
  try { visit(); } finally { cursor.delete(); }
  return { used, declared, dotImport };
}

function constraintOf(f: GoPkgFile): string {
  const m = /^\/\/go:build[ \t]+(.+)$/m.exec(f.text);
  return m ? `//go:build ${m[1].trim()}` : /_[a-z0-9]+(_test)?\.go$/.test(f.name) ? 'its file name suffix' : 'its build constraints';
}

export const rule: Rule = {
  meta: {
    id: 'go-arch-missing-impl',
    defaultSeverity: 'error',
    category: 'arch-source',
    kinds: ['go'],
    description: 'An identifier used by code built for arm64 is declared only in files excluded on arm64.',
  },
  check(ctx: RuleContext) {
    const targets = armGoTargets(ctx.config);
    if (targets.length === 0) return;
    const name = path.basename(ctx.path);
    const index = packageIndex(ctx);
    const self = selfEntry(ctx);
    if (!self.pkg) return;
    const mates = packageMates(index, self).filter((f) => !f.isAsm && f.name !== name);
    // Per target: the names only excluded files declare. Most packages have none, so the file is walked
    // only when one of them occurs in its text.
    const perTarget: { target: typeof targets[number]; elsewhere: Map<string, GoPkgFile[]> }[] = [];
    for (const target of targets) {
      if (self.included[target] !== true) continue;
      // Names some file in the target's build (or possibly in it) declares.
      const visible = new Set(self.decls);
      const elsewhere = new Map<string, GoPkgFile[]>();
      let trouble = self.parseTrouble;
      for (const f of mates) {
        const inc = f.included[target];
        if (inc === false) {
          for (const d of f.decls) elsewhere.set(d, [...(elsewhere.get(d) ?? []), f]);
        } else {
          if (f.parseTrouble) trouble = true;
          for (const d of f.decls) visible.add(d);
        }
      }
      if (trouble) continue;
      for (const n of [...elsewhere.keys()]) if (visible.has(n) || n === '_' || n === 'init') elsewhere.delete(n);
      if (elsewhere.size > 0) perTarget.push({ target, elsewhere });
    }
    const candidates = new Set(perTarget.flatMap((p) => [...p.elsewhere.keys()]));
    if (candidates.size === 0 || ![...candidates].some((n) => new RegExp(`(^|[^\\p{L}\\p{N}_])${n}($|[^\\p{L}\\p{N}_])`, 'u').test(ctx.text))) return;
    const scan = fileLevelNames(ctx.tree('go').rootNode);
    if (scan.dotImport) return;

    const reported = new Set<string>();
    for (const { target, elsewhere } of perTarget) {
      for (const id of scan.used) {
        const n = id.text;
        if (reported.has(n) || scan.declared.has(n)) continue;
        const defs = elsewhere.get(n);
        if (!defs) continue;
        reported.add(n);
        const where = defs.slice(0, 3).map((f) => `${f.name} (excluded by ${constraintOf(f)})`).join(', ');
        ctx.report({
          start: id.startIndex,
          end: id.endIndex,
          message:
            `\`${n}\` is declared only in ${where}, so building for ${target} fails with "undefined: ${n}". ` +
            `Add an implementation for arm64 (${n} in a _arm64.go file, or a pure-Go fallback in a file with a negated constraint such as //go:build !amd64).`,
          data: { name: n, declaredIn: defs.map((f) => f.name), target },
        });
      }
    }
  },
};
