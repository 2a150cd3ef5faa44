// Hostile shell scripts, Makefiles, CMake and meson files at the largest bench size: no rule fails, and the
// x86 flag placed at the end or the deepest point is still reported. No timings: a hang shows as a timeout.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { series } from './generators/build';
import { unmet } from './generators/docker';

beforeAll(async () => { await initTreeSitter(); });

describe('hostile build files', () => {
  for (const s of series) it(s.name, () => { expect(unmet(s).problems).toEqual([]); });
});
