// The workspace report runs in worker threads: while it scans a large workspace (copies of the Go standard
// library), the language server keeps answering diagnostics, hovers and code actions for an open file, progress
// arrives as files complete, and a cancel sent after the scan started ends the request as cancelled with no
// progress after it; what it reports includes the editors' unsaved texts. Order of events only, never wall-clock thresholds (bench/reportLatency.mjs measures those).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CancellationTokenSource, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver-protocol';
import { startServer } from '../../server/src/lsp/server';
import type { ReportModel } from '../../server/src/report/model';
import { goEnvFromEnvironment, goEnvFromGoCommand } from '../../server/src/lang/go/env';
import { makeTempDir } from '../helpers/tempDirs';

const REPO = path.resolve(__dirname, '../..');
/** Enough of the standard library that the scan takes several seconds on two cores (~1,300 files, 11 MB). */
const STD_DIRS = ['net', 'runtime', 'go/types', 'crypto/tls'];

type Progress = { token: string | number; value: { kind: string; message?: string; percentage?: number } };
let dir: string;
let client: ProtocolConnection;
const events: string[] = [];
const progress: Progress[] = [];
const logs: string[] = [];

/** The scan worker, bundled as the extension ships it, with the grammars beside it. */
async function bundleWorker(): Promise<string> {
  const out = makeTempDir('arm64port-worker-');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/copy-grammars.mjs')], { stdio: 'ignore' });
  await build({
    entryPoints: [path.join(REPO, 'server/src/engine/worker.ts')], outfile: path.join(out, 'worker.js'), bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', logLevel: 'warning', absWorkingDir: REPO, alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
  });
  fs.cpSync(path.join(REPO, 'grammars/wasm'), path.join(out, 'grammars'), { recursive: true });
  return path.join(out, 'worker.js');
}

function goroot(): string | undefined {
  return goEnvFromEnvironment().goroot ?? goEnvFromGoCommand()?.goroot;
}

/** samples/ and copies of real Go packages, the standard library's own tests included. */
function largeWorkspace(): string {
  const root = makeTempDir('arm64port-bigws-');
  fs.cpSync(path.join(REPO, 'samples'), root, { recursive: true });
  const src = path.join(goroot()!, 'src');
  for (const d of STD_DIRS) fs.cpSync(path.join(src, d), path.join(root, 'std', d), { recursive: true, filter: (f) => !f.includes('testdata') });
  // What is checked is the order of answers, not their speed: a budget a loaded machine cannot miss.
  fs.writeFileSync(path.join(root, '.arm64port.json'), JSON.stringify({ editBudgetMs: 60_000 }));
  return root;
}

/** Resolves with the first $/progress notification on `token` that satisfies `test`. */
function progressWhere(token: string, test: (p: Progress['value']) => boolean): Promise<Progress['value']> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const hit = progress.find((p) => p.token === token && test(p.value));
      if (hit) { clearInterval(poll); resolve(hit.value); }
    }, 5);
  });
}

const filesDone = (v: Progress['value']) => Number(/^(\d+) \/ \d+ files$/.exec(v.message ?? '')?.[1] ?? -1);

beforeAll(async () => {
  if (!goroot()) throw new Error('this test needs Go (the standard library is the large workspace)');
  const workerFile = await bundleWorker();
  dir = largeWorkspace();
  const up = new PassThrough(), down = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)), { workerFile });
  client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.onNotification('$/progress', (p: Progress) => { progress.push(p); events.push(`progress ${p.value.kind}`); });
  client.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); });
  client.onRequest('workspace/diagnostic/refresh', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  client.listen();
  await client.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: { window: { workDoneProgress: true } },
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'big' }], initializationOptions: { trusted: false },
  });
  await client.sendNotification('initialized', {});
});

afterAll(() => { client?.dispose(); });

describe('the workspace report runs beside the editor', () => {
  it('answers diagnostics, hovers and code actions for an open file while the report scans, and a cancel after the scan started ends it', async () => {
    const source = new CancellationTokenSource();
    const report = client.sendRequest('arm64port/workspaceReport', { workDoneToken: 'big' }, source.token)
      .then((r) => { events.push('report response'); return { result: r }; }, (e: { code?: number }) => { events.push('report response'); return { error: e.code }; });

    // The scan has started in the workers: files are done.
    const first = await progressWhere('big', (v) => v.kind === 'report' && filesDone(v) > 0);
    const total = Number(/\/ (\d+) files$/.exec(first.message!)![1]);
    expect(total).toBeGreaterThan(1000);

    const file = path.join(dir, 'go-service/internal/cache/entry.go');
    const uri = pathToFileURL(file).toString();
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const diags = await client.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    events.push('diagnostics response');
    const items = diags.kind === 'full' ? diags.items : [];
    const padding = items.find((d: Diagnostic) => d.code === 'go-struct-padding');
    expect(padding?.message).toMatch(/^struct Entry is 72 bytes on linux\/arm64/);
    const hover = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: padding!.range.start });
    events.push('hover response');
    expect(JSON.stringify(hover?.contents)).toContain('Entry');
    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: padding!.range, context: { diagnostics: [padding] } });
    events.push('codeAction response');
    expect(actions.some((a) => a.title.startsWith('Reorder fields of Entry'))).toBe(true);

    // All three answered while the report was still running, and progress kept coming in between.
    expect(events).not.toContain('report response');
    const doneBefore = filesDone(progress.filter((p) => p.token === 'big' && p.value.kind === 'report').at(-1)!.value);
    expect(doneBefore).toBeLessThan(total);

    source.cancel();
    const r = await report;
    expect(r).toEqual({ error: -32800 });
    // 'end' is the last progress, sent before the response; nothing after it, even once the workers would have reported more.
    const atResponse = progress.length;
    expect(progress.at(-1)).toEqual({ token: 'big', value: { kind: 'end' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await client.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    expect(progress.length).toBe(atResponse);
    // In worker threads (the bundled worker was found), not between files on the server's thread.
    expect(logs.some((m) => /report: \d+ files scanned in \d+ worker threads?$/.test(m))).toBe(true);
    const stopped = logs.map((m) => /report cancelled after (\d+) files/.exec(m)).find(Boolean);
    expect(Number(stopped?.[1])).toBeLessThan(total);
    // Progress was streamed (the first report came while the request ran, above), in increasing order.
    const pcts = progress.filter((p) => p.token === 'big' && p.value.kind === 'report').map((p) => p.value.percentage!);
    expect([...pcts].sort((a, b) => a - b)).toEqual(pcts);
  });

  it('reports what the open editors hold, unsaved, although the workers read the disk', async () => {
    const folder = path.join(dir, 'go-service/internal/cache');
    const padded = (name: string) => `package cache\n\ntype ${name} struct {\n\tA bool\n\tB int64\n\tC bool\n\tD int64\n\tE bool\n}\n`;
    // An edited file whose text on disk has no such struct, and a new file that is not on disk at all.
    const edited = path.join(folder, 'shard.go');
    const added = path.join(folder, 'unsaved.go');
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(edited).toString(), languageId: 'go', version: 1, text: fs.readFileSync(edited, 'utf8') + padded('EditedOnly').replace('package cache\n', '') } });
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(added).toString(), languageId: 'go', version: 1, text: padded('NewOnly') } });
    const m = await client.sendRequest<ReportModel>('arm64port/workspaceReport', { paths: [folder], workDoneToken: 'overlay' });
    const structs = m.findings.filter((f) => f.ruleId === 'go-struct-padding').map((f) => `${f.file} ${/^struct (\w+)/.exec(f.message)?.[1]}`);
    expect(structs).toContain('go-service/internal/cache/shard.go EditedOnly');
    expect(structs).toContain('go-service/internal/cache/unsaved.go NewOnly');
    expect(fs.existsSync(added)).toBe(false);
    expect(logs.filter((l) => /report: \d+ files scanned in \d+ worker threads?$/.test(l)).length).toBe(2);
  });
});
