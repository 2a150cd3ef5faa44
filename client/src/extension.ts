// VS Code side: starts the language server over IPC, registers the commands, the status item and
// the report view. Everything else happens in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerReport } from './report';
import { registerStatusItem } from './status';
import { registerLayoutView } from './layoutView';
import { registerAgentTools, registerCheckCommand } from './agentTools';

let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'go' }, { scheme: 'file', language: 'c' }, { scheme: 'file', language: 'cpp' },
  { scheme: 'file', language: 'dockerfile' }, { scheme: 'file', language: 'yaml' }, { scheme: 'file', language: 'github-actions-workflow' },
  { scheme: 'file', language: 'makefile' }, { scheme: 'file', language: 'cmake' }, { scheme: 'file', language: 'shellscript' },
  { scheme: 'file', pattern: '**/go.mod' }, { scheme: 'file', pattern: '**/*.{service,socket,toml,env,s}' },
  { scheme: 'file', pattern: '**/*.{conf,json}' }, { scheme: 'file', pattern: '**/{CMakeLists.txt,meson.build,Dockerfile*,Containerfile*}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    diagnosticPullOptions: { onChange: true, onSave: true },
    initializationOptions: { trusted: vscode.workspace.isTrusted, settings: vscode.workspace.getConfiguration('arm64port') },
    // The files a rule reads besides the one it analyses are watched at the server's request (it registers
    // workspace/didChangeWatchedFiles with the globs its facts declare).
    synchronize: { configurationSection: 'arm64port' },
    outputChannelName: 'ARM64 Portability',
  };
  client = new LanguageClient('arm64port', 'ARM64 Portability', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('arm64port.openDocs', (url: string) => vscode.env.openExternal(vscode.Uri.parse(url))),
  );
  await client.start();
  registerReport(context, client);
  registerStatusItem(context, client);
  registerLayoutView(context, client);
  registerCheckCommand(context);
  registerAgentTools(context, client, (m) => client?.outputChannel.appendLine(`[arm64-port] ${m}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
