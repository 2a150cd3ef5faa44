// Class templates that declare types inside them (a list's Node, an iterator, an enum of constants): a member that
// names such a type only through a pointer or a reference has the same layout whatever the type is, so the template
// is instantiated (leveldb's SkipList<Key, Comparator>: struct Node, class Iterator, enum { kMaxHeight }); a member
// that holds one by value, or uses one of its constants, is not modelled and says so. Compared with g++ and clang.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetId } from '../../../server/src/core/targets';
import { compareWritten, missingTools, oracleSetUp, skipWithout } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386', 'windows/arm64'];
const missing = missingTools(['aarch64-linux-gnu-g++', 'x86_64-linux-gnu-g++', 'arm-linux-gnueabihf-g++', 'i686-linux-gnu-g++', 'readelf', 'clang-19']);

// Laid out: the nested types are reached through pointers and references only. (SkipList's Node is defined outside
// the class in leveldb; the oracle cannot probe a member of a template, so it stays declared only here.)
const THROUGH_POINTERS = `template <typename Key, class Comparator> class SkipList {
 private:
  struct Node;
 public:
  explicit SkipList(Comparator cmp);
  class Iterator {
   public:
    explicit Iterator(const SkipList* list);
   private:
    const SkipList* list_;
    Node* node_;
  };
 private:
  enum { kMaxHeight = 12 };
  Comparator const compare_;
  Node* const head_;
  int max_height_;
  const Node& last_;
};
struct Cmp { int (*fn)(const char*, const char*); char flags; };
template <typename T> struct List {
  struct Cell { T value; Cell* next; };
  Cell* head;
  Cell** tail;
  char tag;
};
struct UseSkip { char c; SkipList<const char*, Cmp> table; short s; };
struct UseList { List<double> doubles; char c; List<char> chars; };
`;

// Not modelled: a nested type held by value (directly, through a typedef, as a template argument, defined in place),
// a nested constant in a member. Outer declarations of the same names must not be taken for them.
const BY_VALUE = `struct Cell { char x; };
const int kN = 2;
template <typename T> struct Holder { T held; };
template <typename T> struct Box { struct Cell { T v; char c; }; Cell cell; char tag; };
template <typename T> struct Named { struct Cell { T v; char c; }; typedef Cell C; C first; char tag; };
template <typename T> struct Buf { enum { kN = sizeof(T) + 1 }; char raw[kN]; T last; };
template <typename T> struct Wrapped { struct Cell { T v; }; Holder<Cell> h; char tag; };
template <typename T> struct InPlace { struct { T a; char b; } pair; char tag; };
template <typename T> struct Pairs { typedef struct { T a; char b; } Pair; Pair p; };
struct UseBox { Box<double> b; char c; };
struct UseNamed { Named<short> n; };
struct UseBuf { Buf<int> b; };
struct UseWrapped { Wrapped<long long> w; };
struct UseInPlace { InPlace<double> i; };
struct UsePairs { Pairs<double> p; };
`;

let dir = '';
const compare = (name: string, text: string) => compareWritten(dir, name, text, TARGETS);
const names = (keys: string[]) => [...new Set(keys.map((k) => k.slice(k.lastIndexOf(' ') + 1)))].sort();

describe.skipIf(skipWithout(missing))('class templates that declare types inside them', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'cxx-nested-'); });

  it('are laid out exactly when the types are reached through pointers and references', async () => {
    const c = await compare('pointers.hpp', THROUGH_POINTERS);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    for (const name of ['UseSkip', 'UseList', 'Cmp']) expect(c.exact.filter((k) => k.endsWith(` ${name}`)), name).toHaveLength(TARGETS.length);
  });

  it('say why when a member holds one by value or uses one of its constants', async () => {
    const c = await compare('byvalue.hpp', BY_VALUE);
    expect(c.wrong).toEqual([]);
    const refused = ['UseBox', 'UseBuf', 'UseInPlace', 'UseNamed', 'UsePairs', 'UseWrapped'];
    expect(names(c.unresolved.map((u) => u.key))).toEqual(refused);
    for (const u of c.unresolved) expect(u.why, u.key).toMatch(/declares (a type|\w+) inside it/);
    expect(c.unresolved).toHaveLength(refused.length * TARGETS.length);
    // The outer Cell is laid out.
    expect(c.exact.filter((k) => k.endsWith(' Cell'))).toHaveLength(TARGETS.length);
  });
});
