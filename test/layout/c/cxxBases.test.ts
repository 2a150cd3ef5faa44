// C++ classes with non-virtual base classes, compared with the compilers on all five targets: g++ (Itanium C++ ABI)
// on linux/arm64, amd64, arm and 386, clang's Microsoft layout on windows/arm64. Single and multiple bases, empty
// bases, a base that is itself derived, and the Itanium rule that a derived class places its members in the tail
// padding of a base that is not POD for the purpose of layout (`struct A { int a; char b; A(); }; struct B : A
// { char c; };` is 8 bytes there, 12 when A is POD, 12 on MSVC). What the engine does not model (two empty
// subobjects of one type at one address, a base whose POD-ness depends on the C++ version where it matters,
// MSVC's layout of an aligned base or of a class with virtual functions) stays unresolved with its reason, never a
// guess. Classes with virtual functions are laid out on the Itanium targets (the virtual table pointer first).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts } from '../../realcode/compareLayouts';
import { compareWritten, compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386', 'windows/arm64'];
const COMPILERS = ['aarch64-linux-gnu-g++', 'x86_64-linux-gnu-g++', 'arm-linux-gnueabihf-g++', 'i686-linux-gnu-g++', 'readelf', 'clang-19'];
const missing = missingTools(COMPILERS);

// At file scope: the oracle names a base by its unqualified name.
const BASES = `struct Head { int id; char tag; };
struct Single : Head { char extra; short s; };
struct Left { double d; };
struct Right { char r; };
struct Multi : Left, Right { int m; };
struct Empty {};
struct OtherEmpty {};
struct WithEmpty : Empty { int x; };
struct EmptyThenData : Empty, Head { char c; };
struct TwoEmpties : Empty, OtherEmpty { int x; };
struct DataThenEmpty : Head, Empty { char c; };
struct NonPod { int a; char b; NonPod(); };
struct Reuse : NonPod { char c; };
struct Pod { int a; char b; };
struct NoReuse : Pod { char c; };
struct Private { Private(); long long v; private: char p; };
struct ReuseWide : Private { char c; int i; };
struct Mid : Head { char m; };
struct Grand : Mid { char g; };
struct Deep : Reuse { char d; };
class Counter { public: explicit Counter(int start) : n(start) {} int n; char flag; };
struct Holder : Counter { char h; };
struct HasMember { char pre; Reuse r; Single s; };
struct BitsAfter : NonPod { int x : 3; char y; };
template <typename T> struct Box { T value; char tag; Box(); };
struct FromTemplate : Box<int> { char c; };
struct LongTail { long long v; char t; LongTail(); };
struct AfterLong : LongTail { char a; int b; };
struct Mixed : Empty, NonPod, OtherEmpty { char c; };
struct EndsZero { int i; Empty e; };
struct AfterEndsZero : EndsZero, NonPod { char c; };
struct LeadsZero : Empty { char z; };
struct ThenLeads : NonPod, OtherEmpty, LeadsZero { char c; };
struct Copyable { int a; char b; Copyable& operator=(const Copyable&); };
struct AfterCopyable : Copyable { char c; };
struct Movable { int a; char b; Movable& operator=(Movable&&); };
struct AfterMovable : Movable { char c; };
struct Init { int a = 1; char b; };
struct AfterInit : Init { char c; };
class Access { int a; public: char b; };
struct AfterAccess : Access { char c; };
struct Dtor { int a; char b; ~Dtor(); };
struct AfterDtor : Dtor { char c; };
struct Nua : NonPod { [[no_unique_address]] Empty e; char c; };
struct Defaulted { int a; char b; Defaulted() = default; };
struct UsesDefaultedWide : Defaulted { int c; };
`;

// Laid out by the compilers, not by the engine (it says why).
const UNMODELLED = `struct Empty {};
struct SameEmpty : Empty { Empty e; int x; };
struct Inner { Empty e; char c; };
struct SameDeep : Empty { Inner in; };
struct Defaulted { int a; char b; Defaulted() = default; };
struct UsesDefaulted : Defaulted { char c; };
struct alignas(16) Wide { int a; Wide(); };
struct AfterWide : Wide { int c; };
struct V { virtual ~V(); virtual int f() const = 0; explicit V(int); int v; };
struct FromVirtual : V { char c; };
`;

let dir = '';
const compare = (name: string, text: string) => compareWritten(dir, name, text, TARGETS);
const records = (keys: string[], name: string) => keys.filter((k) => k.endsWith(` ${name}`)).map((k) => k.split(' ')[1]);

describe.skipIf(skipWithout(missing))('C++ classes with base classes equal the compilers\' layouts', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'cxx-bases-'); });

  it('lays out single, multiple, empty and derived bases and tail padding reuse exactly on every target', async () => {
    const c = await compare('bases.hpp', BASES);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.notReported).toEqual([]);
    for (const name of ['Single', 'Multi', 'WithEmpty', 'TwoEmpties', 'Reuse', 'NoReuse', 'Grand', 'Deep', 'Holder', 'HasMember', 'ThenLeads']) {
      expect(records(c.exact, name), name).toEqual(TARGETS);
    }
    expect(c.exact).toHaveLength(TARGETS.length * (BASES.match(/^(struct|class) /gm)!.length));
  });

  it('reuses a non-POD base\'s tail padding on the Itanium targets only (the compilers say so)', async () => {
    const file = path.join(dir, 'reuse.hpp');
    fs.writeFileSync(file, 'struct A { int a; char b; A(); };\nstruct B : A { char c; };\nstruct P { int a; char b; };\nstruct Q : P { char c; };\n');
    const engine = engineLayouts(dir, file, TARGETS);
    const size = (name: string, t: TargetId) => engine.find((r) => r.name === name && r.target === t)!.size;
    for (const t of TARGETS) {
      expect(size('B', t), t).toBe(t.startsWith('windows/') ? 12 : 8);
      expect(size('Q', t), t).toBe(12);
    }
    const c = compareLayouts(engine, await compilerLayouts(dir, file, TARGETS));
    expect(c.wrong).toEqual([]);
    expect(c.exact).toHaveLength(4 * TARGETS.length);
  });

  it('says why for what it does not model', async () => {
    const c = await compare('unmodelled.hpp', UNMODELLED);
    expect(c.wrong).toEqual([]);
    const why = (name: string) => [...c.unresolved.filter((u) => u.key.endsWith(` ${name}`)).map((u) => u.why)];
    const oos = (name: string) => records(c.outOfScope, name);
    // The compiler marks classes with bases as outside standard layout: unresolved ones land in outOfScope.
    expect(oos('SameEmpty')).toEqual(TARGETS.filter((t) => t.startsWith('linux/')));
    expect(oos('SameDeep')).toEqual(TARGETS.filter((t) => t.startsWith('linux/')));
    expect(oos('UsesDefaulted')).toEqual(TARGETS.filter((t) => t.startsWith('linux/')));
    expect(oos('AfterWide')).toEqual(['windows/arm64']);
    // A virtual table pointer: laid out on the Itanium targets, not for MSVC.
    expect(oos('FromVirtual')).toEqual(['windows/arm64']);
    expect(records(c.exact, 'FromVirtual')).toEqual(TARGETS.filter((t) => t.startsWith('linux/')));
    expect(oos('V')).toEqual(['windows/arm64']);
    expect(why('SameEmpty')).toEqual([]);
    // The others are exact: MSVC gives the second Empty the same address, the POD-ness of Defaulted does not
    // matter there, Itanium reuses the aligned base's tail padding.
    for (const name of ['SameEmpty', 'SameDeep', 'UsesDefaulted']) expect(records(c.exact, name), name).toEqual(['windows/arm64']);
    expect(records(c.exact, 'AfterWide')).toEqual(TARGETS.filter((t) => t.startsWith('linux/')));
  });
});
