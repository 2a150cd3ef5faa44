// `arm64-port mcp`: the agent tools (agent/tools.ts) as a Model Context Protocol server over stdio, on
// the official SDK. Tools scan, layout, explain_rule, preview_fix, apply_fix (destructive), report; the
// resources arm64-port://rules/<id> and arm64-port://report/last; the prompt port-to-arm64. The server
// works in its roots only (the client's roots, else --root folders, else the current folder), never runs
// a workspace program (git only for changedSince, as the CLI's --changed-since does).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { RootsListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ReportModel } from '../report/model';
import { ALL_RULES, docsUrl } from '../engine/catalogue';
import { loadConfig } from '../ops/config';
import { cliGoEnv } from '../ops/environment';
import { changedFilesSince } from '../ops/git';
import { writeAtomically } from '../ops/output';
import { UsageError } from '../ops/errors';
import { TOOL_VERSION } from '../core/version';
import {
  applyFixTool, explainRuleTool, layoutTool, previewFixTool, reportResult, reportTool, rulePage, scanTool,
  PORT_PROMPT, TOOL_SPECS, type AgentWorkspace, type ToolResult,
} from '../agent/tools';

export interface McpOptions {
  /** Folders the server may read when the client gives no roots (default: the current folder). */
  roots: string[];
  log: (message: string) => void;
}

const LAST_REPORT_URI = 'arm64-port://report/last';
const LAST_REPORT_MD_URI = 'arm64-port://report/last.md';

export function createMcpServer(opts: McpOptions): McpServer {
  const server = new McpServer(
    { name: 'arm64-port', title: 'arm64-port: ARM64 porting hazards', version: TOOL_VERSION },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
      instructions: 'Exact ARM64 porting analysis of this workspace: compiler-exact struct layouts per target, guard-aware findings, fixes proven safe. Start with the report tool or the port-to-arm64 prompt; preview a fix before applying it.',
      maxToolInputElements: 20000,
    },
  );
  let lastReport: ReportModel | undefined;
  let clientRoots: string[] | undefined;
  let rootsKnown = false;
  const configs = new Map<string, ReturnType<typeof loadConfig>['config']>();

  async function roots(): Promise<string[]> {
    if (rootsKnown) return clientRoots?.length ? clientRoots : opts.roots;
    rootsKnown = true;
    if (server.server.getClientCapabilities()?.roots) {
      try {
        const r = await server.server.listRoots(undefined, { timeout: 5000 });
        clientRoots = r.roots.filter((x) => x.uri.startsWith('file:')).map((x) => path.resolve(fileURLToPath(x.uri)));
      } catch (e) { opts.log(`roots/list failed (${(e as Error).message}); serving ${opts.roots.join(', ')}`); }
    }
    return clientRoots?.length ? clientRoots : opts.roots;
  }
  server.server.setNotificationHandler(RootsListChangedNotificationSchema, async () => { rootsKnown = false; configs.clear(); });

  async function workspace(signal?: AbortSignal): Promise<AgentWorkspace> {
    return {
      roots: await roots(),
      config: (root) => {
        let c = configs.get(root);
        if (!c) { const r = loadConfig(root); r.warnings.forEach((w) => opts.log(w)); configs.set(root, (c = r.config)); }
        return c;
      },
      goEnv: cliGoEnv(),
      changedSince: changedFilesSince,
      onReport: (m) => { lastReport = m; server.sendResourceListChanged(); },
      isCancelled: () => signal?.aborted === true,
      signal,
    };
  }

  const result = (r: ToolResult): CallToolResult => ({ content: [{ type: 'text', text: r.text }], structuredContent: r.structured });
  const failure = (e: unknown): CallToolResult => {
    const message = e instanceof UsageError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    if (!(e instanceof UsageError)) opts.log(`${(e as Error)?.stack ?? e}`);
    return { content: [{ type: 'text', text: `arm64-port: ${message}` }], isError: true };
  };
  const run = async (signal: AbortSignal, fn: (ws: AgentWorkspace) => Promise<ToolResult> | ToolResult): Promise<CallToolResult> => {
    try {
      const ws = await workspace(signal);
      const r = await fn(ws);
      if (signal.aborted) return { content: [{ type: 'text', text: 'arm64-port: cancelled' }], isError: true };
      return result(r);
    } catch (e) { return failure(e); }
  };

  for (const spec of TOOL_SPECS) {
    server.registerTool(spec.name, {
      title: spec.title, description: spec.description, inputSchema: spec.input.shape,
      annotations: spec.name === 'apply_fix'
        ? { title: spec.title, readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
        : { title: spec.title, readOnlyHint: true, openWorldHint: false },
    }, async (args: Record<string, unknown>, extra) => run(extra.signal, (ws) => {
      switch (spec.name) {
        case 'scan': return scanTool(ws, args as never);
        case 'layout': return layoutTool(ws, args as never);
        case 'explain_rule': return explainRuleTool(args as never);
        case 'preview_fix': return previewFixTool(ws, args as never);
        case 'apply_fix': return applyFixTool(ws, args as never, (file, text) => writeAtomically(file, text));
        case 'report': return reportTool(ws, args as never);
      }
    }));
  }

  server.registerResource('rule', new ResourceTemplate('arm64-port://rules/{id}', {
    list: async () => ({
      resources: ALL_RULES.map((r) => ({ uri: `arm64-port://rules/${r.meta.id}`, name: r.meta.id, title: r.meta.id, description: r.meta.description, mimeType: 'text/markdown' })),
    }),
    complete: { id: (value) => ALL_RULES.map((r) => r.meta.id).filter((id) => id.startsWith(value)) },
  }), { title: 'Rule documentation', description: 'What a rule finds, why (with its sources), how to fix it', mimeType: 'text/markdown' },
  async (uri, vars) => {
    const id = String(vars.id);
    const { markdown } = rulePage(id);
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: markdown, _meta: { url: docsUrl(id) } }] };
  });

  server.registerResource('last-report', LAST_REPORT_URI, { title: 'Last report (JSON)', description: 'The readiness summary of the last report or full scan in this session', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: lastReport ? JSON.stringify(reportResult(lastReport).structured, null, 2) : '{"version":1,"note":"no report yet: call the report tool"}' }] }));
  server.registerResource('last-report-markdown', LAST_REPORT_MD_URI, { title: 'Last report (Markdown)', description: 'The last report as a Markdown summary', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: lastReport ? reportResult(lastReport).text : 'No report yet: call the report tool.' }] }));

  server.registerPrompt(PORT_PROMPT.name, {
    title: PORT_PROMPT.title, description: PORT_PROMPT.description,
    argsSchema: { paths: z.string().max(4000).optional().describe('Comma-separated files or folders to start with (default: the whole workspace)') },
  }, ({ paths }) => ({ messages: [{ role: 'user', content: { type: 'text', text: PORT_PROMPT.text(paths) } }] }));

  return server;
}

/** Runs the server on stdin/stdout until the client closes stdin. Logs go to stderr only. */
export async function runMcpServer(opts: McpOptions): Promise<void> {
  for (const r of opts.roots) if (!fs.existsSync(r) || !fs.statSync(r).isDirectory()) throw new UsageError(`--root ${r}: not a folder`);
  const server = createMcpServer(opts);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // A line that is not JSON-RPC is answered with a parse error (JSON-RPC 2.0 §5.1); the server keeps serving.
  const protocolError = server.server.onerror;
  server.server.onerror = (e: Error) => {
    protocolError?.(e);
    if (e instanceof SyntaxError || e?.name === 'ZodError' || /JSON/.test(e?.message ?? '')) {
      opts.log(`ignored a malformed message: ${(e.message ?? String(e)).split('\n')[0]}`);
      void transport.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: not a JSON-RPC 2.0 message (${(e.message ?? '').split('\n')[0].slice(0, 200)})` } } as never).catch(() => {});
    } else opts.log(`protocol error: ${e?.message ?? e}`);
  };
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    server.server.onclose = done;
    process.stdin.on('end', done);
    process.stdin.on('close', done);
  });
  await server.close().catch(() => {});
}
