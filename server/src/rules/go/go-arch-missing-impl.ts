// go-arch-missing-impl: code built for arm64 uses a package-level name that only files excluded on arm64
// declare (foo_amd64.go, //go:build amd64). The arm64 build stops with "undefined: name".
import * as path from 'node:path';
import { Query } from 'web-tree-sitter';
import { defineFact } from '../../core/facts';
import { languageOf, type SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { armGoTargets, selfEntry, packageIndex, packageMates, type GoPkgFile } from './support/goPackage';

let identifierQuery: Query | undefined;

const same = (a: SyntaxNode | null | undefined, b: SyntaxNode): boolean => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

/**
 * Occurrences of the candidate names in the file, split into uses and declarations (a local of the same name
 * anywhere in the file hides the package-level one, so the name is then left alone). A tree-sitter query finds
 * the identifiers; only candidates are inspected.
 */
function candidateOccurrences(root: SyntaxNode, candidates: Set<string>): { used: SyntaxNode[]; declared: Set<string> } {
  identifierQuery ??= new Query(languageOf('go'), '[(identifier) (type_identifier)] @id');
  const used: SyntaxNode[] = [];
  const declared = new Set<string>();
  for (const { node } of identifierQuery.captures(root)) {
    if (!candidates.has(node.text)) continue;
    const parent = node.parent;
    const grand = parent?.parent;
    const isDecl = !!parent && (
      parent.childrenForFieldName('name').some((n) => same(n, node)) || same(parent.childForFieldName('alias'), node) ||
      (parent.type === 'expression_list' && !!grand && ['short_var_declaration', 'range_clause', 'receive_statement'].includes(grand.type) &&
        same(grand.childForFieldName('left'), parent)) ||
      (parent.type === 'range_clause' && same(parent.childForFieldName('left'), node)));
    const isKey = parent?.type === 'literal_element' && grand?.type === 'keyed_element' && same(grand.childForFieldName('key'), parent);
    if (isDecl) declared.add(node.text);
    else if (!isKey) used.push(node);
  }
  return { used, declared };
}

const DOT_IMPORT = /^(?:import)?[ \t]*\.[ \t]+"[^"]+"/m;

function constraintOf(f: GoPkgFile): string {
  return f.buildLine ? `//go:build ${f.buildLine}` : /_[a-z0-9]+(_test)?\.go$/.test(f.name) ? 'its file name suffix' : 'its build constraints';
}

/**
 * Per package, test variant and target of a folder: the names only files excluded from the target declare, or
 * undefined when a file of the package does not parse (from the package index: the folder's Go and assembly files).
 */
const PACKAGE_VIEW = defineFact<Map<string, GoPkgFile[]> | undefined, string>({ name: 'go:package-view', scope: 'directory', reads: ['*.go', '*.s'], lists: true });

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
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
      // Shared by every file of the package: self is built for the target, so it is among the visible files.
      const view = ctx.fact(PACKAGE_VIEW, index.dir, () => {
        const visible = new Set<string>();
        const elsewhere = new Map<string, GoPkgFile[]>();
        let trouble = false;
        for (const f of [self, ...mates]) {
          if (f.included[target] === false) {
            // Only an architecture difference counts: the declaration must be in an x86 build. A name that
            // no Linux x86 build declares either (a //go:build ignore file, a windows-only helper) is not ours.
            if (f.included['linux/amd64'] === false && f.included['linux/386'] === false) continue;
            for (const d of f.decls) elsewhere.set(d, [...(elsewhere.get(d) ?? []), f]);
          } else {
            if (f.parseTrouble) trouble = true;
            for (const d of f.decls) visible.add(d);
          }
        }
        for (const n of [...elsewhere.keys()]) if (visible.has(n) || n === '_' || n === 'init') elsewhere.delete(n);
        return trouble ? undefined : elsewhere;
      }, `${self.pkg}:${self.isTest}:${target}`);
      // An unsaved buffer may declare names the saved files do not.
      if (view && view.size > 0) {
        const elsewhere = new Map([...view].filter(([n]) => !self.decls.has(n)));
        if (elsewhere.size > 0 && !self.parseTrouble) perTarget.push({ target, elsewhere });
      }
    }
    const candidates = new Set(perTarget.flatMap((p) => [...p.elsewhere.keys()]));
    if (candidates.size === 0) return;
    const words = ctx.memo('srcrules:gowords', () => new Set(ctx.text.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []));
    for (const n of [...candidates]) if (!words.has(n)) candidates.delete(n);
    if (candidates.size === 0) return;
    if (DOT_IMPORT.test(ctx.text)) return;
    const scan = candidateOccurrences(ctx.tree('go').rootNode, candidates);

    // One finding per name, naming every enabled ARM target whose build fails (only the 32-bit ones, say,
    // when _arm64.go files exist), and advice for those architectures.
    const failing = new Map<string, { id: (typeof scan.used)[number]; defs: GoPkgFile[]; targets: string[] }>();
    for (const { target, elsewhere } of perTarget) {
      for (const id of scan.used) {
        const n = id.text;
        if (scan.declared.has(n)) continue;
        const defs = elsewhere.get(n);
        if (!defs) continue;
        const entry = failing.get(n) ?? { id, defs, targets: [] };
        if (!entry.targets.includes(target)) entry.targets.push(target);
        failing.set(n, entry);
      }
    }
    for (const [n, { id, defs, targets: failed }] of failing) {
      const where = defs.slice(0, 3).map((f) => `${f.name} (excluded by ${constraintOf(f)})`).join(', ');
      const arches = [...new Set(failed.map((t) => t.split('/')[1]))];
      const files = arches.map((a) => `_${a}.go`).join(' or ');
      ctx.report({
        start: id.startIndex,
        end: id.endIndex,
        message:
          `\`${n}\` is declared only in ${where}, so building for ${failed.join(' and ')} fails with "undefined: ${n}". ` +
          `Add an implementation for ${arches.join(' and ')} (${n} in a ${files} file, or a pure-Go fallback in a file with a negated constraint such as //go:build !amd64).`,
        data: { name: n, declaredIn: defs.map((f) => f.name), target: failed[0], targets: failed },
      });
    }
  },
};
