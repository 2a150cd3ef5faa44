// c-unaligned-cast: a byte pointer plus an offset, cast to a wider type and dereferenced
// (`*(uint32_t *)(buf + 1)`). Undefined behaviour; plain loads happen to work on AArch64, but ARMv7 faults on
// LDRD/LDM/VLDR the compiler may pick, and exclusive/acquire-release accesses fault on both.
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';

const WIDE: Record<string, number> = {
  short: 2, int: 4, long: 8, float: 4, double: 8, unsigned: 4, int16_t: 2, uint16_t: 2, int32_t: 4, uint32_t: 4,
  int64_t: 8, uint64_t: 8, size_t: 8, ssize_t: 8, intptr_t: 8, uintptr_t: 8, u16: 2, u32: 4, u64: 8, s16: 2, s32: 4,
  s64: 8, __u16: 2, __u32: 4, __u64: 8, __le16: 2, __le32: 4, __le64: 8, __be16: 2, __be32: 4, __be64: 8,
};
const BYTE_TYPES = /^(const\s+)?(unsigned\s+char|signed\s+char|char|uint8_t|int8_t|u8|__u8|u_char|Bytef|byte|void)$/;

/** The width of T in `(T *)`, when T is a known wider scalar. */
function castWidth(typeDescriptor: SyntaxNode | null): number | undefined {
  if (!typeDescriptor) return undefined;
  const decl = typeDescriptor.childForFieldName('declarator');
  if (!decl || decl.type !== 'abstract_pointer_declarator' || decl.namedChildCount > 0) return undefined;
  const t = typeDescriptor.childForFieldName('type');
  if (!t) return undefined;
  const raw = t.text.replace(/\b(const|volatile)\b/g, '').trim().replace(/\s+/g, ' ');
  if (WIDE[raw]) return WIDE[raw];
  if (/^(unsigned |signed )?long long( int)?$/.test(raw)) return 8;
  const m = /^(?:unsigned |signed )(short|int|long)(?: int)?$/.exec(raw) ?? /^(short|long) int$/.exec(raw);
  return m ? WIDE[m[1]] : undefined;
}

/** Names declared in the function (or file) as byte pointers or byte arrays. */
function bytePointers(scope: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const d of [...scope.descendantsOfType('declaration'), ...scope.descendantsOfType('parameter_declaration')]) {
    if (!d) continue;
    const type = d.childForFieldName('type');
    const quals = d.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c!.text).join(' ');
    if (!type || !BYTE_TYPES.test(`${quals ? quals + ' ' : ''}${type.text}`.trim()) && !BYTE_TYPES.test(type.text)) continue;
    for (const decl of d.childrenForFieldName('declarator')) {
      let x: SyntaxNode | null = decl;
      if (x?.type === 'init_declarator') x = x.childForFieldName('declarator');
      if (x && (x.type === 'pointer_declarator' || x.type === 'array_declarator')) {
        const id = x.childForFieldName('declarator');
        if (id?.type === 'identifier') out.add(id.text);
      }
    }
  }
  return out;
}

const unparen = (n: SyntaxNode | null): SyntaxNode | null => {
  while (n && n.type === 'parenthesized_expression') n = n.namedChild(0);
  return n;
};

/** `p + off` / `&p[off]` with p a byte pointer and off not a known multiple of the width. */
function misalignedOffset(value: SyntaxNode | null, bytes: Set<string>, width: number): string | undefined {
  const v = unparen(value);
  if (!v) return undefined;
  let base: SyntaxNode | null = null, off: SyntaxNode | null = null;
  if (v.type === 'binary_expression' && v.child(1)?.type === '+') { base = unparen(v.childForFieldName('left')); off = unparen(v.childForFieldName('right')); }
  else if (v.type === 'pointer_expression' && v.child(0)?.type === '&') {
    const s = unparen(v.childForFieldName('argument'));
    if (s?.type === 'subscript_expression') { base = unparen(s.childForFieldName('argument')); off = unparen(s.childForFieldName('index')); }
  }
  if (!base || !off || base.type !== 'identifier' || !bytes.has(base.text)) return undefined;
  if (off.type === 'number_literal') {
    const n = Number(off.text.replace(/[uUlL]+$/, ''));
    if (!Number.isFinite(n) || n % width === 0) return undefined;
  }
  return `${base.text} + ${off.text}`;
}

export const rule: Rule = {
  meta: {
    id: 'c-unaligned-cast',
    defaultSeverity: 'warning',
    category: 'alignment',
    kinds: ['c', 'cpp', 'go'],
    description: 'A byte pointer at an offset cast to a wider type and dereferenced (unaligned access).',
  },
  prefilter: /\*\s*\)/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    const armv7 = src.targets.includes('linux/arm');
    withCTree(ctx, src, (tree) => {
      const fileBytes = bytePointers(tree.rootNode);
      for (const fn of tree.rootNode.descendantsOfType('function_definition')) {
        if (!fn) continue;
        const bytes = new Set([...fileBytes, ...bytePointers(fn)]);
        const derefs = [...fn.descendantsOfType('pointer_expression'), ...fn.descendantsOfType('subscript_expression')];
        for (const d of derefs) {
          if (!d) continue;
          if (d.type === 'pointer_expression' && d.child(0)?.type !== '*') continue;
          const arg = unparen(d.childForFieldName('argument'));
          if (!arg || arg.type !== 'cast_expression') continue;
          if (d.type === 'subscript_expression' && unparen(d.childForFieldName('index'))?.text !== '0') continue;
          const width = castWidth(arg.childForFieldName('type'));
          if (!width) continue;
          const where = misalignedOffset(arg.childForFieldName('value'), bytes, width);
          if (!where) continue;
          const target = src.reachableOn(d.startIndex);
          if (!target) continue;
          ctx.report({
            start: d.startIndex,
            end: d.endIndex,
            severity: armv7 ? 'warning' : 'info',
            message:
              `${width}-byte access through a byte pointer at ${where}, which need not be ${width}-aligned: undefined behaviour. ` +
              (armv7
                ? 'On linux/arm (ARMv7) the compiler may use LDRD/LDM/VLDR, which fault on unaligned addresses; '
                : 'Plain loads work on AArch64, but ') +
              `atomic, exclusive and acquire/release accesses fault (SIGBUS) when unaligned. Copy with memcpy(&v, ${where}, sizeof v) instead.`,
            data: { width, target },
          });
        }
      }
    });
  },
};
