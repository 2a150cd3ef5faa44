// The language server's agent-tool request (what VS Code's language-model tools call) over a real
// JSON-RPC connection: scan equals the CLI's JSON, layout, explain_rule, preview and apply_fix (which
// returns the new text and writes nothing), open editors' unsaved text is what the tools see, and bad
// input is an error result, not a failed request.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { handleAgentTool } from '../../server/src/lsp/agentTools';
import { AGENT_TOOL_REQUEST, type AgentToolResponse } from '../../server/src/protocol/customRequests';
import { cli, ensureBuilt } from '../cli/cli';
import { startSampleServer, type SampleServer } from '../helpers/sampleServer';

const REQUEST = 'go-service/internal/api/request.go';
let dir: string;
let client: ProtocolConnection;
let server: SampleServer;

const tool = (name: string, input?: unknown) => client.sendRequest<AgentToolResponse>(AGENT_TOOL_REQUEST, { tool: name, input });
function ok(r: AgentToolResponse): Extract<AgentToolResponse, { ok: true }> {
  if (!r.ok) throw new Error(r.error);
  return r;
}

beforeAll(async () => {
  ensureBuilt();
  server = await startSampleServer({ prefix: 'arm64port-lsp-agent-' });
  ({ dir, client } = server);
});

afterAll(() => server?.dispose());

describe('agent tools through the language server', () => {
  it('scan equals `arm64-port scan --format json`', async () => {
    const r = ok(await tool('scan', {}));
    const expected = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never'], dir).stdout);
    expect((r.structured.findings as unknown[]).length).toBeGreaterThan(30);
    expect(r.structured.findings).toEqual(expected.findings);
    expect(r.structured.summary).toEqual(expected.summary);
    expect(r.text).toContain('go-service/internal/cache/entry.go:7:6 warning performance go-struct-padding');
  });

  it('layout and explain_rule', async () => {
    const l = ok(await tool('layout', { file: 'go-service/internal/cache/entry.go', struct: 'Entry', targets: ['linux/arm64'] }));
    const { suggestedOrders: _, ...contract } = l.structured;
    expect(contract).toEqual(JSON.parse(cli(['layout', 'go-service/internal/cache/entry.go', '--struct', 'Entry', '--targets', 'linux/arm64', '--json'], dir).stdout));
    const e = ok(await tool('explain_rule', { ruleId: 'docker-hardcoded-arch' }));
    expect(e.text).toMatch(/^# docker-hardcoded-arch/);
  });

  it('apply_fix returns the fixed text for the client to apply, and writes nothing itself', async () => {
    const file = path.join(dir, REQUEST);
    const before = fs.readFileSync(file, 'utf8');
    const preview = ok(await tool('preview_fix', { file: REQUEST, ruleId: 'go-struct-padding', line: 12 }));
    const r = ok(await tool('apply_fix', { file: REQUEST, ruleId: 'go-struct-padding', line: 12, expectedDiffSha256: preview.structured.diffSha256 }));
    expect(r.edits).toHaveLength(1);
    expect(r.edits![0].uri).toBe(pathToFileURL(file).toString());
    expect(r.edits![0].newText).toMatch(/type RequestInfo struct \{\n\tReceived time\.Time\n/);
    expect(r.structured.diff).toBe(preview.structured.diff);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('sees the unsaved text of open editors', async () => {
    const file = path.join(dir, REQUEST);
    const fixed = ok(await tool('apply_fix', { file: REQUEST, ruleId: 'go-struct-padding', line: 12 })).edits![0].newText;
    const uri = pathToFileURL(file).toString();
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: fixed } });
    const r = ok(await tool('scan', { paths: [REQUEST] }));
    expect((r.structured.findings as { message: string }[]).filter((f) => f.message.includes('RequestInfo'))).toEqual([]);
    await client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('answers bad input with an error result', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['frobnicate', {}, /unknown tool "frobnicate"/],
      ['scan', { paths: 'x' }, /invalid input for scan: paths: /],
      ['scan', { paths: ['/etc'] }, /\/etc is outside the workspace/],
      ['layout', { file: '../../x.go' }, /is outside the workspace/],
      ['scan', { changedSince: 'HEAD' }, /changedSince is not available here/],
      ['preview_fix', { file: REQUEST, ruleId: 'nope' }, /unknown rule "nope"/],
    ];
    for (const [name, input, message] of cases) {
      const r = await tool(name, input);
      expect(r.ok, name).toBe(false);
      expect((r as { error: string }).error).toMatch(message);
    }
    expect((await handleAgentTool(undefined, { tool: 'scan' })).ok).toBe(false);
    expect(ok(await tool('explain_rule', { ruleId: 'c-long-double' })).text).toContain('long double');
  });
});
