// Types every C file may use without a parsed header: <stdint.h>, <stddef.h>, <stdbool.h>, <uchar.h>, and the
// scalar keywords. Target-dependent ones (size_t, wchar_t, int_fast16_t) resolve per target.
import type { TargetId } from '../../core/targets';
import { C_TARGETS, type CScalar } from '../../layout/c/targets';
import type { CType, TargetDependentScalar } from '../../layout/c/types';
import LIBC_TYPES from './libcTypes.json';
import WINDOWS_TYPES from './windowsTypes.json';

const STD_TYPEDEFS: Record<string, CScalar | TargetDependentScalar> = {
  int8_t: 'signed char', uint8_t: 'unsigned char', int16_t: 'short', uint16_t: 'unsigned short',
  int32_t: 'int', uint32_t: 'unsigned int', int64_t: 'long long', uint64_t: 'unsigned long long',
  int_least8_t: 'signed char', uint_least8_t: 'unsigned char', int_least16_t: 'short', uint_least16_t: 'unsigned short',
  int_least32_t: 'int', uint_least32_t: 'unsigned int', int_least64_t: 'long long', uint_least64_t: 'unsigned long long',
  int_fast8_t: 'signed char', uint_fast8_t: 'unsigned char', int_fast64_t: 'long long', uint_fast64_t: 'unsigned long long',
  intmax_t: 'long long', uintmax_t: 'unsigned long long',
  intptr_t: 'size_t', uintptr_t: 'size_t', size_t: 'size_t', ssize_t: 'size_t', ptrdiff_t: 'ptrdiff_t',
  wchar_t: 'wchar_t', bool: '_Bool', char16_t: 'unsigned short', char32_t: 'unsigned int', char8_t: 'unsigned char',
  __int128_t: '__int128', __uint128_t: 'unsigned __int128', float_t: 'float', double_t: 'double',
};

export function stdTypedef(name: string, target: TargetId): CType | undefined {
  if (name === 'int_fast16_t' || name === 'int_fast32_t' || name === 'uint_fast16_t' || name === 'uint_fast32_t') {
    // glibc: long on 64-bit, int on 32-bit; MSVC: int.
    const t = C_TARGETS[target];
    const isLong = t.bitFields === 'sysv' && t.scalars.pointer!.size === 8;
    return { kind: 'scalar', name: isLong ? 'long' : 'int' };
  }
  const s = STD_TYPEDEFS[name];
  return s ? { kind: 'scalar', name: s } : undefined;
}

type SizeAlign = [number, number];
type LibcEntry = SizeAlign | Record<'default' | 'fob64' | 'time64', SizeAlign>;
// Linux: glibc's types per target; windows/arm64: the Win32, Winsock and C runtime types of mingw-w64's headers as
// clang lays them out for MSVC (scripts/gen-windows-types.mjs). Each table is keyed by its targets only.
const LIBC = { ...LIBC_TYPES.targets, ...WINDOWS_TYPES.targets } as unknown as Record<string, Record<string, LibcEntry>>;

/** Which glibc configuration a translation unit compiles with on a 32-bit target (undefined: not known). */
export type LibcVariant = 'default' | 'fob64' | 'time64' | undefined;

/**
 * A C library or POSIX type (`pthread_mutex_t`, `struct sockaddr_in`, `va_list`) on a Linux target, or a Win32/CRT
 * type (`CRITICAL_SECTION`, `SOCKET`, `union _LARGE_INTEGER`) on windows/arm64, from the tables the compilers
 * generated (scripts/gen-libc-types.mjs, scripts/gen-windows-types.mjs). `key` is a typedef name, `struct tag` or
 * `union tag`. Where the layout depends on _FILE_OFFSET_BITS / _TIME_BITS (32-bit glibc; mingw-w64's off_t) and the
 * translation unit does not say which, the type is unknown with that reason. Undefined when it is not in the table.
 */
export function libcType(key: string, target: TargetId, variant: LibcVariant): CType | undefined {
  const e = LIBC[target]?.[key];
  if (!e) return undefined;
  if (Array.isArray(e)) return { kind: 'opaque', name: key, size: e[0], align: e[1] };
  if (!variant) {
    return { kind: 'unknown', reason: `size unknown because ${key} on ${target} depends on _FILE_OFFSET_BITS and _TIME_BITS, which the files read do not set` };
  }
  const v = e[variant];
  return { kind: 'opaque', name: key, size: v[0], align: v[1] };
}

/** Whether the name is a typedef of the C library table on the target. */
export function isLibcTypedef(name: string, target: TargetId): boolean {
  return !/^(?:struct|union) /.test(name) && LIBC[target]?.[name] !== undefined;
}

export function scalarFromKeywords(kw: string[]): CType {
  const has = (k: string) => kw.includes(k);
  const longs = kw.filter((k) => k === 'long').length;
  const unsigned = has('unsigned') || has('__unsigned');
  const complex = has('_Complex') || has('__complex__');
  const scalar = (name: CScalar): CType => ({ kind: 'scalar', name });
  if (has('void')) return { kind: 'unknown', reason: 'a member has type void' };
  if (has('_Bool') || has('bool')) return scalar('_Bool');
  if (has('wchar_t')) return { kind: 'scalar', name: 'wchar_t' };
  if (has('char16_t')) return scalar('unsigned short');
  if (has('char32_t')) return scalar('unsigned int');
  if (has('char8_t')) return scalar('unsigned char');
  if (has('__int128') || has('__int128_t')) return scalar(unsigned ? 'unsigned __int128' : '__int128');
  if (has('__uint128_t')) return scalar('unsigned __int128');
  if (has('_Float16') || has('__fp16')) return scalar('_Float16');
  if (has('_Float32')) return scalar('float');
  if (has('_Float64')) return scalar('double');
  if (has('_Float128') || has('__float128')) return { kind: 'unknown', reason: `size unknown because ${kw.join(' ')} is not modelled` };
  // MSVC's __intN: the N-bit integer (`__int8` is char, signed on Windows).
  if (has('__int64')) return scalar(unsigned ? 'unsigned long long' : 'long long');
  if (has('__int32')) return scalar(unsigned ? 'unsigned int' : 'int');
  if (has('__int16')) return scalar(unsigned ? 'unsigned short' : 'short');
  if (has('__int8')) return scalar(unsigned ? 'unsigned char' : 'signed char');
  if (has('char')) return scalar(unsigned ? 'unsigned char' : has('signed') || has('__signed') || has('__signed__') ? 'signed char' : 'char');
  if (has('float')) return scalar(complex ? 'float _Complex' : 'float');
  if (has('double')) return scalar(longs ? (complex ? 'long double _Complex' : 'long double') : complex ? 'double _Complex' : 'double');
  if (complex) return scalar('double _Complex');
  if (has('short')) return scalar(unsigned ? 'unsigned short' : 'short');
  if (longs >= 2) return scalar(unsigned ? 'unsigned long long' : 'long long');
  if (longs === 1) return scalar(unsigned ? 'unsigned long' : 'long');
  return scalar(unsigned ? 'unsigned int' : 'int');
}
