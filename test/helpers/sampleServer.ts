// The language server on a temporary copy of samples/, over a real JSON-RPC connection (two in-process streams),
// initialized as an untrusted workspace: what the LSP tests talk to.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';

const SAMPLE = path.resolve(__dirname, '../../samples');

export interface SampleServer { dir: string; client: ProtocolConnection; dispose(): void }

/** `capabilities`: the client's (default: none, so edits come as `changes`); `onRegister`: told each client/registerCapability. */
export async function startSampleServer(opts: { prefix: string; config?: object; onLog?: (message: string) => void; capabilities?: object; onRegister?: (params: unknown) => void }): Promise<SampleServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix));
  fs.cpSync(SAMPLE, dir, { recursive: true });
  if (opts.config) fs.writeFileSync(path.join(dir, '.arm64port.json'), JSON.stringify(opts.config));
  const up = new PassThrough(), down = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)));
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  if (opts.onLog) client.onNotification('window/logMessage', (p: { message: string }) => opts.onLog!(p.message));
  client.onRequest('workspace/diagnostic/refresh', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  client.onRequest('client/registerCapability', (p: unknown) => { opts.onRegister?.(p); return null; });
  client.listen();
  await client.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: opts.capabilities ?? {},
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'samples' }], initializationOptions: { trusted: false },
  });
  await client.sendNotification('initialized', {});
  return { dir, client, dispose() { client.dispose(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
