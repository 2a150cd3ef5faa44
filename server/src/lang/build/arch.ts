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

/** The architecture a command line or assignment builds for, from tool names in it; undefined if it does not say. */
export function archOfCommandText(text: string): BuildArch | undefined {
  const a64 = ARM64_TOOL.test(text), a32 = ARM32_TOOL.test(text), x86 = X86_TOOL.test(text);
  const n = Number(a64) + Number(a32) + Number(x86);
  if (n !== 1) return n === 0 ? undefined : 'any';
  return a64 ? 'arm64' : a32 ? 'arm32' : 'x86';
}

// Words an arch *condition* uses. SSE/AVX names count as x86: `if(HAVE_AVX2)` only holds on x86.
const X86_WORD = /(?<![A-Za-z0-9])(?:x86_64|x86-64|x86|amd64|x64|i[3-6]86|ia32|__x86_64__|__i386__|_M_X64|_M_IX86|intel|(?:have_|use_|enable_|with_|compiler_supports_|cxx_|c_)?(?:sse[0-9_.]*|avx[0-9a-z_]*|ssse3|fma|pclmul|popcnt|bmi2?))(?![A-Za-z0-9])/i;
const ARM64_WORD = /(?<![A-Za-z0-9])(?:aarch64|arm64|armv8[a-z0-9.+-]*|__aarch64__|_M_ARM64|neon|sve2?|asimd)(?![A-Za-z0-9])/i;
const ARM32_WORD = /(?<![A-Za-z0-9])(?:arm|armv[5-7][a-z]*|armhf|armel|__arm__|_M_ARM)(?![A-Za-z0-9])/i;
const OTHER_WORD = /(?<![A-Za-z0-9])(?:ppc64le|ppc64|powerpc|s390x|riscv64|mips64?(?:el)?|loongarch64)(?![A-Za-z0-9])/i;

/**
 * The arch a guarded branch runs for. `negated`: the else-branch, or a `!=`/`NOT`/`ifneq` test.
 * Returns undefined when the condition is not about the architecture.
 */
export function archOfCondition(cond: string, negated: boolean): BuildArch | undefined {
  const x86 = X86_WORD.test(cond), a64 = ARM64_WORD.test(cond), a32 = ARM32_WORD.test(cond), other = OTHER_WORD.test(cond);
  const arm = a64 || a32;
  if (x86 && arm) return negated ? undefined : 'any';
  if (x86) return negated ? undefined : 'x86';
  if (arm) {
    if (negated) return 'not-arm';
    return a64 && !a32 ? 'arm64' : a32 && !a64 ? 'arm32' : 'arm64';
  }
  if (other) return negated ? undefined : 'other';
  return undefined;
}

/** Inner guard wins; 'any' (or no guard) defers to the outer one. Guards listed innermost first. */
export function innermostArch(archs: (BuildArch | undefined)[], fallback: BuildArch): BuildArch {
  for (const a of archs) if (a && a !== 'any') return a;
  return archs.includes('any') ? 'any' : fallback;
}

/** True when a condition text is negative (`!=`, `NOT`, `!`, `ifneq`, `-ne`). */
export function conditionIsNegated(cond: string): boolean {
  return /!=|(?<![A-Za-z])NOT(?![A-Za-z])|^\s*!|\s!\s|ifneq|ifndef|\s-ne\s/.test(cond);
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
