// Reads the machine of an ELF file, or of the first ELF member of an `ar` archive (.a). Only the header
// bytes are read; nothing is ever executed. Truncated or foreign files give undefined.

export const EM_NAMES: Record<number, string> = {
  3: 'x86 (i386)', 62: 'x86-64', 40: 'ARM (32-bit)', 183: 'AArch64', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64',
  22: 's390', 243: 'RISC-V', 258: 'LoongArch',
};
export const EM_386 = 3, EM_X86_64 = 62, EM_AARCH64 = 183;

export interface ElfInfo { machine: number; is64: boolean; type: number; /** 'archive' when read from an ar member. */ container?: 'archive' }

export const ET_EXEC = 2, ET_DYN = 3;
const ET_NAMES: Record<number, string> = { 1: 'relocatable object', 2: 'executable', 3: 'shared object', 4: 'core file' };
export function elfTypeName(type: number): string { return ET_NAMES[type] ?? 'file'; }

const PT_DYNAMIC = 2, PT_INTERP = 3, DT_NULL = 0, DT_FLAGS_1 = 0x6ffffffb, DF_1_PIE = 0x08000000;

/**
 * What an ET_DYN file is. A position-independent executable has DF_1_PIE in its dynamic section
 * (current GNU ld and lld since LLVM 11 set it: /usr/bin/ls, static PIEs; `file` reads it). PT_INTERP
 * alone does not tell: libc.so.6 names an interpreter so that it can run, and is a library; for a file
 * without DF_1_PIE (an older linker) it does, unless the name is a library's (`.so`, `.so.N`). `unknown`
 * when `bytes` end before the tables that tell.
 */
export function dynKind(bytes: Uint8Array, name: string): 'pie' | 'shared' | 'unknown' {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return 'unknown';
  const is64 = bytes[4] === 2, little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (o: number) => (is64 ? Number(view.getBigUint64(o, little)) : view.getUint32(o, little));
  const fits = (o: number, n: number) => Number.isSafeInteger(o) && o >= 0 && o + n <= bytes.length;
  const phoff = word(is64 ? 32 : 28), phentsize = view.getUint16(is64 ? 54 : 42, little), phnum = view.getUint16(is64 ? 56 : 44, little);
  if (phentsize < (is64 ? 56 : 32) || !fits(phoff, phentsize * phnum)) return 'unknown';
  let interp = false;
  let dynamic: { offset: number; size: number } | undefined;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    const type = view.getUint32(ph, little);
    if (type === PT_INTERP) interp = true;
    if (type === PT_DYNAMIC) dynamic = { offset: word(ph + (is64 ? 8 : 4)), size: word(ph + (is64 ? 32 : 16)) };
  }
  const byInterp = interp && !/\.so(\.\d+)*$/.test(name) ? 'pie' : 'shared';
  if (!dynamic) return byInterp;
  const entry = is64 ? 16 : 8;
  for (let o = dynamic.offset; o + entry <= dynamic.offset + dynamic.size; o += entry) {
    if (!fits(o, entry)) return interp ? byInterp : 'unknown';
    const tag = word(o);
    if (tag === DT_NULL) break;
    // Bit 27: within the low 32 bits, which is what & reads.
    if (tag === DT_FLAGS_1 && (word(o + entry / 2) & DF_1_PIE) !== 0) return 'pie';
  }
  return byInterp;
}

export function readElfHeader(bytes: Uint8Array, offset = 0): ElfInfo | undefined {
  if (bytes.length < offset + 20) return undefined;
  if (bytes[offset] !== 0x7f || bytes[offset + 1] !== 0x45 || bytes[offset + 2] !== 0x4c || bytes[offset + 3] !== 0x46) return undefined;
  const cls = bytes[offset + 4], data = bytes[offset + 5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) return undefined;
  const u16 = (o: number) => (data === 1 ? bytes[offset + o] | (bytes[offset + o + 1] << 8) : (bytes[offset + o] << 8) | bytes[offset + o + 1]);
  return { machine: u16(18), type: u16(16), is64: cls === 2 };
}

/** The first ELF member of a System V / GNU ar archive. */
export function readArchiveElf(bytes: Uint8Array): ElfInfo | undefined {
  const magic = '!<arch>\n';
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return undefined;
  let pos = 8;
  for (let n = 0; n < 10_000 && pos + 60 <= bytes.length; n++) {
    const sizeText = Buffer.from(bytes.subarray(pos + 48, pos + 58)).toString('latin1').trim();
    const size = Number(sizeText);
    if (!Number.isFinite(size) || size < 0 || !/^\d+$/.test(sizeText)) return undefined;
    const dataStart = pos + 60;
    const elf = readElfHeader(bytes, dataStart);
    if (elf) return { ...elf, container: 'archive' };
    pos = dataStart + size + (size % 2);
  }
  return undefined;
}

export function readBinaryMachine(bytes: Uint8Array): ElfInfo | undefined {
  return readElfHeader(bytes) ?? readArchiveElf(bytes);
}
