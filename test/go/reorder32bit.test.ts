// The reorder fix never makes a struct larger on Go's 32-bit targets, enabled or not (nats-server's
// sourceInfo grew from 160 to 168 bytes on linux/arm and linux/386 when only 64-bit targets were sorted for).
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../server/src/rules/go/go-struct-padding';
import { memoryFileSystem } from '../../server/src/core/workspace';
import { GoWorkspace } from '../../server/src/lang/go/packages';
import { goLayoutOfFile } from '../../server/src/lang/go/layoutEntries';
import { applyFixes, ready, runRule, WORKSPACE } from '../helpers/ruleTester';

beforeAll(ready);

const TYPES = ['bool', 'int32', 'int64', '*int', 'string', 'atomic.Int64', '[3]byte', 'uint16', 'float64', 'complex64'];

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function size386(text: string): number {
  const fs = memoryFileSystem({ [`${WORKSPACE}/app/go.mod`]: 'module example.com/app\n', [`${WORKSPACE}/app/s.go`]: text });
  const [e] = goLayoutOfFile(`${WORKSPACE}/app/s.go`, text, new GoWorkspace(fs, {}, WORKSPACE), ['linux/386']);
  if (e.size === null) throw new Error(`unresolved: ${e.unresolved}`);
  return e.size;
}

describe('reorder fix on 32-bit targets', () => {
  it('never makes a struct larger on linux/386 (and so linux/arm), over 300 random structs', () => {
    let fixed = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = random(seed);
      const n = 3 + Math.floor(rnd() * 7);
      const fields = Array.from({ length: n }, (_, i) => `\tf${i} ${TYPES[Math.floor(rnd() * TYPES.length)]}`);
      const text = `package app\n\nimport "sync/atomic"\n\ntype s struct {\n${fields.join('\n')}\n}\n\nvar _ atomic.Int64\n`;
      const f = runRule(padding, { path: 'app/s.go', text, files: { 'app/go.mod': 'module example.com/app\n', 'app/s.go': text } })[0];
      if (!f?.fixes.length) continue;
      fixed++;
      expect(size386(applyFixes(text, f.fixes[0])), `seed ${seed}:\n${text}`).toBeLessThanOrEqual(size386(text));
    }
    expect(fixed).toBeGreaterThan(100);
  });
});
