// `arm64-port mcp` spawned as a child process, driven by the SDK's own client over stdio: the tools and
// their schemas, scan and layout equal to the CLI's JSON, a fix previewed, applied and gone on rescan,
// paths outside the root refused, and bad input answered with a clear error while the server keeps serving.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cli, ensureBuilt, REPO } from '../cli/cli';
import { makeTempDir } from '../helpers/tempDirs';

const BIN = path.join(REPO, 'bin', 'arm64-port.js');
const REQUEST = 'go-service/internal/api/request.go';
const ENTRY = 'go-service/internal/cache/entry.go';

interface Result { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: Record<string, any> }

function copySamples(): string {
  const dir = makeTempDir('arm64-port-mcp-');
  fs.cpSync(path.join(REPO, 'samples'), dir, { recursive: true });
  return dir;
}

async function connect(cwd: string, args: string[] = []): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], cwd, stderr: 'pipe', env: { ...process.env, ARM64PORT_DEBUG: '' } as Record<string, string> });
  let err = '';
  transport.stderr?.on('data', (d) => { err += String(d); });
  const client = new Client({ name: 'arm64-port-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

const call = (c: Client, name: string, args: Record<string, unknown> = {}) => c.callTool({ name, arguments: args }) as Promise<Result>;
const text = (r: Result) => r.content.map((c) => c.text ?? '').join('\n');

let ws: string;
let client: Client;
let stderr: () => string;

beforeAll(async () => {
  ensureBuilt();
  ws = copySamples();
  ({ client, stderr } = await connect(ws));
});
afterAll(async () => { await client?.close(); });

describe('arm64-port mcp', () => {
  it('lists the six tools with input schemas; apply_fix is destructive, the others read only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['apply_fix', 'explain_rule', 'layout', 'preview_fix', 'report', 'scan']);
    const by = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.description!.length).toBeGreaterThan(40);
      expect(t.annotations?.readOnlyHint).toBe(t.name !== 'apply_fix');
    }
    expect(by.apply_fix.annotations?.destructiveHint).toBe(true);
    const scanProps = by.scan.inputSchema.properties as Record<string, any>;
    expect(scanProps.paths).toMatchObject({ type: 'array', maxItems: 1000, items: { type: 'string' } });
    expect(scanProps.minSeverity.enum).toEqual(['error', 'warning', 'info', 'hint']);
    expect(scanProps.targets.items.enum).toContain('linux/arm64');
    expect(by.layout.inputSchema.required).toEqual(['file']);
    expect(by.explain_rule.inputSchema.required).toEqual(['ruleId']);
    expect(by.preview_fix.inputSchema.properties).toHaveProperty('fingerprint');
  });

  it('scan equals `arm64-port scan --format json` on the same workspace', async () => {
    const r = await call(client, 'scan');
    expect(r.isError).toBeFalsy();
    const expected = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never'], ws).stdout);
    expect(r.structuredContent!.findings.length).toBeGreaterThan(30);
    expect(r.structuredContent!.findings).toEqual(expected.findings);
    expect(r.structuredContent!.summary).toEqual(expected.summary);
    expect(r.structuredContent!.targets).toEqual(expected.targets);
    expect(text(r)).toMatch(/^\d+ findings in \d+ files \(\d+ blockers/);
    expect(text(r)).toContain(`${ENTRY}:7:6 warning performance go-struct-padding: struct Entry is 72 bytes on linux/arm64`);
  });

  it('scan filters by path, rule and severity floor', async () => {
    const r = await call(client, 'scan', { paths: ['go-service'], rules: ['go-struct-padding'], minSeverity: 'info' });
    expect(r.isError).toBeFalsy();
    const findings = r.structuredContent!.findings as { ruleId: string; severity: string; file: string }[];
    expect(findings.length).toBe(2);
    expect(findings.every((f) => f.ruleId === 'go-struct-padding' && f.severity !== 'hint' && f.file.startsWith('go-service/'))).toBe(true);
    expect(r.structuredContent!.summary.findings).toBe(2);
  });

  it('layout equals `arm64-port layout --json`', async () => {
    for (const [file, extra] of [[ENTRY, { struct: 'Entry', targets: ['linux/arm64', 'linux/arm'] }], ['c-lib/include/ringbuf.h', {}]] as const) {
      const r = await call(client, 'layout', { file, ...extra });
      expect(r.isError, text(r)).toBeFalsy();
      const args = ['layout', file, '--json', ...('struct' in extra ? ['--struct', extra.struct, '--targets', extra.targets.join(',')] : [])];
      const { suggestedOrders, ...contract } = r.structuredContent!;
      expect(contract).toEqual(JSON.parse(cli(args, ws).stdout));
      expect(Array.isArray(suggestedOrders)).toBe(true);
    }
    const r = await call(client, 'layout', { file: ENTRY, struct: 'Entry' });
    expect(text(r)).toContain('size 72, align 8');
    // The order the reorder fix gives, laid out again: 56 bytes inside its blank-line groups.
    expect(r.structuredContent!.suggestedOrders).toEqual([expect.objectContaining({ struct: 'Entry', kind: 'suggest', sizes: { 'linux/arm64': 56, 'linux/amd64': 56 } })]);
    expect(text(r)).toMatch(/suggested order of Entry \(suggest "Reorder fields of Entry[^"]*"\): Key, Valid, Kind, /);
  });

  it('explain_rule returns the rule page; rule pages are resources', async () => {
    const r = await call(client, 'explain_rule', { ruleId: 'go-struct-padding' });
    expect(r.isError).toBeFalsy();
    const page = fs.readFileSync(path.join(REPO, 'docs/rules/go-struct-padding.md'), 'utf8');
    expect(r.structuredContent!.markdown).toBe(page);
    expect(r.structuredContent!.sources).toContain('golang/go#61035');
    const res = await client.readResource({ uri: 'arm64-port://rules/go-struct-padding' });
    expect(res.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: page });
    const list = await client.listResources();
    expect(list.resources.map((x) => x.uri)).toContain('arm64-port://rules/docker-hardcoded-arch');
    expect(list.resources.map((x) => x.uri)).toContain('arm64-port://report/last');
    const bad = await call(client, 'explain_rule', { ruleId: 'no-such-rule' });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('unknown rule "no-such-rule"');
  });

  it('report gives the readiness summary as JSON and Markdown, and becomes the last report', async () => {
    const r = await call(client, 'report');
    expect(r.isError).toBeFalsy();
    const expected = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never'], ws).stdout);
    expect(r.structuredContent!.readiness).toEqual({ blockers: expected.summary.byReadiness.blocker, hazards: expected.summary.byReadiness.hazard, performance: expected.summary.byReadiness.performance });
    expect(r.structuredContent!.structBytesSaved).toBe(expected.summary.structBytesSaved);
    expect(r.structuredContent!.markdown).toBe(cli(['scan', '--format', 'markdown', '--fail-on', 'never'], ws).stdout.trimEnd());
    const last = await client.readResource({ uri: 'arm64-port://report/last' });
    expect(JSON.parse((last.contents[0] as { text: string }).text).readiness).toEqual(r.structuredContent!.readiness);
    const prompt = await client.getPrompt({ name: 'port-to-arm64', arguments: {} });
    expect(String((prompt.messages[0].content as { text: string }).text)).toMatch(/report[\s\S]*blockers[\s\S]*preview_fix[\s\S]*apply_fix[\s\S]*scan/);
  });

  it('previews then applies the reorder of RequestInfo: the file changes and a rescan no longer reports it', async () => {
    const before = fs.readFileSync(path.join(ws, REQUEST), 'utf8');
    const scan = await call(client, 'scan', { paths: [REQUEST], rules: ['go-struct-padding'] });
    const finding = (scan.structuredContent!.findings as any[]).find((f) => f.message.startsWith('struct RequestInfo'));
    expect(finding.fixes[0]).toMatchObject({ kind: 'fix', title: 'Reorder fields of RequestInfo' });

    const preview = await call(client, 'preview_fix', { file: REQUEST, fingerprint: finding.fingerprint });
    expect(preview.isError, text(preview)).toBeFalsy();
    expect(preview.structuredContent!.diff).toMatch(/^--- a\/go-service\/internal\/api\/request\.go\n\+\+\+ b\/go-service\/internal\/api\/request\.go\n@@/);
    expect(preview.structuredContent!.safety.join(' ')).toContain('Mechanical fix');
    expect(preview.structuredContent!.safety.join(' ')).toMatch(/104 → 88 bytes on linux\/arm64/);
    expect(fs.readFileSync(path.join(ws, REQUEST), 'utf8')).toBe(before); // a preview writes nothing
    // The same diff as `arm64-port fix --dry-run` for that rule and file.
    const dry = cli(['fix', REQUEST, '--rule', 'go-struct-padding', '--dry-run'], ws);
    expect(dry.stdout.trimEnd()).toBe(preview.structuredContent!.diff.trimEnd());

    const stale = await call(client, 'apply_fix', { file: REQUEST, fingerprint: finding.fingerprint, expectedDiffSha256: '0'.repeat(64) });
    expect(stale.isError).toBe(true);
    expect(text(stale)).toContain('differs from the preview');
    expect(fs.readFileSync(path.join(ws, REQUEST), 'utf8')).toBe(before);

    const applied = await call(client, 'apply_fix', { file: REQUEST, fingerprint: finding.fingerprint, expectedDiffSha256: preview.structuredContent!.diffSha256 });
    expect(applied.isError, text(applied)).toBeFalsy();
    const after = fs.readFileSync(path.join(ws, REQUEST), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toMatch(/type RequestInfo struct \{\n\tReceived time\.Time\n/);
    expect(applied.structuredContent!.fixed).toBe(1);
    const rescan = await call(client, 'scan', { paths: [REQUEST] });
    expect((rescan.structuredContent!.findings as any[]).filter((f) => f.message.includes('RequestInfo'))).toEqual([]);
    const cliRescan = JSON.parse(cli(['scan', '--format', 'json', '--fail-on', 'never', REQUEST], ws).stdout);
    expect(cliRescan.findings.filter((f: any) => f.message.includes('RequestInfo'))).toEqual([]);
  });

  it('says why a fix is withheld, and picks a suggestion only when asked', async () => {
    const hint = await call(client, 'preview_fix', { file: REQUEST, ruleId: 'go-struct-padding', line: 25 });
    expect(hint.isError, text(hint)).toBeFalsy();
    expect(hint.structuredContent!.applicable).toBe(false);
    expect(hint.structuredContent!.safety.join(' ')).toMatch(/Withheld: .*Not reordered automatically: /);
    const entry = await call(client, 'preview_fix', { file: ENTRY, ruleId: 'go-struct-padding', line: 7 });
    expect(entry.structuredContent!.safety.join(' ')).toMatch(/Suggestion: .*Not in fix-all: .*reorderFixAll\.encodedOrder/);
    const ambiguous = await call(client, 'preview_fix', { file: 'deploy/node/kubelet-config.yaml', ruleId: 'kubelet-policy-value', line: 5, fix: 7 });
    expect(ambiguous.isError).toBe(true);
    expect(text(ambiguous)).toContain('the finding has no fix 7');
  });

  it('refuses paths outside the root with a clear error', async () => {
    const outside = makeTempDir('arm64-port-mcp-outside-');
    fs.writeFileSync(path.join(outside, 'x.go'), 'package x\n\ntype T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n');
    fs.symlinkSync(outside, path.join(ws, 'escape'));
    const cases: [string, Record<string, unknown>][] = [
      ['scan', { paths: ['/etc'] }], ['scan', { paths: ['go-service', '../'] }], ['layout', { file: path.join(outside, 'x.go') }],
      ['layout', { file: 'escape/x.go' }], ['preview_fix', { file: '../../etc/passwd' }], ['apply_fix', { file: path.join(outside, 'x.go') }],
      ['report', { paths: ['escape'] }],
    ];
    for (const [name, args] of cases) {
      const r = await call(client, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(text(r)).toMatch(/^arm64-port: .* is outside the workspace \(.*\): arm64-port reads and changes files only inside the workspace roots/);
    }
    expect(fs.readFileSync(path.join(outside, 'x.go'), 'utf8')).toContain('\ta bool\n\tb int64');
    fs.unlinkSync(path.join(ws, 'escape'));
    const missing = await call(client, 'layout', { file: 'nope.go' });
    expect(text(missing)).toContain('nope.go: no such file or directory in the workspace');
  });

  it('answers bad input with a clear error and keeps serving', async () => {
    const alive = async () => expect((await call(client, 'explain_rule', { ruleId: 'c-long-double' })).isError).toBeFalsy();
    const unknown = await call(client, 'frobnicate', {});
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('Tool frobnicate not found');
    await alive();
    for (const args of [{ paths: 'go-service' }, { limit: 'many' }, { minSeverity: 'fatal' }, { targets: ['linux/sparc'] }]) {
      const r = await call(client, 'scan', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(text(r)).toMatch(/Input validation error: Invalid arguments for tool scan/);
    }
    const layout = await call(client, 'layout', { file: 42 });
    expect(text(layout)).toMatch(/Input validation error: Invalid arguments for tool layout/);
    await alive();
    const huge = await call(client, 'scan', { paths: Array.from({ length: 100_000 }, (_, i) => `f${i}.go`) });
    expect(huge.isError).toBe(true);
    expect(text(huge)).toMatch(/more than the maximum|at most 1000|Too big/i);
    const big = await call(client, 'scan', { paths: Array.from({ length: 1001 }, () => 'go-service') });
    expect(big.isError).toBe(true);
    expect(text(big)).toMatch(/Input validation error/);
    await alive();
    const abort = new AbortController();
    const pending = client.callTool({ name: 'scan', arguments: {} }, undefined, { signal: abort.signal });
    setTimeout(() => abort.abort('the user cancelled'), 20);
    await expect(pending).rejects.toThrow(/cancelled|abort/i);
    await alive();
    const r = await call(client, 'scan', { paths: [ENTRY] });
    expect(r.isError).toBeFalsy();
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it('answers a line that is not JSON-RPC with a parse error and keeps serving', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += String(d); });
    const lines = async (n: number) => {
      for (const t0 = Date.now(); out.split('\n').filter(Boolean).length < n; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() - t0 > 60_000) throw new Error(`no answer: ${out}`);
      }
      return out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    };
    child.stdin.write('this is not json\n');
    child.stdin.write('{"jsonrpc":"2.0","method":42}\n');
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) + '\n');
    const msgs = await lines(3);
    expect(msgs[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(msgs[0].error.message).toMatch(/Parse error/);
    expect(msgs.find((m) => m.id === 1)?.result?.serverInfo?.name).toBe('arm64-port');
    child.stdin.end();
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
  });

  it('serves the folders given with --root and refuses the rest', async () => {
    const { client: c } = await connect(REPO, ['--root', path.join(ws, 'c-lib')]);
    try {
      const r = await call(c, 'scan');
      expect(r.isError, text(r)).toBeFalsy();
      expect((r.structuredContent!.findings as any[]).every((f) => !f.file.startsWith('..'))).toBe(true);
      expect((r.structuredContent!.findings as any[]).map((f) => f.ruleId)).toContain('c-packed-atomic');
      const out = await call(c, 'layout', { file: path.join(ws, ENTRY) });
      expect(text(out)).toContain('is outside the workspace');
    } finally { await c.close(); }
  });
});
