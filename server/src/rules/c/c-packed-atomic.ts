// c-packed-atomic: an atomic member of a packed record (or one under #pragma pack(n) with n below its
// size) is not naturally aligned: AArch64 exclusive and acquire/release accesses fault with SIGBUS on
// unaligned addresses (facts layout-and-abi.md §6; Arm armasm guide "Address alignment in A64 code").
import { cStructs } from '../../lang/c/layoutEntries';
import type { Rule } from '../rule';

const ATOMIC_TYPE = /\b_Atomic\b|\bstd::atomic\b|\batomic_(?:u?int|u?long|u?llong|bool|flag|size_t|intptr_t|uintptr_t|ptrdiff_t)\w*/;

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'c-packed-atomic',
    defaultSeverity: 'error',
    category: 'alignment',
    kinds: ['c', 'cpp'],
    description: 'An _Atomic/std::atomic member of a packed struct is not naturally aligned: atomic accesses to it raise SIGBUS on AArch64.',
  },
  // Both words anywhere, each looked for once from the start (`pack ... atomic` as one regex rescans to the end
  // after every `pack`).
  prefilter: /^(?=[\s\S]*\b(?:_Atomic|atomic)\b)(?=[\s\S]*\b(?:packed|pack)\b)/,
  check(ctx) {
    for (const s of cStructs(ctx)) {
      if (s.file !== ctx.path) continue;
      const reported = new Set<string>();
      let memberOf: Map<string, (typeof s.members)[number]> | undefined;
      for (const l of s.layouts) {
        for (const f of l.fields) {
          if (!ATOMIC_TYPE.test(f.type) || f.bitSize !== undefined || reported.has(f.name)) continue;
          const natural = f.size >= 16 ? 16 : f.size;
          if (f.align >= natural && f.offset % natural === 0 && (l.align ?? 0) >= natural) continue;
          // Built on the first report (a scan per field is quadratic in a struct of thousands of atomics).
          memberOf ??= new Map(s.members.flatMap((m) => m.fieldNames.map((n) => [n, m] as const)).reverse());
          const member = memberOf.get(f.name);
          reported.add(f.name);
          ctx.report({
            start: member?.start ?? s.nameStart, end: member?.end ?? s.nameEnd,
            message: `${f.name} is ${f.type} in ${s.kind} ${s.name}, which is packed: on ${l.target} it is at offset ${f.offset} with alignment ${f.align} (needs ${natural}). Atomic loads, stores and read-modify-writes on AArch64 (LDXR/STXR, LDAR/STLR) fault with SIGBUS on a misaligned address. Move the atomic out of the packed struct or drop the packing.`,
          });
        }
      }
    }
  },
};
