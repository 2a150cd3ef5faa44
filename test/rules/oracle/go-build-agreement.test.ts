// Agreement with the Go toolchain: for each package, go-arch-missing-impl / go-asm-missing-arm64 report an
// error exactly when `GOOS=linux GOARCH=arm64 go build` fails. Skipped when no go binary is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as missingImpl } from '../../../server/src/rules/go/go-arch-missing-impl';
import { rule as asmMissing } from '../../../server/src/rules/go/go-asm-missing-arm64';
import { ready, runRules } from '../../helpers/ruleTester';

const hasGo = spawnSync('go', ['version']).status === 0;
// Without go the check is skipped with a warning, and fails under CI (scripts/test.sh requires go).
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (!hasGo && !inCI) console.warn('Go build agreement test SKIPPED: no go command');

const ASM_AMD64 = '#include "textflag.h"\n\nTEXT ·matchLen(SB), NOSPLIT, $0-56\n\tMOVQ $0, ret+48(FP)\n\tRET\n';
const ASM_ARM64 = '#include "textflag.h"\n\nTEXT ·matchLen(SB), NOSPLIT, $0-56\n\tMOVD $0, R0\n\tMOVD R0, ret+48(FP)\n\tRET\n';
const DECL = 'package p\n\nfunc matchLen(a, b []byte) int\n\nfunc M(a, b []byte) int { return matchLen(a, b) }\n';
const USE = 'package p\n\nfunc Sum(b []byte) int { return sumAVX2(b) }\n';
const AMD64 = 'package p\n\nfunc sumAVX2(b []byte) int { return len(b) }\n';

const cases: { name: string; files: Record<string, string> }[] = [
  { name: 'missing impl', files: { 'use.go': USE, 'sum_amd64.go': AMD64 } },
  { name: 'fallback present', files: { 'use.go': USE, 'sum_amd64.go': AMD64, 'sum_other.go': '//go:build !amd64\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 0 }\n' } },
  { name: 'arm64 sibling', files: { 'use.go': USE, 'sum_amd64.go': AMD64, 'sum_arm64.go': AMD64 } },
  { name: '+build amd64', files: { 'use.go': USE, 'sum.go': '// +build amd64\n\npackage p\n\nfunc sumAVX2(b []byte) int { return 0 }\n' } },
  { name: 'asm only for amd64', files: { 'm.go': DECL, 'm_amd64.s': ASM_AMD64 } },
  { name: 'asm for both', files: { 'm.go': DECL, 'm_amd64.s': ASM_AMD64, 'm_arm64.s': ASM_ARM64 } },
  { name: 'asm declaration only on amd64, Go fallback', files: { 'm_amd64.go': DECL, 'm_amd64.s': ASM_AMD64, 'm_other.go': '//go:build !amd64\n\npackage p\n\nfunc M(a, b []byte) int { return 0 }\n' } },
  { name: 'asm under //go:build amd64 in an unsuffixed file', files: { 'm.go': DECL, 'asm.s': '//go:build amd64\n\n' + ASM_AMD64 } },
  { name: 'asm only for amd64, other arm64 asm in the package (link-time failure)', files: { 'm.go': DECL, 'm_amd64.s': ASM_AMD64, 'other_arm64.s': '#include "textflag.h"\n\nTEXT ·other(SB), NOSPLIT, $0\n\tRET\n', 'other.go': 'package p\n\nfunc other()\n' } },
];

describe.skipIf(!hasGo && !inCI)('Go rules agree with GOARCH=arm64 go build', () => {
  beforeAll(async () => {
    if (!hasGo) throw new Error('go missing under CI');
    await ready();
  });
  for (const c of cases) it(c.name, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-go-'));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/p\n\ngo 1.21\n');
      // A test binary makes the toolchain link, so undefined assembly symbols surface too.
      const all = Object.values(c.files).join('\n');
      const calls = [['M', 'M(nil, nil)'], ['Sum', 'Sum(nil)']].filter(([n]) => all.includes(`func ${n}(`)).map(([, call]) => `_ = ${call}; `).join('');
      fs.writeFileSync(path.join(dir, 'p_test.go'), `package p\n\nimport "testing"\n\nfunc TestLink(t *testing.T) { if t == nil { ${calls}} }\n`);
      for (const [n, t] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, n), t);
      let buildFails = false;
      try {
        execFileSync('go', ['test', '-c', '-o', os.devNull, '.'], { cwd: dir, env: { ...process.env, GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' }, stdio: 'pipe' });
      } catch { buildFails = true; }
      const goFiles = Object.keys(c.files).filter((n) => n.endsWith('.go'));
      const files = Object.fromEntries(Object.entries(c.files).map(([n, t]) => [`p/${n}`, t]));
      const errors = goFiles.flatMap((n) => runRules([missingImpl, asmMissing], { path: `p/${n}`, text: c.files[n], files }));
      expect({ name: c.name, reported: errors.length > 0 }).toEqual({ name: c.name, reported: buildFails });
      if (process.env.SHOW) console.log(c.name, buildFails);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
