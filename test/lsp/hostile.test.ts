// The language server on the inputs that used to freeze it (issue "No file can hang the analysis"): a
// package with an infinitely expanding generic type, structs nested 2,000 deep and a 2,000-line
// Dockerfile RUN. Each file is answered, the server keeps answering other requests, and the good file
// of the same package gets exactly the diagnostics it gets without the hostile files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { startServer } from '../../server/src/lsp/server';
import { makeTempDir } from '../helpers/tempDirs';
import { WASTEFUL, series as goSeries } from '../hostile/generators/go';

const GOOD = `package p\n\n${WASTEFUL}\ntype Uses struct {\n\tflag bool\n\tw    Wasteful\n\tn    int64\n}\n`;
const HOSTILE: Record<string, string> = {
  'expand.go': 'package p\n\ntype G[T any] struct{ g G[G[T]] }\n',
  'nested.go': goSeries.find((s) => s.name.startsWith('go: struct literals nested'))!.files(2000)['nested.go'],
  'twice.go': goSeries.find((s) => s.name.startsWith('go: named structs nested by value'))!.files(40)['twice.go'].replace(/Wasteful/g, 'Wasteful2'),
  'chain.go': goSeries.find((s) => s.name.startsWith('go: a chain'))!.files(2000)['chain.go'].replace(/Wasteful/g, 'Wasteful3'),
  Dockerfile: `FROM ubuntu\nRUN echo a \\\n${'  && echo b \\\n'.repeat(2000)}  && curl -LO https://example.com/tool-amd64.tar.gz\n`,
};

let client: ProtocolConnection | undefined;
afterEach(() => { client?.dispose(); client = undefined; });

async function serve(files: Record<string, string>): Promise<{ dir: string; pull(rel: string): Promise<Diagnostic[]> }> {
  const dir = makeTempDir('arm64port-lsp-hostile-');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module hostile\n\ngo 1.23\n');
  // The wasteful structs must be found on a loaded machine too: a budget of 30 s still stops a file that would hang.
  fs.writeFileSync(path.join(dir, '.arm64port.json'), JSON.stringify({ editBudgetMs: 30_000 }));
  for (const [k, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, k), v);
  const up = new PassThrough(), down = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)));
  const c = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client = c;
  c.onNotification('window/logMessage', () => {});
  c.onRequest('workspace/diagnostic/refresh', () => null);
  c.onRequest('window/workDoneProgress/create', () => null);
  c.listen();
  await c.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {}, initializationOptions: { trusted: false } });
  await c.sendNotification('initialized', {});
  return {
    dir,
    async pull(rel) {
      const uri = pathToFileURL(path.join(dir, rel)).toString();
      const languageId = rel === 'Dockerfile' ? 'dockerfile' : 'go';
      await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(path.join(dir, rel), 'utf8') } });
      const r = await c.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      return r.kind === 'full' ? r.items : [];
    },
  };
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();

describe('language server on hostile files', () => {
  it('answers every hostile file, and the good file of the package is unchanged by them', async () => {
    const alone = await serve({ 'good.go': GOOD });
    const expected = summary(await alone.pull('good.go'));
    expect(expected.some((d) => d.startsWith('go-struct-padding') && d.includes('struct Wasteful '))).toBe(true);
    client!.dispose();

    const s = await serve({ 'good.go': GOOD, ...HOSTILE });
    const byFile: Record<string, string[]> = {};
    for (const rel of Object.keys(HOSTILE)) byFile[rel] = summary(await s.pull(rel));
    expect(summary(await s.pull('good.go'))).toEqual(expected);
    // The hostile files' own wasteful structs and hazards are still reported.
    expect(byFile['nested.go'].some((d) => d.includes('struct Wasteful '))).toBe(true);
    expect(byFile['twice.go'].some((d) => d.includes('struct Wasteful2 '))).toBe(true);
    expect(byFile['chain.go'].some((d) => d.includes('struct Wasteful3 '))).toBe(true);
    expect(byFile.Dockerfile.some((d) => d.startsWith('docker-hardcoded-arch'))).toBe(true);
  });
});
