// Language server entry: the connection (IPC from the VS Code client, or stdio with --stdio).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

process.on('uncaughtException', (e) => { process.stderr.write(`[arm64-port] uncaught: ${e?.stack ?? e}\n`); });
process.on('unhandledRejection', (e) => { process.stderr.write(`[arm64-port] unhandled: ${(e as Error)?.stack ?? e}\n`); });
startServer(createConnection(ProposedFeatures.all));
