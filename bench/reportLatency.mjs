#!/usr/bin/env node
// The language server while a workspace report runs, measured on the shipped bundle (dist/server.js over
// stdio, its scan worker dist/worker.js beside it), on copies of Go standard-library packages:
//   - diagnostics and hover latency for an open file that is being edited while the report scans
//   - when progress notifications arrive (first, last, how many) relative to the report's response
//   - cancel latency: from the client's cancel to the request's RequestCancelled answer (the server answers
//     after its worker threads have exited; it logs how long that took after it saw the cancel)
// Numbers only; test/lsp/reportWhileEditing.test.ts checks the order of events.
//
//   node bench/reportLatency.mjs [--dirs net,runtime,go/types,crypto/tls] [--no-build]
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { CancellationTokenSource, createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const argv = process.argv.slice(2);
const dirs = (argv.includes('--dirs') ? argv[argv.indexOf('--dirs') + 1] : 'net,runtime,go/types,crypto/tls').split(',');
if (!argv.includes('--no-build')) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'ignore' });

const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-replat-'));
fs.cpSync(path.join(repo, 'samples'), root, { recursive: true });
for (const d of dirs) fs.cpSync(path.join(goroot, 'src', d), path.join(root, 'std', d), { recursive: true, filter: (f) => !f.includes('testdata') });

const child = spawn(process.execPath, [path.join(repo, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const progress = [];
const logs = [];
client.onNotification('$/progress', (p) => progress.push({ at: performance.now(), ...p }));
client.onNotification('window/logMessage', (p) => logs.push(p.message));
client.onRequest('workspace/diagnostic/refresh', () => null);
client.onRequest('window/workDoneProgress/create', () => null);
client.listen();
await client.sendRequest('initialize', {
  processId: process.pid, rootUri: pathToFileURL(root).toString(), capabilities: { window: { workDoneProgress: true } },
  workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'bench' }], initializationOptions: { trusted: true },
});
await client.sendNotification('initialized', {});

const file = path.join(root, 'go-service/internal/cache/entry.go');
const uri = pathToFileURL(file).toString();
const text = fs.readFileSync(file, 'utf8');
await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
let version = 1;
const t = async (fn) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };
/** An edit (a comment appended, then taken away) and the diagnostics of the new version. */
const editAndPull = () => t(async () => {
  version++;
  await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: version % 2 ? text : text + '\n// edited\n' }] });
  await client.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
});
const hover = () => t(() => client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 6 } }));
const idleDiag = [];
for (let i = 0; i < 5; i++) idleDiag.push(await editAndPull());
const idleHover = await hover();

const waitFor = async (cond) => { while (!cond()) await new Promise((r) => setTimeout(r, 2)); };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return +s[Math.floor(s.length / 2)].toFixed(1); };
const max = (xs) => +Math.max(...xs).toFixed(1);

// 1. A full report, with edits and diagnostics pulls every 200 ms while it runs.
progress.length = 0;
const t0 = performance.now();
let reportDone = false;
const full = client.sendRequest('arm64port/workspaceReport', { workDoneToken: 'full' }).then((m) => { reportDone = true; return { m, at: performance.now() }; });
const busyDiag = [], busyHover = [];
// From the request on: finding the files (in a worker too) is part of the report.
while (!reportDone) {
  busyDiag.push(await editAndPull());
  busyHover.push(await hover());
  await new Promise((r) => setTimeout(r, 200));
}
const { m, at } = await full;
const reports = progress.filter((p) => p.token === 'full' && p.value.kind === 'report');
const scannedIn = logs.find((l) => l.includes('files scanned in'));

// 2. The same report, cancelled 0.5, 1, 2, 3 and 4 s after its first file was done.
const cancels = [];
for (const delay of [500, 1000, 2000, 3000, 4000]) {
  progress.length = 0;
  logs.length = 0;
  const token = `cancel-${delay}`;
  const source = new CancellationTokenSource();
  const cancelled = client.sendRequest('arm64port/workspaceReport', { workDoneToken: token }, source.token).then(() => 'completed', (e) => (e.code === -32800 ? 'cancelled' : `error ${e.code}`));
  await waitFor(() => progress.some((p) => p.token === token && p.value.kind === 'report'));
  await new Promise((r) => setTimeout(r, delay));
  const c0 = performance.now();
  source.cancel();
  const outcome = await cancelled;
  const answeredMs = performance.now() - c0;
  await new Promise((r) => setTimeout(r, 500));
  const log = logs.find((l) => l.includes('report cancelled')) ?? '';
  cancels.push({
    afterMs: delay, outcome, answeredMs: +answeredMs.toFixed(1), workersStoppedMs: Number(/stopped (\d+) ms/.exec(log)?.[1]),
    filesDone: Number(/after (\d+) files/.exec(log)?.[1]), progressAfterAnswer: progress.filter((p) => p.token === token && p.at > c0 + answeredMs).length,
  });
}

const out = {
  workspace: { dirs, files: m.summary.files, mb: +(m.summary.bytes / 1e6).toFixed(1) },
  reportWallMs: Math.round(at - t0), scannedIn,
  progress: { notifications: reports.length, firstAtMs: Math.round(reports[0].at - t0), lastAtMs: Math.round(reports.at(-1).at - t0) },
  idle: { diagnosticsMedianMs: median(idleDiag), hoverMs: +idleHover.toFixed(1) },
  duringReport: { samples: busyDiag.length, diagnosticsMedianMs: median(busyDiag), diagnosticsMaxMs: max(busyDiag), hoverMedianMs: median(busyHover), hoverMaxMs: max(busyHover) },
  cancel: { answeredMedianMs: median(cancels.map((c) => c.answeredMs)), answeredMaxMs: max(cancels.map((c) => c.answeredMs)), runs: cancels },
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
client.dispose();
child.kill();
fs.rmSync(root, { recursive: true, force: true });
