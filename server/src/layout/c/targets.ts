// C scalar sizes and alignments per target, as data (facts/layout-and-abi.md §4.1, checked with gcc 12 and
// clang for each triple). `align` is the alignment inside a struct (_Alignof), not the "preferred" __alignof__.
import type { TargetId } from '../../core/targets';

export type CScalar =
  | 'char' | 'signed char' | 'unsigned char' | '_Bool'
  | 'short' | 'unsigned short' | 'int' | 'unsigned int' | 'long' | 'unsigned long'
  | 'long long' | 'unsigned long long' | '__int128' | 'unsigned __int128'
  | 'float' | 'double' | 'long double' | '_Float16' | '__fp16'
  | 'float _Complex' | 'double _Complex' | 'long double _Complex'
  | 'pointer';

export interface ScalarInfo { size: number; align: number }

/** How bit-fields are allocated: SysV/AAPCS container rules (GCC, Clang) or Microsoft's storage units. */
export type BitFieldRules = 'sysv' | 'msvc';

export interface CTarget {
  id: TargetId;
  /** null when the type does not exist on the target (for example __int128 on 32-bit). */
  scalars: Record<CScalar, ScalarInfo | null>;
  charSigned: boolean;
  bitFields: BitFieldRules;
  /** Unnamed bit-fields (including `:0`) raise the struct's alignment (AAPCS32/AAPCS64); not on x86. */
  unnamedBitFieldsAlign: boolean;
  /** Enums are always int (MSVC); else int unless the values need 64 bits (GCC). */
  enumAlwaysInt: boolean;
  /** Clang (the windows/arm64 compiler here) pads `_Atomic(struct)` to a power of two <= 16 and aligns it to that; GCC does not. */
  atomicRecordsRoundUp: boolean;
  /** Typedefs of <stddef.h>/<stdint.h> types that differ per target. */
  sizeTypedef: CScalar;
  wcharTypedef: CScalar;
  int64Typedef: CScalar;
}

const COMMON = {
  char: { size: 1, align: 1 }, 'signed char': { size: 1, align: 1 }, 'unsigned char': { size: 1, align: 1 },
  _Bool: { size: 1, align: 1 }, short: { size: 2, align: 2 }, 'unsigned short': { size: 2, align: 2 },
  int: { size: 4, align: 4 }, 'unsigned int': { size: 4, align: 4 }, float: { size: 4, align: 4 },
  _Float16: { size: 2, align: 2 }, __fp16: { size: 2, align: 2 }, 'float _Complex': { size: 8, align: 4 },
} as const;

function lp64(longDouble: ScalarInfo): Record<CScalar, ScalarInfo | null> {
  return {
    ...COMMON,
    long: { size: 8, align: 8 }, 'unsigned long': { size: 8, align: 8 },
    'long long': { size: 8, align: 8 }, 'unsigned long long': { size: 8, align: 8 },
    __int128: { size: 16, align: 16 }, 'unsigned __int128': { size: 16, align: 16 },
    double: { size: 8, align: 8 }, 'long double': longDouble,
    'double _Complex': { size: 16, align: 8 }, 'long double _Complex': { size: longDouble.size * 2, align: longDouble.align },
    pointer: { size: 8, align: 8 },
  };
}

export const C_TARGETS: Record<TargetId, CTarget> = {
  'linux/arm64': {
    id: 'linux/arm64', scalars: lp64({ size: 16, align: 16 }), charSigned: false, bitFields: 'sysv',
    unnamedBitFieldsAlign: true, enumAlwaysInt: false, atomicRecordsRoundUp: false, sizeTypedef: 'unsigned long', wcharTypedef: 'unsigned int', int64Typedef: 'long',
  },
  'linux/amd64': {
    id: 'linux/amd64', scalars: lp64({ size: 16, align: 16 }), charSigned: true, bitFields: 'sysv',
    unnamedBitFieldsAlign: false, enumAlwaysInt: false, atomicRecordsRoundUp: false, sizeTypedef: 'unsigned long', wcharTypedef: 'int', int64Typedef: 'long',
  },
  'linux/arm': {
    id: 'linux/arm',
    scalars: {
      ...COMMON,
      long: { size: 4, align: 4 }, 'unsigned long': { size: 4, align: 4 },
      'long long': { size: 8, align: 8 }, 'unsigned long long': { size: 8, align: 8 },
      __int128: null, 'unsigned __int128': null,
      double: { size: 8, align: 8 }, 'long double': { size: 8, align: 8 },
      'double _Complex': { size: 16, align: 8 }, 'long double _Complex': { size: 16, align: 8 },
      pointer: { size: 4, align: 4 },
    },
    charSigned: false, bitFields: 'sysv', unnamedBitFieldsAlign: true, enumAlwaysInt: false, atomicRecordsRoundUp: false,
    sizeTypedef: 'unsigned int', wcharTypedef: 'unsigned int', int64Typedef: 'long long',
  },
  'linux/386': {
    id: 'linux/386',
    scalars: {
      ...COMMON,
      long: { size: 4, align: 4 }, 'unsigned long': { size: 4, align: 4 },
      // i386 SysV: 8-byte scalars are 4-aligned inside structs (__alignof__ says 8, the "preferred" alignment).
      'long long': { size: 8, align: 4 }, 'unsigned long long': { size: 8, align: 4 },
      __int128: null, 'unsigned __int128': null,
      double: { size: 8, align: 4 }, 'long double': { size: 12, align: 4 },
      'double _Complex': { size: 16, align: 4 }, 'long double _Complex': { size: 24, align: 4 },
      pointer: { size: 4, align: 4 },
    },
    charSigned: true, bitFields: 'sysv', unnamedBitFieldsAlign: false, enumAlwaysInt: false, atomicRecordsRoundUp: false,
    sizeTypedef: 'unsigned int', wcharTypedef: 'long', int64Typedef: 'long long',
  },
  'windows/arm64': {
    id: 'windows/arm64',
    scalars: {
      ...lp64({ size: 8, align: 8 }),
      // LLP64: long stays 32-bit.
      long: { size: 4, align: 4 }, 'unsigned long': { size: 4, align: 4 },
    },
    charSigned: true, bitFields: 'msvc', unnamedBitFieldsAlign: false, enumAlwaysInt: true, atomicRecordsRoundUp: true,
    sizeTypedef: 'unsigned long long', wcharTypedef: 'unsigned short', int64Typedef: 'long long',
  },
};
