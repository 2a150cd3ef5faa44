// The language server's results after a run of edits equal a fresh server's on the final text: every memo
// kept across edits (per-declaration readings, struct layouts, chosen field orders, the package index) is
// checked at once. The workspace is a copy of the standard library's net/http; the edits type code,
// comments, braces, new structs and positional literals at lines spread over server.go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { Service } from '../../server/src/lsp/service';
import { initTreeSitter } from '../../server/src/parsing/treeSitter';
import { makeTempDir } from '../helpers/tempDirs';

let dir: string;
beforeAll(async () => {
  await initTreeSitter();
  const goroot = goEnvFromEnvironment().goroot;
  expect(goroot, 'GOROOT must be found').toBeTruthy();
  dir = makeTempDir('arm64port-edits-');
  const src = path.join(goroot!, 'src', 'net', 'http');
  for (const f of fs.readdirSync(src)) if (f.endsWith('.go') && !f.endsWith('_test.go')) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  // Equivalence, not speed: a spent budget would drop rules on one side only.
  fs.writeFileSync(path.join(dir, '.arm64port.json'), JSON.stringify({ editBudgetMs: 60_000 }));
});

const INSERTS = ['x', ' ', '\n', '}', '/*', '\tq int8\n', 'type Z struct{ a bool; b int64; c bool }\n', '_ = Header{1, 2}\n'];

describe('editing a big Go file', () => {
  it('gives what a fresh analysis of the same text gives, after every edit', () => {
    const file = path.join(dir, 'server.go');
    const uri = pathToFileURL(file).toString();
    let text = fs.readFileSync(file, 'utf8');
    const svc = new Service(dir, true, () => {});
    let d = svc.store.open(uri, 'go', 1, text)!;
    const show = (s: Service, doc: typeof d) => s.analyze(doc).findings.map((f) => `${f.ruleId} ${f.start} ${f.message} ${JSON.stringify(f.fixes)}`).join('\n');
    expect(show(svc, d).split('\n').length).toBeGreaterThan(3);
    const lines = text.split('\n').length;
    let seed = 11;
    for (let k = 0; k < 24; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const line = seed % lines;
      const insert = INSERTS[k % INSERTS.length];
      const at = d.doc.offsetAt({ line, character: 1 });
      d = svc.store.change(uri, k + 2, [{ range: { start: { line, character: 1 }, end: { line, character: 1 } }, text: insert }])!;
      svc.fileChanged(d.path);
      text = text.slice(0, at) + insert + text.slice(at);
      const fresh = new Service(dir, true, () => {});
      expect(show(svc, d), `edit ${k}: ${JSON.stringify(insert)} at line ${line + 1}`).toBe(show(fresh, fresh.store.open(uri, 'go', 1, text)!));
    }
  }, 180_000);
});
