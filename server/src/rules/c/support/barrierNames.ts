// What a barrier's name promises and what its definition gives: c-compiler-barrier-as-fence reports a macro or
// function named like a CPU memory barrier (smp_mb, wmb, MemoryBarrier, ngx_memory_barrier...) whose definition is
// nothing but a compiler barrier. Both tests are deliberately narrow: a definition with anything else in it (an
// instruction, a call the file does not define) is not judged.

/** The words of an identifier: `sqlite3MemoryBarrier` -> sqlite3, memory, barrier; `__smp_wmb` -> smp, wmb. */
export function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);
}

/** Words that say the barrier is meant for the compiler (or a signal handler) only: compiler_barrier, cc_barrier. */
const COMPILER_WORDS = new Set(['compiler', 'compile', 'cc', 'gcc', 'signal', 'sig', 'opt', 'optimizer', 'optimization', 'sw', 'software']);
/** The last word of a CPU barrier's name. */
const BARRIER_TAIL = new Set(['mb', 'rmb', 'wmb', 'barrier', 'fence', 'membar', 'mfence', 'lfence', 'sfence']);
/** Words that may follow `barrier`/`fence` and still name a CPU barrier: fence_acquire, barrier_full, fence_store. */
const KIND_WORDS = new Set(['load', 'loads', 'store', 'stores', 'acquire', 'release', 'acq', 'rel', 'full', 'rw', 'read', 'write', 'memory', 'mem', 'all']);

export type BarrierKind = 'full' | 'read' | 'write';

/**
 * The kind of CPU barrier the name promises, or undefined when it promises none. `barrier` alone is the Linux
 * kernel's compiler barrier (memory-barriers.txt "COMPILER BARRIER"), and `_ReadWriteBarrier`/`_ReadBarrier`/
 * `_WriteBarrier` are MSVC's compiler-only intrinsics: names that say "compiler barrier" are not reported.
 * `read_barrier_depends`, `smp_mb__before_atomic` end in other words: not names of plain barriers.
 */
export function barrierKindOfName(name: string): BarrierKind | undefined {
  if (/^_?(ReadWrite|Read|Write)Barrier$/.test(name)) return undefined;
  const words = nameWords(name);
  if (words.length === 0 || words.some((w) => COMPILER_WORDS.has(w))) return undefined;
  if (words.length === 1 && words[0] === 'barrier') return undefined;
  let last = words.length - 1;
  while (last > 0 && KIND_WORDS.has(words[last]) && !BARRIER_TAIL.has(words[last])) last--;
  if (!BARRIER_TAIL.has(words[last])) return undefined;
  const kindWords = new Set(words);
  const tail = words[last];
  if (tail === 'rmb' || tail === 'lfence') return 'read';
  if (tail === 'wmb' || tail === 'sfence') return 'write';
  const read = kindWords.has('read') || kindWords.has('load') || kindWords.has('loads') || kindWords.has('acquire') || kindWords.has('acq');
  const write = kindWords.has('write') || kindWords.has('store') || kindWords.has('stores') || kindWords.has('release') || kindWords.has('rel');
  return read && !write ? 'read' : write && !read ? 'write' : 'full';
}

/**
 * Compiler-only barriers: an empty asm template with a "memory" clobber, C11/C++11 signal fences, MSVC's
 * _ReadWriteBarrier family, ICC's __memory_barrier. None emits an instruction (the docs page shows the disassembly).
 */
const COMPILER_BARRIER = new RegExp([
  String.raw`\b(?:__asm__|__asm|asm)\s*(?:(?:volatile|__volatile__|__volatile)\s*)?\(\s*(?:""\s*)+(?::\s*){1,3}"memory"\s*\)`,
  String.raw`(?:\bstd\s*::\s*)?\b(?:__)?atomic_signal_fence\s*\([^()]*\)`,
  String.raw`\b_(?:ReadWrite|Read|Write)Barrier\s*\(\s*\)`,
  String.raw`\b__memory_barrier\s*\(\s*\)`,
].join('|'), 'g');

/** Statement syntax around a barrier that does nothing: do { } while (0), ((void)0), braces, semicolons, a line continuation. */
const FILLER = /\bdo\b|\bwhile\b|\bvoid\b|\b0\b|[{}();\\\s]/g;

/** A call of a name: `barrier()`, `cpu_barrier ( )`, or the bare name of an object-like macro. */
const CALL = /^\s*\(?\s*([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*\)?\s*;?\s*$/;

export type BodyClass =
  /** Only compiler barriers: the string names them. */
  | { kind: 'compiler'; barriers: string[] }
  | { kind: 'other' };

/**
 * What a definition's body (comments removed, strings kept) amounts to. `resolve` gives the class of another name
 * the body consists of (a macro or function of the same file), or undefined when the file does not define it.
 */
export function classifyBody(body: string, resolve: (name: string) => BodyClass | undefined): BodyClass {
  const barriers: string[] = [];
  const rest = body.replace(COMPILER_BARRIER, (m) => { barriers.push(m.replace(/\s+/g, ' ')); return ' '; });
  if (rest.replace(FILLER, '') === '') return barriers.length > 0 ? { kind: 'compiler', barriers } : { kind: 'other' };
  // `#define smp_wmb() barrier()` with barrier() defined in this file as a compiler barrier.
  const call = barriers.length === 0 ? CALL.exec(rest.replace(/\bdo\b|\bwhile\s*\(\s*0\s*\)|[{};]/g, ' ')) : null;
  if (!call || call[1] === 'do' || call[1] === 'while') return { kind: 'other' };
  const inner = resolve(call[1]);
  return inner ?? { kind: 'other' };
}

/** The AArch64 barrier a kind needs, as arch/arm64/include/asm/barrier.h defines __smp_mb/__smp_rmb/__smp_wmb. */
export function arm64Replacement(kind: BarrierKind): { dmb: string; builtin: string } {
  if (kind === 'read') return { dmb: 'dmb ishld', builtin: '__atomic_thread_fence(__ATOMIC_ACQUIRE)' };
  if (kind === 'write') return { dmb: 'dmb ishst', builtin: '__atomic_thread_fence(__ATOMIC_RELEASE)' };
  return { dmb: 'dmb ish', builtin: '__atomic_thread_fence(__ATOMIC_SEQ_CST)' };
}

/**
 * For the Linux kernel's barriers that also order memory shared with devices, what they are on arm64
 * (arch/arm64/include/asm/barrier.h): the mandatory mb()/rmb()/wmb() are dsb sy/ld/st, dma_mb()/dma_rmb()/dma_wmb()
 * dmb osh/oshld/oshst. Undefined for the smp_* family and other names.
 */
export function arm64DeviceBarrier(name: string, kind: BarrierKind): { kernel: string; insn: string } | undefined {
  const words = nameWords(name);
  if (words.includes('smp')) return undefined;
  const k = kind === 'read' ? 'r' : kind === 'write' ? 'w' : '';
  if (words.includes('dma')) return { kernel: `dma_${k}mb()`, insn: kind === 'read' ? 'dmb oshld' : kind === 'write' ? 'dmb oshst' : 'dmb osh' };
  if (/^_*[rw]?mb$/i.test(name)) return { kernel: `${k}mb()`, insn: kind === 'read' ? 'dsb ld' : kind === 'write' ? 'dsb st' : 'dsb sy' };
  return undefined;
}
