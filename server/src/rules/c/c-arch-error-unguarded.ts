// c-arch-error-unguarded: an `#error` that the preprocessor reaches when compiling for an ARM target, inside
// an architecture #if chain that has no branch for it (e.g. #if __x86_64__ ... #else #error "unsupported").
import type { Rule, RuleContext } from '../rule';
import { cSource, C_KIND_PREFILTERS } from './support/cSource';
import { includedOnlyWhereInactive, notInBuild } from './support/buildMembership';
import type { TargetId } from '../../core/targets';

/** The x86 target of the same OS and word size, for "is this #error an ARM problem at all". */
const X86_OF: Partial<Record<TargetId, TargetId>> = { 'linux/arm64': 'linux/amd64', 'linux/arm': 'linux/386' };

const ARCH_MACRO = /\b(__x86_64__?|__amd64__?|__i[3-6]86__|_M_X64|_M_AMD64|_M_IX86|_M_ARM\w*|__aarch64__|__arm__|__arm64__?|__ARM_\w+|__SSE\w*__|__AVX\w*__|__powerpc\w*__|__PPC\w*__|__ppc\w*__|_ARCH_PPC\w*|__mips\w*|__riscv\w*|__s390\w*__|__sparc\w*|__ia64__|__loongarch\w*|__alpha__|__hppa__|__x86_64|__i386|__LP64__|_LP64|__SIZEOF_POINTER__|__BYTE_ORDER__|__ORDER_\w+__|__BIG_ENDIAN__|__LITTLE_ENDIAN__|__CHAR_UNSIGNED__)\b/;
const ARCH_WORDS = /\b(arch(itecture)?s?|platform|processor|cpu|isa|x86|x86_64|x64|amd64|i386|sse\d*|avx\d*|endian\w*|64-bit|32-bit|unsupported|not supported)\b/i;

/** Macros that name an ARM architecture under some compiler (GCC/Clang, MSVC, Apple). */
const ARM_MACRO = /\b(_M_ARM64\w*|_M_ARM|_M_ARMT|__aarch64__|__arm__|__arm64__?|__ARM_ARCH\w*|__thumb\w*__|__ARMEL__|__ARMEB__|__AARCH64EL__)\b/;

/**
 * Whether some condition of an #if chain (including earlier branches) tests an architecture macro, and whether
 * one of them is a branch for ARM (under any compiler's macro name).
 */
interface Frame { arch: boolean; arm: boolean }

/**
 * For each #error line: whether it is inside an #if chain, and whether a condition of an enclosing chain tests an
 * architecture macro (counted as the chains open and close: #errors deep inside many #ifs stay linear).
 */
function errorsWithConditions(code: string): { start: number; end: number; message: string; guarded: boolean; archCondition: boolean; armBranch: boolean }[] {
  const out: { start: number; end: number; message: string; guarded: boolean; archCondition: boolean; armBranch: boolean }[] = [];
  const stack: Frame[] = [];
  let archFrames = 0, armFrames = 0;
  for (const m of code.matchAll(/^[ \t]*#[ \t]*([a-z]+)\b([^\n]*(?:\\\n[^\n]*)*)/gm)) {
    const name = m[1];
    const rest = m[2].replace(/\\\n/g, ' ').trim();
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      const arch = ARCH_MACRO.test(rest);
      const arm = ARM_MACRO.test(rest);
      stack.push({ arch, arm });
      if (arch) archFrames++;
      if (arm) armFrames++;
    } else if (name === 'elif' || name === 'elifdef' || name === 'elifndef') {
      const top = stack.at(-1);
      if (top && !top.arch && ARCH_MACRO.test(rest)) { top.arch = true; archFrames++; }
      if (top && !top.arm && ARM_MACRO.test(rest)) { top.arm = true; armFrames++; }
    } else if (name === 'else') { /* same chain: earlier conditions still describe it */ }
    else if (name === 'endif') { const f = stack.pop(); if (f?.arch) archFrames--; if (f?.arm) armFrames--; }
    else if (name === 'error') {
      const start = m.index! + m[0].indexOf('#');
      out.push({ start, end: m.index! + m[0].length, message: rest, guarded: stack.length > 0, archCondition: archFrames > 0, armBranch: armFrames > 0 });
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'c-arch-error-unguarded',
    defaultSeverity: 'error',
    category: 'arch-source',
    kinds: ['c', 'cpp', 'go'],
    description: '#error reached when compiling for an ARM target, in an architecture #if chain with no ARM branch.',
  },
  prefilter: /#[ \t]*error\b/,
  prefilterByKind: C_KIND_PREFILTERS,
  check(ctx: RuleContext) {
    const src = cSource(ctx);
    if (!src) return;
    for (const e of errorsWithConditions(src.code)) {
      // Only architecture decisions: the enclosing chain tests arch macros, or the message says so.
      if (!e.guarded) continue;
      if (!e.archCondition && !ARCH_WORDS.test(e.message)) continue;
      // A chain with an ARM branch (`#elif defined(_M_ARM64)`) handles ARM: when its #else is reached all the
      // same, the chain was written for another compiler (MSVC's _M_* macros, unknown to GCC on Linux).
      if (e.armBranch) continue;
      const target = src.reachableOn(e.start);
      if (!target) continue;
      // Reached on the x86 target of the same OS too: the file is not built there either (an MSVC-only header,
      // a file for another OS); not an ARM port problem.
      const x86 = X86_OF[target];
      // src.activity evaluates the file's #if's once per target, whatever the number of #errors.
      if (x86 && src.activity(x86).isActive(e.start) === true) continue;
      // A source file its directory's build files do not list (OpenSSL's poly1305_ieee754.c, a template) is not built.
      if (notInBuild(ctx)) continue;
      // A header its directory includes only under another compiler or OS (`#ifdef _MSC_VER`) is not read here.
      if (includedOnlyWhereInactive(ctx, target)) continue;
      ctx.report({
        start: e.start,
        end: e.end,
        message:
          `This #error is reached when compiling for ${target} (${e.message || 'no message'}): the enclosing #if chain ` +
          `has no branch for this architecture. Add an AArch64 branch (e.g. #elif defined(__aarch64__)) or a portable fallback.`,
        data: { target },
      });
    }
  },
};
