// The editor's report request over a real JSON-RPC connection: the ReportModel the webview renders,
// with work-done progress (files done / total) on the client's token, and a cancel after the scan started.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CancellationTokenSource, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';
import type { ReportModel } from '../../server/src/report/model';
import { toHtml } from '../../server/src/report/html';

let dir: string;
let client: ProtocolConnection;
const progress: { token: string; value: { kind: string; message?: string; percentage?: number } }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-report-'));
  fs.cpSync(path.resolve(__dirname, '../../samples'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'vendor/x'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'vendor/x/Dockerfile'), 'FROM golang\nRUN GOARCH=amd64 go build\n');
  const up = new PassThrough(), down = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)));
  client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.onNotification('$/progress', (p: any) => { progress.push(p); });
  client.onRequest('workspace/diagnostic/refresh', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  client.listen();
  await client.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: { window: { workDoneProgress: true } },
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'samples' }], initializationOptions: { trusted: false },
  });
  await client.sendNotification('initialized', {});
});

afterAll(() => { client?.dispose(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('arm64port/workspaceReport', () => {
  it('returns the ReportModel with progress on the client token', async () => {
    const m = await client.sendRequest<ReportModel>('arm64port/workspaceReport', { workDoneToken: 'tok-1' });
    expect(m.root).toBe(dir);
    expect(m.findings.length).toBeGreaterThan(0);
    expect(m.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint) && ['blocker', 'hazard', 'performance'].includes(f.readiness))).toBe(true);
    expect(m.rules.length).toBeGreaterThan(10);
    expect(m.summary.structBytesSaved).toBeGreaterThan(0);
    expect(m.summary.skipped).toContainEqual({ file: 'vendor', reason: "vendor/ is not the project's own code (1 file not scanned)", files: 1 });
    const mine = progress.filter((p) => p.token === 'tok-1').map((p) => p.value);
    expect(mine[0].kind).toBe('begin');
    expect(mine.at(-1)!.kind).toBe('end');
    expect(mine.some((v) => v.kind === 'report' && /^\d+ \/ \d+ files$/.test(v.message ?? ''))).toBe(true);
    // What the webview shows.
    const html = toHtml(m, { nonce: 'n0nce' });
    expect(html).toContain('Performance notes');
    expect(html).toContain('go-service/internal/cache/entry.go');
  });

  it('stops when cancelled after the scan started: the request ends as cancelled, no progress follows, the next report is whole', async () => {
    const source = new CancellationTokenSource();
    const pending = client.sendRequest('arm64port/workspaceReport', { workDoneToken: 'tok-2' }, source.token)
      .then((r) => ({ result: r }), (e: { code?: number }) => ({ error: e.code }));
    const mine = () => progress.filter((p) => p.token === 'tok-2').map((p) => p.value);
    // Cancelled once the first file is done (these tests run the sources: the scan is in this thread, between files).
    while (!mine().some((v) => v.kind === 'report' && /^[1-9]\d* \/ \d+ files$/.test(v.message ?? ''))) await new Promise((r) => setTimeout(r, 2));
    source.cancel();
    expect(await pending).toEqual({ error: -32800 });
    const reports = mine().filter((v) => v.kind === 'report');
    const [done, total] = reports.at(-1)!.message!.split(' / ').map((x) => parseInt(x, 10));
    expect(done).toBeLessThan(total);
    expect(mine().at(-1)!.kind).toBe('end');
    const seen = progress.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(progress.length).toBe(seen);
    // Nothing of the cancelled scan is left to change the next one.
    const again = await client.sendRequest<ReportModel>('arm64port/workspaceReport', { workDoneToken: 'tok-3' });
    expect(again.summary.files).toBe(total);
  });

  it('stops when its progress is cancelled (the server created the progress): the answer says cancelled', async () => {
    const before = new Set(progress.map((p) => p.token));
    const pending = client.sendRequest<{ cancelled?: boolean } | ReportModel>('arm64port/workspaceReport', {});
    // The server's own token, once a file is done.
    let token: string | undefined;
    while (!token) {
      token = progress.find((p) => !before.has(p.token) && p.value.kind === 'report' && /^[1-9]\d* \/ \d+ files$/.test(p.value.message ?? ''))?.token;
      await new Promise((r) => setTimeout(r, 2));
    }
    await client.sendNotification('window/workDoneProgress/cancel', { token });
    expect(await pending).toEqual({ cancelled: true });
    expect(progress.filter((p) => p.token === token).at(-1)!.value.kind).toBe('end');
  });
});
