// Hostile YAML (manifests, kubelet and kubeadm configurations, GitHub and GitLab CI) at the largest bench
// size: no rule fails, and the hazard is reported, or its document is too deep for the YAML parser and
// the log says so. No timings: a hang shows as a timeout.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { unmet } from './generators/docker';
import { series, TOO_DEEP } from './generators/yaml';

beforeAll(async () => { await initTreeSitter(); });

describe('hostile YAML', () => {
  for (const s of series) it(s.name, () => { expect(unmet(s).problems).toEqual([]); });

  it('series whose depth may excuse a missing finding report it where the parser reads that depth', () => {
    const excused = series.filter((s) => s.tooDeep);
    expect(excused.length).toBeGreaterThan(0);
    for (const s of excused) expect({ [s.name]: unmet({ ...s, tooDeep: undefined }, s.bench[0]).problems }).toEqual({ [s.name]: [] });
  });

  it('a document nested 2,000 levels deep is skipped with a reason; the next document is still read', () => {
    const deep = series.find((s) => s.name === 'k8s: deep flow sequences')!;
    const { run, problems } = unmet(deep, 2000);
    expect(problems).toEqual([]);
    expect(run.log.filter((l) => TOO_DEEP.test(l))).toEqual([expect.stringMatching(/deploy\.yaml: the YAML document at line 1 /)]);
  });
});
