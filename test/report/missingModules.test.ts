// Go structs whose size is unknown because go.mod requires a module the module cache does not hold
// (issue 12: prometheus's padding warnings doubled after `go mod download`, and nothing said why). The
// scan counts them per module, every report format says so with the command that fixes it, and the
// editor says it once. A package that is simply not found (not required, or absent from a module that
// is downloaded) is not counted: downloading would not change it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/core/config';
import { scanWorkspaceParallel } from '../../server/src/engine/parallelScan';
import { nodeFileSystem } from '../../server/src/core/workspace';
import { GO_ENV_KEY } from '../../server/src/lang/go/context';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { Service } from '../../server/src/lsp/service';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { buildReport } from '../../server/src/report/model';
import { toHtml } from '../../server/src/report/html';
import { toJson } from '../../server/src/report/json';
import { toMarkdown } from '../../server/src/report/markdown';
import { toSarif } from '../../server/src/report/sarif';
import { toText } from '../../server/src/report/text';
import { ALL_RULES } from '../../server/src/rules/index';
import { makeTempDir } from '../helpers/tempDirs';

const write = (root: string, rel: string, text: string) => {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
};

const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/gone v1.0.0\n\texample.com/here v1.2.0\n)\n';
const APP = [
  'package app', '',
  'import (', '\t"example.com/gone/dep"', '\t"example.com/here/lib"', '\t"example.com/here/nopkg"', '\t"example.com/unknown/x"', ')', '',
  // Two structs need the missing module (one through a nested struct, counted once).
  'type A struct {\n\ta bool\n\tt dep.T\n\tb bool\n}', '',
  'type B struct {\n\tinner struct {\n\t\tt dep.T\n\t}\n\tc bool\n}', '',
  // Resolved from the module that is downloaded: laid out (and padded).
  'type C struct {\n\ta bool\n\tt lib.T\n\tb bool\n}', '',
  // Not found, but not for a missing module: not counted.
  'type D struct {\n\ta bool\n\tt nopkg.T\n}', '',
  'type E struct {\n\ta bool\n\tt x.T\n}', '',
].join('\n');
const DEP = 'package dep\n\ntype T struct {\n\tx int64\n\ty int64\n}\n';
const LIB = 'package lib\n\ntype T struct {\n\tx int64\n}\n';

let root: string;
let modcache: string;
let env: { goroot?: string; gomodcache?: string };

beforeAll(async () => {
  await initTreeSitter();
  root = makeTempDir('arm64port-missing-');
  modcache = makeTempDir('arm64port-modcache-');
  write(root, 'go.mod', GO_MOD);
  write(root, 'app/app.go', APP);
  write(modcache, 'example.com/here@v1.2.0/lib/t.go', LIB);
  write(modcache, 'example.com/here@v1.2.0/go.mod', 'module example.com/here\n');
  env = { goroot: goEnvFromEnvironment().goroot, gomodcache: modcache };
});

const scan = () => scanWorkspaceParallel({ jobs: 1, root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, sharedSeed: Object.fromEntries(new Map([[GO_ENV_KEY, env]])) });
const report = (r: Awaited<ReturnType<typeof scan>>) => buildReport({
  root, targets: defaultConfig.targets, findings: r.findings, filesScanned: r.filesScanned, bytesScanned: r.bytesScanned,
  skipped: r.skipped, incomplete: r.incomplete, missingModules: r.missingModules, fs: nodeFileSystem,
});
const download = () => write(modcache, 'example.com/gone@v1.0.0/dep/t.go', DEP);
const undownload = () => fs.rmSync(path.join(modcache, 'example.com/gone@v1.0.0'), { recursive: true, force: true });

describe('modules missing from the module cache', () => {
  it('are counted per module, with the structs they leave unanalysed, and shown by every format', async () => {
    undownload();
    const r = await scan();
    expect(r.missingModules).toEqual([{
      module: 'example.com/gone', version: 'v1.0.0', goMod: path.join(root, 'go.mod'), structs: 2,
      cacheDir: path.join(modcache, 'example.com/gone@v1.0.0'),
    }]);
    // C was laid out from the downloaded module: padding is found.
    expect(r.findings.some((f) => f.ruleId === 'go-struct-padding' && f.data?.struct === 'C')).toBe(true);
    const m = report(r);
    expect(m.summary.missingModules).toEqual([{ module: 'example.com/gone', version: 'v1.0.0', goMod: 'go.mod', structs: 2 }]);

    expect(toText(m)).toContain('missing modules: 2 Go structs were not analysed (size unknown) because 1 module required by go.mod is not in the module cache (example.com/gone@v1.0.0); run `go mod download` in `.` and scan again');
    expect(toText(m, { pathPrefix: 'src/app' })).toContain('run `go mod download` in `src/app` and scan again');
    expect(JSON.parse(toJson(m)).summary.missingModules).toEqual([{ module: 'example.com/gone', version: 'v1.0.0', goMod: 'go.mod', structs: 2 }]);
    const md = toMarkdown(m);
    expect(md).toContain('### Go modules not in the module cache');
    expect(md).toContain('Run `go mod download` in the folder of each go.mod');
    expect(md).toContain('- `.` (2 structs): `example.com/gone@v1.0.0`');
    const html = toHtml(m);
    expect(html).toContain('<h2 id="missing-modules">');
    expect(html).toContain('<a href="#missing-modules">2 Go structs not analysed</a>');
    expect(html).toContain('<code>example.com/gone@v1.0.0</code>');
    const run = JSON.parse(toSarif(m)).runs[0];
    const notes = run.invocations[0].toolExecutionNotifications.filter((n: { message: { text: string } }) => /go mod download/.test(n.message.text));
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe('warning');
    expect(notes[0].message.text).toContain('2 Go structs not analysed (size unknown) because 1 module required by go.mod is not in the module cache (example.com/gone@v1.0.0)');
    expect(notes[0].locations[0].physicalLocation.artifactLocation.uri).toBe('go.mod');
  });

  it('are not reported once the module is downloaded, and the structs are analysed', async () => {
    download();
    try {
      const r = await scan();
      expect(r.missingModules).toEqual([]);
      expect(r.findings.some((f) => f.ruleId === 'go-struct-padding' && f.data?.struct === 'A')).toBe(true);
      const m = report(r);
      expect(m.summary.missingModules).toEqual([]);
      expect(toText(m)).not.toContain('missing modules');
      expect(toMarkdown(m)).not.toContain('module cache');
      expect(toHtml(m)).not.toContain('missing-modules');
      expect(toSarif(m)).not.toContain('go mod download');
      expect(JSON.parse(toJson(m)).summary.missingModules).toEqual([]);
    } finally { undownload(); }
  });

  it('are counted the same by the parallel scan, and a cached result is not reused once the module is downloaded', async () => {
    const cacheDir = makeTempDir('arm64port-missing-cache-');
    const parallel = () => scanWorkspaceParallel({ root, paths: [root], config: defaultConfig, fs: nodeFileSystem, rules: ALL_RULES, jobs: 1, cacheDir, sharedSeed: { [GO_ENV_KEY]: env } });
    const first = await parallel();
    expect(first.missingModules).toEqual((await scan()).missingModules);
    const second = await parallel();
    expect(second.stats.cacheHits).toBeGreaterThan(0);
    expect(second.missingModules).toEqual(first.missingModules);
    download();
    try {
      const third = await parallel();
      expect(third.missingModules).toEqual([]);
      expect(third.findings.some((f) => f.ruleId === 'go-struct-padding' && f.data?.struct === 'A')).toBe(true);
    } finally { undownload(); }
  });

  it('are told once by the language server: a log line per module and one window message, not on every edit', () => {
    const logs: string[] = [];
    const shown: string[] = [];
    const svc = new Service(root, false, (m) => logs.push(m), env);
    svc.notify = (m) => shown.push(m);
    const file = path.join(root, 'app/app.go');
    const uri = pathToFileURL(file).toString();
    let d = svc.store.open(uri, 'go', 1, APP)!;
    svc.analyze(d);
    for (let v = 2; v <= 4; v++) {
      d = svc.store.change(uri, v, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edit\n' }])!;
      svc.fileChanged(d.path);
      svc.analyze(d);
    }
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/not in the module cache \(example\.com\/gone@v1\.0\.0.*Run `go mod download` in the workspace folder/);
    expect(logs.filter((l) => l.includes('not in the module cache'))).toEqual([
      'example.com/gone@v1.0.0 (required by go.mod) is not in the module cache: Go structs that need it are not analysed; run `go mod download` in .',
    ]);
  });
});
