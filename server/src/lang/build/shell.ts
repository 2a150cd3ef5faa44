// A plain-data summary of a shell script (tree-sitter-bash): commands with their words, variable
// assignments, and the arch guards (case patterns, if conditions) around each. Trees are deleted here,
// so the summary can be memoised and shared by many rules (Dockerfile RUN, *.sh, CI `run:` scripts).
//
// The tree is read once, top down, with an explicit stack that carries the guards: no recursion, and no
// `.parent` (in web-tree-sitter each `.parent` walks down from the root, so walking up from every command
// costs depth² per command; a long `a && b && ...` chain is as deep as it is long).
import { lastStartingAtOrBefore } from '../../parsing/positions';
import { parseText, type SyntaxNode } from '../../parsing/treeSitter';
import {
  archOfCommandText, archOfWords, archWithin, conditionWords, joinWords, negatedWords, withGuard,
  type ArchScope, type BuildArch, type ConditionWords,
} from './arch';

export interface ShellWord {
  /** Source text, quotes included. */
  raw: string;
  /** Text without outer quotes. */
  value: string;
  start: number;
  end: number;
  /** 'single' words do not expand $VARS. */
  quote: 'none' | 'single' | 'double' | 'mixed';
}

export interface ShellAssignment { name: string; value: string; start: number; end: number; valueStart: number; valueEnd: number }

export interface ShellGuard {
  kind: 'case' | 'if' | 'loop';
  /** The case subject and pattern, the if condition, or the loop's value list. */
  text: string;
  negated: boolean;
}

/**
 * The guards around a command, innermost first, as a linked list: commands of one branch share it, so
 * deep nesting costs one link per guard, not one copy per command. The ArchScope fields sum up the chain.
 */
export interface GuardChain extends ArchScope {
  guard: ShellGuard;
  outer: GuardChain | undefined;
}

export interface ShellCommand {
  name: string;
  nameStart: number;
  words: ShellWord[];
  /** `A=1 B=2 cmd` prefix assignments, and `export A=1` / `A=1` statements (name = '' for those). */
  assignments: ShellAssignment[];
  start: number;
  end: number;
  /** Innermost first; undefined when the command is not guarded. */
  guards: GuardChain | undefined;
  /**
   * Its words hold commands nested more than MAX_WORD_NESTING levels deep (`$(a $(b $(c ...)))`): words and
   * assignment values are left empty. Each nested command has its own words, and reading the text of every
   * level would cost the depth times the text.
   */
  nestedTooDeep: boolean;
}

/** Nesting of commands in words (`$(...)` in `$(...)`) beyond which a command's words are not read. */
export const MAX_WORD_NESTING = 32;

export interface ShellSummary {
  /** Sorted by start; a command nested in another (`$(...)`) comes after it. */
  commands: ShellCommand[];
  comments: { start: number; end: number }[];
  /** The innermost command holding [start, end] (file offsets), like `commands.filter(holds).pop()`. */
  commandAt(start: number, end?: number): ShellCommand | undefined;
  /** Arch decided by guards and tool names for any offset of the script. */
  archAt(offset: number, fallback: BuildArch): BuildArch;
  /** Guards around an offset, innermost first. */
  guardsAt(offset: number): GuardChain | undefined;
  hadErrors: boolean;
  /** Start of the first command whose words were left out (see ShellCommand.nestedTooDeep). */
  nestedTooDeepAt?: number;
}

/** The guards as an array, innermost first (for tests and messages; rules read the chain's summary). */
export function guardList(chain: GuardChain | undefined): ShellGuard[] {
  const out: ShellGuard[] = [];
  for (let g = chain; g; g = g.outer) out.push(g.guard);
  return out;
}

/** True when some guard of the chain tests the architecture (the author already handles arches there). */
export function archGuarded(chain: GuardChain | undefined): boolean {
  return !!chain?.guarded;
}

/** innermostArch([own, ...arches of the guards], fallback). */
export function archUnder(own: BuildArch | undefined, chain: GuardChain | undefined, fallback: BuildArch): BuildArch {
  return archWithin([own], chain, [], fallback);
}

/** The chain inside one more guard (`words`: the condition's words when already read). */
function guarded(outer: GuardChain | undefined, guard: ShellGuard, words?: ConditionWords): GuardChain {
  const arch = guard.kind === 'loop' ? undefined : archOfWords(words ?? conditionWords(guard.text), guard.negated);
  return { ...withGuard(outer, arch), guard, outer };
}

function unquote(node: SyntaxNode): { value: string; quote: ShellWord['quote'] } {
  const t = node.text;
  const type = node.type;
  if (type === 'raw_string') return { value: t.slice(1, -1), quote: 'single' };
  if (type === 'string') return { value: t.slice(1, -1), quote: 'double' };
  if (type === 'ansi_c_string') return { value: t.slice(2, -1), quote: 'single' };
  if (type === 'concatenation') {
    const kinds = node.namedChildren.map((c) => c?.type);
    const q = kinds.includes('raw_string') ? 'mixed' : kinds.includes('string') ? 'mixed' : 'none';
    return { value: t.replace(/^'([^']*)'$/, '$1').replace(/"/g, ''), quote: q };
  }
  return { value: t, quote: 'none' };
}

/** A node to visit, with the guards around it and what the walk above it knew (`cmd`: the enclosing command). */
interface Frame { node: SyntaxNode; guards: GuardChain | undefined; parentType: string; caseSubject: string; cmd: number }

const within = (c: SyntaxNode, outer: SyntaxNode) => outer.startIndex <= c.startIndex && c.endIndex <= outer.endIndex;

/** Frames for the children of `f.node`, each with the guards the node adds around it. */
function childFrames(f: Frame, type: string, src: string): Frame[] {
  const n = f.node;
  const kids = n.children.filter((c): c is SyntaxNode => !!c);
  const frame = (c: SyntaxNode, guards: GuardChain | undefined): Frame => ({ node: c, guards, parentType: type, caseSubject: f.caseSubject, cmd: f.cmd });
  switch (type) {
    case 'case_statement': {
      const subject = n.childForFieldName('value')?.text ?? '';
      return kids.map((c) => ({ ...frame(c, f.guards), caseSubject: subject }));
    }
    case 'case_item': {
      const pats = n.childrenForFieldName('value').map((v) => v?.text ?? '').join('|');
      // Guards by pattern only: `*)` is the default branch, not an arch test.
      const g = pats.trim() === '*' ? f.guards : guarded(f.guards, { kind: 'case', text: `${f.caseSubject} ${pats}`, negated: false });
      return kids.map((c) => frame(c, g));
    }
    case 'if_statement':
    case 'elif_clause': {
      const conds = n.childrenForFieldName('condition').filter((c): c is SyntaxNode => !!c);
      const condText = conds.map((c) => c.text).join(' ');
      const words = conditionWords(condText);
      const negated = negatedWords(words);
      const then = guarded(f.guards, { kind: 'if', text: condText, negated }, words);
      const otherwise = type === 'if_statement' ? guarded(f.guards, { kind: 'if', text: condText, negated: !negated }, words) : f.guards;
      return kids.map((c) => frame(c, conds.some((k) => within(c, k)) ? f.guards
        : c.type === 'else_clause' || c.type === 'elif_clause' ? otherwise : then));
    }
    case 'for_statement': {
      const vals = n.childrenForFieldName('value').map((v) => v?.text ?? '').join(' ');
      const g = guarded(f.guards, { kind: 'loop', text: vals, negated: false });
      return kids.map((c) => frame(c, g));
    }
    case 'list':
    case 'binary_expression':
      return chainFrames(f, type, src);
    default:
      return kids.map((c) => frame(c, f.guards));
  }
}

const leftOf = (n: SyntaxNode) => n.childForFieldName('left') ?? n.namedChild(0);

/**
 * `[ "$(uname -m)" = x86_64 ] && gcc -mavx2 ...`: a test guards what follows it. A chain `t && a && b` is a
 * left-deep tree (list (list t a) b); the guard of each element is the text of the chain before it. The whole
 * chain is read here at once, the words of those prefixes added up piece by piece (re-reading every prefix
 * would cost the square of the chain's length), and its inner nodes are not visited again.
 */
function chainFrames(f: Frame, type: string, src: string): Frame[] {
  const top = f.node;
  const spine: SyntaxNode[] = [top];
  for (let l = leftOf(top); l && l.type === type; l = leftOf(l)) spine.push(l);
  spine.reverse(); // innermost (the first pair of the chain) first
  const first = leftOf(spine[0]);
  const frames: Frame[] = [];
  const frame = (c: SyntaxNode, guards: GuardChain | undefined, parentType: string): Frame => ({ node: c, guards, parentType, caseSubject: f.caseSubject, cmd: f.cmd });
  if (first) frames.push(frame(first, f.guards, type));
  let prefix: ConditionWords | undefined;
  let prev: SyntaxNode | undefined;
  for (const node of spine) {
    const left = leftOf(node);
    if (!left) {
      for (const c of node.children) if (c) frames.push(frame(c, f.guards, type));
      continue;
    }
    // The test applies when the chain starts with one: `left` is the first element or a list starting with it.
    const isTest = /test_command|\[/.test(left.type + src.charAt(left.startIndex));
    let guard: GuardChain | undefined;
    if (isTest) {
      prefix = prefix && prev ? joinWords(prefix, conditionWords(src.slice(prev.endIndex, left.endIndex))) : conditionWords(left.text);
      const op = node.children.find((c) => c && (c.type === '&&' || c.type === '||'))?.type;
      const g: ShellGuard = { kind: 'if', text: left.text, negated: negatedWords(prefix) !== (op === '||') };
      guard = guarded(f.guards, g, prefix);
    }
    prev = left;
    const leftEnd = left.endIndex;
    for (const c of node.children) {
      // Every child but the left one (the next spine node, or the first element, already queued).
      if (!c || (c.startIndex === left.startIndex && c.endIndex === leftEnd)) continue;
      frames.push(frame(c, guard && leftEnd <= c.startIndex ? guard : f.guards, type));
    }
  }
  return frames;
}

/** Summarises `text` (a shell script or a RUN command); offsets are shifted by `base`. */
export function summarizeShell(text: string, base = 0): ShellSummary {
  const tree = parseText('bash', text);
  // Command nodes in the order met, each with its guards and the command its words nest it in (-1: none).
  const found: { node: SyntaxNode; guards: GuardChain | undefined; enclosing: number }[] = [];
  const comments: { start: number; end: number }[] = [];
  try {
    const root = tree.rootNode;
    const stack: Frame[] = [{ node: root, guards: undefined, parentType: '', caseSubject: '', cmd: -1 }];
    while (stack.length) {
      const f = stack.pop()!;
      const n = f.node;
      const type = n.type;
      if (type === 'comment') { comments.push({ start: base + n.startIndex, end: base + n.endIndex }); continue; }
      const kids = childFrames(f, type, text);
      if (type === 'command' || type === 'declaration_command' || (type === 'variable_assignment' && f.parentType !== 'command' && f.parentType !== 'declaration_command')) {
        found.push({ node: n, guards: f.guards, enclosing: f.cmd });
        for (const k of kids) k.cmd = found.length - 1;
      }
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    // How deep commands nest inside each one: children are met after their parents, so one pass backwards.
    const height = new Int32Array(found.length);
    for (let i = found.length - 1; i >= 0; i--) {
      const e = found[i].enclosing;
      if (e >= 0) height[e] = Math.max(height[e], height[i] + 1);
    }
    const commands = found.map((c, i) => commandOf(c.node, base, c.guards, height[i] > MAX_WORD_NESTING));
    // Stable: of two commands starting together, the outer one (met first) stays first.
    commands.sort((a, b) => a.start - b.start);
    comments.sort((a, b) => a.start - b.start);
    const hadErrors = root.hasError;
    const commandAt = commandLocator(commands, base, base + text.length);
    return {
      commands, comments, hadErrors, commandAt,
      nestedTooDeepAt: commands.find((c) => c.nestedTooDeep)?.start,
      guardsAt(offset) { return commandAt(offset)?.guards; },
      archAt(offset, fallback) {
        const inner = commandAt(offset);
        if (!inner) return fallback;
        return archUnder(archOfCommandText(text.slice(inner.start - base, inner.end - base)), inner.guards, fallback);
      },
    };
  } finally {
    tree.delete();
  }
}

/**
 * Finds the innermost command holding an offset in O(1): the first call paints, for every offset of the
 * script, the innermost command holding it (one sweep with a stack of open commands; commands nest or are
 * apart, as tree nodes do), and which command encloses each command.
 */
function commandLocator(commands: ShellCommand[], from: number, to: number): ShellSummary['commandAt'] {
  let owner: Int32Array | undefined;
  let enclosing: Int32Array | undefined;
  const paint = () => {
    owner = new Int32Array(to - from + 1).fill(-1);
    enclosing = new Int32Array(commands.length).fill(-1);
    const open: number[] = [];
    let next = 0;
    for (let pos = from; pos <= to; pos++) {
      while (open.length && commands[open[open.length - 1]].end < pos) open.pop();
      for (; next < commands.length && commands[next].start <= pos; next++) {
        if (commands[next].end < pos) continue;
        enclosing[next] = open.length ? open[open.length - 1] : -1;
        open.push(next);
      }
      owner[pos - from] = open.length ? open[open.length - 1] : -1;
    }
  };
  return (start, end = start) => {
    if (start < from || start > to) return undefined;
    if (!owner) paint();
    for (let i = owner![start - from]; i >= 0; i = enclosing![i]) {
      const c = commands[i];
      if (c.start <= start && end <= c.end) return c;
    }
    return undefined;
  };
}

function commandOf(n: SyntaxNode, base: number, guards: GuardChain | undefined, nestedTooDeep: boolean): ShellCommand {
  const words: ShellWord[] = [];
  const assignments: ShellAssignment[] = [];
  let name = '', nameStart = base + n.startIndex;
  const addAssignment = (a: SyntaxNode) => {
    const nm = a.childForFieldName('name')?.text ?? '';
    const v = a.childForFieldName('value');
    const vs = v ? v.startIndex : a.endIndex;
    const uq = v && !nestedTooDeep ? unquote(v).value : '';
    assignments.push({ name: nm, value: uq, start: base + a.startIndex, end: base + a.endIndex, valueStart: base + vs, valueEnd: base + a.endIndex });
  };
  if (n.type === 'variable_assignment') addAssignment(n);
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'variable_assignment') addAssignment(c);
    else if (c.type === 'command_name') { name = c.text; nameStart = base + c.startIndex; }
    else if ((n.type === 'command' || n.type === 'declaration_command') && !nestedTooDeep) {
      if (c.type === 'file_redirect' || c.type === 'herestring_redirect' || c.type === 'heredoc_redirect') continue;
      const { value, quote } = unquote(c);
      words.push({ raw: c.text, value, start: base + c.startIndex, end: base + c.endIndex, quote });
    }
  }
  if (n.type === 'declaration_command') name = n.child(0)?.text ?? 'export';
  return { name, nameStart, words, assignments, start: base + n.startIndex, end: base + n.endIndex, guards, nestedTooDeep };
}

/** The item of a list sorted by start, apart from each other, that holds [start, end] (binary search). */
export function spanHolding<T extends { start: number; end: number }>(items: readonly T[], start: number, end = start): T | undefined {
  const found = lastStartingAtOrBefore(items, start);
  // Items may touch: the one before the last starting at or before `start` may hold it too (the first wins, as with find).
  for (let i = Math.max(found - 1, 0); i <= found; i++) if (items[i].start <= start && end <= items[i].end) return items[i];
  return undefined;
}
