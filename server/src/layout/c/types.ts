// The C type model the layout engine works on. Extraction (lang/c) builds these; layout never parses.
import type { CScalar } from './targets';

export type CType =
  | { kind: 'scalar'; name: CScalar | TargetDependentScalar }
  | { kind: 'array'; elem: CType; /** null: flexible array member `T x[]` */ count: number | null }
  | { kind: 'record'; record: CRecord }
  | { kind: 'enum'; name: string; /** smallest and largest enumerator values; undefined when unknown */ min?: bigint; max?: bigint; packed?: boolean; unknownValue?: string }
  /** A typedef carrying `__attribute__((aligned(N)))`: the alignment is replaced (GCC allows lowering it). */
  | { kind: 'aligned'; base: CType; align: number; name: string }
  | { kind: 'atomic'; base: CType }
  /** A C library type whose size and alignment the target's compiler gave (libcTypes.json); its members are not known. */
  | { kind: 'opaque'; name: string; size: number; align: number }
  /** The size cannot be known: the reason is shown to the user ("size unknown because X is not found"). */
  | { kind: 'unknown'; reason: string };

/** Standard typedefs whose underlying type differs per target (sizes follow the pointer or the ABI). */
export type TargetDependentScalar = 'size_t' | 'ptrdiff_t' | 'wchar_t';

export interface CField {
  name: string;
  /** Type spelling for display ("unsigned int", "char[5]", "struct inner"). */
  typeName: string;
  type: CType;
  /** Present for bit-fields (0 for `:0`). */
  bitWidth?: number;
  /** `__attribute__((packed))` on the member. */
  packed?: boolean;
  /** Largest of `aligned(N)` / `_Alignas(N)` on the member (they can only raise, unless packed). */
  alignAttr?: number;
  /** Anonymous struct/union member: its fields are reported as the parent's, offset by this member. */
  anonymous?: boolean;
  /** C++ `[[no_unique_address]]` (Itanium ABI) or `[[msvc::no_unique_address]]` (Microsoft ABI). */
  noUniqueAddress?: 'itanium' | 'msvc';
}

/** A C++ non-virtual base class, as written in the base clause. */
export interface CBase {
  /** The base's name as written (`Slice`, `ns::Base`, `Pair<int, char>`): the base's entry among the fields. */
  name: string;
  type: CType;
}

export interface CRecord {
  kind: 'struct' | 'union' | 'class';
  name: string;
  fields: CField[];
  /** `__attribute__((packed))` on the record. */
  packed?: boolean;
  /** `aligned(N)` on the record: raises the alignment. */
  alignAttr?: number;
  /** `#pragma pack(N)` in effect at the definition (caps member alignment). */
  pack?: number;
  /** The body came out of a macro expansion (no source ranges; reported as a nested entry, never reordered). */
  fromMacro?: boolean;
  /** Source offset of the macro use that produced the record (for its entry's line). */
  sourceOffset?: number;
  /** A C++ record: an empty one still takes one byte. */
  cxx?: boolean;
  /** True while extraction is still adding members (a `sizeof` of the record inside itself). */
  incomplete?: boolean;
  /** C++: the class declares virtual functions (it has a virtual table pointer unless a base gives it one). */
  dynamic?: boolean;
  /** C++ non-virtual base classes in declaration order. */
  bases?: CBase[];
  /**
   * C++: what the class declares that makes it not POD for the purpose of layout (C++03 POD, as GCC keeps it for the
   * Itanium ABI: a user-provided constructor, a private data member...), so a derived class may reuse its tail padding.
   */
  nonPod?: string;
  /** C++: what it declares whose effect on POD-ness is not known here (a defaulted constructor depends on -std). */
  podUnknown?: string;
  /** Set when the record itself cannot be laid out (e.g. a C++ class with virtual functions). */
  unresolved?: string;
}
