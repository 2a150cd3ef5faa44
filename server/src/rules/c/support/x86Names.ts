// Names that exist only for x86 compilers: SIMD headers, intrinsics, vector types, CPUID and feature names.
// MSVC intrinsics that MSVC also offers on ARM64 (_BitScanForward, _InterlockedIncrement, _byteswap_*) are not
// here: they are compiler-specific, not x86-specific. ACLE names shared with x86 (__crc32b/w/d) are left out.

export const X86_HEADERS = new Set([
  'emmintrin.h', 'x86intrin.h', 'mmintrin.h', 'xmmintrin.h', 'pmmintrin.h', 'tmmintrin.h', 'smmintrin.h', 'nmmintrin.h',
  'ammintrin.h', 'wmmintrin.h', 'immintrin.h', 'zmmintrin.h', 'mm3dnow.h', 'popcntintrin.h', 'ia32intrin.h',
  'x86gprintrin.h', 'avxintrin.h', 'avx2intrin.h', 'avx512fintrin.h', 'xopintrin.h', 'fma4intrin.h', 'shaintrin.h',
  'bmiintrin.h', 'bmi2intrin.h', 'lzcntintrin.h', 'f16cintrin.h', 'fmaintrin.h', 'rtmintrin.h',
]);

/** Headers covered by SSE-to-NEON translation layers (sse2neon covers SSE..SSE4.2, AES, CLMUL, CRC32). */
export const SSE_HEADERS = new Set(['emmintrin.h', 'xmmintrin.h', 'pmmintrin.h', 'tmmintrin.h', 'smmintrin.h', 'nmmintrin.h', 'wmmintrin.h', 'mmintrin.h']);

export const X86_INTRINSIC = new RegExp(
  '\\b(' +
  '_mm(?:256|512)?_[A-Za-z0-9_]+|_m_[a-z0-9_]+|__builtin_ia32_\\w+|' +
  '_rdrand(?:16|32|64)_step|_rdseed(?:16|32|64)_step|_xbegin|_xend|_xabort|_xtest|' +
  '_bzhi_u(?:32|64)|_pdep_u(?:32|64)|_pext_u(?:32|64)|_lzcnt_u(?:32|64)|_tzcnt_u(?:32|64)|_blsr_u(?:32|64)|_blsi_u(?:32|64)|' +
  '_blsmsk_u(?:32|64)|_bextr_u(?:32|64)|_andn_u(?:32|64)|_mulx_u(?:32|64)|_addcarry_u(?:32|64)|_subborrow_u(?:32|64)|' +
  '_popcnt(?:32|64)|__rdtscp?|_rdtsc|__readmsr|__writemsr|__readcr\\d|_xsave\\w*|_xrstor\\w*|_cvtss_sh|_cvtsh_ss|' +
  '_bit_scan_forward|_bit_scan_reverse|_ktest\\w*|_tile_\\w+|' +
  '__m(?:64|128|256|512)[idh]?|__mmask(?:8|16|32|64)' +
  ')\\b', 'g');

export const X86_CPUID_CALL = /\b(__get_cpuid(?:_count|_max)?|__cpuid(?:_count|ex)?|_xgetbv|__builtin_cpu_is|__builtin_cpu_init)\b/g;

/** x86 ISA feature names as used in target("..."), target_clones, #pragma GCC target, __builtin_cpu_supports. */
const X86_FEATURES = new Set([
  'mmx', 'sse', 'sse2', 'sse3', 'ssse3', 'sse4', 'sse4.1', 'sse4.2', 'sse4a', 'avx', 'avx2', 'fma', 'fma4', 'f16c', 'pclmul',
  'vpclmulqdq', 'aes', 'vaes', 'gfni', 'sha', 'popcnt', 'lzcnt', 'bmi', 'bmi2', 'tbm', 'abm', 'adx', 'movbe', 'rdrnd',
  'rdseed', 'xop', '3dnow', 'cx16', 'xsave', 'fsgsbase', 'rtm', 'cmov', 'avxvnni', 'x86-64', 'x86-64-v2', 'x86-64-v3',
  'x86-64-v4', 'intel', 'amd',
]);

export function isX86Feature(raw: string): boolean {
  let f = raw.trim().toLowerCase();
  if (f.startsWith('no-')) f = f.slice(3);
  if (f.startsWith('arch=') || f.startsWith('tune=')) {
    const v = f.slice(5);
    return /^(x86-64|i[3-6]86|pentium|core|nehalem|westmere|sandybridge|ivybridge|haswell|broadwell|skylake|cascadelake|icelake|tigerlake|alderlake|sapphirerapids|znver|bdver|btver|k8|atom|silvermont|goldmont|knl)/.test(v);
  }
  return X86_FEATURES.has(f) || /^avx512\w*$/.test(f) || /^amx-?\w*$/.test(f);
}

/** The features named in a target attribute / pragma argument list such as ("avx2,fma", "arch=haswell"). */
export function featuresIn(args: string): string[] {
  const out: string[] = [];
  for (const m of args.matchAll(/"([^"]*)"/g)) for (const f of m[1].split(',')) if (f.trim()) out.push(f.trim());
  return out;
}

const EMULATION_LAYER = /sse2neon|simde|neon2sse|avx2neon|sse2rvv|easy-simd|x86_to_arm/i;

/**
 * Whether the code includes a header/emulation layer that provides x86 intrinsic names on ARM, as
 * /#\s*include\s*[<"][^>"]*(sse2neon|...)[^>"]*[>"]/i finds it: includes up to the same closing `>` or `"` share
 * one test (that regex rescans to the close for each of them).
 */
export function includesEmulationLayer(code: string): boolean {
  let close = -1;
  for (const m of code.matchAll(/#\s*include\s*[<"]/gi)) {
    const from = m.index! + m[0].length;
    if (from <= close) continue; // the earlier include's path ran past this one, and held no layer name
    const s = code.slice(from).search(/[>"]/);
    if (s < 0) return false;
    close = from + s;
    if (EMULATION_LAYER.test(code.slice(from, close))) return true;
  }
  return false;
}
