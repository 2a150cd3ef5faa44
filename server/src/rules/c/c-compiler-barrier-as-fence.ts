// c-compiler-barrier-as-fence: a macro or function named like a CPU memory barrier (smp_mb, rmb, wmb,
// memory_barrier, MemoryBarrier, ...) whose definition, as compiled for an enabled ARM target, is only a compiler
// barrier (asm volatile("" ::: "memory"), atomic_signal_fence, _ReadWriteBarrier). On x86's TSO that is enough for
// a read or write barrier; AArch64 is weakly ordered and needs dmb (or __atomic_thread_fence). A review hotspot:
// whether the program breaks depends on what its callers rely on, so the finding is info.
import * as path from 'node:path';
import { TARGETS, type TargetId } from '../../core/targets';
import type { Rule, RuleContext } from '../rule';
import { cSource, matchBrace, type CSource, C_KIND_PREFILTERS } from './support/cSource';
import { arm64DeviceBarrier, arm64Replacement, barrierKindOfName, classifyBody, type BodyClass } from './support/barrierNames';

/** Files a build picks for another architecture by name (nginx src/os/unix/ngx_gcc_atomic_ppc.h, sparc64.h). */
const OTHER_ARCH_PATH = /(^|[\/_.-])(ppc\w*|powerpc\w*|sparc\w*|s390\w*|mips\w*|riscv\w*|alpha|ia64|itanium|loongarch\w*|hppa|parisc|m68k|microblaze|nios2|xtensa|openrisc|or1k|csky|blackfin|bfin|avr32|tilegx|tilepro|hexagon|h8300|m32r|superh|sh4|sh64)([\/_.-]|$)/i;
/** Files for 32-bit ARM only (Genode's arm_v6 Linux emulation defines smp_mb() as a compiler barrier: one core). */
const ARM32_PATH = /(^|[\/_.-])(arm_?v[4-7]\w*|aarch32|arm32|armhf|armel)([\/_.-]|$)/i;

interface Definition { name: string; start: number; nameStart: number; body: string }

/** #define NAME BODY / #define NAME() BODY, active on the target. */
function macroDefinitions(src: CSource, t: TargetId): Definition[] {
  const out: Definition[] = [];
  for (const d of src.activity(t).directives) {
    if (d.kind !== 'define' || d.active !== true) continue;
    // From the source (strings kept, comments blanked): `NAME(` with no space is function-like.
    const line = src.code.slice(d.start, d.end);
    const m = /^#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?/.exec(line);
    if (!m) continue;
    out.push({ name: m[1], start: d.start, nameStart: d.start + m[0].length - (m[2]?.length ?? 0) - m[1].length, body: line.slice(m[0].length).replace(/\\\r?\n/g, ' ') });
  }
  return out;
}

/** The code of a function body that the target compiles, or undefined when a line's activity is unknown. */
function activeBody(src: CSource, t: TargetId, open: number, close: number): string | undefined {
  const act = src.activity(t);
  let out = '';
  let at = open + 1;
  for (const line of src.code.slice(open + 1, close - 1).split('\n')) {
    const lineStart = at;
    at += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const a = act.isActive(lineStart + line.indexOf(trimmed[0]));
    if (a === 'unknown') return undefined;
    if (a === true) out += line + '\n';
  }
  return out;
}

/** `void NAME(void) { ... }` (any qualifiers and attributes before it), its start active on the target. */
function functionDefinitions(src: CSource, t: TargetId): Definition[] {
  const out: Definition[] = [];
  for (const m of src.bare.matchAll(/\b([A-Za-z_]\w*)\s*\(\s*(?:void)?\s*\)\s*\{/g)) {
    const name = m[1];
    if (!barrierKindOfName(name) && !/barrier|fence/i.test(name)) continue;
    // The declaration's start: after the previous ';', '}' or preprocessor line; it must say `void`.
    const before = src.bare.slice(Math.max(0, m.index! - 200), m.index!);
    const cut = Math.max(before.lastIndexOf(';'), before.lastIndexOf('}'), before.lastIndexOf('\n#'));
    const decl = before.slice(cut + 1);
    if (!/\bvoid\b/.test(decl) || /[=]/.test(decl)) continue;
    const start = m.index! - decl.length + (decl.length - decl.trimStart().length);
    if (src.activity(t).isActive(m.index!) !== true) continue;
    const open = m.index! + m[0].length - 1;
    const close = matchBrace(src.bare, open);
    if (close === undefined) continue;
    const body = activeBody(src, t, open, close);
    if (body === undefined) continue;
    out.push({ name, start, nameStart: m.index!, body });
  }
  return out;
}

/**
 * The comments on the definition's line and the two lines before it say it is meant for the compiler only
 * ("Prevent aggressive optimization", "compiler barrier", "single-threaded"): benchmarks define MEMORY_BARRIER()
 * that way to keep a loop from being optimized away, and the author has said what it is.
 */
function documentedAsCompilerOnly(src: CSource, at: number): boolean {
  let from = at;
  for (let k = 0; k < 3 && from > 0; k++) from = src.text.lastIndexOf('\n', from - 2) + 1;
  const lineEnd = src.text.indexOf('\n', at);
  const to = lineEnd < 0 ? src.text.length : lineEnd;
  // Comment characters are those blanked in `code` (strings are kept there).
  let comments = '';
  for (let i = from; i < to; i++) if (src.code[i] !== src.text[i]) comments += src.text[i];
  return /compiler|optimi[sz]|single[- ]?thread|signal handler/i.test(comments);
}

/** Each definition's class on the target, names resolved through the file's own definitions. */
function classifier(defs: Definition[]): (name: string) => BodyClass | undefined {
  const byName = new Map<string, Definition[]>();
  for (const d of defs) {
    const list = byName.get(d.name);
    if (list) list.push(d); else byName.set(d.name, [d]);
  }
  const memo = new Map<string, BodyClass | undefined>();
  const visiting = new Set<string>();
  const resolve = (name: string): BodyClass | undefined => {
    if (memo.has(name)) return memo.get(name);
    const list = byName.get(name);
    if (!list || visiting.has(name)) return undefined;
    visiting.add(name);
    // Two active definitions (a redefinition): judged only when both say the same.
    const classes = list.map((d) => classifyBody(d.body, resolve));
    visiting.delete(name);
    const result = classes.every((c) => c.kind === 'compiler') ? classes[0] : classes.some((c) => c.kind === 'compiler') ? undefined : { kind: 'other' as const };
    memo.set(name, result);
    return result;
  };
  return resolve;
}

export const rule: Rule = {
  meta: {
    id: 'c-compiler-barrier-as-fence',
    defaultSeverity: 'info',
    // The atomics and ordering category (as c-legacy-sync-builtins): the report counts it as a correctness hazard.
    category: 'alignment',
    kinds: ['c', 'cpp', 'go'],
    description: 'A macro or function named like a CPU memory barrier (smp_mb, wmb, memory_barrier...) that is only a compiler barrier where it is compiled for ARM.',
  },
  prefilter: /""\s*(?::\s*){3}"memory"|atomic_signal_fence|_(?:ReadWrite|Read|Write)Barrier|__memory_barrier/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    const rel = path.relative(ctx.root, ctx.path).replace(/\\/g, '/');
    if (!src || OTHER_ARCH_PATH.test(rel)) return;
    const targets = ARM32_PATH.test(rel) ? src.targets.filter((t) => TARGETS[t].goarch === 'arm') : src.targets;
    const reported = new Set<number>();
    for (const t of targets) {
      const defs = [...macroDefinitions(src, t), ...functionDefinitions(src, t)];
      const resolve = classifier(defs);
      for (const d of defs) {
        const kind = barrierKindOfName(d.name);
        if (!kind || reported.has(d.nameStart)) continue;
        const cls = resolve(d.name);
        if (cls?.kind !== 'compiler' || documentedAsCompilerOnly(src, d.start)) continue;
        reported.add(d.nameStart);
        const fix = arm64Replacement(kind);
        const device = arm64DeviceBarrier(d.name, kind);
        const what = kind === 'full' ? 'a memory barrier' : kind === 'read' ? 'a read barrier' : 'a write barrier';
        const msvc = TARGETS[t].goos === 'windows' ? ` (MSVC: __dmb(${kind === 'read' ? '_ARM64_BARRIER_ISHLD' : kind === 'write' ? '_ARM64_BARRIER_ISHST' : '_ARM64_BARRIER_ISH'}))` : '';
        ctx.report({
          start: d.nameStart,
          end: d.nameStart + d.name.length,
          message:
            `${d.name} is named as ${what} but, as compiled for ${t}, it is only a compiler barrier (${cls.barriers[0]}): ` +
            `it keeps the compiler from moving memory accesses across it and emits no instruction, so the CPU may still reorder them. ` +
            `x86's total store order keeps every order but one, a store before a later load (which needs mfence or a locked ` +
            `instruction even there); arm64 is weakly ordered and may reorder loads and stores both ways. ` +
            `If callers rely on it to order memory between threads, on AArch64 make it ${fix.builtin} or ` +
            `asm volatile("${fix.dmb}" ::: "memory")${msvc}` +
            (device
              ? `; if it orders memory shared with a device (DMA rings, MMIO), the Linux kernel's ${device.kernel} is ${device.insn} on arm64.`
              : '.'),
          data: { name: d.name, kind, target: t, barrier: cls.barriers[0] },
        });
      }
    }
  },
};
