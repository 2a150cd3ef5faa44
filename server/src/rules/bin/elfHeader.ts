// Reads the machine of an ELF file, or of the first ELF member of an `ar` archive (.a). Only the header
// bytes are read; nothing is ever executed. Truncated or foreign files give undefined.

export const EM_NAMES: Record<number, string> = {
  3: 'x86 (i386)', 62: 'x86-64', 40: 'ARM (32-bit)', 183: 'AArch64', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64',
  22: 's390', 243: 'RISC-V', 258: 'LoongArch',
};
export const EM_386 = 3, EM_X86_64 = 62, EM_AARCH64 = 183;

export interface ElfInfo { machine: number; is64: boolean; type: number; /** 'archive' when read from an ar member. */ container?: 'archive' }

const ET_NAMES: Record<number, string> = { 1: 'relocatable object', 2: 'executable', 3: 'shared object', 4: 'core file' };
export function elfTypeName(type: number): string { return ET_NAMES[type] ?? 'file'; }

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
