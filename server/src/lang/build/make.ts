// Compiler flags in Makefiles (tree-sitter-make): conditionals, variables and where they are used, so that
// `ARMFLAGS := -mfloat-abi=hard` passed to `aarch64-linux-gnu-gcc` counts as an AArch64 build.
//
// The tree is read once, top down, with an explicit stack carrying what encloses each node (its
// conditional branches, assignment, recipe line and rule): no recursion and no `.parent` walks, which
// cost the depth (and the width of the root) per step in web-tree-sitter.
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';
import { archOfCommandText, archOfCondition, archWithin, osOfCondition, withGuard, type ArchScope, type BuildArch } from './arch';
import { PROBE_RE, scanFlags, type FlagToken } from './flags';
import { LogicalLines, maskHashComments, variableArchs, type FlagOccurrence } from './occurrence';

const TOOL_VARS = /^(?:CC|CXX|CROSS_COMPILE|CROSS|TARGET|HOST|TRIPLE|PREFIX|TOOLCHAIN_PREFIX|TARGET_TRIPLE|ARCH|TARGET_ARCH|GOARCH|MARCH)$/;
/** Variables that name the toolchain of a conditional branch (`TRIPLET := x86_64-w64-mingw32` in curl's Makefile.mk). */
const BRANCH_TOOL_VARS = /^(?:CC|CXX|CROSS_COMPILE|CROSS|CROSSPREFIX|TARGET|HOST|TRIPLE|TRIPLET|TARGET_TRIPLE|TARGET_TRIPLET|TOOLCHAIN_PREFIX)$/;

/**
 * Make functions whose first argument is a pattern, not a flag: `$(findstring -m32,$(CFLAGS))` searches,
 * `$(filter-out -m64,...)` removes, `$(patsubst -m32,,...)` replaces. The first argument is blanked out.
 */
const PATTERN_FUNCTION = /\$[({](?:findstring|filter|filter-out|patsubst|subst)\s+/g;

/** `masked` with the pattern arguments of PATTERN_FUNCTIONs blanked (same length). */
export function maskPatternArguments(masked: string): string {
  let out: string[] | undefined;
  let at = 0;
  for (const m of masked.matchAll(PATTERN_FUNCTION)) {
    const from = m.index! + m[0].length;
    let depth = 0, i = from;
    for (; i < masked.length; i++) {
      const c = masked[i];
      if (c === '(' || c === '{') depth++;
      else if (c === ')' || c === '}') { if (depth === 0) break; depth--; }
      else if ((c === ',' && depth === 0) || c === '\n') break;
    }
    if (i <= from || i < at) continue;
    (out ??= []).push(masked.slice(at, from), ' '.repeat(i - from));
    at = i;
  }
  return out ? out.join('') + masked.slice(at) : masked;
}

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
  /** The innermost conditional branch (the conditional for its first branch, else an elsif/else node). */
  branch?: SyntaxNode;
  /** Inside a branch for macOS (`ifeq ($(uname_S),Darwin)`): the compiler is Apple clang. */
  clang?: boolean;
}

/** The context of a node's own place and of its children: a statement node is the innermost one there. */
function innerContext(n: SyntaxNode, type: string, ctx: Context): Context {
  return {
    scope: ctx.scope,
    assignment: type === 'variable_assignment' ? n : ctx.assignment,
    recipe: type === 'recipe_line' ? n : ctx.recipe,
    rule: type === 'rule' ? n : ctx.rule,
    branch: ctx.branch,
    clang: ctx.clang,
  };
}

/** The context inside a branch guarded by `cond` (negated: the else side). */
function branchContext(ctx: Context, inner: Context, cond: SyntaxNode, negated: boolean, branch: SyntaxNode): Context {
  const text = condText(cond);
  const os = negated ? undefined : osOfCondition(text);
  return { ...inner, scope: withGuard(ctx.scope, archOfCondition(text, negated)), branch, clang: inner.clang || os === 'clang' };
}

/**
 * The guards a node adds around each of its children: a conditional guards all but its condition; an
 * `else` negates the conditional's condition, an `else ifeq` guards by its own.
 */
function childContexts(n: SyntaxNode, type: string, ctx: Context, inner: Context, kids: SyntaxNode[]): Context[] {
  if (type === 'conditional') {
    const cond = n.childForFieldName('condition');
    const guarded: Context = cond ? { ...branchContext(ctx, inner, cond, isNegated(cond), n), conditional: cond } : inner;
    // `else` and `else ifeq` branches start again from the conditional's surroundings.
    const outside: Context = cond ? { ...inner, conditional: cond } : inner;
    return kids.map((c) => (cond && same(c, cond) ? inner : c.type === 'else_directive' || c.type === 'elsif_directive' ? outside : guarded));
  }
  if (type === 'else_directive' || type === 'elsif_directive') {
    const own = kids.find((c) => /^if(n?eq|n?def)_directive$/.test(c.type));
    if (own) {
      const guarded = branchContext(ctx, inner, own, isNegated(own), n);
      return kids.map((c) => (same(c, own) ? inner : guarded));
    }
    const cond = ctx.conditional;
    const guarded: Context = cond ? branchContext(ctx, inner, cond, !isNegated(cond), n) : { ...inner, branch: n };
    return kids.map(() => guarded);
  }
  return kids.map(() => inner);
}

const same = (a: SyntaxNode, b: SyntaxNode) => a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

interface Walked {
  /** Context of the deepest node holding each token (tokens in order). */
  tokenContexts: Context[];
  assignments: { node: SyntaxNode; scope: ArchScope | undefined; branch: SyntaxNode | undefined }[];
  rules: SyntaxNode[];
}

/**
 * One walk over the tree. Each node is handed the run of (sorted) tokens it holds; it keeps the tokens none
 * of its children holds (it is their deepest node, what descendantForIndex finds) and hands each child its
 * own run, found by binary search, so a token is settled once however deep the tree.
 */
function walk(root: SyntaxNode, tokens: FlagToken[]): Walked {
  const tokenContexts: Context[] = tokens.map(() => ({ scope: undefined }));
  const assignments: Walked['assignments'] = [];
  const rules: SyntaxNode[] = [];
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
    if (type === 'variable_assignment') assignments.push({ node: n, scope: ctx.scope, branch: ctx.branch });
    else if (type === 'rule') rules.push(n);
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
  return { tokenContexts, assignments, rules };
}

/** The targets a target-specific assignment (`all32: EXTRA_FLAGS += -m32`) is for; undefined for a plain one. */
function assignmentTargets(a: SyntaxNode): string | undefined {
  const list = a.namedChildren.find((c) => c?.type === 'list' || c?.type === 'targets');
  return list?.text;
}

const PLAIN_TARGET = /^[\w.+-]+$/;

/** Make's `$(patsubst from,to,list)` on literal words (globs stay globs). */
function patsubst(from: string, to: string, list: string): string {
  const [pre, suf] = from.includes('%') ? [from.slice(0, from.indexOf('%')), from.slice(from.indexOf('%') + 1)] : [from, undefined];
  return list.split(/\s+/).filter(Boolean).map((w) => {
    if (suf === undefined) return w === pre ? to : w;
    if (!w.startsWith(pre) || !w.endsWith(suf) || w.length < pre.length + suf.length) return w;
    return to.replace('%', w.slice(pre.length, w.length - suf.length));
  }).join(' ');
}

/** Words split at blanks outside `$(...)`/`${...}` (a function call with its arguments is one word). */
function splitWords(text: string): string[] {
  const out: string[] = [];
  let depth = 0, word = '';
  for (const c of text) {
    if (/\s/.test(c) && depth === 0) { if (word) out.push(word); word = ''; continue; }
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    word += c;
  }
  if (word) out.push(word);
  return out;
}

/** A word holding `$(...)` calls as a pattern: each call, `%` and glob `*` may be anything. */
function wordPattern(word: string): RegExp {
  let re = '', depth = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (depth > 0) {
      if (c === '(' || c === '{') depth++;
      else if (c === ')' || c === '}') depth--;
      continue;
    }
    if (c === '$' && (word[i + 1] === '(' || word[i + 1] === '{')) { re += '.*'; depth = 1; i++; continue; }
    re += c === '%' || c === '$' || c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
const MAKE_COMMAND = /(?:\$[({]MAKE[)}]|(?<![\w.-])g?make)(?![\w.-])/;
const MAKE_OPTION_WITH_ARGUMENT = /^-[CfIoWj]$/;

/**
 * The plain-named targets the default build never makes: neither the default goal (`.DEFAULT_GOAL`, else the
 * first target), `all`, `default` nor `install`, nor anything those reach through prerequisites or a recursive
 * `$(MAKE) goal` in their recipes. `make 32bit` or `make bmix64build` must be asked for. Variables in target and
 * prerequisite lists are expanded from the file's own assignments (unknown ones to nothing); a pattern rule
 * or a target that still holds `$` counts as part of the default build, and a default build that reaches a
 * prerequisite still holding `$` (a function call) makes nothing opt-in.
 */
export function optInTargets(rules: SyntaxNode[], assignments: { node: SyntaxNode }[], isTopLevelMakefile: boolean): Set<string> {
  const values = new Map<string, string[]>();
  let defaultGoal: string | undefined;
  for (const { node } of assignments) {
    if (assignmentTargets(node) !== undefined) continue;
    const name = node.childForFieldName('name')?.text ?? '';
    const value = node.childForFieldName('value')?.text ?? '';
    if (name === '.DEFAULT_GOAL') defaultGoal = value.trim();
    else if (name) (values.get(name) ?? values.set(name, []).get(name)!).push(value);
  }
  const expand = (text: string, depth = 0): string[] => {
    const valueOf = (v: string) => (depth < 4 ? expand((values.get(v) ?? []).join(' '), depth + 1) : []);
    let out = text
      // Substitution references: `$(ZSTD_OBJ4:.S=.o)`.
      .replace(/\$[({]([\w.-]+):([^=(){}$]*)=([^(){}$]*)[)}]/g, (_m, v: string, from: string, to: string) =>
        valueOf(v).map((w) => (from && w.endsWith(from) ? w.slice(0, w.length - from.length) + to : w)).join(' '))
      .replace(/\$[({]([\w.-]+)[)}]/g, (_m, v: string) => valueOf(v).join(' '));
    // `$(sort $(wildcard ../lib/*.c))` names what its argument names; a call left with no argument names nothing.
    for (let i = 0; i < 4 && out.includes('$'); i++) {
      out = out.replace(/\$[({](?:sort|strip|wildcard|realpath|abspath)\s+([^$(){}]*)[)}]/g, '$1').replace(/\$[({][a-z-]+\s*[)}]/g, '')
        .replace(/\$[({]patsubst\s+([^,$(){}]*),([^,$(){}]*),([^$(){}]*)[)}]/g, (_m, from: string, to: string, list: string) => patsubst(from.trim(), to.trim(), list));
    }
    return splitWords(out);
  };
  const edges = new Map<string, Set<string>>();
  const defined: string[] = [];
  let first: string | undefined;
  const edge = (from: string, to: string) => (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
  for (const r of rules) {
    const targets = expand(r.namedChildren.find((c) => c?.type === 'targets')?.text ?? '');
    const prereqs = r.namedChildren.filter((c) => c?.type === 'prerequisites').flatMap((c) => expand(c!.text));
    // Goals of recursive makes in the recipe: words that are not options, option arguments or assignments.
    const goals: string[] = [];
    for (const line of r.descendantsOfType('recipe_line')) {
      const t = line?.text ?? '';
      const m = MAKE_COMMAND.exec(t);
      if (!m) continue;
      const words = expand(t.slice(m.index + m[0].length).split(/[;&|]/)[0]);
      for (let i = 0; i < words.length; i++) {
        if (MAKE_OPTION_WITH_ARGUMENT.test(words[i])) { i++; continue; }
        if (!words[i].startsWith('-') && !words[i].includes('=')) goals.push(words[i]);
      }
    }
    for (const t of targets) {
      defined.push(t);
      if (first === undefined && PLAIN_TARGET.test(t) && !t.startsWith('.')) first = t;
      for (const p of [...prereqs, ...goals]) edge(t, p);
    }
  }
  for (const { node } of assignments) {
    const t = assignmentTargets(node);
    if (t !== undefined) for (const x of expand(t)) defined.push(x);
  }
  const roots = ['all', 'default', 'install'];
  if (defaultGoal) roots.push(...expand(defaultGoal));
  else if (first && isTopLevelMakefile) roots.push(first);
  const reached = new Set<string>();
  const todo = roots.filter((r) => defined.includes(r));
  // A fragment (an included .mk) whose default goal lives elsewhere: nothing is known to be opt-in.
  if (todo.length === 0) return new Set();
  for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
    if (reached.has(t)) continue;
    reached.add(t);
    for (const n of edges.get(t) ?? []) {
      // A glob left by `$(patsubst %.c,%,$(wildcard t*.c))` names every target it fits; a word still holding a
      // call that is not read here (`$(shell ...)`, `$(foreach ...)`) names none.
      if (n.includes('$')) continue;
      if (/[*?%]/.test(n)) {
        const fits = wordPattern(n);
        for (const d of defined) if (!reached.has(d) && fits.test(d)) todo.push(d);
      } else if (!reached.has(n)) todo.push(n);
    }
  }
  return new Set(defined.filter((t) => PLAIN_TARGET.test(t) && !t.startsWith('.') && !reached.has(t)));
}

/** `fileName`: the file's base name; a top-level Makefile's first target is its default goal. */
export function flagsInMakefile(text: string, tree: Tree, fileName = 'Makefile'): FlagOccurrence[] {
  const masked = maskHashComments(text);
  const tokens = scanFlags(maskPatternArguments(masked));
  const { tokenContexts, assignments, rules } = walk(tree.rootNode, tokens);
  const optIn = optInTargets(rules, assignments, /^(?:GNU)?makefile$/i.test(fileName));
  // A branch that sets the toolchain (`TRIPLET := i686-w64-mingw32`, `CC := powerpc-linux-gnu-gcc`) builds for it.
  const branchArchs = new Map<number, Set<BuildArch>>();
  for (const { node: a, branch } of assignments) {
    if (!branch || !BRANCH_TOOL_VARS.test(a.childForFieldName('name')?.text ?? '')) continue;
    const v = (a.childForFieldName('value')?.text ?? '').trim();
    const arch = archOfCommandText(v + (/-$/.test(v) ? 'gcc' : /^[\w.-]+-(?:gnu|gnueabi|gnueabihf|musl|elf|eabi|mingw32)$/.test(v) ? '-gcc' : ''));
    if (arch) (branchArchs.get(branch.startIndex) ?? branchArchs.set(branch.startIndex, new Set()).get(branch.startIndex)!).add(arch);
  }
  const branchArch = (b: SyntaxNode | undefined): BuildArch | undefined => {
    const s = b && branchArchs.get(b.startIndex);
    return s && s.size === 1 ? [...s][0] : undefined;
  };
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
    const { scope, assignment, recipe, rule, branch, clang } = tokenContexts[i];
    const stmt = assignment ?? recipe;
    const line = stmt ? undefined : lines.at(tok.start);
    const key = stmt ? `${stmt.type}:${stmt.startIndex}:${stmt.endIndex}:${rule?.startIndex}` : `line${line!.start}:${rule?.startIndex}`;
    let f = facts.get(key);
    if (!f) {
      const statement = stmt ? { start: stmt.startIndex, end: stmt.endIndex, text: stmt.text } : { ...line!, text: text.slice(line!.start, line!.end) };
      const owner = assignment?.childForFieldName('name')?.text ?? '';
      const op = assignment ? assignment.childForFieldName('operator')?.text ?? (assignment.text.match(/[:+?!]?=/)?.[0] ?? '=') : '';
      const targets = rule?.namedChildren.find((c) => c?.type === 'targets')?.text ?? (assignment && assignmentTargets(assignment)) ?? '';
      f = { statement, probe: PROBE_RE.test(statement.text), own: archOfCommandText(statement.text), owner, op, targets, byName: archOfCondition(`${owner} ${targets}`, false) };
      facts.set(key, f);
    }
    if (f.probe) return;
    // Which compiler the flag reaches: its own recipe line, else the lines that use its variable.
    const own = f.own ?? (f.owner ? archOfUses(f.owner) : undefined);
    const arch = archWithin([own, branchArch(branch)], scope, [f.byName === 'x86' ? 'x86' : undefined], fileArch);
    const targetList = f.targets.split(/\s+/).filter(Boolean);
    const optInTarget = targetList.length > 0 && targetList.every((t) => optIn.has(t)) ? targetList.join(' ') : undefined;
    const guardable = assignment && !rule && !scope?.guarded && /^[A-Za-z_][\w.]*$/.test(f.owner)
      ? { system: 'make' as const, variable: f.owner, op: f.op } : undefined;
    out.push({
      ...tok, arch, owner: f.owner || f.targets, statement: f.statement, guardable,
      ...(optInTarget ? { optInTarget } : {}), ...(clang ? { compiler: 'clang' as const } : {}),
    });
  });
  return out;
}
