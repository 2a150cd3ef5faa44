// The struct rules' finding payload is read through structDataOf, which checks every field: a finding from an
// older cache file, a worker or a hand-edited JSON never reaches the hover, the code lens or the report's total
// with a wrong shape.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { structDataOf } from '../../server/src/core/types';
import { defaultConfig } from '../../server/src/core/config';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../server/src/rules';

describe('structDataOf', () => {
  it('keeps the well-formed fields and drops the others', () => {
    expect(structDataOf({ data: undefined })).toBeUndefined();
    expect(structDataOf({ data: { struct: 7 } })).toBeUndefined();
    expect(structDataOf({ data: { struct: 'S', sizes: { 'linux/arm64': { size: 24, optimal: 16 } }, bytesSaved: 8 } }))
      .toEqual({ struct: 'S', sizes: { 'linux/arm64': { size: 24, optimal: 16 } }, bytesSaved: 8 });
    expect(structDataOf({ data: { struct: 'S', sizes: { 'linux/arm64': { size: '24', optimal: 16 } }, bytesSaved: '8' } })).toEqual({ struct: 'S' });
    expect(structDataOf({ data: { struct: 'S', sizes: null, acrossGroups: [1] } })).toEqual({ struct: 'S' });
  });

  describe('on the samples', () => {
    beforeAll(async () => { await initTreeSitter(); });

    it('reads every struct rule finding whole: name, sizes on each target, bytes saved', async () => {
      const root = path.resolve(__dirname, '../../samples');
      const r = await scanWorkspaceParallel({ jobs: 1, root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES });
      const struct = r.findings.filter((f) => /-struct-padding$/.test(f.ruleId));
      expect(struct.length).toBeGreaterThan(2);
      for (const f of struct) {
        const d = structDataOf(f);
        expect(d, f.message).toBeDefined();
        expect(Object.keys(d!.sizes ?? {}).length, f.message).toBeGreaterThan(0);
        expect(d!.bytesSaved, f.message).toBeGreaterThan(0);
        // Nothing the rule wrote was dropped as malformed.
        expect(d).toEqual(Object.fromEntries(Object.entries(f.data!).filter(([k]) => ['struct', 'sizes', 'acrossGroups', 'bytesSaved'].includes(k))));
      }
    });
  });
});
