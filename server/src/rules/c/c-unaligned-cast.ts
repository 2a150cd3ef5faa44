// c-unaligned-cast: a byte pointer plus an offset, cast to a wider type and dereferenced
// (`*(uint32_t *)(buf + 1)`), or handed to an atomic builtin (`__atomic_fetch_add((uint32_t *)(buf + 1), …)`).
// Undefined behaviour; plain loads and stores work on AArch64 Linux (facts layout-and-abi.md §6), so there it is
// a hint; ARMv7 faults on LDRD/LDM/VLDR the compiler may pick (warning with linux/arm), and exclusive and
// acquire/release accesses fault on both (warning: atomics on the cast pointer, `_Atomic` casts).
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { Rule, RuleContext } from '../rule';
import { cSource, withCTree, C_KIND_PREFILTERS } from './support/cSource';
import { binaryOperator, firstOperand, unparen } from './support/expressions';

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
  const raw = t.text.replace(/\b(const|volatile|_Atomic)\b/g, '').trim().replace(/\s+/g, ' ');
  if (WIDE[raw]) return WIDE[raw];
  if (/^(unsigned |signed )?long long( int)?$/.test(raw)) return 8;
  const m = /^(?:unsigned |signed )(short|int|long)(?: int)?$/.exec(raw) ?? /^(short|long) int$/.exec(raw);
  return m ? WIDE[m[1]] : undefined;
}

/** Whether T in `(T *)` is a floating type (loaded with VLDR on ARMv7 hard-float). */
function floating(typeDescriptor: SyntaxNode | null): boolean {
  return /^(?:(?:const|volatile|_Atomic)\s+)*(float|double)$/.test(typeDescriptor?.childForFieldName('type')?.text.trim() ?? '');
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

/**
 * What a finding needs in the text (comments and strings blanked): `*)` closing the cast, then its value as
 * misalignedOffset reads it, `p + off` or `&p[off]` (parentheses and line continuations around the name allowed).
 */
const CAST_OF_OFFSET = /\*\s*\)[\s\\(]*(?:[A-Za-z_]\w*[\s\\)]*\+|&[\s\\(]*[A-Za-z_]\w*[\s\\)]*\[)/;

/** The nodes that may dereference a cast or pass one to an atomic builtin. */
const SITE_NODES = ['pointer_expression', 'subscript_expression', 'call_expression'];

/** Builtins and library calls that access their pointer argument with exclusive or acquire/release instructions. */
const ATOMIC_CALL = /^(__atomic_\w+|__sync_\w+|__c11_atomic_\w+|atomic_\w+|Interlocked\w+|_Interlocked\w+)$/;

/** Whether the cast's type says _Atomic (an `_Atomic T *` dereference is an atomic access). */
function atomicCast(cast: SyntaxNode): boolean { return /\b_Atomic\b/.test(cast.childForFieldName('type')?.text ?? ''); }

/** `p + off` / `&p[off]` with p a byte pointer and off not a known multiple of the width. */
function misalignedOffset(value: SyntaxNode | null, bytes: Set<string>, width: number): string | undefined {
  const v = unparen(value);
  if (!v) return undefined;
  let base: SyntaxNode | null = null, off: SyntaxNode | null = null;
  if (v.type === 'binary_expression' && binaryOperator(v) === '+') { base = unparen(v.childForFieldName('left')); off = unparen(v.childForFieldName('right')); }
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
    if (!src || !CAST_OF_OFFSET.test(src.bare)) return;
    const armv7 = src.targets.includes('linux/arm');
    withCTree(ctx, src, (tree) => {
      // The byte pointers are read only for functions with a cast to check (most headers have none).
      let fileBytes: Set<string> | undefined;
      for (const fn of tree.rootNode.descendantsOfType('function_definition')) {
        if (!fn) continue;
        // Dereferences of a cast, and casts passed as the pointer of an atomic builtin.
        const sites: { at: SyntaxNode; cast: SyntaxNode; atomic: boolean }[] = [];
        const calls: typeof sites = [];
        // One walk of the function for the three kinds (sites are sorted below).
        for (const d of fn.descendantsOfType(SITE_NODES)) {
          if (!d) continue;
          if (d.type === 'call_expression') {
            const name = d.childForFieldName('function');
            if (name?.type !== 'identifier' || !ATOMIC_CALL.test(name.text)) continue;
            const args = d.childForFieldName('arguments');
            const first = unparen(args ? firstOperand(args) : null);
            if (first?.type === 'cast_expression') calls.push({ at: d, cast: first, atomic: true });
            continue;
          }
          if (d.type === 'pointer_expression' && d.child(0)?.type !== '*') continue;
          const arg = unparen(d.childForFieldName('argument'));
          if (!arg || arg.type !== 'cast_expression') continue;
          if (d.type === 'subscript_expression' && unparen(d.childForFieldName('index'))?.text !== '0') continue;
          sites.push({ at: d, cast: arg, atomic: atomicCast(arg) });
        }
        // Dereferences before calls at the same offset, as the sort is stable.
        sites.push(...calls);
        if (!sites.length) continue;
        fileBytes ??= bytePointers(tree.rootNode);
        const bytes = new Set([...fileBytes, ...bytePointers(fn)]);
        sites.sort((a, b) => a.at.startIndex - b.at.startIndex);
        for (const { at: d, cast: arg, atomic } of sites) {
          const width = castWidth(arg.childForFieldName('type'));
          if (!width) continue;
          const where = misalignedOffset(arg.childForFieldName('value'), bytes, width);
          if (!where) continue;
          const target = src.reachableOn(d.startIndex);
          if (!target) continue;
          // What faults: exclusive/acquire-release accesses on every ARM target; LDRD/LDM/VLDR on ARMv7. A plain
          // load or store on AArch64 Linux does not fault (SCTLR_EL1.A is clear): undefined behaviour, not a crash.
          // ARMv7 LDR/STR/LDRH/STRH work unaligned (SCTLR.A clear); LDRD/STRD (8-byte) and VLDR/VSTR (float,
          // double) need word alignment, so on linux/arm only those widths fault.
          const wideOnArmv7 = armv7 && (width === 8 || floating(arg.childForFieldName('type')));
          const severity = atomic || wideOnArmv7 ? 'warning' : 'hint';
          ctx.report({
            start: d.startIndex,
            end: d.endIndex,
            severity,
            message:
              `${width}-byte ${atomic ? 'atomic ' : ''}access through a byte pointer at ${where}, which need not be ${width}-aligned: undefined behaviour. ` +
              (atomic
                ? 'Atomic (exclusive, acquire/release) accesses fault (SIGBUS, BUS_ADRALN) on AArch64 and ARMv7 when unaligned; align the object (e.g. _Alignas) instead of casting into a byte buffer.'
                : (wideOnArmv7
                  ? 'On linux/arm (ARMv7) the compiler uses LDRD/STRD or VLDR/VSTR for this width, which fault on addresses that are not word-aligned; '
                  : 'Plain loads and stores work on AArch64 Linux (and LDR/LDRH on ARMv7), but ') +
                  `atomic, exclusive and acquire/release accesses fault (SIGBUS) when unaligned. Copy with memcpy(&v, ${where}, sizeof v) instead.`),
            data: { width, target, atomic },
          });
        }
      }
    });
  },
};
