// Types every C file may use without a parsed header: <stdint.h>, <stddef.h>, <stdbool.h>, <uchar.h>, and the
// scalar keywords. Target-dependent ones (size_t, wchar_t, int_fast16_t) resolve per target.
import type { TargetId } from '../../layout/targets';
import { C_TARGETS, type CScalar } from '../../layout/c/targets';
import type { CType, TargetDependentScalar } from '../../layout/c/types';

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
  __int8: 'signed char', __int16: 'short', __int32: 'int', __int64: 'long long',
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
  if (has('char')) return scalar(unsigned ? 'unsigned char' : has('signed') || has('__signed') || has('__signed__') ? 'signed char' : 'char');
  if (has('float')) return scalar(complex ? 'float _Complex' : 'float');
  if (has('double')) return scalar(longs ? (complex ? 'long double _Complex' : 'long double') : complex ? 'double _Complex' : 'double');
  if (complex) return scalar('double _Complex');
  if (has('short')) return scalar(unsigned ? 'unsigned short' : 'short');
  if (longs >= 2) return scalar(unsigned ? 'unsigned long long' : 'long long');
  if (longs === 1) return scalar(unsigned ? 'unsigned long' : 'long');
  return scalar(unsigned ? 'unsigned int' : 'int');
}
