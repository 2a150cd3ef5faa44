// The flag-extraction API the CI rules reuse on `run:` scripts and env values.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../helpers/ruleTester';
import { flagsInText } from '../../../server/src/lang/build';
import { goEnvInText, sameBuild } from '../../../server/src/lang/build/goenv';
import { archGuarded, guardList, summarizeShell } from '../../../server/src/lang/build/shell';
import { archOfCommandText, archOfCondition } from '../../../server/src/lang/build/arch';
import { classifyFlag } from '../../../server/src/lang/build/flags';

describe('flagsInText', () => {
  beforeAll(ready);
  it('returns file offsets (base added) and the arch of each occurrence', () => {
    const yaml = 'run: |\n  gcc -mavx2 x.c\n  aarch64-linux-gnu-gcc -mfloat-abi=hard y.c\n';
    const base = yaml.indexOf('  gcc');
    const script = yaml.slice(base);
    const out = flagsInText(script, { base });
    expect(out.map((o) => [yaml.slice(o.start, o.end), o.cls, o.arch])).toEqual([
      ['-mavx2', 'x86', 'any'],
      ['-mfloat-abi=hard', 'float-abi', 'arm64'],
    ]);
  });
  it('uses the job arch when the text does not say (a runner label)', () => {
    expect(flagsInText('gcc -mavx2 x.c', { defaultArch: 'x86' })[0].arch).toBe('x86');
    expect(flagsInText('gcc -mcpu=native x.c', { defaultArch: 'arm64' })[0].arch).toBe('arm64');
  });
  it('plain values (env) are not parsed as shell', () => {
    const out = flagsInText('-O2 -msve-vector-bits=256', { shell: false, base: 10 });
    expect(out).toMatchObject([{ flag: '-msve-vector-bits=256', start: 14, end: 35, cls: 'sve-fixed', arch: 'any' }]);
  });
  it('guards and comments', () => {
    const s = 'if [ "$(uname -m)" = x86_64 ]; then\n  gcc -mavx2 x.c\nfi\n# gcc -msse4.2\n';
    expect(flagsInText(s).map((o) => [o.flag, o.arch])).toEqual([['-mavx2', 'x86']]);
  });
});

describe('shell guards', () => {
  beforeAll(ready);
  it('a test guards the rest of its && / || chain; if, case and loops guard their bodies', () => {
    const s = summarizeShell('[ "$(uname -m)" = x86_64 ] && gcc -mavx2 a.c && gcc b.c || gcc c.c\nif [ x != arm64 ]; then cc; else case "$A" in amd64) dd ;; esac; fi\nfor a in 1; do ee; done\n');
    const byName = (n: string) => s.commands.find((c) => c.name === n)!;
    const texts = (n: string) => guardList(byName(n).guards).map((g) => `${g.kind}:${g.negated ? '!' : ''}${g.text}`);
    expect(texts('uname')).toEqual([]);
    const gccs = s.commands.filter((c) => c.name === 'gcc').map((c) => guardList(c.guards).map((g) => `${g.negated ? '!' : ''}${g.text}`));
    expect(gccs).toEqual([
      ['[ "$(uname -m)" = x86_64 ]'],
      ['[ "$(uname -m)" = x86_64 ] && gcc -mavx2 a.c'],
      ['![ "$(uname -m)" = x86_64 ] && gcc -mavx2 a.c && gcc b.c'],
    ]);
    // `!=`: the then-branch is the negated one, the else-branch the plain one.
    expect(texts('cc')).toEqual(['if:![ x != arm64 ] ;']);
    expect(texts('dd')).toEqual(['case:"$A" amd64', 'if:[ x != arm64 ] ;']);
    expect(texts('ee')).toEqual(['loop:1']);
    expect(archGuarded(byName('ee').guards)).toBe(false);
    expect(archGuarded(byName('dd').guards)).toBe(true);
  });
});

describe('arch helpers', () => {
  it('names cross compilers, GOARCH and platforms', () => {
    expect(archOfCommandText('aarch64-linux-gnu-gcc -c x.c')).toBe('arm64');
    expect(archOfCommandText('arm-linux-gnueabihf-gcc')).toBe('arm32');
    expect(archOfCommandText('GOARCH=amd64 go build')).toBe('x86');
    expect(archOfCommandText('docker build --platform linux/arm64 .')).toBe('arm64');
    expect(archOfCommandText('gcc -O2')).toBeUndefined();
  });
  it('reads conditions, negated or not', () => {
    expect(archOfCondition('CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64"', false)).toBe('x86');
    expect(archOfCondition('NOT CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64"', true)).toBe('not-arm');
    expect(archOfCondition('HAVE_AVX2', false)).toBe('x86');
    expect(archOfCondition('CMAKE_BUILD_TYPE MATCHES Release', false)).toBeUndefined();
  });
  it('classifies flags', () => {
    expect(classifyFlag('-march=armv8.2-a+sve2')).toBe('sve');
    expect(classifyFlag('-march=armv8.2-a')).toBe('cpu');
    expect(classifyFlag('-mcpu=neoverse-n1')).toBe('cpu');
    expect(classifyFlag('-mcpu=neoverse-v2')).toBe('sve');
    expect(classifyFlag('-mcpu=neoverse-v1+nosve')).toBe('cpu');
    expect(classifyFlag('-mno-outline-atomics')).toBe('atomics');
    expect(classifyFlag('-mtune=neoverse-n1')).toBe('other');
    expect(classifyFlag('-msve-vector-bits=scalable')).toBe('other');
    expect(classifyFlag('-m64')).toBe('x86');
    expect(classifyFlag('-mgeneral-regs-only')).toBe('other');
  });
});

describe('goEnvInText', () => {
  it('pairs settings of the same command or export scope', () => {
    const s = goEnvInText('export GOARCH=arm64\nGOARM=7 go build\nGOARCH=arm GOARM=6 go build\n');
    const arm64 = s.find((x) => x.name === 'GOARCH' && x.value === 'arm64')!;
    const goarms = s.filter((x) => x.name === 'GOARM');
    expect(goarms.map((g) => sameBuild(arm64, g))).toEqual([true, true]);
    const arm = s.find((x) => x.name === 'GOARCH' && x.value === 'arm')!;
    expect(sameBuild(arm, goarms[0])).toBe(false);
    expect(sameBuild(arm, goarms[1])).toBe(true);
  });
});
