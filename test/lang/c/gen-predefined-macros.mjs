// Regenerates the data in server/src/lang/c/predefinedMacros.ts from the real compilers:
//   node test/lang/c/gen-predefined-macros.mjs > /tmp/macros.ts
// Needs the compilers of test/oracle/c/install.sh (the same ones the layout oracle uses).
import { execSync } from 'node:child_process';

const COMMANDS = {
  'linux/arm64': 'aarch64-linux-gnu-gcc -dM -E -x c /dev/null',
  'linux/amd64': 'x86_64-linux-gnu-gcc -dM -E -x c /dev/null',
  'linux/arm': 'arm-linux-gnueabihf-gcc -dM -E -x c /dev/null',
  'linux/386': 'i686-linux-gnu-gcc -dM -E -x c /dev/null',
  'windows/arm64': 'clang-19 --target=aarch64-pc-windows-msvc -dM -E -x c /dev/null',
};
// Only macros whose value is a property of the target (not of the compiler version or flags) are kept.
const KEEP = /^(__aarch64__|__AARCH64EL__|__ARM_\w+|__arm__|__thumb2?__|__ARMEL__|__VFP_FP__|__SOFTFP__|_M_ARM64|_M_ARM|__x86_64__?|__amd64__?|_M_X64|_M_AMD64|__i[3456]86__|__i386|i386|_M_IX86|__SSE\w*__|__MMX__|__linux__|__linux|linux|__gnu_linux__|__unix__|__unix|unix|__ELF__|_WIN32|_WIN64|__GNUC__|__clang__|_MSC_VER|__STDC__|__STDC_HOSTED__|__LP64__|_LP64|__ILP32__|_ILP32|__SIZEOF_\w+__|__CHAR_UNSIGNED__|__WCHAR_UNSIGNED__|__CHAR_BIT__|__BYTE_ORDER__|__ORDER_\w+_ENDIAN__|__FLOAT_WORD_ORDER__|__LITTLE_ENDIAN__|__BIGGEST_ALIGNMENT__|__(SCHAR|SHRT|INT|LONG|LONG_LONG|WCHAR|SIZE|PTRDIFF|INTPTR|UINTPTR|INTMAX|UINTMAX)_MAX__|__(FLT|DBL|LDBL)_MANT_DIG__|__GCC_HAVE_SYNC_COMPARE_AND_SWAP_\d+|__GCC_ATOMIC_\w+_LOCK_FREE|__GCC_ATOMIC_TEST_AND_SET_TRUEVAL|__ATOMIC_(RELAXED|CONSUME|ACQUIRE|RELEASE|ACQ_REL|SEQ_CST)|__GCC_ASM_FLAG_OUTPUTS__|__GCC_IEC_559)$/;
const DROP = /^__ARM_FEATURE_(SVE|SME)\w*_BITS|__ARM_ARCH_PROFILE$/;
const out = {};
for (const [t, cmd] of Object.entries(COMMANDS)) {
  const text = execSync(cmd, { encoding: 'utf8' });
  const m = {};
  for (const line of text.split('\n')) {
    const r = /^#define (\w+)(?: (.*))?$/.exec(line);
    if (r && KEEP.test(r[1]) && !DROP.test(r[1])) m[r[1]] = (r[2] ?? '').trim();
  }
  out[t] = Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));
}
console.log(JSON.stringify(out, null, 2));
