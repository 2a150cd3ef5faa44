// The agent tools (agent/tools.ts) for VS Code's language-model tools: the client forwards a tool call
// as one custom request, and the running server answers it on its own documents, settings and caches
// (no second process). apply_fix writes nothing here: it returns the new texts, which the client applies
// as a workspace edit after the user confirmed, so open editors and undo see the change.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { UsageError } from '../ops/errors';
import {
  explainRuleTool, layoutTool, planApplyFix, previewFixTool, reportTool, scanTool, TOOL_SPECS,
  type AgentWorkspace, type ToolResult,
} from '../agent/tools';
import type { Service } from './service';
import { AGENT_TOOL_REQUEST, type AgentToolParams, type AgentToolResponse } from '../protocol/customRequests';


function workspaceOf(service: Service, token?: CancellationToken): AgentWorkspace {
  const abort = new AbortController();
  // A token cancelled before its request was dispatched never fires.
  if (token?.isCancellationRequested) abort.abort();
  else token?.onCancellationRequested(() => abort.abort());
  return {
    roots: [service.root],
    config: () => service.config,
    goEnv: service.engine.goEnv,
    // A scan runs in worker threads with the open documents' texts laid over the disk (this thread keeps serving).
    editor: { fs: service.store.fs, overlay: service.store.fs.entries(), engine: service.engine },
    // The language server never runs git (nor any program): changedSince is a CLI and MCP feature.
    isCancelled: () => token?.isCancellationRequested === true,
    signal: abort.signal,
  };
}

export async function handleAgentTool(service: Service | undefined, params: AgentToolParams, token?: CancellationToken): Promise<AgentToolResponse> {
  try {
    if (!service) throw new UsageError('the language server is not initialised yet');
    const spec = TOOL_SPECS.find((t) => t.name === params?.tool);
    if (!spec) throw new UsageError(`unknown tool ${JSON.stringify(params?.tool)} (${TOOL_SPECS.map((t) => t.name).join(', ')})`);
    const parsed = spec.input.safeParse(params.input ?? {});
    if (!parsed.success) {
      throw new UsageError(`invalid input for ${spec.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    }
    const input = parsed.data as never;
    const ws = workspaceOf(service, token);
    let r: ToolResult;
    switch (spec.name) {
      case 'scan': r = await scanTool(ws, input); break;
      case 'layout': r = await layoutTool(ws, input); break;
      case 'explain_rule': r = explainRuleTool(input); break;
      case 'preview_fix': r = await previewFixTool(ws, input); break;
      case 'report': r = await reportTool(ws, input); break;
      case 'apply_fix': {
        const p = await planApplyFix(ws, input);
        const files = p.plans.map((x) => path.relative(p.root, x.file).split(path.sep).join('/'));
        return {
          ok: true, text: `Fix for ${files.join(', ')}:\n${p.diff}`,
          structured: { file: p.rel, applied: p.fixes, files, diff: p.diff, diffSha256: p.diffSha256 },
          edits: p.plans.map((x) => ({ uri: pathToFileURL(x.file).toString(), path: x.file, newText: x.after })),
        };
      }
    }
    if (token?.isCancellationRequested) throw new UsageError('cancelled');
    return { ok: true, text: r.text, structured: r.structured };
  } catch (e) {
    if (!(e instanceof UsageError)) service?.log(`agent tool ${params?.tool} failed: ${(e as Error)?.stack ?? e}`);
    return { ok: false, error: `arm64-port: ${e instanceof UsageError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`}` };
  }
}

export function registerAgentTools(connection: Connection, service: () => Service | undefined): void {
  connection.onRequest(AGENT_TOOL_REQUEST, (p: AgentToolParams, token: CancellationToken) => handleAgentTool(service(), p, token));
}
