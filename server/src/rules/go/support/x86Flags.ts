// Compiler flags that only x86 GCC/Clang accept. Checked against aarch64-linux-gnu-gcc 12.2: each of these
// is rejected ("unrecognized command-line option" or "unknown value for -march/-mtune").

const X86_M_FEATURES =
  'sse|sse2|sse3|ssse3|sse4|sse4\\.1|sse4\\.2|sse4a|avx|avx2|avx512\\w*|avxvnni\\w*|avxifma|fma|fma4|f16c|pclmul|vpclmulqdq|aes|vaes|' +
  'gfni|sha|popcnt|lzcnt|bmi|bmi2|tbm|abm|adx|movbe|rdrnd|rdseed|prfchw|xop|3dnow|3dnowa|mmx|crc32|xsave\\w*|fsgsbase|' +
  'rtm|hle|clflushopt|clwb|cx16|sahf|serialize|amx\\w*';

const X86_FLAG = new RegExp(
  `^(?:-m(?:no-)?(?:${X86_M_FEATURES})` +
  '|-m32|-m64|-mx32|-m80387|-mno-80387|-mfpmath=\\S+|-m(?:no-)?red-zone|-mstackrealign|-masm=\\S+' +
  '|-march=(?:x86-64\\S*|i[3-6]86|pentium\\S*|core\\S*|nehalem|westmere|sandybridge|ivybridge|haswell|broadwell|skylake\\S*|cascadelake|cooperlake|icelake\\S*|tigerlake|alderlake|sapphirerapids|znver\\d|bdver\\d|btver\\d|k8\\S*|amdfam10|atom|silvermont|goldmont\\S*|tremont|knl|knm)' +
  '|-mtune=(?:i[3-6]86|pentium\\S*|core\\S*|nehalem|westmere|sandybridge|ivybridge|haswell|broadwell|skylake\\S*|cascadelake|icelake\\S*|alderlake|sapphirerapids|znver\\d|bdver\\d|btver\\d|k8\\S*|atom|silvermont|intel)' +
  ')$',
);

export function isX86OnlyFlag(flag: string): boolean { return X86_FLAG.test(flag); }
