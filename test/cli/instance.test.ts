// --instance and the `instances` key of .arm64port.json: the deployment presets reach the rules from the command line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, expectUsageError, tempWorkspace } from './cli';

beforeAll(() => ensureBuilt(), 300_000);

const MAKEFILE = 'CFLAGS += -march=armv8.2-a+sve -msve-vector-bits=256\nall:\n\tcc $(CFLAGS) -o app main.c\n';
const sveFindings = (dir: string, ...args: string[]) => {
  const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'never', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).findings as { ruleId: string; severity: string; message: string }[]).filter((f) => f.ruleId === 'build-sve-fixed-length');
};

describe('scan --instance', () => {
  it('changes the advice per preset and fleet', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE });
    expect(sveFindings(dir)).toHaveLength(1); // no presets: the generic error
    expect(sveFindings(dir, '--instance', 'graviton3')).toEqual([]);
    const mixed = sveFindings(dir, '--instance', 'graviton3', '--instance', 'graviton4');
    expect(mixed.map((f) => f.severity)).toEqual(['error']);
    expect(mixed[0].message).toMatch(/right on graviton3 \(256-bit SVE\) and silently wrong on graviton4 \(128-bit SVE\)/);
    expect(sveFindings(dir, '--instance', 'graviton3,graviton4')).toEqual(mixed);
  });

  it('reads `instances` from .arm64port.json; the flag replaces it', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE, '.arm64port.json': JSON.stringify({ instances: ['graviton4'] }) });
    expect(sveFindings(dir)[0].message).toMatch(/silently wrong on graviton4/);
    expect(sveFindings(dir, '--instance', 'graviton3')).toEqual([]);
  });

  it('refuses an unknown instance with the list of known ones', () => {
    const dir = tempWorkspace({ Makefile: MAKEFILE });
    expect(expectUsageError(cli(['scan', dir, '--instance', 'graviton9']))).toMatch(/unknown instance "graviton9" \(known: graviton1, .*apple-m1\)/);
    fs.writeFileSync(path.join(dir, '.arm64port.json'), JSON.stringify({ instances: ['graviton9'] }));
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'never']);
    expect(r.stderr).toMatch(/invalid value for "instances" ignored/);
  });
});
