// Hostile kubelet set-ups outside YAML (systemd units and drop-ins, env files, a containerd config.toml) at
// the largest bench size: no rule fails, and the removed flag or driver mismatch is still reported.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { unmet } from './generators/docker';
import { series } from './generators/kubelet';

beforeAll(async () => { await initTreeSitter(); });

describe('hostile kubelet files', () => {
  for (const s of series) it(s.name, () => { expect(unmet(s).problems).toEqual([]); });
});
