// Go types as the layout engine sees them: only what decides size, alignment and GC pointer bytes.
// Resolution (lang/go) turns source type expressions into these; this folder never parses anything.

export type GoBasicName =
  | 'bool' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'int' | 'uint' | 'uintptr' | 'float32' | 'float64' | 'complex64' | 'complex128' | 'string'
  | 'unsafe.Pointer';

export type GoType =
  | { kind: 'basic'; name: GoBasicName }
  /** Pointers, maps, channels and funcs: one pointer word. */
  | { kind: 'pointer' }
  | { kind: 'slice' }
  | { kind: 'interface' }
  | { kind: 'array'; len: number; elem: GoType }
  | { kind: 'struct'; fields: GoField[]; isAlign64Marker?: boolean }
  /** A type whose layout is known only as numbers (the bundled standard-library table). */
  | { kind: 'opaque'; name: string; size: Record<string, number>; align: Record<string, number>; ptrdata: Record<string, number> };

export interface GoField {
  name: string;
  type: GoType;
  /** Source text of the type, for display. */
  typeText: string;
  embedded?: boolean;
}

export const GO_BASIC_NAMES: ReadonlySet<string> = new Set<GoBasicName>([
  'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'int', 'uint', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'string', 'unsafe.Pointer',
]);
