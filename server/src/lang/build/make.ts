// Compiler flags in Makefiles (tree-sitter-make): conditionals, variables and where they are used, so that
// `ARMFLAGS := -mfloat-abi=hard` passed to `aarch64-linux-gnu-gcc` counts as an AArch64 build.
//
// The tree is read once, top down, with an explicit stack carrying what encloses each node (its
// conditional branches, assignment, recipe line and rule): no recursion and no `.parent` walks, which
// cost the depth (and the width of the root) per step in web-tree-sitter.
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';
import { archOfCommandText, archOfCondition, archWithin, withGuard, type ArchScope, type BuildArch } from './arch';
import { PROBE_RE, scanFlags, type FlagToken } from './flags';
import { LogicalLines, maskHashComments, variableArchs, type FlagOccurrence } from './occurrence';

const TOOL_VARS = /^(?:CC|CXX|CROSS_COMPILE|CROSS|TARGET|HOST|TRIPLE|PREFIX|TOOLCHAIN_PREFIX|TARGET_TRIPLE|ARCH|TARGET_ARCH|GOARCH|MARCH)$/;

function condText(n: SyntaxNode): string { return n.text.replace(/\s+/g, ' '); }

/** ifneq/ifndef negate, except the `ifneq ($(filter x86_64,...),)` idiom, which tests for non-empty. */
function isNegated(cond: SyntaxNode): boolean {
  const neg = cond.type.startsWith('ifn');
  const againstEmpty = /,\s*\)\s*$|,\s*""\s*\)?\s*$|^\S+\s*\(\s*,/.test(cond.text.trim());
  return cond.type.startsWith('ifneq') || cond.type.startsWith('ifeq') ? neg !== againstEmpty : neg;
}

/** What encloses a node: its arch guards (innermost first, summed up) and the innermost statement nodes. */
interface Context {
  scope: ArchScope | undefined;
  assignment?: SyntaxNode;
  recipe?: SyntaxNode;
  rule?: SyntaxNode;
  /** The condition of the conditional a node is a direct child of (for a bare `else`). */
  conditional?: SyntaxNode;
}

/** The context of a node's own place and of its children: a statement node is the innermost one there. */
function innerContext(n: SyntaxNode, type: string, ctx: Context): Context {
  return {
    scope: ctx.scope,
    assignment: type === 'variable_assignment' ? n : ctx.assignment,
    recipe: type === 'recipe_line' ? n : ctx.recipe,
    rule: type === 'rule' ? n : ctx.rule,
  };
}

/**
 * The guards a node adds around each of its children: a conditional guards all but its condition; an
 * `else` negates the conditional's condition, an `else ifeq` guards by its own.
 */
function childContexts(n: SyntaxNode, type: string, ctx: Context, inner: Context, kids: SyntaxNode[]): Context[] {
  if (type === 'conditional') {
    const cond = n.childForFieldName('condition');
    const guarded: Context = cond ? { ...inner, scope: withGuard(ctx.scope, archOfCondition(condText(cond), isNegated(cond))), conditional: cond } : inner;
    return kids.map((c) => (cond && same(c, cond) ? inner : guarded));
  }
  if (type === 'else_directive') {
    const own = kids.find((c) => /^if(n?eq|n?def)_directive$/.test(c.type));
    if (own) {
      const guarded: Context = { ...inner, scope: withGuard(ctx.scope, archOfCondition(condText(own), isNegated(own))) };
      return kids.map((c) => (same(c, own) ? inner : guarded));
    }
    const cond = ctx.conditional;
    const guarded: Context = cond ? { ...inner, scope: withGuard(ctx.scope, archOfCondition(condText(cond), !isNegated(cond))) } : inner;
    return kids.map(() => guarded);
  }
  return kids.map(() => inner);
}

const same = (a: SyntaxNode, b: SyntaxNode) => a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

interface Walked {
  /** Context of the deepest node holding each token (tokens in order). */
  tokenContexts: Context[];
  assignments: { node: SyntaxNode; scope: ArchScope | undefined }[];
}

/**
 * One walk over the tree. Each node is handed the run of (sorted) tokens it holds; it keeps the tokens none
 * of its children holds (it is their deepest node, what descendantForIndex finds) and hands each child its
 * own run, found by binary search, so a token is settled once however deep the tree.
 */
function walk(root: SyntaxNode, tokens: FlagToken[]): Walked {
  const tokenContexts: Context[] = tokens.map(() => ({ scope: undefined }));
  const assignments: Walked['assignments'] = [];
  // First token in [from, to) ending after `end` (token ends are sorted, like their starts).
  const endingAfter = (end: number, from: number, to: number) => {
    while (from < to) {
      const mid = (from + to) >> 1;
      if (tokens[mid].end <= end) from = mid + 1; else to = mid;
    }
    return from;
  };
  let lo = 0;
  while (lo < tokens.length && tokens[lo].start < root.startIndex) lo++;
  const stack: { node: SyntaxNode; ctx: Context; lo: number; hi: number }[] = [{ node: root, ctx: { scope: undefined }, lo, hi: endingAfter(root.endIndex, lo, tokens.length) }];
  while (stack.length) {
    const { node: n, ctx, lo, hi } = stack.pop()!;
    const type = n.type;
    const inner = innerContext(n, type, ctx);
    if (type === 'variable_assignment') assignments.push({ node: n, scope: ctx.scope });
    const kids = n.children.filter((c): c is SyntaxNode => !!c);
    const ctxs = childContexts(n, type, ctx, inner, kids);
    const frames: typeof stack = [];
    let t = lo;
    kids.forEach((kid, k) => {
      for (; t < hi && tokens[t].start < kid.startIndex; t++) tokenContexts[t] = inner;
      const kidHi = endingAfter(kid.endIndex, t, hi);
      frames.push({ node: kid, ctx: ctxs[k], lo: t, hi: kidHi });
      t = kidHi;
    });
    for (; t < hi; t++) tokenContexts[t] = inner;
    for (let i = frames.length - 1; i >= 0; i--) stack.push(frames[i]);
  }
  return { tokenContexts, assignments };
}

export function flagsInMakefile(text: string, tree: Tree): FlagOccurrence[] {
  const masked = maskHashComments(text);
  const tokens = scanFlags(masked);
  const { tokenContexts, assignments } = walk(tree.rootNode, tokens);
  // The file's own arch: an unguarded CC/CROSS_COMPILE/ARCH naming a target.
  const fileArchs = new Set<BuildArch>();
  for (const { node: a, scope } of assignments) {
    const name = a.childForFieldName('name')?.text ?? '';
    if (!TOOL_VARS.test(name) || scope?.guarded) continue;
    const v = a.childForFieldName('value')?.text ?? '';
    const arch = /^(ARCH|TARGET_ARCH|GOARCH|MARCH)$/.test(name)
      ? (/^\s*(arm64|aarch64|armv8[\w.+-]*)\s*$/.test(v) ? 'arm64' : /^\s*(arm|armhf|armel|armv[5-7][\w.+-]*)\s*$/.test(v) ? 'arm32' : /^\s*(x86_64|amd64|x86|i[3-6]86)\s*$/.test(v) ? 'x86' : undefined)
      : archOfCommandText(v.trim() + (/-$/.test(v.trim()) ? 'gcc' : /^[\w.-]+-(?:gnu|gnueabi|gnueabihf|musl|elf|eabi)$/.test(v.trim()) ? '-gcc' : ''));
    if (arch) fileArchs.add(arch);
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : 'any';

  // Many flags share a statement or a variable: each is read once.
  const lines = new LogicalLines(text);
  const archOfUses = variableArchs(masked, text);
  const facts = new Map<string, { statement: FlagOccurrence['statement']; probe: boolean; own: BuildArch | undefined; owner: string; op: string; targets: string; byName: BuildArch | undefined }>();

  const out: FlagOccurrence[] = [];
  tokens.forEach((tok, i) => {
    const { scope, assignment, recipe, rule } = tokenContexts[i];
    const stmt = assignment ?? recipe;
    const line = stmt ? undefined : lines.at(tok.start);
    const key = stmt ? `${stmt.type}:${stmt.startIndex}:${stmt.endIndex}:${rule?.startIndex}` : `line${line!.start}:${rule?.startIndex}`;
    let f = facts.get(key);
    if (!f) {
      const statement = stmt ? { start: stmt.startIndex, end: stmt.endIndex, text: stmt.text } : { ...line!, text: text.slice(line!.start, line!.end) };
      const owner = assignment?.childForFieldName('name')?.text ?? '';
      const op = assignment ? assignment.childForFieldName('operator')?.text ?? (assignment.text.match(/[:+?!]?=/)?.[0] ?? '=') : '';
      const targets = rule?.namedChildren.find((c) => c?.type === 'targets')?.text ?? '';
      f = { statement, probe: PROBE_RE.test(statement.text), own: archOfCommandText(statement.text), owner, op, targets, byName: archOfCondition(`${owner} ${targets}`, false) };
      facts.set(key, f);
    }
    if (f.probe) return;
    // Which compiler the flag reaches: its own recipe line, else the lines that use its variable.
    const own = f.own ?? (f.owner ? archOfUses(f.owner) : undefined);
    const arch = archWithin([own], scope, [f.byName === 'x86' ? 'x86' : undefined], fileArch);
    const guardable = assignment && !rule && !scope?.guarded && /^[A-Za-z_][\w.]*$/.test(f.owner)
      ? { system: 'make' as const, variable: f.owner, op: f.op } : undefined;
    out.push({ ...tok, arch, owner: f.owner || f.targets, statement: f.statement, guardable });
  });
  return out;
}
