// A plain-data summary of a shell script (tree-sitter-bash): commands with their words, variable
// assignments, and the arch guards (case patterns, if conditions) around each. Trees are deleted here,
// so the summary can be memoised and shared by many rules (Dockerfile RUN, *.sh, CI `run:` scripts).
import { parseText, type SyntaxNode } from '../../parsing/treeSitter';
import { archOfCommandText, archOfCondition, conditionIsNegated, innermostArch, type BuildArch } from './arch';

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

export interface ShellCommand {
  name: string;
  nameStart: number;
  words: ShellWord[];
  /** `A=1 B=2 cmd` prefix assignments, and `export A=1` / `A=1` statements (name = '' for those). */
  assignments: ShellAssignment[];
  start: number;
  end: number;
  /** Innermost first. */
  guards: ShellGuard[];
}

export interface ShellSummary {
  commands: ShellCommand[];
  comments: { start: number; end: number }[];
  /** Arch decided by guards and tool names for any offset of the script. */
  archAt(offset: number, fallback: BuildArch): BuildArch;
  /** Guards around an offset, innermost first. */
  guardsAt(offset: number): ShellGuard[];
  hadErrors: boolean;
}

function unquote(node: SyntaxNode): { value: string; quote: ShellWord['quote'] } {
  const t = node.text;
  if (node.type === 'raw_string') return { value: t.slice(1, -1), quote: 'single' };
  if (node.type === 'string') return { value: t.slice(1, -1), quote: 'double' };
  if (node.type === 'ansi_c_string') return { value: t.slice(2, -1), quote: 'single' };
  if (node.type === 'concatenation') {
    const kinds = node.namedChildren.map((c) => c?.type);
    const q = kinds.includes('raw_string') ? 'mixed' : kinds.includes('string') ? 'mixed' : 'none';
    return { value: t.replace(/^'([^']*)'$/, '$1').replace(/"/g, ''), quote: q };
  }
  return { value: t, quote: 'none' };
}

function guardsOf(node: SyntaxNode): ShellGuard[] {
  const out: ShellGuard[] = [];
  let child: SyntaxNode = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'case_item') {
      const pats = p.childrenForFieldName('value').map((v) => v?.text ?? '').join('|');
      const subject = p.parent?.childForFieldName('value')?.text ?? '';
      // Guards by pattern only: `*)` is the default branch, not an arch test.
      if (pats.trim() !== '*') out.push({ kind: 'case', text: `${subject} ${pats}`, negated: false });
    } else if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const conds = p.childrenForFieldName('condition');
      const inCond = conds.some((c) => c && c.startIndex <= node.startIndex && node.endIndex <= c.endIndex);
      if (!inCond) {
        const condText = conds.map((c) => c?.text ?? '').join(' ');
        if (child.type === 'else_clause' || child.type === 'elif_clause') {
          if (p.type === 'if_statement') out.push({ kind: 'if', text: condText, negated: !conditionIsNegated(condText) });
        } else out.push({ kind: 'if', text: condText, negated: conditionIsNegated(condText) });
      }
    } else if (p.type === 'for_statement') {
      const vals = p.childrenForFieldName('value').map((v) => v?.text ?? '').join(' ');
      out.push({ kind: 'loop', text: vals, negated: false });
    } else if (p.type === 'binary_expression' || p.type === 'list') {
      // `[ "$(uname -m)" = x86_64 ] && gcc -mavx2 ...` guards the right-hand side.
      const left = p.childForFieldName('left') ?? p.namedChild(0);
      if (left && left.endIndex <= node.startIndex && /test_command|\[/.test(left.type + left.text.slice(0, 1))) {
        const op = p.children.find((c) => c && (c.type === '&&' || c.type === '||'))?.type;
        const negated = conditionIsNegated(left.text) !== (op === '||');
        out.push({ kind: 'if', text: left.text, negated });
      }
    }
  }
  return out;
}

export function guardArch(guards: ShellGuard[]): (BuildArch | undefined)[] {
  return guards.map((g) => (g.kind === 'loop' ? undefined : archOfCondition(g.text, g.negated)));
}

/** Summarises `text` (a shell script or a RUN command); offsets are shifted by `base`. */
export function summarizeShell(text: string, base = 0): ShellSummary {
  const tree = parseText('bash', text);
  const commands: ShellCommand[] = [];
  const comments: { start: number; end: number }[] = [];
  try {
    const root = tree.rootNode;
    const stack: SyntaxNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'comment') { comments.push({ start: base + n.startIndex, end: base + n.endIndex }); continue; }
      if (n.type === 'command' || n.type === 'declaration_command' || (n.type === 'variable_assignment' && n.parent?.type !== 'command' && n.parent?.type !== 'declaration_command')) {
        commands.push(commandOf(n, base));
      }
      for (let i = n.childCount - 1; i >= 0; i--) { const c = n.child(i); if (c) stack.push(c); }
    }
    commands.sort((a, b) => a.start - b.start);
    const hadErrors = root.hasError;
    return {
      commands, comments, hadErrors,
      guardsAt(offset) {
        const inner = commands.filter((c) => c.start <= offset && offset <= c.end).pop();
        return inner ? inner.guards : [];
      },
      archAt(offset, fallback) {
        const inner = commands.filter((c) => c.start <= offset && offset <= c.end).pop();
        if (!inner) return fallback;
        const own = archOfCommandText(text.slice(inner.start - base, inner.end - base));
        return innermostArch([own, ...guardArch(inner.guards)], fallback);
      },
    };
  } finally {
    tree.delete();
  }
}

function commandOf(n: SyntaxNode, base: number): ShellCommand {
  const words: ShellWord[] = [];
  const assignments: ShellAssignment[] = [];
  let name = '', nameStart = base + n.startIndex;
  const addAssignment = (a: SyntaxNode) => {
    const nm = a.childForFieldName('name')?.text ?? '';
    const v = a.childForFieldName('value');
    const vs = v ? v.startIndex : a.endIndex;
    const uq = v ? unquote(v).value : '';
    assignments.push({ name: nm, value: uq, start: base + a.startIndex, end: base + a.endIndex, valueStart: base + vs, valueEnd: base + a.endIndex });
  };
  if (n.type === 'variable_assignment') addAssignment(n);
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'variable_assignment') addAssignment(c);
    else if (c.type === 'command_name') { name = c.text; nameStart = base + c.startIndex; }
    else if (n.type === 'command' || n.type === 'declaration_command') {
      if (c.type === 'file_redirect' || c.type === 'herestring_redirect' || c.type === 'heredoc_redirect') continue;
      const { value, quote } = unquote(c);
      words.push({ raw: c.text, value, start: base + c.startIndex, end: base + c.endIndex, quote });
    }
  }
  if (n.type === 'declaration_command') name = n.child(0)?.text ?? 'export';
  return { name, nameStart, words, assignments, start: base + n.startIndex, end: base + n.endIndex, guards: guardsOf(n) };
}
