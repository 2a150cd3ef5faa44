// The one go.mod reader (lang/go/gomod.ts) against the go command's own (`go mod edit -json`): module path, go
// version, require lines in order and replacements, and the offsets the go.mod rules report at.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoMod } from '../../../server/src/lang/go/gomod';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import { makeTempDir } from '../../helpers/tempDirs';

interface GoModJson {
  Module: { Path: string }; Go?: string;
  Require: { Path: string; Version: string }[] | null;
  Replace: { Old: { Path: string }; New: { Path: string; Version?: string } }[] | null;
}

// Blocks and single lines, comments after entries and after a block's `)`, quoted paths, CRLF line ends.
const CRAFTED = [
  'module "example.com/m" // the module', '', 'go 1.21 // min', '', 'require (',
  '\tgithub.com/a/b v1.2.3 // indirect', '\t"github.com/c/d" v0.0.0-20240101000000-abcdefabcdef', ') // end', '',
  'require golang.org/x/sys v0.20.0', '', 'replace github.com/a/b => ../b', 'replace (',
  '\tgithub.com/c/d v0.0.0-20240101000000-abcdefabcdef => github.com/e/f v1.0.0', ')', '',
].join('\r\n');

describe('go.mod reading', () => {
  const goroot = goEnvFromEnvironment().goroot;
  const cases: [string, string][] = [['crafted (CRLF)', CRAFTED]];
  for (const rel of ['src/go.mod', 'src/cmd/go.mod']) if (goroot && fs.existsSync(path.join(goroot, rel))) cases.push([rel, fs.readFileSync(path.join(goroot, rel), 'utf8')]);

  it.each(cases)('%s: what go mod edit -json reads', (_name, text) => {
    const dir = makeTempDir('gomod-');
    fs.writeFileSync(path.join(dir, 'go.mod'), text);
    const want = JSON.parse(execFileSync('go', ['mod', 'edit', '-json', 'go.mod'], { cwd: dir, encoding: 'utf8' })) as GoModJson;
    const got = parseGoMod(text);
    expect(got.module).toBe(want.Module.Path);
    expect(got.goVersion).toBe(want.Go);
    expect(text.slice(got.go!.start, got.go!.end)).toBe(want.Go);
    expect(got.requireLines.map((r) => [r.path, r.version])).toEqual((want.Require ?? []).map((r) => [r.Path, r.Version]));
    for (const r of got.requireLines) expect(text.slice(r.versionStart, r.end)).toBe(r.version);
    expect([...got.replaces].map(([from, to]) => [from, to.path, to.version])).toEqual((want.Replace ?? []).map((r) => [r.Old.Path, r.New.Path, r.New.Version]));
  });
});
