// c-x86-inline-asm: GNU or MSVC inline assembly with x86 instructions or registers, in code compiled for an
// ARM target. Compiler-only barriers (asm("" ::: "memory")) and arch-neutral directives are fine.
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { atDepthOf, continuesDirective, cSource, lineBounds, matchParen, type CSource, C_KIND_PREFILTERS } from './support/cSource';
import { COUNTER_RATE, rdtscAsmFix } from './support/rdtscFix';

const ASM_START = /\b(__asm__|__asm|asm)\b((?:\s*(?:volatile|__volatile__|__volatile|goto|inline|__inline__))*)\s*\(/g;
const MSVC_ASM = /\b(__asm|_asm)\s*(\{|[a-z]{2,}\s)/g;

const X86_MNEMONICS = new Set([
  'pause', 'mfence', 'lfence', 'sfence', 'rdtsc', 'rdtscp', 'cpuid', 'xchg', 'xchgb', 'xchgw', 'xchgl', 'xchgq', 'cmpxchg',
  'cmpxchgb', 'cmpxchgw', 'cmpxchgl', 'cmpxchgq', 'cmpxchg8b', 'cmpxchg16b', 'lock', 'xadd', 'xaddb', 'xaddw', 'xaddl', 'xaddq',
  'bswap', 'bswapl', 'bswapq', 'crc32b', 'crc32w', 'crc32l', 'crc32q', 'popcnt', 'popcntw', 'popcntl', 'popcntq', 'rep', 'repe', 'repne', 'repz', 'repnz',
  'movl', 'movq', 'movb', 'movw', 'movzbl', 'movzwl', 'movsbl', 'movslq', 'addl', 'addq', 'subl', 'subq', 'incl', 'incq', 'decl',
  'decq', 'leal', 'leaq', 'andl', 'andq', 'orl', 'orq', 'xorl', 'xorq', 'shll', 'shlq', 'shrl', 'shrq', 'sarl', 'sarq', 'imull', 'imulq',
  'pushf', 'pushfl', 'pushfq', 'popf', 'popfl', 'popfq', 'pushl', 'pushq', 'popl', 'popq', 'cli', 'sti', 'int3', 'xgetbv', 'rdrand', 'rdseed', 'bsf', 'bsfl', 'bsfq',
  'bsr', 'bsrl', 'bsrq', 'lzcnt', 'lzcntl', 'lzcntq', 'tzcnt', 'tzcntl', 'tzcntq', 'pcmpestri', 'pcmpestrm', 'pcmpistri', 'pcmpistrm', 'movdqu', 'movdqa',
  'movups', 'movaps', 'pand', 'pxor', 'por', 'pshufb', 'vzeroupper', 'vzeroall', 'prefetcht0', 'prefetcht1', 'prefetcht2',
  'prefetchnta', 'clflush', 'clflushopt', 'cltq', 'cqto', 'cltd', 'testl', 'testq', 'cmpl', 'cmpq', 'jmp', 'jne', 'jz', 'jnz', 'setc', 'sete', 'setne', 'cmovz', 'cmovnz',
  'xbegin', 'xend', 'xabort', 'xtest', 'rdpmc', 'wbinvd', 'invlpg', 'mulx', 'adcx', 'adox', 'shld', 'shrd', 'fldcw', 'fnstcw', 'fstcw', 'stmxcsr', 'ldmxcsr', 'fninit', 'fwait', 'emms',
]);

const X86_REGISTER = /%%?(?:[re]?[abcd]x|[abcd][lh]|[re]?(?:si|di|sp|bp|ip)|r(?:8|9|1[0-5])[dwb]?|[xyz]mm\d+|eflags|rflags|cr[0-8]|[cdefgs]s)\b/;

/** Idioms with a one-instruction AArch64 equivalent and no operands. */
const IDIOMS: Record<string, string> = {
  pause: 'yield', 'rep;nop': 'yield', 'repnop': 'yield', mfence: 'dmb ish', lfence: 'dmb ishld', sfence: 'dmb ishst',
};

/** The string literals of the asm template (before the first top-level ':'). */
function templateOf(src: CSource, open: number, close: number): { text: string; literals: { start: number; end: number }[]; hasOperands: boolean } {
  // The first ':' outside parentheses (found without rescanning the asm statements nested in the operands).
  const colon = atDepthOf(src.bare, ':', '(', ')', open + 1, close - 1)[0] ?? -1;
  const tplEnd = colon < 0 ? close - 1 : colon;
  const literals: { start: number; end: number }[] = [];
  let text = '';
  for (const m of src.code.slice(open + 1, tplEnd).matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
    literals.push({ start: open + 1 + m.index!, end: open + 1 + m.index! + m[0].length });
    text += m[1].replace(/\\n|\\t/g, '\n') + '\n';
  }
  // Output and input operand lists: ": "=r"(x) : "r"(y) : "memory"" -> only clobbers count as no operands.
  let hasOperands = false;
  if (colon >= 0) {
    // The first two ':'-separated parts after the template, as split(':') cuts them (without splitting the rest).
    const end = close - 1;
    const next = (from: number) => { const i = src.code.slice(from, end).indexOf(':'); return i < 0 ? end : from + i; };
    const c1 = next(colon + 1);
    const outputs = src.code.slice(colon + 1, c1);
    const inputs = c1 < end ? src.code.slice(c1 + 1, next(c1 + 1)) : '';
    hasOperands = outputs.trim() !== '' || inputs.trim() !== '';
  }
  return { text, literals, hasOperands };
}

/** x86 evidence in an asm template: mnemonics at statement starts, or x86 register names. */
export function x86Evidence(template: string): string | undefined {
  for (const stmt of template.split(/[\n;]/)) {
    const s = stmt.trim().replace(/^[A-Za-z0-9_.$]+:\s*/, '');
    const word = /^([a-z][a-z0-9]*)/i.exec(s)?.[1]?.toLowerCase();
    if (word && X86_MNEMONICS.has(word)) return word;
  }
  const r = X86_REGISTER.exec(template);
  return r ? r[0].replace(/^%+/, '%') : undefined;
}

function idiomFix(src: CSource, start: number, end: number, template: string, literals: { start: number; end: number }[]): Fix | undefined {
  const key = template.replace(/\s+/g, '').replace(/;$/, '').toLowerCase();
  const arm = IDIOMS[key];
  if (!arm || literals.length !== 1) return undefined;
  // Only a statement alone on its line can be wrapped in #if.
  const line = lineBounds(src.text, start);
  const before = src.text.slice(line.start, start);
  const semi = /^\s*;[ \t]*$/.exec(src.code.slice(end, line.end));
  if (before.trim() !== '' || !semi || continuesDirective(src.text, line.start)) return undefined;
  // Both branches keep the whole line, so a comment after the ';' stays.
  const original = src.text.slice(line.start, line.end);
  const lit = literals[0];
  const armLine = src.text.slice(line.start, lit.start) + `"${arm}"` + src.text.slice(lit.end, line.end);
  return {
    title: `Use "${arm}" on AArch64 (keep "${template.trim().replace(/\n/g, ' ')}" on x86)`,
    kind: 'fix',
    edits: [{
      start: line.start,
      end: line.end,
      newText: `#if defined(__aarch64__) || defined(_M_ARM64)\n${armLine}\n#else\n${original}\n#endif`,
    }],
  };
}

const ADVICE: Record<string, string> = {
  pause: 'on AArch64 use "yield" (or "isb" for a longer back-off)',
  rep: 'the "rep; nop" spin hint is "yield" on AArch64',
  mfence: 'on AArch64 use "dmb ish", or better atomic_thread_fence(memory_order_seq_cst)',
  lfence: 'on AArch64 use "dmb ishld" (or atomic_thread_fence(memory_order_acquire))',
  sfence: 'on AArch64 use "dmb ishst" (or atomic_thread_fence(memory_order_release))',
  rdtsc: `on AArch64 read the virtual counter with "mrs %0, cntvct_el0", or use clock_gettime(CLOCK_MONOTONIC); ${COUNTER_RATE}`,
  rdtscp: `on AArch64 read the virtual counter with "isb; mrs %0, cntvct_el0", or use clock_gettime(CLOCK_MONOTONIC); ${COUNTER_RATE}`,
  cpuid: 'on AArch64 read features with getauxval(AT_HWCAP/AT_HWCAP2)',
  bswap: 'use __builtin_bswap32/64 (rev on AArch64)',
  popcnt: 'use __builtin_popcount/popcountll',
  crc32b: 'use the ACLE __crc32c* intrinsics from arm_acle.h (+crc)',
};

export const rule: Rule = {
  meta: {
    id: 'c-x86-inline-asm',
    defaultSeverity: 'error',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: 'Inline assembly with x86 instructions or registers reachable when compiling for an ARM target.',
    fixable: 'fix',
  },
  prefilter: /\b(__asm__|__asm|asm|_asm)\b/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    for (const m of src.bare.matchAll(ASM_START)) {
      const start = m.index!;
      const open = start + m[0].length - 1;
      const close = matchParen(src.bare, open);
      if (close === undefined) continue;
      const target = src.reachableOn(start);
      if (!target) continue;
      const tpl = templateOf(src, open, close);
      if (tpl.text.trim() === '') continue; // compiler barrier
      const ev = x86Evidence(tpl.text);
      if (!ev) continue;
      // "lfence; rdtsc" is a counter read: its advice is rdtsc's, not the fence's.
      const timer = /(?:^|[\s;])(rdtscp?)\b/i.exec(tpl.text)?.[1].toLowerCase();
      const fix = ctx.kind === 'go' ? undefined
        : !tpl.hasOperands ? idiomFix(src, start, close, tpl.text, tpl.literals)
        : timer ? rdtscAsmFix(src, start, open, close) : undefined;
      // lfence before rdtsc orders it as rdtscp does: on AArch64 that is the isb.
      const key = timer === 'rdtsc' && /\blfence\b/i.test(tpl.text) ? 'rdtscp' : timer;
      const advice = ADVICE[key ?? ev.replace(/[lq]$/, '')] ?? ADVICE[ev];
      ctx.report({
        start,
        end: close,
        message:
          `x86 inline assembly (${ev.startsWith('%') ? `register ${ev}` : `"${ev}"`}) is compiled here for ${target}: ` +
          `the ARM assembler rejects it. ${advice ? advice[0].toUpperCase() + advice.slice(1) + '; ' : ''}` +
          `keep the x86 version behind #if defined(__x86_64__) || defined(__i386__).`,
        fixes: fix ? [fix] : [],
        data: { evidence: ev, target },
      });
    }
    for (const m of src.bare.matchAll(MSVC_ASM)) {
      const start = m.index!;
      if (/^\s*(?:(?:volatile|__volatile__|__volatile|goto|inline|__inline__)\s*)*\(/.test(src.bare.slice(start + m[1].length))) continue;
      const target = src.reachableOn(start);
      if (!target) continue;
      ctx.report({
        start,
        end: start + m[1].length,
        message:
          `MSVC-style ${m[1]} block is compiled here for ${target}: it exists only for 32-bit x86 MSVC (MSVC has no inline ` +
          `assembly on x64 or ARM64, and GCC/Clang on ARM reject x86 instructions). Use intrinsics or a guarded C fallback.`,
        data: { target },
      });
    }
  },
};
