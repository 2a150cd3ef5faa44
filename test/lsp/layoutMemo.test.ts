// The editor reuses a file's struct layouts while nothing they depend on changed (goStructsOfFile with
// `editing`): an edit inside a function keeps them; a change to the file's types, its build constraint,
// another file of the package or an imported package recomputes them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Service } from '../../server/src/lsp/service';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { makeTempDir } from '../helpers/tempDirs';

let dir: string;
beforeAll(async () => {
  await initTreeSitter();
  dir = makeTempDir('arm64port-layoutmemo-');
  const files: Record<string, string> = {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'p/a.go': 'package p\n\nimport "example.com/m/q"\n\ntype S struct {\n\ta bool\n\tb T\n\tc bool\n}\n\ntype U struct {\n\ta bool\n\tb q.W\n\tc bool\n}\n\nfunc f() int {\n\treturn 1\n}\n',
    'p/t.go': 'package p\n\ntype T int64\n',
    'q/w.go': 'package q\n\ntype W int64\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
});

describe('struct layouts across edits', () => {
  it('are reused after an edit inside a function and recomputed when what they depend on changes', () => {
    const svc = new Service(dir, true, () => {});
    const file = path.join(dir, 'p/a.go');
    const uri = pathToFileURL(file).toString();
    let text = fs.readFileSync(file, 'utf8');
    let version = 1;
    let d = svc.store.open(uri, 'go', version, text)!;
    const padding = () => svc.analyze(d).findings.filter((f) => f.ruleId === 'go-struct-padding').map((f) => f.message.split(' (')[0]);
    const remembered = () => svc.engine.goWorkspace!.structLayouts.get(file)?.targets;
    const edit = (from: string, to: string) => {
      const start = d.doc.positionAt(text.indexOf(from)), end = d.doc.positionAt(text.indexOf(from) + from.length);
      text = text.replace(from, to);
      d = svc.store.change(uri, ++version, [{ range: { start, end }, text: to }])!;
      svc.fileChanged(file);
    };

    expect(padding()).toEqual(['struct S is 24 bytes on linux/arm64, could be 16', 'struct U is 24 bytes on linux/arm64, could be 16']);
    const first = remembered();
    expect(first).toBeDefined();

    // Inside a function body: the same layouts, not computed again.
    edit('return 1', 'return 2');
    expect(padding()).toHaveLength(2);
    expect(remembered()).toBe(first);

    // Another file of the package, changed in an editor.
    const tFile = path.join(dir, 'p/t.go');
    const t = svc.store.open(pathToFileURL(tFile).toString(), 'go', 1, 'package p\n\ntype T int8\n')!;
    svc.fileChanged(t.path);
    expect(padding()).toEqual(['struct U is 24 bytes on linux/arm64, could be 16']);
    expect(remembered()).not.toBe(first);

    // An imported package, changed on disk.
    fs.writeFileSync(path.join(dir, 'q/w.go'), 'package q\n\ntype W int16\n');
    svc.fileChanged(path.join(dir, 'q/w.go'));
    expect(padding()).toEqual(['struct U is 6 bytes on linux/arm64, could be 4']);

    // The file's own types: a fourth field fills U's padding.
    edit('\tc bool\n}\n\nfunc', '\tc bool\n\td bool\n}\n\nfunc');
    expect(padding()).toEqual([]);

    // Its build constraint: no Linux target builds it any more.
    edit('\tb T\n', '\tb int64\n');
    expect(padding()).toEqual(['struct S is 24 bytes on linux/arm64, could be 16']);
    edit('package p\n', '//go:build windows\n\npackage p\n');
    expect(padding()).toEqual([]);
  });
});
