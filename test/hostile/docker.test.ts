// Hostile Dockerfiles run through every rule at the largest bench size: no rule fails or is stopped, and
// the hazard placed at the end (or repeated) is still reported. No timings: a hang shows as a timeout.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { series, unmet } from './generators/docker';

beforeAll(async () => { await initTreeSitter(); });

describe('hostile Dockerfiles', () => {
  for (const s of series) it(s.name, () => { expect(unmet(s).problems).toEqual([]); });
});
