// C++ members of standard library types on the Linux targets (libstdc++, as GCC builds them): std::string,
// containers and smart pointers whose size does not depend on their arguments, std::array, std:: typedefs. The
// engine must equal g++ field by field; what it does not model (vector<bool>, a custom deleter) stays unknown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutCFile } from '../../../server/src/lang/c/layoutFile';
import type { TargetId } from '../../../server/src/core/targets';
import { compareLayouts } from '../../realcode/compareLayouts';
import { compilerLayouts, engineLayouts, missingTools, oracleSetUp, skipWithout } from '../../helpers/cOracle';

const TARGETS: TargetId[] = ['linux/arm64', 'linux/amd64', 'linux/arm', 'linux/386'];
const COMPILERS = ['aarch64-linux-gnu-g++', 'x86_64-linux-gnu-g++', 'arm-linux-gnueabihf-g++', 'i686-linux-gnu-g++', 'readelf', 'clang-19'];
const missing = missingTools(COMPILERS);

const HEADER = `#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace app {
struct Item { char tag; std::uint64_t id; };

struct Catalog {
  bool loaded;
  std::string name;
  std::vector<Item> items;
  std::array<short, 3> shorts;
  std::unique_ptr<Item> current;
  std::shared_ptr<Catalog> parent;
  std::map<int, Item> byId;
  std::unordered_map<std::string, int> index;
  std::function<void()> onChange;
  std::mutex lock;
  std::size_t count;
};

struct Counters {
  char flag;
  std::atomic<bool> ready;
  std::atomic<long long> total;
  std::atomic<short> small;
  std::atomic<Item*> head;
  char tag;
  std::atomic<std::uint64_t> seq;
  std::atomic<std::size_t> bytes;
  std::atomic<unsigned char> byte;
  std::atomic<wchar_t> wide;
  std::atomic<const char *> name;
  char tail;
};
}  // namespace app
`;

let dir = '';
describe.skipIf(skipWithout(missing))('C++ standard library members equal g++ (libstdc++)', () => {
  beforeAll(async () => { dir = await oracleSetUp(missing, 'cxx-stdlib-'); });

  it('lays out std::string, containers, smart pointers, std::array, std::mutex and std::atomic as g++ does', async () => {
    const file = path.join(dir, 'catalog.hpp');
    fs.writeFileSync(file, HEADER);
    const engine = engineLayouts(dir, file, TARGETS);
    const gxx = await compilerLayouts(dir, file, TARGETS);
    const c = compareLayouts(engine, gxx);
    expect(c.wrong).toEqual([]);
    expect(c.unresolved).toEqual([]);
    expect(c.notReported).toEqual([]);
    expect(c.exact.filter((k) => k.endsWith(' app::Catalog'))).toHaveLength(TARGETS.length);
    // std::atomic<long long> and <uint64_t> are 8-aligned on linux/386 too, unlike long long.
    expect(c.exact.filter((k) => k.endsWith(' app::Counters'))).toHaveLength(TARGETS.length);
  });

  it('says why for what libstdc++ lays out differently', () => {
    const members = ['std::vector<bool> bits;', 'std::unique_ptr<int, void (*)(int *)> owned;', 'std::pair<int, char> both;', 'std::atomic<double> d;', 'std::atomic<std::pair<int, int>> p;'];
    for (const member of members) {
      const text = `#include <vector>\n#include <memory>\n#include <atomic>\nstruct S { char c; ${member} };\n`;
      const s = layoutCFile({ path: '/virtual/s.hpp', text, fs: { readText: () => undefined } as never, targets: ['linux/arm64'] }).find((x) => x.name === 'S')!;
      expect(s.layouts[0].unresolved, member).toMatch(/not modelled|not found/);
    }
  });
});
