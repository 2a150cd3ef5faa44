// Compiler flags in Makefiles (tree-sitter-make): conditionals, variables and where they are used, so that
// `ARMFLAGS := -mfloat-abi=hard` passed to `aarch64-linux-gnu-gcc` counts as an AArch64 build.
import type { SyntaxNode, Tree } from '../../parsing/treeSitter';
import { archOfCommandText, archOfCondition, innermostArch, type BuildArch } from './arch';
import { PROBE_RE, scanFlags } from './flags';
import { linesUsing, logicalLineAt, maskHashComments, type FlagOccurrence } from './occurrence';

const TOOL_VARS = /^(?:CC|CXX|CROSS_COMPILE|CROSS|TARGET|HOST|TRIPLE|PREFIX|TOOLCHAIN_PREFIX|TARGET_TRIPLE|ARCH|TARGET_ARCH|GOARCH|MARCH)$/;

function condText(n: SyntaxNode): string { return n.text.replace(/\s+/g, ' '); }

/** ifneq/ifndef negate, except the `ifneq ($(filter x86_64,...),)` idiom, which tests for non-empty. */
function isNegated(cond: SyntaxNode): boolean {
  const neg = cond.type.startsWith('ifn');
  const againstEmpty = /,\s*\)\s*$|,\s*""\s*\)?\s*$|^\S+\s*\(\s*,/.test(cond.text.trim());
  return cond.type.startsWith('ifneq') || cond.type.startsWith('ifeq') ? neg !== againstEmpty : neg;
}

/** Arch guards around a node, innermost first. */
function makeGuards(node: SyntaxNode): (BuildArch | undefined)[] {
  const out: (BuildArch | undefined)[] = [];
  let child: SyntaxNode = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'else_directive') {
      // `else ifeq (...)` carries its own condition; a bare else negates the conditional's.
      const own = p.namedChildren.find((c) => c && /^if(n?eq|n?def)_directive$/.test(c.type));
      if (own && !(own.startIndex <= node.startIndex && node.endIndex <= own.endIndex)) {
        out.push(archOfCondition(condText(own), isNegated(own)));
      } else if (!own) {
        const cond = p.parent?.childForFieldName('condition');
        if (cond) out.push(archOfCondition(condText(cond), !isNegated(cond)));
      }
    } else if (p.type === 'conditional') {
      const cond = p.childForFieldName('condition');
      if (cond && child !== cond && !(cond.startIndex <= node.startIndex && node.endIndex <= cond.endIndex)) {
        out.push(archOfCondition(condText(cond), isNegated(cond)));
      }
    }
  }
  return out;
}

export function flagsInMakefile(text: string, tree: Tree): FlagOccurrence[] {
  const masked = maskHashComments(text);
  const root = tree.rootNode;
  // The file's own arch: an unguarded CC/CROSS_COMPILE/ARCH naming a target.
  const fileArchs = new Set<BuildArch>();
  for (const a of root.descendantsOfType('variable_assignment')) {
    if (!a) continue;
    const name = a.childForFieldName('name')?.text ?? '';
    if (!TOOL_VARS.test(name) || makeGuards(a).some(Boolean)) continue;
    const v = a.childForFieldName('value')?.text ?? '';
    const arch = /^(ARCH|TARGET_ARCH|GOARCH|MARCH)$/.test(name)
      ? (/^\s*(arm64|aarch64|armv8[\w.+-]*)\s*$/.test(v) ? 'arm64' : /^\s*(arm|armhf|armel|armv[5-7][\w.+-]*)\s*$/.test(v) ? 'arm32' : /^\s*(x86_64|amd64|x86|i[3-6]86)\s*$/.test(v) ? 'x86' : undefined)
      : archOfCommandText(v.trim() + (/-$/.test(v.trim()) ? 'gcc' : /^[\w.-]+-(?:gnu|gnueabi|gnueabihf|musl|elf|eabi)$/.test(v.trim()) ? '-gcc' : ''));
    if (arch) fileArchs.add(arch);
  }
  const fileArch: BuildArch = fileArchs.size === 1 ? [...fileArchs][0] : 'any';

  const out: FlagOccurrence[] = [];
  for (const tok of scanFlags(masked)) {
    const node = root.descendantForIndex(tok.start, tok.end) ?? root;
    let owner = '', op = '', assignment: SyntaxNode | undefined, recipe: SyntaxNode | undefined, rule: SyntaxNode | undefined;
    for (let p: SyntaxNode | null = node; p; p = p.parent) {
      if (!assignment && p.type === 'variable_assignment') assignment = p;
      if (!recipe && p.type === 'recipe_line') recipe = p;
      if (!rule && p.type === 'rule') rule = p;
    }
    const line = logicalLineAt(text, tok.start);
    const stmt = assignment ?? recipe;
    const statement = stmt ? { start: stmt.startIndex, end: stmt.endIndex, text: stmt.text } : { ...line, text: text.slice(line.start, line.end) };
    if (PROBE_RE.test(statement.text)) continue;
    if (assignment) {
      owner = assignment.childForFieldName('name')?.text ?? '';
      op = assignment.childForFieldName('operator')?.text ?? (assignment.text.match(/[:+?!]?=/)?.[0] ?? '=');
    }
    const targets = rule?.namedChildren.find((c) => c?.type === 'targets')?.text ?? '';
    const guards = makeGuards(node);
    // Which compiler the flag reaches: its own recipe line, else the lines that use its variable.
    let own = archOfCommandText(statement.text);
    if (!own && owner) {
      const uses = linesUsing(masked, owner).map((l) => archOfCommandText(text.slice(l.start, l.end)));
      const decided = new Set(uses.filter((u): u is BuildArch => !!u));
      if (decided.size === 1 && uses.every(Boolean)) own = [...decided][0];
    }
    const byName = archOfCondition(`${owner} ${targets}`, false);
    const arch = innermostArch([own, ...guards, byName === 'x86' ? 'x86' : undefined], fileArch);
    const guardable = assignment && !rule && guards.every((g) => !g) && /^[A-Za-z_][\w.]*$/.test(owner)
      ? { system: 'make' as const, variable: owner, op } : undefined;
    out.push({ ...tok, arch, owner: owner || targets, statement, guardable });
  }
  return out;
}
