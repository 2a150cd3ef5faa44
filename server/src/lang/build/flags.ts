// Compiler flags that matter when a build moves to ARM64, and a plain-text scanner for them.

/** What a flag does on an ARM64 build (facts/deploy-rules.md sections 4 and 5). */
export type FlagClass =
  | 'float-abi'        // -mfloat-abi= / -mfpu= : 32-bit ARM only; AArch64 GCC and clang >= 17 reject them
  | 'x86'              // x86-only -m flags and -march=x86-64*: unrecognized on AArch64 GCC
  | 'native'           // -march/-mcpu/-mtune=native, -C target-cpu=native
  | 'sve'              // flags that turn on SVE/SVE2 code generation
  | 'sve-fixed'        // -msve-vector-bits=N, N != scalable
  | 'cpu'              // any other -march=/-mcpu= (the deployment presets compare them with the fleet)
  | 'atomics'          // -moutline-atomics / -mno-outline-atomics
  | 'other';

export interface FlagToken {
  flag: string;
  start: number;
  end: number;
  cls: FlagClass;
}

// Token boundaries: flags sit between spaces, quotes, commas, parentheses or brackets.
const FLAG_RE = /(?<![^\s"'`(\[,;=])(-m[A-Za-z0-9][\w.+=-]*|-C\s*target-cpu=[\w.+-]+)/g;

const X86_FLAG = /^-m(?:sse[0-9.a-z]*|ssse3|avx[0-9a-z_-]*|fma4?|pclmul|aes|popcnt|bmi2?|lzcnt|f16c|sha|xop|3dnow|mmx|32|64|x32|abm|tbm|rdrnd|rdseed|adx|movbe|vpclmulqdq|vaes|gfni|fpmath=sse|fpmath=387|tune=(?:intel|haswell|skylake\S*|znver\d|core2|nehalem|sandybridge|ivybridge|broadwell|x86-64\S*)|arch=(?:x86-64\S*|i[3-6]86|pentium\S*|core2|core-avx\S*|nehalem|westmere|sandybridge|ivybridge|haswell|broadwell|skylake\S*|cascadelake|icelake\S*|znver\d|k8\S*|athlon\S*|atom|silvermont|goldmont\S*|tremont|sapphirerapids|alderlake))$/;
const SVE_FLAG = /^-m(?:arch=armv(?:9[\w.+-]*|8\.[2-9]-a[\w.+-]*\+sve2?\b[\w+]*|8(?:\.\d)?-a[\w+]*\+sve[\w+]*)|cpu=(?:neoverse-(?:v1|v2|v3|n2|n3|512tvb)|a64fx|grace)(?:\+[\w+]*)?)$/;

export function classifyFlag(flag: string): FlagClass {
  if (/^-m(?:float-abi|fpu)=/.test(flag)) return 'float-abi';
  if (/^-m(?:arch|cpu|tune)=native$/.test(flag) || /^-C\s*target-cpu=native$/.test(flag)) return 'native';
  if (/^-msve-vector-bits=/.test(flag)) return /=scalable$/.test(flag) ? 'other' : 'sve-fixed';
  if (/^-m(?:arch|cpu)=/.test(flag) && /\+nosve/.test(flag)) return 'cpu';
  if (SVE_FLAG.test(flag) || (/^-march=armv8[\w.-]*\+/.test(flag) && /\+sve2?(?![a-z0-9])/.test(flag))) return 'sve';
  if (X86_FLAG.test(flag)) return 'x86';
  if (/^-m(?:arch|cpu)=/.test(flag)) return 'cpu';
  if (/^-m(?:no-)?outline-atomics$/.test(flag)) return 'atomics';
  return 'other';
}

/** All flags in `text` that have a class other than 'other', with offsets shifted by `base`. */
export function scanFlags(text: string, base = 0): FlagToken[] {
  const out: FlagToken[] = [];
  for (const m of text.matchAll(FLAG_RE)) {
    // Strip trailing punctuation that belongs to the surrounding syntax ("-mavx2)" or "-mavx2,").
    const flag = m[1].replace(/[.,;]+$/, '');
    const cls = classifyFlag(flag);
    if (cls === 'other') continue;
    out.push({ flag, start: base + m.index!, end: base + m.index! + flag.length, cls });
  }
  return out;
}

/**
 * Probe contexts: the flag is tested, not used (`check_c_compiler_flag(-mavx2 ...)`, meson `cc.has_argument`,
 * kbuild `$(call cc-option,...)`). A probe fails harmlessly on arm64, so no rule reports inside one.
 */
export const PROBE_RE = /check_(?:c|cxx)_compiler_flag|check_compiler_flag|check_(?:c|cxx)_source_(?:compiles|runs)|CMAKE_REQUIRED_FLAGS|has_argument|has_multi_arguments|get_supported_arguments|first_supported_argument|cc-option|cc-flag|try-run|cc-ifversion|AX_CHECK_COMPILE_FLAG|AC_COMPILE_IFELSE/i;

/** x86 replacement suggestions for build-x86-flags (facts/deploy-rules.md 4.3; catalogue). */
export function armEquivalent(flag: string): string | undefined {
  if (/^-msse4\.2$|^-mcrc32$/.test(flag)) return '-march=armv8-a+crc';
  if (/^-m(?:aes|pclmul)$/.test(flag)) return '-march=armv8-a+crypto';
  return undefined;
}
