// C record layout for GCC/Clang (SysV, AAPCS32, AAPCS64) and Microsoft (Windows ARM64) rules.
// Sizes in bytes, bit positions in bits. See facts/layout-and-abi.md §4.2 for the rules and the compiler runs.
import type { TargetId } from '../../core/targets';
import { C_TARGETS, type CScalar, type CTarget, type ScalarInfo } from './targets';
import { deeper, LimitError } from './limits';
import type { CField, CRecord, CType } from './types';

export interface CFieldLayout {
  name: string;
  type: string;
  /** Byte offset; for a bit-field, the byte holding its first bit (size/align are those of its declared type). */
  offset: number;
  size: number;
  align: number;
  /** Bit-fields only: bits from the start of the record, and the width. */
  bitOffset?: number;
  bitSize?: number;
}

export interface CRecordLayout {
  size: number;
  align: number;
  fields: CFieldLayout[];
  /** Per top-level member (anonymous members count as one): offset, size, effective alignment. */
  members: { offset: number; size: number; align: number }[];
  hasBitFields: boolean;
  hasFlexibleArray: boolean;
  /**
   * C++: the size a derived class gives this one as a base. Itanium: the end of its data, without tail padding (GCC's
   * "as-base" size; a base that is POD for the purpose of layout takes its whole size instead). MSVC: nvsize (0 for
   * an empty class). Equal to size for C records.
   */
  dataSize: number;
  /** C++: the offset of each base, in CRecord.bases order (their entries lead `fields`). */
  baseOffsets?: number[];
  /** MSVC: the layout ends with, and leads with, a zero-sized object (clang's MicrosoftRecordLayoutBuilder). */
  msEndsZero?: boolean;
  msLeadsZero?: boolean;
}

/** Itanium: whether a class is POD for the purpose of layout, or why that is not known. */
type Pod = true | false | { unknown: string };

export type TypeInfo = { size: number; align: number } | { unresolved: string };
export type LayoutResult = CRecordLayout | { unresolved: string };

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export class CLayoutEngine {
  readonly target: CTarget;
  private readonly cache = new Map<CRecord, LayoutResult>();
  private readonly inProgress = new Set<CRecord>();
  private readonly podCache = new Map<CRecord, Pod>();
  private readonly atZeroCache = new Map<CRecord, Set<CRecord>>();

  constructor(target: TargetId | CTarget) {
    this.target = typeof target === 'string' ? C_TARGETS[target] : target;
  }

  scalar(name: CScalar | 'size_t' | 'ptrdiff_t' | 'wchar_t'): ScalarInfo | null {
    if (name === 'size_t' || name === 'ptrdiff_t') return this.target.scalars.pointer;
    if (name === 'wchar_t') return this.target.scalars[this.target.wcharTypedef];
    return this.target.scalars[name];
  }

  typeInfo(t: CType): TypeInfo {
    // Arrays, _Atomic and aligned typedefs wrap one another as deep as the source says: peeled in a loop.
    const wrappers: CType[] = [];
    let base = t;
    while (base.kind === 'array' || base.kind === 'atomic' || base.kind === 'aligned') {
      wrappers.push(base);
      base = base.kind === 'array' ? base.elem : base.base;
    }
    let info = this.baseInfo(base);
    for (let i = wrappers.length - 1; i >= 0 && !('unresolved' in info); i--) info = this.wrap(wrappers[i], info);
    return info;
  }

  private baseInfo(t: CType): TypeInfo {
    switch (t.kind) {
      case 'scalar': {
        const s = this.scalar(t.name);
        return s ?? { unresolved: `${t.name} does not exist on ${this.target.id}` };
      }
      case 'record': {
        const r = this.layout(t.record);
        return 'unresolved' in r ? r : { size: r.size, align: r.align };
      }
      case 'enum':
        return this.enumInfo(t);
      case 'unknown':
        return { unresolved: t.reason };
      case 'opaque':
        return { size: t.size, align: t.align };
      default:
        throw new Error(`unexpected ${t.kind}`);
    }
  }

  /** The size and alignment of an array, _Atomic or aligned typedef of a type whose size and alignment are `b`. */
  private wrap(t: CType, b: { size: number; align: number }): TypeInfo {
    switch (t.kind) {
      case 'array': {
        const size = b.size * (t.count ?? 0);
        return size > this.maxSize ? { unresolved: this.tooLarge } : { size, align: b.align };
      }
      case 'aligned':
        // _Alignof answers the typedef's alignment everywhere; the MSVC record layout adds its own rule (msvcNaturalAlign).
        return { size: b.size, align: t.align };
      case 'atomic': {
        // GCC and Clang give lock-free-sized atomics their size as alignment (e.g. _Atomic long long on i386 is 8/8).
        const pow2 = b.size > 0 && (b.size & (b.size - 1)) === 0 && b.size <= 16;
        if (t.base.kind === 'record' && !pow2) {
          if (!this.target.atomicRecordsRoundUp || b.size > 16 || b.size === 0) return b;
          let p = 1;
          while (p < b.size) p *= 2;
          return { size: p, align: Math.max(b.align, p) };
        }
        return { size: b.size, align: pow2 ? Math.max(b.align, b.size) : b.align };
      }
      default:
        throw new Error(`unexpected ${t.kind}`);
    }
  }

  /**
   * The largest size computed: what the target's compilers accept (PTRDIFF_MAX bytes), and at most 2^50 so that
   * offsets in bits stay exact in a double. Larger is unresolved, never a wrong number.
   */
  private get maxSize(): number { return Math.min(2 ** (this.target.scalars.pointer!.size * 8 - 1) - 1, 2 ** 50); }
  private get tooLarge(): string {
    return this.target.scalars.pointer!.size === 4
      ? `the size exceeds 2^31 - 1 bytes, the largest object on ${this.target.id}`
      : 'the size exceeds 2^50 bytes, which is not computed exactly';
  }

  private enumInfo(t: Extract<CType, { kind: 'enum' }>): TypeInfo {
    if (this.target.enumAlwaysInt) return { size: 4, align: 4 };
    if (t.min === undefined || t.max === undefined) {
      return { unresolved: t.unknownValue ? `the value of ${t.unknownValue} in enum ${t.name} cannot be evaluated` : `enum ${t.name} is not defined` };
    }
    const fits = (lo: bigint, hi: bigint) => t.min! >= lo && t.max! <= hi;
    if (t.packed) {
      for (const [size, lo, hi, uhi] of [[1, -128n, 127n, 255n], [2, -32768n, 32767n, 65535n], [4, -(2n ** 31n), 2n ** 31n - 1n, 2n ** 32n - 1n]] as const) {
        if (fits(lo, hi) || fits(0n, uhi)) return { size, align: size };
      }
    } else if (fits(-(2n ** 31n), 2n ** 31n - 1n) || fits(0n, 2n ** 32n - 1n)) return { size: 4, align: 4 };
    return this.target.scalars['long long']!;
  }

  layout(rec: CRecord): LayoutResult {
    const cached = this.cache.get(rec);
    if (cached) return cached;
    if (rec.incomplete) return { unresolved: `${rec.name} is incomplete where its size is needed` };
    if (this.inProgress.has(rec)) return { unresolved: `${rec.name} contains itself` };
    this.inProgress.add(rec);
    let r: LayoutResult;
    try {
      r = rec.unresolved ? { unresolved: rec.unresolved } : deeper('struct', () => this.target.bitFields === 'msvc' ? this.layoutMsvc(rec) : this.layoutItanium(rec));
    } catch (e) {
      // Too deep from where it was asked: not cached, the record itself may be fine from elsewhere.
      if (e instanceof LimitError) return { unresolved: e.message };
      throw e;
    } finally {
      this.inProgress.delete(rec);
    }
    if (!('unresolved' in r) && r.size > this.maxSize) r = { unresolved: this.tooLarge };
    this.cache.set(rec, r);
    return r;
  }

  /** Field infos up front, so one unknown type makes the whole record unresolved with that reason. */
  private fieldInfos(rec: CRecord): { f: CField; info: { size: number; align: number } }[] | { unresolved: string } {
    const out: { f: CField; info: { size: number; align: number } }[] = [];
    for (const f of rec.fields) {
      const info = this.typeInfo(f.type);
      if ('unresolved' in info) return { unresolved: info.unresolved };
      out.push({ f, info });
    }
    return out;
  }

  /**
   * A `[[no_unique_address]]` member the Itanium C++ ABI overlaps: an empty class goes to offset 0 and takes no
   * room. Anything else it could do (reusing a non-empty member's tail padding, moving an empty member off 0 when
   * another subobject of its type is there) is not modelled: the reason, then.
   */
  private overlappingMember(rec: CRecord, f: CField): { empty: true } | { unresolved: string } {
    const t = f.type;
    if (rec.kind === 'union' || f.bitWidth !== undefined) return { unresolved: `[[no_unique_address]] on ${f.name} is not modelled here` };
    if (t.kind !== 'record' || !isEmptyClass(t.record)) return { unresolved: `[[no_unique_address]] on the non-empty member ${f.name} (tail padding reuse) is not modelled` };
    const others = rec.fields.filter((g) => g !== f && containsRecord(g.type, t.record));
    if (others.length) return { unresolved: `[[no_unique_address]] ${f.name} shares its type with ${others[0].name}, which is not modelled` };
    return { empty: true };
  }

  /**
   * GCC/Clang (Itanium C++ ABI) layout. A base whose POD-ness is not known is laid out both ways (its tail padding
   * reused or not): when the two agree, that is the layout; else the record is unresolved.
   */
  private layoutItanium(rec: CRecord): LayoutResult {
    const a = this.layoutSysV(rec, true);
    if ('unresolved' in a || !a.podUnknown) return a;
    const b = this.layoutSysV(rec, false);
    if ('unresolved' in b) return b;
    const same = a.size === b.size && a.align === b.align && JSON.stringify(a.fields) === JSON.stringify(b.fields);
    if (!same) return { unresolved: `whether a base of ${rec.name} is POD for the purpose of layout (which decides whether its tail padding is reused) is not known: ${a.podUnknown}` };
    delete a.podUnknown;
    return a;
  }

  /** Itanium: the base classes at the start of the record (dsize in bits after them), or why they cannot be laid out. */
  private itaniumBases(rec: CRecord, podGuess: boolean): { bits: number; align: number; fields: CFieldLayout[]; offsets: number[]; atZero: Set<CRecord>[]; podUnknown?: string } | { unresolved: string } {
    const out = { bits: 0, align: 1, fields: [] as CFieldLayout[], offsets: [] as number[], atZero: [] as Set<CRecord>[], podUnknown: undefined as string | undefined };
    if (rec.packed || rec.pack) return { unresolved: `base classes or virtual functions of the packed ${rec.name} are not modelled` };
    const bases = rec.bases ?? [];
    for (const b of bases) if (b.type.kind !== 'record') return { unresolved: b.type.kind === 'unknown' ? b.type.reason : `the base ${b.name} is not a class` };
    // A dynamic class: its primary base (the first dynamic one) goes first, at offset 0, and gives it its virtual
    // table pointer; without one, the class's own pointer is at offset 0 (Itanium C++ ABI 2.4).
    const primary = bases.findIndex((b) => b.type.kind === 'record' && isDynamic(b.type.record));
    if (primary < 0 && rec.dynamic) {
      const p = this.target.scalars.pointer!;
      out.bits = p.size * 8;
      out.align = p.align;
    }
    const order = bases.map((_, i) => i);
    if (primary > 0) order.unshift(...order.splice(primary, 1));
    out.fields = new Array(bases.length);
    out.offsets = new Array(bases.length);
    for (const i of order) {
      const b = bases[i];
      if (b.type.kind !== 'record') continue;
      const br = b.type.record;
      const l = this.layout(br);
      if ('unresolved' in l) return l;
      let offset = 0;
      // An empty base goes to offset 0 (a conflict with another subobject of its type there is checked by the caller).
      if (!isEmptyClass(br)) {
        const pod = this.layoutPod(br);
        let extent = l.dataSize;
        if (pod === true) extent = l.size;
        else if (pod !== false && l.dataSize !== l.size) { out.podUnknown ??= pod.unknown; if (podGuess) extent = l.size; }
        offset = alignUp(Math.ceil(out.bits / 8), l.align);
        out.bits = (offset + extent) * 8;
      }
      out.align = Math.max(out.align, l.align);
      out.offsets[i] = offset;
      if (offset === 0) out.atZero.push(this.emptiesAtZero(b.type));
      out.fields[i] = { name: b.name, type: b.name, offset, size: l.size, align: l.align };
    }
    return out;
  }

  /**
   * Itanium: whether a class is POD for the purpose of layout (C++03's POD, which GCC keeps for the ABI; what makes
   * a class non-POD was measured with g++, see scope.ts specialMemberFacts and test/layout/c/cxxBases.test.ts). A
   * non-POD base's tail padding holds the derived class's members.
   */
  private layoutPod(r: CRecord): Pod {
    let p = this.podCache.get(r);
    if (p !== undefined) return p;
    p = true;
    if (!r.cxx) p = true;
    else if (r.bases?.length || r.dynamic) p = false;
    else if (r.nonPod) p = false;
    else {
      let unknown = r.podUnknown;
      for (const f of r.fields) {
        const q = this.typePod(f.type);
        if (q === false) { p = false; break; }
        if (q !== true) unknown ??= q.unknown;
      }
      if (p === true && unknown) p = { unknown };
    }
    this.podCache.set(r, p);
    return p;
  }

  private typePod(t: CType): Pod {
    switch (t.kind) {
      case 'scalar': case 'enum': return true;
      case 'array': return this.typePod(t.elem);
      case 'aligned': return this.typePod(t.base);
      case 'atomic': return { unknown: 'an atomic member' };
      case 'opaque': return t.name.startsWith('std::') ? { unknown: `a member of type ${t.name}` } : true;
      case 'record': return this.layoutPod(t.record);
      default: return { unknown: t.kind === 'unknown' ? t.reason : 'a member type' };
    }
  }

  /** Itanium: the empty classes of which a value of type t has a subobject at its offset 0. */
  private emptiesAtZero(t: CType): Set<CRecord> {
    for (;;) {
      if (t.kind === 'array' && t.count !== 0) t = t.elem;
      else if (t.kind === 'atomic' || t.kind === 'aligned') t = t.base;
      else break;
    }
    if (t.kind !== 'record' || !t.record.cxx) return new Set();
    const r = t.record;
    const cached = this.atZeroCache.get(r);
    if (cached) return cached;
    const out = new Set<CRecord>();
    this.atZeroCache.set(r, out);
    const l = this.layout(r);
    if ('unresolved' in l) return out;
    if (isEmptyClass(r)) out.add(r);
    r.bases?.forEach((b, i) => { if (l.baseOffsets?.[i] === 0) for (const x of this.emptiesAtZero(b.type)) out.add(x); });
    r.fields.forEach((f, i) => { if (f.bitWidth === undefined && l.members[i]?.offset === 0) for (const x of this.emptiesAtZero(f.type)) out.add(x); });
    return out;
  }

  private layoutSysV(rec: CRecord, podGuess: boolean): (CRecordLayout & { podUnknown?: string }) | { unresolved: string } {
    const infos = this.fieldInfos(rec);
    if ('unresolved' in infos) return infos;
    for (const { f } of infos) {
      if (f.noUniqueAddress !== 'itanium') continue;
      const o = this.overlappingMember(rec, f);
      if ('unresolved' in o) return o;
    }
    const isUnion = rec.kind === 'union';
    const pack = rec.pack;
    let bits = 0; // data size in bits
    let recAlign = 1;
    const fields: CFieldLayout[] = [];
    const members: CRecordLayout['members'] = [];
    let hasBitFields = false;
    let hasFlexibleArray = false;
    const bases = rec.bases?.length || rec.dynamic ? this.itaniumBases(rec, podGuess) : undefined;
    if (bases && 'unresolved' in bases) return bases;
    if (bases) { bits = bases.bits; recAlign = bases.align; fields.push(...bases.fields); }
    for (const { f, info } of infos) {
      const packed = !!(rec.packed || f.packed);
      if (f.bitWidth !== undefined) {
        hasBitFields = true;
        const W = f.bitWidth;
        const S = info.size * 8;
        let A = packed ? 1 : info.align;
        if (f.alignAttr) A = Math.max(A, f.alignAttr);
        if (pack && W > 0) A = Math.min(A, pack);
        let pos = isUnion ? 0 : bits;
        if (W === 0) {
          // `:0` aligns the next field to the declared type's boundary (pack caps it; packed does not).
          const zA = pack ? Math.min(info.align, pack) : info.align;
          pos = alignUp(pos, zA * 8);
          if (this.target.unnamedBitFieldsAlign) recAlign = Math.max(recAlign, zA);
        } else {
          // #pragma pack (any value) and packed suppress the padding that keeps a bit-field inside its container.
          const allowPadding = !pack && !packed;
          if (allowPadding && (pos % (A * 8)) + W > S) pos = alignUp(pos, A * 8);
          else if (f.alignAttr) pos = alignUp(pos, f.alignAttr * 8);
          if (f.name || this.target.unnamedBitFieldsAlign) recAlign = Math.max(recAlign, A);
        }
        const end = pos + W;
        bits = isUnion ? Math.max(bits, alignUp(end, 8)) : end;
        if (f.name) fields.push({ name: f.name, type: f.typeName, offset: Math.floor(pos / 8), size: info.size, align: info.align, bitOffset: pos, bitSize: W });
        members.push({ offset: Math.floor(pos / 8), size: Math.ceil(W / 8), align: A });
        continue;
      }
      if (f.type.kind === 'array' && f.type.count === null) hasFlexibleArray = true;
      let A = packed ? 1 : info.align;
      if (f.alignAttr) A = Math.max(A, f.alignAttr);
      if (pack) A = Math.min(A, pack);
      if (f.noUniqueAddress === 'itanium') {
        // An empty class overlapping the others at offset 0 (checked above): no room, its alignment still counts.
        recAlign = Math.max(recAlign, A);
        this.pushField(fields, f, 0, info, A);
        members.push({ offset: 0, size: 0, align: A });
        bases?.atZero.push(this.emptiesAtZero(f.type));
        continue;
      }
      const offset = isUnion ? 0 : alignUp(Math.ceil(bits / 8), A);
      if (bases && offset === 0) bases.atZero.push(this.emptiesAtZero(f.type));
      bits = isUnion ? Math.max(bits, info.size * 8) : (offset + info.size) * 8;
      recAlign = Math.max(recAlign, A);
      this.pushField(fields, f, offset, info, A);
      members.push({ offset, size: info.size, align: A });
    }
    if (rec.alignAttr) recAlign = Math.max(recAlign, rec.alignAttr);
    const size = alignUp(Math.max(Math.ceil(bits / 8), rec.cxx ? 1 : 0), recAlign);
    if (bases) {
      // Two subobjects of one empty class may not share an address: the ABI then moves the later one (not modelled).
      const seen = new Set<CRecord>();
      for (const set of bases.atZero) {
        for (const r of set) {
          if (seen.has(r)) return { unresolved: `two subobjects of the empty class ${r.name} would be at offset 0 of ${rec.name}, which the ABI resolves by moving one (not modelled)` };
          seen.add(r);
        }
      }
    }
    return { size, align: recAlign, fields, members, hasBitFields, hasFlexibleArray, dataSize: rec.cxx ? Math.ceil(bits / 8) : size, baseOffsets: bases?.offsets, ...(bases?.podUnknown ? { podUnknown: bases.podUnknown } : {}) };
  }

  private msvcNaturalAlign(t: CType): number | undefined {
    let x = t;
    while (x.kind === 'array') x = x.elem;
    if (x.kind !== 'aligned') return undefined;
    const b = this.typeInfo(x.base);
    return 'unresolved' in b ? undefined : b.align;
  }

  /** Microsoft layout (clang's MicrosoftRecordLayoutBuilder semantics for C records). */
  private layoutMsvc(rec: CRecord): LayoutResult {
    const infos = this.fieldInfos(rec);
    if ('unresolved' in infos) return infos;
    // MSVC ignores the standard [[no_unique_address]]; its own [[msvc::no_unique_address]] is not modelled.
    const msvcOverlap = rec.fields.find((f) => f.noUniqueAddress === 'msvc');
    if (msvcOverlap) return { unresolved: `[[msvc::no_unique_address]] on ${msvcOverlap.name} is not modelled` };
    const isUnion = rec.kind === 'union';
    const maxFieldAlign = rec.packed ? 1 : rec.pack;
    let size = 0;
    let recAlign = 1;
    let required = rec.alignAttr ?? 1;
    let lastWasBitField = false;
    let unitSize = 0;
    let remaining = 0;
    const fields: CFieldLayout[] = [];
    const members: CRecordLayout['members'] = [];
    let hasBitFields = false;
    let hasFlexibleArray = false;
    // clang's MicrosoftRecordLayoutBuilder: whether the last record-typed base or member ends with a zero-sized
    // object, and whether the first base leads with a zero-sized base (an empty class is 0 bytes as a base).
    let endsZero = false;
    let leadsZero = false;
    const baseOffsets: number[] = [];
    // MSVC puts the virtual function table pointer in after laying out the members (injectVFPtr): not modelled.
    if (isDynamic(rec)) return { unresolved: `MSVC's layout of a C++ class with virtual functions is not modelled` };
    if (rec.bases?.length) {
      if (maxFieldAlign) return { unresolved: `base classes of the packed ${rec.name} are not modelled for MSVC` };
      let prev: CRecordLayout | undefined;
      for (const b of rec.bases) {
        if (b.type.kind !== 'record') return { unresolved: b.type.kind === 'unknown' ? b.type.reason : `the base ${b.name} is not a class` };
        const br = b.type.record;
        // Its nvsize is then not rounded to its alignment (RequiredAlignment): not modelled.
        if (br.alignAttr || br.pack || br.packed) return { unresolved: `MSVC's layout of the aligned or packed base ${b.name} is not modelled` };
        const l = this.layout(br);
        if ('unresolved' in l) return l;
        // layoutNonVirtualBase: one byte between a base that ends with a zero-sized object and one that leads with
        // a zero-sized base (unless __declspec(empty_bases), which makes the record unresolved).
        if (prev?.msEndsZero && l.msLeadsZero) size++;
        if (!prev) leadsZero = !!l.msLeadsZero;
        const offset = alignUp(size, l.align);
        size = offset + l.dataSize;
        recAlign = Math.max(recAlign, l.align);
        endsZero = !!l.msEndsZero;
        prev = l;
        baseOffsets.push(offset);
        fields.push({ name: b.name, type: b.name, offset, size: l.size, align: l.align });
      }
    }
    for (const { f, info } of infos) {
      let required1 = f.alignAttr ?? 1;
      let A = info.align;
      // An aligned typedef is a "required" alignment in the MSVC layout: the natural alignment of the underlying
      // type still applies (so it can raise but never lower), and pragma pack does not cap it.
      const natural = this.msvcNaturalAlign(f.type);
      if (natural !== undefined) { required1 = Math.max(required1, info.align); A = natural; }
      if (maxFieldAlign) A = Math.min(A, maxFieldAlign);
      if (f.packed) A = 1;
      A = Math.max(A, required1);
      if (f.bitWidth !== undefined) {
        hasBitFields = true;
        const W = Math.min(f.bitWidth, info.size * 8);
        if (W === 0) {
          // Ignored unless it follows a non-zero-width bit-field; then it closes the unit and aligns.
          if (lastWasBitField) {
            lastWasBitField = false;
            if (isUnion) size = Math.max(size, info.size);
            else { size = alignUp(size, A); recAlign = Math.max(recAlign, A); }
          }
          members.push({ offset: isUnion ? 0 : size, size: 0, align: A });
          continue;
        }
        let pos: number;
        if (!isUnion && lastWasBitField && unitSize === info.size && W <= remaining) {
          pos = size * 8 - remaining;
          remaining -= W;
        } else {
          lastWasBitField = true;
          unitSize = info.size;
          // In a union a bit-field does not raise the alignment (clang's MicrosoftRecordLayoutBuilder).
          if (isUnion) { pos = 0; size = Math.max(size, info.size); }
          else {
            const off = alignUp(size, A);
            pos = off * 8;
            size = off + info.size;
            remaining = info.size * 8 - W;
            recAlign = Math.max(recAlign, A);
          }
        }
        if (f.name) fields.push({ name: f.name, type: f.typeName, offset: Math.floor(pos / 8), size: info.size, align: info.align, bitOffset: pos, bitSize: W });
        members.push({ offset: Math.floor(pos / 8), size: Math.ceil(W / 8), align: A });
        continue;
      }
      lastWasBitField = false;
      if (f.type.kind === 'array' && f.type.count === null) hasFlexibleArray = true;
      const elem = elementRecord(f.type);
      if (elem) { const l = this.layout(elem); endsZero = !('unresolved' in l) && !!l.msEndsZero; }
      required = Math.max(required, required1);
      const offset = isUnion ? 0 : alignUp(size, A);
      size = isUnion ? Math.max(size, info.size) : offset + info.size;
      recAlign = Math.max(recAlign, A);
      // __alignof__ of such a member still answers the typedef's alignment.
      this.pushField(fields, f, offset, info, natural !== undefined && !maxFieldAlign && !f.packed ? Math.max(info.align, f.alignAttr ?? 1) : A);
      members.push({ offset, size: info.size, align: A });
    }
    // nvsize: rounded to the alignment before a declared one (__declspec(align), alignas) raises it.
    const nvsize = alignUp(size, recAlign);
    if (size === 0 && rec.cxx) { endsZero = true; leadsZero = true; }
    recAlign = Math.max(recAlign, required);
    const total = alignUp(Math.max(size, rec.cxx ? 1 : 0), recAlign);
    return {
      size: total, align: recAlign, fields, members, hasBitFields, hasFlexibleArray, dataSize: rec.cxx ? nvsize : total,
      ...(rec.bases?.length ? { baseOffsets } : {}), msEndsZero: endsZero, msLeadsZero: leadsZero,
    };
  }

  private pushField(fields: CFieldLayout[], f: CField, offset: number, info: { size: number; align: number }, align: number): void {
    // An anonymous member reports its record's own alignment (as the oracle's nested entry does), not the packed one.
    fields.push({ name: f.name, type: f.typeName, offset, size: info.size, align: f.anonymous ? Math.max(info.align, f.alignAttr ?? 1) : align });
  }

  /**
   * Size after a stable sort of the members by alignment, largest first: optimal for records without bit-fields,
   * packing or flexible arrays (every member size is a multiple of its alignment). Undefined when not reorderable.
   */
  optimalOrder(rec: CRecord): { order: number[]; size: number } | undefined {
    const r = this.layout(rec);
    if ('unresolved' in r || rec.kind === 'union' || rec.packed || rec.pack || r.hasBitFields || r.hasFlexibleArray || rec.bases?.length || rec.dynamic) return undefined;
    // Overlapping [[no_unique_address]] members take no room wherever they go: no reorder is offered for them.
    const overlaps = (f: CField) => !!f.noUniqueAddress && !(this.target.bitFields === 'msvc' && f.noUniqueAddress === 'itanium');
    if (rec.fields.some((f) => f.packed || overlaps(f))) return undefined;
    const order = rec.fields.map((_, i) => i).sort((a, b) => r.members[b].align - r.members[a].align || a - b);
    const sorted: CRecord = { ...rec, fields: order.map((i) => rec.fields[i]) };
    const s = this.layout(sorted);
    this.cache.delete(sorted);
    return 'unresolved' in s ? undefined : { order, size: s.size };
  }
}

/** A C++ class with no members and only empty bases (its size is 1; as a base or an overlapping member it takes no room). */
function isEmptyClass(r: CRecord): boolean {
  return !!r.cxx && r.kind !== 'union' && r.fields.length === 0 && !r.unresolved && !r.dynamic
    && (r.bases ?? []).every((b) => b.type.kind === 'record' && isEmptyClass(b.type.record));
}

/** A C++ class with a virtual table pointer: it declares virtual functions or derives from such a class. */
function isDynamic(r: CRecord): boolean {
  return !!r.dynamic || (r.bases ?? []).some((b) => b.type.kind === 'record' && isDynamic(b.type.record));
}

/** The record type of an array's elements, through arrays and aligned typedefs (clang's getBaseElementType). */
function elementRecord(t: CType): CRecord | undefined {
  while (t.kind === 'array' || t.kind === 'aligned') t = t.kind === 'array' ? t.elem : t.base;
  return t.kind === 'record' ? t.record : undefined;
}

/** Whether a value of type t holds a subobject of record r (through arrays, atomics, aligned typedefs, members). */
function containsRecord(t: CType, r: CRecord, seen = new Set<CRecord>()): boolean {
  for (;;) {
    if (t.kind === 'array') t = t.elem;
    else if (t.kind === 'atomic' || t.kind === 'aligned') t = t.base;
    else break;
  }
  if (t.kind !== 'record') return false;
  if (t.record === r) return true;
  if (seen.has(t.record)) return false;
  seen.add(t.record);
  return t.record.fields.some((g) => containsRecord(g.type, r, seen));
}
