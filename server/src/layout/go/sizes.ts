// Size, alignment, field offsets and GC pointer bytes of Go types for one GOARCH, as the gc compiler
// computes them (cmd/compile/internal/types/size.go; go/types gcSizes since Go 1.22). See
// shared facts layout-and-abi.md §3: complex alignment is that of its halves, int64 is 4-aligned on
// 32-bit targets, sync/atomic.align64 forces 8, a trailing zero-size field adds one byte.
import type { GoBasicName, GoField, GoType } from './types';

export interface GoArch {
  goarch: string;
  wordSize: 4 | 8;
  maxAlign: 4 | 8;
}

export function goArch(goarch: string): GoArch {
  const w = goarch === 'arm' || goarch === '386' || goarch === 'mips' || goarch === 'mipsle' ? 4 : 8;
  return { goarch, wordSize: w, maxAlign: w };
}

const FIXED_SIZES: Partial<Record<GoBasicName, number>> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8,
  float32: 4, float64: 8, complex64: 8, complex128: 16,
};

export function sizeof(t: GoType, a: GoArch): number {
  switch (t.kind) {
    case 'basic':
      if (t.name === 'string') return 2 * a.wordSize;
      return FIXED_SIZES[t.name] ?? a.wordSize;
    case 'pointer': return a.wordSize;
    case 'slice': return 3 * a.wordSize;
    case 'interface': return 2 * a.wordSize;
    case 'array': return t.len <= 0 ? 0 : t.len * sizeof(t.elem, a);
    case 'opaque': return t.size[a.goarch];
    case 'struct': return structLayout(t.fields, a).size;
  }
}



export function alignof(t: GoType, a: GoArch): number {
  switch (t.kind) {
    case 'array': return alignof(t.elem, a);
    case 'struct': return t.fields.length === 0 && t.isAlign64Marker ? 8 : structLayout(t.fields, a).align;
    case 'slice': case 'interface': return a.wordSize;
    case 'opaque': return t.align[a.goarch];
    case 'basic':
      if (t.name === 'string') return a.wordSize;
      break;
    case 'pointer': break;
  }
  let s = sizeof(t, a);
  if (s < 1) return 1;
  if (t.kind === 'basic' && (t.name === 'complex64' || t.name === 'complex128')) s /= 2;
  return Math.min(s, a.maxAlign);
}

/** Bytes from the start of a value up to the end of its last pointer word (0 when pointer-free). */
export function ptrdata(t: GoType, a: GoArch): number {
  switch (t.kind) {
    case 'basic': return t.name === 'string' || t.name === 'unsafe.Pointer' ? a.wordSize : 0;
    case 'pointer': case 'slice': return a.wordSize;
    case 'interface': return 2 * a.wordSize;
    case 'array': {
      if (t.len === 0) return 0;
      const ep = ptrdata(t.elem, a);
      return ep === 0 ? 0 : (t.len - 1) * sizeof(t.elem, a) + ep;
    }
    case 'opaque': return t.ptrdata[a.goarch];
    case 'struct': return structLayout(t.fields, a).ptrdata;
  }
}

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

export interface GoFieldLayout { name: string; offset: number; size: number; align: number; ptrdata: number }
export interface GoStructLayout { size: number; align: number; ptrdata: number; fields: GoFieldLayout[] }

/**
 * One layout per field list and GOARCH: types share their nested struct types (a resolved named type is
 * one object wherever it is used), so remembering them keeps a struct nested by value n levels deep
 * linear instead of 2^n (every level asks its fields' size, alignment and pointer bytes).
 */
const layouts = new WeakMap<readonly GoField[], Map<string, GoStructLayout>>();

export function structLayout(fields: readonly GoField[], a: GoArch): GoStructLayout {
  let byArch = layouts.get(fields);
  if (!byArch) { byArch = new Map(); layouts.set(fields, byArch); }
  let l = byArch.get(a.goarch);
  if (!l) { l = computeLayout(fields, a); byArch.set(a.goarch, l); }
  return l;
}

function computeLayout(fields: readonly GoField[], a: GoArch): GoStructLayout {
  const out: GoFieldLayout[] = [];
  let o = 0, maxAlign = 1, ptr = 0;
  for (const f of fields) {
    const al = alignof(f.type, a), sz = sizeof(f.type, a), pd = ptrdata(f.type, a);
    o = alignUp(o, al);
    out.push({ name: f.name, offset: o, size: sz, align: al, ptrdata: pd });
    if (pd > 0) ptr = o + pd;
    o += sz;
    maxAlign = Math.max(maxAlign, al);
  }
  const last = out[out.length - 1];
  // gc: the last field of a non-zero-sized struct may not have size 0 (it would point past the end).
  if (last && last.size === 0 && last.offset > 0) o += 1;
  return { size: out.length ? alignUp(o, maxAlign) : 0, align: maxAlign, ptrdata: ptr, fields: out };
}
