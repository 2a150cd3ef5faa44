// The version is written once, in package.json: the command line, the report (JSON and SARIF), the language
// server and the MCP server all say that version, and no source file writes it a second time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startServer } from '../../server/src/lsp/server';
import { cli, ensureBuilt, REPO, tempWorkspace } from '../cli/cli';

const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

describe('the version of package.json', () => {
  let ws: string;
  beforeAll(() => {
    ensureBuilt();
    ws = tempWorkspace({ 'go.mod': 'module example.com/v\n\ngo 1.22\n', 'main.go': 'package main\n\ntype T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\nfunc main() { _ = T{} }\n' });
  });
  afterAll(() => { if (ws) fs.rmSync(ws, { recursive: true, force: true }); });

  it('is what `arm64-port --version` prints', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('is the tool version of the JSON report and of SARIF', () => {
    const json = cli(['scan', ws, '--format', 'json', '--fail-on', 'never']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).tool).toEqual({ name: 'arm64-port', version: VERSION });
    const sarif = cli(['scan', ws, '--format', 'sarif', '--fail-on', 'never']);
    expect(sarif.code, sarif.stderr).toBe(0);
    const driver = JSON.parse(sarif.stdout).runs[0].tool.driver;
    expect([driver.version, driver.semanticVersion]).toEqual([VERSION, VERSION]);
  });

  it('is the language server\'s serverInfo', async () => {
    const up = new PassThrough(), down = new PassThrough();
    startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)));
    const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    client.listen();
    try {
      const init = await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null }) as { serverInfo?: { name: string; version?: string } };
      expect(init.serverInfo).toEqual({ name: 'arm64-port', version: VERSION });
    } finally { client.dispose(); }
  });

  it('is the MCP server\'s version', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(REPO, 'bin', 'arm64-port.js'), 'mcp'], cwd: ws, stderr: 'pipe' });
    const client = new Client({ name: 'arm64-port-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'arm64-port', version: VERSION });
    } finally { await client.close(); }
  });

  it('is written in no source file (they import core/version.ts, which reads package.json)', () => {
    const literal = new RegExp(`['"\`]${VERSION.replace(/\./g, '\\.')}['"\`]`);
    const written: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mjs|js)$/.test(e.name) && literal.test(fs.readFileSync(p, 'utf8'))) written.push(path.relative(REPO, p));
      }
    };
    for (const dir of ['server/src', 'client/src', 'bin']) walk(path.join(REPO, dir));
    expect(written).toEqual([]);
  });
});
