// The hostile-input series (test/hostile/generators) through every rule, at each doubling of the input:
// the time of each size and its ratio to the size before. Linear growth doubles the time (about 2x); n log n
// a little more; anything near 4x per doubling is quadratic and a bug. Issue "No file can hang the analysis".
import { runSeries, type HostileSeries } from '../test/hostile/harness';
import { series as build } from '../test/hostile/generators/build';
import { series as c } from '../test/hostile/generators/c';
import { series as docker } from '../test/hostile/generators/docker';
import { series as go } from '../test/hostile/generators/go';
import { series as kubelet } from '../test/hostile/generators/kubelet';
import { series as yaml } from '../test/hostile/generators/yaml';

export const ALL_SERIES: HostileSeries[] = [...go, ...c, ...docker, ...build, ...yaml, ...kubelet];

export interface HostileTiming { name: string; sizes: number[]; ms: number[]; ratios: number[]; failures: number }

/** Each size of one series, best of `repeat` runs (the machine's speed moves with its neighbours). */
export function timeSeries(s: HostileSeries, repeat = 2): HostileTiming {
  const ms: number[] = [];
  let failures = 0;
  for (const n of s.bench) {
    let best = Infinity;
    for (let i = 0; i < repeat; i++) {
      const r = runSeries(s, n);
      failures += r.failures.length;
      best = Math.min(best, r.ms);
    }
    ms.push(best);
  }
  const ratios = ms.slice(1).map((t, i) => t / Math.max(ms[i], 0.01));
  return { name: s.name, sizes: s.bench, ms: ms.map((t) => +t.toFixed(1)), ratios: ratios.map((r) => +r.toFixed(2)), failures };
}
