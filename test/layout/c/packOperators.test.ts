// Pack operators (`_Pragma("pack(...)")`, `__pragma(pack(...))`) hidden in macros, compared with gcc: a header that
// only defines such macros (LLVM's Compiler.h) packs nothing, and the records of the files that include it are laid
// out exactly; where code uses one the records after it are unresolved (not replayed), never wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareWritten, missingTools, oracleSetUp, skipWithout, writeIn } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const missing = missingTools(['aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc', 'i686-linux-gnu-gcc', 'readelf']);

const COMPILER_H = `#ifndef COMPILER_H
#define COMPILER_H
#ifdef _MSC_VER
#define PACKED_START __pragma(pack(push, 1))
#define PACKED_END __pragma(pack(pop))
#else
#define PACKED_START _Pragma("pack(push, 1)")
#define PACKED_END _Pragma("pack(pop)")
#endif
#define BEGIN_WIRE PACKED_START
#endif
`;

let dir = '';
const names = (keys: string[]) => [...new Set(keys.map((k) => k.slice(k.lastIndexOf(' ') + 1)))].sort();

describe.skipIf(skipWithout(missing))('pack operators hidden in macros', () => {
  beforeAll(async () => {
    dir = await oracleSetUp(missing, 'pack-operators-');
    writeIn(dir, 'compiler.h', COMPILER_H);
    writeIn(dir, 'wire.h', '#include "compiler.h"\nBEGIN_WIRE\nstruct wire { char tag; int len; };\nPACKED_END\n');
  });

  it('a header that only defines them packs nothing: exact', async () => {
    const c = await compareWritten(dir, 'uses_none.h', '#include "compiler.h"\nstruct entry { char tag; long long value; short id; };\nstruct pair { char a; int b; };\n', TARGETS);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(names(c.exact)).toEqual(['entry', 'pair']);
  });

  it('records after a use in the file, or in a unit whose header uses one, are unresolved, never wrong', async () => {
    const own = await compareWritten(dir, 'uses_own.h', '#include "compiler.h"\nstruct before { char a; int b; };\nPACKED_START\nstruct packed { char a; int b; };\nPACKED_END\nstruct after { char a; int b; };\n', TARGETS);
    expect(own.wrong).toEqual([]);
    expect(names(own.exact)).toEqual(['before']);
    expect(names(own.unresolved.map((u) => u.key))).toEqual(['after', 'packed']);
    const built = await compareWritten(dir, 'uses_built.h', '#define DO_PRAGMA(x) _Pragma(#x)\nDO_PRAGMA(pack(push, 1))\nstruct packed { char a; int b; };\nDO_PRAGMA(pack(pop))\n', TARGETS);
    expect(built.wrong).toEqual([]);
    expect(names(built.unresolved.map((u) => u.key))).toEqual(['packed']);
    const header = await compareWritten(dir, 'uses_header.h', '#include "wire.h"\nstruct entry { char tag; int len; };\n', TARGETS);
    expect(header.wrong).toEqual([]);
    expect(names(header.unresolved.map((u) => u.key))).toEqual(['entry']);
  });
});
