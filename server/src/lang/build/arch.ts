// Which architecture a build line targets, decided from the text around it: a cross compiler's name,
// GOARCH=, --target=, a Docker platform, or an arch guard (CMake/Make/meson/shell conditions).

/**
 * 'any' = nothing says which architecture (the build runs for every one, including arm64);
 * 'not-arm' = excluded from ARM builds (else-branch of an aarch64 check).
 */
export type BuildArch = 'arm64' | 'arm32' | 'x86' | 'other' | 'not-arm' | 'any';

/** True when a flag in a build for `arch` ends up in an AArch64 build (or in a build for every arch). */
export function reachesArm64(arch: BuildArch): boolean { return arch === 'arm64' || arch === 'any'; }
/** True when the build can be an ARM build of either width. */
export function reachesArm(arch: BuildArch): boolean { return arch === 'arm64' || arch === 'arm32' || arch === 'any'; }

// Tool and triple spellings, most specific first. Word boundaries are hand-made because '-' and '_' occur inside.
const B = '(?<![A-Za-z0-9])';
const E = '(?![A-Za-z0-9])';
const ARM64_TOOL = new RegExp(`${B}(?:aarch64|arm64)-[a-z0-9_-]*(?:gcc|g\\+\\+|cc|c\\+\\+|clang\\+?\\+?|gnu|musl|elf|linux)|--target[= ](?:aarch64|arm64)|-target\\s+(?:aarch64|arm64)|${B}GOARCH\\s*[:=]\\s*["']?arm64${E}|--host[= ]aarch64|--platform[= ]["']?linux/arm64|CMAKE_SYSTEM_PROCESSOR\\s+["']?(?:aarch64|arm64)`, 'i');
const ARM32_TOOL = new RegExp(`${B}(?:arm|armv[5-7][a-z]*)-[a-z0-9_-]*(?:gnueabi(?:hf)?|eabi)|--target[= ]armv?[5-7]?|${B}GOARCH\\s*[:=]\\s*["']?arm["']?${E}(?!64)|--platform[= ]["']?linux/arm/v[5-7]|CMAKE_SYSTEM_PROCESSOR\\s+["']?(?:armv7|arm)${E}`, 'i');
const X86_TOOL = new RegExp(`${B}(?:x86_64|i[3-6]86|amd64)-[a-z0-9_-]*(?:gcc|g\\+\\+|cc|clang|gnu|musl|mingw32|linux|elf)|--target[= ](?:x86_64|i[3-6]86)|${B}GOARCH\\s*[:=]\\s*["']?(?:amd64|386)${E}|--host[= ](?:x86_64|i[3-6]86)|--platform[= ]["']?linux/(?:amd64|386)|CMAKE_SYSTEM_PROCESSOR\\s+["']?(?:x86_64|AMD64|i[3-6]86)`, 'i');

// Cross compilers for architectures that are neither ARM nor x86: `-m32`/`-m64` are theirs too (PowerPC, SPARC,
// s390x, MIPS accept them), so `CC=powerpc-linux-gnu-gcc CFLAGS="-m64"` is not an x86 build.
const OTHER_TOOL = new RegExp(`${B}(?:powerpc(?:64)?(?:le)?|ppc(?:64)?(?:le)?|s390x?|sparc(?:v9|64)?|mips(?:isa)?(?:64)?(?:r6)?(?:el)?|riscv(?:32|64)|loongarch64|m68k|alpha|hppa|sh4)-[a-z0-9_-]*(?:gcc|g\\+\\+|cc|clang|gnu|linux|elf)|${B}GOARCH\\s*[:=]\\s*["']?(?:ppc64le|ppc64|s390x|mips64le|mips64|mipsle|mips|riscv64|loong64)${E}`, 'i');

/** The architecture a command line or assignment builds for, from tool names in it; undefined if it does not say. */
export function archOfCommandText(text: string): BuildArch | undefined {
  const a64 = ARM64_TOOL.test(text), a32 = ARM32_TOOL.test(text), x86 = X86_TOOL.test(text), other = OTHER_TOOL.test(text);
  const n = Number(a64) + Number(a32) + Number(x86) + Number(other);
  if (n !== 1) return n === 0 ? undefined : 'any';
  return a64 ? 'arm64' : a32 ? 'arm32' : x86 ? 'x86' : 'other';
}

// Words an arch *condition* uses. SSE/AVX names count as x86: `if(HAVE_AVX2)` only holds on x86.
// `386` is Go's GOARCH (`freebsd_386)` in a case on $GOOS_$GOARCH); `i?86`, `i*86` and `i[3-6]86` are shell globs.
const X86_WORD = /(?<![A-Za-z0-9])(?:x86_64|x86-64|x86|amd64|x64|i[3-6?*]86|i\[3-6\]86|386|ia32|__x86_64__|__i386__|_M_X64|_M_IX86|intel|(?:have_|use_|enable_|with_|compiler_supports_|cxx_|c_)?(?:sse[0-9_.]*|avx[0-9a-z_]*|ssse3|fma|pclmul|popcnt|bmi2?))(?![A-Za-z0-9])/i;
const ARM64_WORD = /(?<![A-Za-z0-9])(?:aarch64|arm64|armv8[a-z0-9.+-]*|__aarch64__|_M_ARM64|neon|sve2?|asimd)(?![A-Za-z0-9])/i;
const ARM32_WORD = /(?<![A-Za-z0-9])(?:arm|armv[5-7][a-z]*|armhf|armel|__arm__|_M_ARM)(?![A-Za-z0-9])/i;
const OTHER_WORD = /(?<![A-Za-z0-9])(?:ppc64le|ppc64|ppc|powerpc(?:64)?(?:le)?|s390x?|riscv(?:32|64)?|mips(?:64)?(?:el|le)?|loongarch64|loong64|sparc(?:v9|64)?|wasm|wasm32)(?![A-Za-z0-9])/i;

/** Which arch words a condition's text contains: the facts archOfCondition and conditionIsNegated read. */
export interface ConditionWords {
  x86: boolean; a64: boolean; a32: boolean; other: boolean; negation: boolean; leadingBang: boolean;
  /** Names an OS with no ARM port (SunOS, AIX, ...): a positive test of it is a guard like an arch test. */
  noArmOs?: boolean;
}

// conditionIsNegated's tests, the leading `!` apart (it only holds at the start of the whole text).
const NEGATION = /!=|(?<![A-Za-z])NOT(?![A-Za-z])|\s!\s|ifneq|ifndef|\s-ne\s/;

export function conditionWords(cond: string): ConditionWords {
  return {
    x86: X86_WORD.test(cond), a64: ARM64_WORD.test(cond), a32: ARM32_WORD.test(cond), other: OTHER_WORD.test(cond),
    negation: NEGATION.test(cond), leadingBang: /^\s*!/.test(cond), noArmOs: NO_ARM_OS.test(cond),
  };
}

/**
 * The words of `a` followed by `b`, without reading the joined text again: a chain `[ t ] && a && b ...` tests
 * longer and longer prefixes. Exact when `a` does not end in whitespace and the texts meet at a word boundary.
 */
export function joinWords(a: ConditionWords, b: ConditionWords): ConditionWords {
  return { x86: a.x86 || b.x86, a64: a.a64 || b.a64, a32: a.a32 || b.a32, other: a.other || b.other, negation: a.negation || b.negation, leadingBang: a.leadingBang, noArmOs: a.noArmOs || b.noArmOs };
}

/** archOfCondition from the words of the condition. */
export function archOfWords(w: ConditionWords, negated: boolean): BuildArch | undefined {
  const arm = w.a64 || w.a32;
  if (w.x86 && arm) return negated ? undefined : 'any';
  if (w.x86) return negated ? undefined : 'x86';
  if (arm) {
    if (negated) return 'not-arm';
    return w.a64 && !w.a32 ? 'arm64' : w.a32 && !w.a64 ? 'arm32' : 'arm64';
  }
  if (w.other || w.noArmOs) return negated ? undefined : 'other';
  return undefined;
}

/**
 * The arch a guarded branch runs for. `negated`: the else-branch, or a `!=`/`NOT`/`ifneq` test.
 * Returns undefined when the condition is not about the architecture.
 */
export function archOfCondition(cond: string, negated: boolean): BuildArch | undefined {
  return archOfWords(conditionWords(cond), negated);
}

/** Inner guard wins; 'any' (or no guard) defers to the outer one. Guards listed innermost first. */
export function innermostArch(archs: (BuildArch | undefined)[], fallback: BuildArch): BuildArch {
  for (const a of archs) if (a && a !== 'any') return a;
  return archs.includes('any') ? 'any' : fallback;
}

/**
 * The arch guards around a place, innermost first, summed up so that adding a guard and asking for the arch
 * cost O(1) however deep the nesting (a list of guards per place would cost the depth for every place).
 */
export interface ArchScope {
  /** innermostArch's answer from the guards alone: the innermost guard that decides an arch. */
  decided: BuildArch | undefined;
  /** Some guard says 'any'. */
  sawAny: boolean;
  /** Some guard is about the architecture at all. */
  guarded: boolean;
}

/** The scope inside a guard of arch `arch` (undefined: a guard not about the architecture). */
export function withGuard(outer: ArchScope | undefined, arch: BuildArch | undefined): ArchScope {
  return {
    decided: arch && arch !== 'any' ? arch : outer?.decided,
    sawAny: arch === 'any' || !!outer?.sawAny,
    guarded: arch !== undefined || !!outer?.guarded,
  };
}

/** innermostArch([...inner, ...guards of scope, ...outer], fallback). */
export function archWithin(inner: (BuildArch | undefined)[], scope: ArchScope | undefined, outer: (BuildArch | undefined)[], fallback: BuildArch): BuildArch {
  for (const a of inner) if (a && a !== 'any') return a;
  if (scope?.decided) return scope.decided;
  for (const a of outer) if (a && a !== 'any') return a;
  return inner.includes('any') || scope?.sawAny || outer.includes('any') ? 'any' : fallback;
}

/** True when a condition text is negative (`!=`, `NOT`, `!`, `ifneq`, `-ne`). */
export function conditionIsNegated(cond: string): boolean {
  return negatedWords(conditionWords(cond));
}

export function negatedWords(w: ConditionWords): boolean {
  return w.negation || w.leadingBang;
}

/**
 * The arch a file's own path names (`cmake/architecture/x86_64.cmake`, `Makefile.aarch64`, `simd/arm/`,
 * `toolchain-armhf.cmake`): such files are included only for that arch. Only the last three path segments count.
 */
export function archOfPath(file: string): BuildArch | undefined {
  const tail = file.split(/[\\/]/).slice(-3).join('/').toLowerCase();
  const x86 = /(?<![a-z0-9])(x86_64|x86-64|x86|amd64|x64|i[3-6]86|intel|sse\d*|avx\d*)(?![a-z0-9])/.test(tail);
  const a64 = /(?<![a-z0-9])(aarch64|arm64|armv8[a-z0-9.-]*|neon64|sve2?)(?![a-z0-9])/.test(tail);
  const a32 = /(?<![a-z0-9])(arm|armv[5-7][a-z0-9]*|armhf|armel|arm32)(?![a-z0-9])/.test(tail);
  const n = Number(x86) + Number(a64) + Number(a32);
  if (n !== 1) return undefined;
  return x86 ? 'x86' : a64 ? 'arm64' : 'arm32';
}

// Operating systems named by a Make/shell condition (`ifeq ($(uname_S),SunOS)`, `case "$(uname -s)" in Darwin)`).
// Solaris/illumos, AIX, HP-UX and the like have no ARM64 port to build for; macOS does, but its compiler is
// Apple clang, which accepts -m32/-m64 on arm64 and only warns about -msse* (checked with clang 19).
const NO_ARM_OS = /(?<![A-Za-z0-9])(?:SunOS|Solaris|AIX|OS400|HP-?UX|IRIX\d*|OSF1|Tru64|UnixWare|SCO_SV)(?![A-Za-z0-9])/i;
const CLANG_OS = /(?<![A-Za-z0-9])(?:Darwin|macOS|MacOSX?|OSX|Apple)(?![A-Za-z0-9])/i;

/** The OS a (non-negated) condition restricts a branch to: 'no-arm' (no ARM port), 'clang' (macOS), or undefined. */
export function osOfCondition(cond: string): 'no-arm' | 'clang' | undefined {
  if (NO_ARM_OS.test(cond)) return 'no-arm';
  if (CLANG_OS.test(cond)) return 'clang';
  return undefined;
}
