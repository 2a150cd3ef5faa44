// proc-cpuinfo-x86-fields: C, Go, shell and Dockerfile fixtures (found, and the guarded or arm64-aware cases that
// are not), and the C fixture compiled and run on an x86 and an arm64 /proc/cpuinfo text: the second has the
// lines arch/arm64/kernel/cpuinfo.c prints (c_show) for a 64-bit process, and the look-up finds nothing in it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../../helpers/cOracle';
import { ruleTable } from '../build/table';
import { rule } from '../../../server/src/rules/c/proc-cpuinfo-x86-fields';

const C_MODEL = `#include <stdio.h>
#include <string.h>
int cpu_model(char *out, size_t n) {
  char buf[256];
  FILE *fp = fopen(CPUINFO, "r");
  if (!fp) return -1;
  out[0] = 0;
  while (fgets(buf, sizeof buf, fp))
    if (strncmp(buf, "model name\\t: ", 13) == 0) { snprintf(out, n, "%s", buf + 13); break; }
  fclose(fp);
  return out[0] ? 0 : -1;
}
`;
const C_FILE = `#define CPUINFO "/proc/cpuinfo"\n${C_MODEL}`;

ruleTable(rule, [
  { name: 'C: strncmp on "model name"', path: 'src/cpu.c', text: C_FILE, ranges: ['10:23-10:33'], message: /no `model name` line.*CPU implementer/ },
  { name: 'C: a regex on flags and the topology lines', path: 'src/cores.c',
    text: '#include <regex.h>\nvoid f(void) {\n  regex_t r;\n  FILE *fp = fopen("/proc/cpuinfo", "r");\n  regcomp(&r, "^flags\\\\s+:.* constant_tsc", 0);\n  if (strncmp(b, "siblings", 8) == 0) s++;\n  if (strncmp(b, "cpu cores", 9) == 0) c++;\n}\n',
    ranges: ['5:17-5:22', '6:19-6:27', '7:19-7:28'], message: /Features|topology/ },
  { name: 'C: not reported under an x86 #if, or with an arm64 path (CPU part), or without /proc/cpuinfo', path: 'src/a.c',
    text: '#if defined(__x86_64__)\nstatic const char *f = "/proc/cpuinfo", *m = "model name";\n#endif\n', ranges: [] },
  { name: 'C: the file also reads CPU part (libuv)', path: 'src/b.c',
    text: 'static const char m[] = "model name\\t: ";\nstatic const char p[] = "CPU part\\t: ";\nvoid g(void) { fopen("/proc/cpuinfo", "r"); }\n', ranges: [] },
  { name: 'C: "model name" in a file that does not read /proc/cpuinfo; "processor" is printed on arm64', path: 'src/c.c',
    text: 'const char *a = "model name";\nconst char *b = "processor";\n', ranges: [] },
  { name: 'C: only processor and comments', path: 'src/d.c',
    text: '/* model name is in /proc/cpuinfo */\nint n(void) { FILE *f = fopen("/proc/cpuinfo", "r"); return count(f, "processor"); }\n', ranges: [] },
  { name: 'Go: strings.HasPrefix on "model name" and "cpu MHz"', path: 'cpu/info.go',
    text: 'package cpu\n\nimport (\n\t"os"\n\t"strings"\n)\n\nfunc Model() (name string, mhz string) {\n\tb, _ := os.ReadFile("/proc/cpuinfo")\n\tfor _, l := range strings.Split(string(b), "\\n") {\n\t\tif strings.HasPrefix(l, "model name") {\n\t\t\tname = l\n\t\t}\n\t\tif strings.HasPrefix(l, `cpu MHz`) {\n\t\t\tmhz = l\n\t\t}\n\t}\n\treturn\n}\n',
    ranges: ['11:28-11:38', '14:28-14:35'] },
  { name: 'Go: an amd64-only file, and a file with a cpu.ARM64 path', path: 'cpu/info_amd64.go',
    text: 'package cpu\n\nconst f, m = "/proc/cpuinfo", "model name"\n', ranges: [] },
  { name: 'Go: //go:build amd64', path: 'cpu/x.go',
    text: '//go:build amd64\n\npackage cpu\n\nconst f, m = "/proc/cpuinfo", "flags"\n', ranges: [] },
  { name: 'shell: grep model name, awk on cpu MHz', path: 'scripts/bench.sh',
    text: '#!/bin/sh\nCPU=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2)\nMHZ=$(awk -F: \'/cpu MHz/ {print $2; exit}\' /proc/cpuinfo)\nCORES=$(grep -c ^processor /proc/cpuinfo)\n',
    ranges: ['2:17-2:27', '3:17-3:24'] },
  { name: 'shell: under a uname -m case for x86_64; comments; lscpu', path: 'scripts/probe.sh',
    text: '#!/bin/sh\n# grep flags /proc/cpuinfo\ncase "$(uname -m)" in\n  x86_64) grep -q avx2 <(grep flags /proc/cpuinfo) && AVX=1 ;;\nesac\nlscpu | grep "Model name"\n', ranges: [] },
  { name: 'shell: the script also reads Features', path: 'scripts/arm.sh',
    text: '#!/bin/sh\ngrep -q "^flags.*avx2" /proc/cpuinfo || grep -q "^Features.*asimd" /proc/cpuinfo\n', ranges: [] },
  { name: 'Dockerfile: a RUN testing flags for avx2', path: 'Dockerfile',
    text: 'FROM debian:12\nRUN if grep -q "^flags.*avx2" /proc/cpuinfo; then make AVX2=1; else make; fi\n',
    ranges: ['2:18-2:23'], message: /at build time/ },
]);

/** The lines c_show() of arch/arm64/kernel/cpuinfo.c prints per CPU for a 64-bit process (Neoverse-N1 values). */
const ARM64_CPUINFO = 'processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n';
/** An x86-64 kernel's lines (arch/x86/kernel/cpu/proc.c show_cpuinfo), abridged. */
const X86_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\nstepping\t: 7\ncpu MHz\t\t: 2499.998\nflags\t\t: fpu vme de pse tsc msr sse sse2 avx avx2\nbogomips\t: 4999.99\n\n';

// test/oracle/c/install.sh installs gcc: without it the run is skipped with a warning, and fails under CI.
const inCI = !!process.env.CI && process.env.CI !== 'false';
const hasGcc = missingTools(['gcc']).length === 0;
if (!hasGcc && !inCI) console.warn('proc-cpuinfo C look-up test SKIPPED: no gcc (test/oracle/c/install.sh)');

describe.skipIf(!hasGcc && !inCI)('the reported C look-up on both kernels\' /proc/cpuinfo', () => {
  beforeAll(() => { if (!hasGcc) throw new Error('gcc missing under CI: test/oracle/c/install.sh must install it'); });
  it('finds the model on the x86 text and nothing on the arm64 text', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpuinfo-'));
    try {
      const run = (cpuinfo: string) => {
        const file = path.join(dir, 'cpuinfo.txt');
        fs.writeFileSync(file, cpuinfo);
        const src = `#define CPUINFO ${JSON.stringify(file)}\n${C_MODEL}int main(void) { char m[128]; int rc = cpu_model(m, sizeof m); printf("%d %s", rc, rc ? "" : m); return 0; }\n`;
        fs.writeFileSync(path.join(dir, 'm.c'), src);
        execFileSync('gcc', ['-o', path.join(dir, 'm'), path.join(dir, 'm.c')]);
        return execFileSync(path.join(dir, 'm'), { encoding: 'utf8' }).trim();
      };
      expect(run(X86_CPUINFO)).toBe('0 Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz');
      expect(run(ARM64_CPUINFO)).toBe('-1');
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
