import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/tempDirs';
import { rule as elf } from '../../../server/src/rules/bin/bin-foreign-elf';
import { rule as guess } from '../../../server/src/rules/bin/build-config-guess-old';
import { rangeOf, ready, runRule } from '../../helpers/ruleTester';

beforeAll(ready);

/** A 64-byte ELF header: class, data (1 = little endian), e_type, e_machine. */
function elfHeader(machine: number, type = 3, cls = 2, data = 1): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, cls, data, 1]);
  const put16 = (o: number, v: number) => { if (data === 1) { b[o] = v & 0xff; b[o + 1] = v >> 8; } else { b[o] = v >> 8; b[o + 1] = v & 0xff; } };
  put16(16, type);
  put16(18, machine);
  return b;
}

/** An ar archive holding one member. */
function archive(member: Uint8Array): Uint8Array {
  const head = Buffer.from('!<arch>\n', 'latin1');
  const hdr = Buffer.from(`${'foo.o/'.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'644'.padEnd(8)}${String(member.length).padEnd(10)}\`\n`, 'latin1');
  return Buffer.concat([head, hdr, Buffer.from(member)]);
}

const run = (p: string, bytes: Uint8Array, files: Record<string, string | Uint8Array> = {}) =>
  runRule(elf, { path: p, text: '', kind: 'binary', files: { [p]: bytes, ...files } });

describe('bin-foreign-elf', () => {
  it('valid: aarch64 and 32-bit ARM objects, non-ELF, truncated, x86 with an arm64 counterpart', () => {
    expect(run('lib/libfoo.so', elfHeader(183))).toEqual([]);
    expect(run('lib/libfoo.so', elfHeader(40, 3, 1))).toEqual([]);
    expect(run('lib/foo.dll', Buffer.from('MZ\x90\x00', 'latin1'))).toEqual([]);
    expect(run('lib/libfoo.so', elfHeader(62).subarray(0, 17))).toEqual([]);
    expect(run('lib/libfoo.a', Buffer.from('!<arch>\nfoo.o/  garbage', 'latin1'))).toEqual([]);
    expect(run('prebuilt/linux-x86_64/libfoo.so', elfHeader(62), { 'prebuilt/linux-aarch64/libfoo.so': elfHeader(183) })).toEqual([]);
    expect(run('lib/amd64/libfoo.so', elfHeader(62), { 'lib/arm64/libfoo.so': elfHeader(183) })).toEqual([]);
  });
  it('valid: a Go .syso whose name or package excludes arm64', () => {
    expect(run('p/rsrc_amd64.syso', elfHeader(62, 1))).toEqual([]);
    expect(run('p/race_freebsd.syso', elfHeader(62, 1))).toEqual([]);
    expect(run('race/amd64v1/race_linux.syso', elfHeader(62, 1), { 'race/amd64v1/doc.go': '//go:build amd64\n\npackage amd64v1\n' })).toEqual([]);
  });
  it('invalid: x86-64 shared object, i386 executable, big-endian header, archive member, .syso linked on arm64', () => {
    const so = run('lib/libfoo.so', elfHeader(62));
    expect(so.map((f) => rangeOf('', f))).toEqual(['1:1-1:1']);
    expect(so[0].message).toMatch(/x86-64 shared object.*skipping incompatible/);
    expect(so[0].severity).toBe('warning');
    expect(run('bin/tool', elfHeader(3, 2, 1))[0].message).toMatch(/x86 \(i386\) executable.*exec format error/);
    expect(run('lib/x.o', elfHeader(62, 1, 2, 2))).toHaveLength(1);
    expect(run('lib/libz.a', archive(elfHeader(62, 1)))[0].message).toMatch(/x86-64 static library/);
    expect(run('p/blob.syso', elfHeader(62, 1), { 'p/a.go': 'package p\n' })[0].message).toMatch(/Go linker includes it/);
  });
});

// Real binaries: what `file` and readelf say they are, not what our header reader thinks.
const has = (cmd: string) => { try { execFileSync(cmd, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } };
const CROSS = ['x86_64-linux-gnu-gcc', 'i686-linux-gnu-gcc', 'aarch64-linux-gnu-gcc'];
const missingCross = CROSS.filter((c) => !has(c));
const inCI = !!process.env.CI && process.env.CI !== 'false';
const hostX86 = process.arch === 'x64';

describe('bin-foreign-elf on real binaries', () => {
  const real = (name: string, file: string) => run(name, fs.readFileSync(file));
  it.skipIf(!hostX86)('this machine: /usr/bin/ls is a PIE executable, libc.so.6 (it names an interpreter too) and libz a shared object', () => {
    const ls = real('bin/ls', '/usr/bin/ls');
    expect(ls[0].message).toMatch(/^ls is an x86-64 executable \(PIE\) .*exec format error/);
    const libDir = fs.existsSync('/usr/lib/x86_64-linux-gnu') ? '/usr/lib/x86_64-linux-gnu' : '/lib64';
    const libc = real('lib/libc.so.6', path.join(libDir, 'libc.so.6'));
    expect(libc[0].message).toMatch(/^libc\.so\.6 is an x86-64 shared object .*skipping incompatible/);
    const libz = fs.readdirSync(libDir).find((f) => /^libz\.so\.\d+$/.test(f));
    if (libz) expect(real(`lib/${libz}`, path.join(libDir, libz))[0].message).toContain(`${libz} is an x86-64 shared object`);
  });

  describe.skipIf(missingCross.length > 0 && !inCI)('cross-compiled', () => {
    let dir = '';
    const build = (cc: string, out: string, ...flags: string[]) => {
      execFileSync(cc, [...flags, '-o', path.join(dir, out), path.join(dir, flags.includes('-shared') ? 'lib.c' : 'main.c')]);
      return fs.readFileSync(path.join(dir, out));
    };
    beforeAll(() => {
      expect(missingCross, 'test/oracle/c/install.sh installs the cross compilers').toEqual([]);
      dir = makeTempDir('arm64-port-elf-');
      fs.writeFileSync(path.join(dir, 'main.c'), 'int main(void) { return 0; }\n');
      fs.writeFileSync(path.join(dir, 'lib.c'), 'int f(void) { return 1; }\n');
    });
    it('PIE, static PIE and i686 PIE are executables (PIE); -no-pie an executable; -shared a shared object; aarch64 nothing', () => {
      const kind = (name: string, bytes: Uint8Array) => run(`tools/${name}`, bytes)[0]?.message.match(/ is an (.+?) \(ELF e_machine/)?.[1];
      expect(kind('pie', build('x86_64-linux-gnu-gcc', 'pie', '-pie', '-fPIE'))).toBe('x86-64 executable (PIE)');
      expect(kind('spie', build('x86_64-linux-gnu-gcc', 'spie', '-static-pie'))).toBe('x86-64 executable (PIE)');
      expect(kind('pie32', build('i686-linux-gnu-gcc', 'pie32', '-pie', '-fPIE'))).toBe('x86 (i386) executable (PIE)');
      expect(kind('nopie', build('x86_64-linux-gnu-gcc', 'nopie', '-no-pie'))).toBe('x86-64 executable');
      expect(kind('libf.so', build('x86_64-linux-gnu-gcc', 'libf.so', '-shared', '-fPIC'))).toBe('x86-64 shared object');
      expect(kind('libf32.so', build('i686-linux-gnu-gcc', 'libf32.so', '-shared', '-fPIC'))).toBe('x86 (i386) shared object');
      expect(run('tools/apie', build('aarch64-linux-gnu-gcc', 'apie', '-pie', '-fPIE'))).toEqual([]);
    });
    it('without DT_FLAGS_1 (linkers before binutils 2.26), a program interpreter makes a PIE unless the name is a library\'s', () => {
      const pie = Buffer.from(build('x86_64-linux-gnu-gcc', 'old', '-pie', '-fPIE'));
      // Turn the DT_FLAGS_1 entry (8-byte aligned tag 0x6ffffffb) into DT_FLAGS (30) with no flags.
      let at = -1;
      for (let o = 0; o + 16 <= pie.length; o += 8) if (pie.readBigUInt64LE(o) === 0x6ffffffbn) { at = o; break; }
      expect(at).toBeGreaterThan(0);
      pie.writeBigUInt64LE(30n, at);
      pie.writeBigUInt64LE(0n, at + 8);
      expect(run('tools/old', pie)[0].message).toMatch(/^old is an x86-64 executable \(PIE\)/);
      expect(run('lib/libold.so.1', pie)[0].message).toMatch(/^libold\.so\.1 is an x86-64 shared object/);
    });
  });
});

describe('build-config-guess-old', () => {
  it('valid: knows aarch64; unrelated file of that name', () => {
    expect(runRule(guess, { path: 'config.guess', text: "#! /bin/sh\ntimestamp='2023-01-01'\ncase x in\n    aarch64:Linux:*:*)\n\techo aarch64;;\nesac\n" })).toEqual([]);
    expect(runRule(guess, { path: 'config.sub', text: "timestamp='2020-01-01'\ncase $1 in aarch64-*) ;; esac\n" })).toEqual([]);
    expect(runRule(guess, { path: 'config.guess', text: 'hello' })).toEqual([]);
  });
  it('invalid: 2009 config.guess, at its timestamp', () => {
    const text = "#! /bin/sh\n# Attempt to guess a canonical system name.\ntimestamp='2009-06-10'\ncase x in\n    arm*:Linux:*:*) ;;\nesac\n";
    const f = runRule(guess, { path: 'build-aux/config.guess', text });
    expect(f.map((x) => rangeOf(text, x))).toEqual(['3:1-3:23']);
    expect(f[0].message).toMatch(/timestamp 2009-06-10.*unable to guess system type/);
  });
});
