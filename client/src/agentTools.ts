// The arm64-port tools for agent mode (VS Code language-model tools): each call is forwarded to the
// running language server as one custom request (no second process). apply_fix asks the user first
// (its confirmation shows the diff) and is applied as a workspace edit, then saved. Where the editor
// supports MCP server definitions (VS Code 1.101+), `arm64-port mcp` is offered to other agents too.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TOOL_VERSION } from '../../server/src/core/version';

import { AGENT_TOOL_REQUEST, type AgentToolParams, type AgentToolResponse as Response } from '../../server/src/protocol/customRequests';
export const TOOL_NAMES = ['scan', 'layout', 'explain_rule', 'preview_fix', 'apply_fix', 'report'] as const;
export const LM_TOOL_PREFIX = 'arm64port_';

/** Text for the model: the short rendering, then the structured result as JSON (capped). */
function toolResult(r: Response): vscode.LanguageModelToolResult {
  if (!r.ok) return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(r.error)]);
  const json = JSON.stringify(r.structured);
  const parts = [new vscode.LanguageModelTextPart(r.text)];
  if (json.length < 200_000) parts.push(new vscode.LanguageModelTextPart(`\n\nStructured result (JSON):\n${json}`));
  return new vscode.LanguageModelToolResult(parts);
}

async function request(client: LanguageClient, tool: string, input: unknown, token?: vscode.CancellationToken): Promise<Response> {
  return client.sendRequest<Response>(AGENT_TOOL_REQUEST, { tool, input } satisfies AgentToolParams, token);
}

async function applyEdits(edits: NonNullable<Extract<Response, { ok: true }>['edits']>): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) {
    const uri = vscode.Uri.parse(e.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    we.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(we))) throw new Error('the editor refused the edit');
  for (const e of edits) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(e.uri).toString());
    await doc?.save();
  }
}

export function registerAgentTools(context: vscode.ExtensionContext, client: LanguageClient, log: (m: string) => void): void {
  const lm = (vscode as { lm?: typeof vscode.lm }).lm;
  if (typeof lm?.registerTool !== 'function') return; // an editor without language-model tools
  for (const name of TOOL_NAMES) {
    const tool: vscode.LanguageModelTool<Record<string, unknown>> = {
      invoke: async (options, token) => {
        const r = await request(client, name, options.input ?? {}, token);
        if (name === 'apply_fix' && r.ok && r.edits?.length) {
          try { await applyEdits(r.edits); }
          catch (e) { return toolResult({ ok: false, error: `arm64-port: the fix was not applied: ${(e as Error).message}` }); }
          return toolResult({ ...r, text: `Applied. ${r.text}\nRun scan on the file to check what is left.` });
        }
        return toolResult(r);
      },
    };
    if (name === 'apply_fix') {
      tool.prepareInvocation = async (options, token) => {
        const preview = await request(client, 'preview_fix', options.input ?? {}, token);
        const body = preview.ok
          ? `${(preview.structured.safety as string[] | undefined)?.join('\n\n') ?? ''}\n\n\`\`\`diff\n${String(preview.structured.diff ?? '')}\n\`\`\``
          : preview.error;
        return {
          invocationMessage: `Applying an arm64-port fix to ${String(options.input?.file ?? '')}`,
          confirmationMessages: { title: 'Apply this arm64-port fix?', message: new vscode.MarkdownString(body) },
        };
      };
    }
    context.subscriptions.push(lm.registerTool(LM_TOOL_PREFIX + name, tool));
  }
  // The MCP definition API changed between VS Code versions (1.100 names the contribution
  // modelContextServerCollections, 1.101 mcpServerDefinitionProviders): a refusal must not cost the tools.
  try { registerMcpDefinition(context); } catch (e) { log(`MCP server definition not registered: ${(e as Error).message}`); }
}

/** `arm64-port mcp` for other agents in the editor, when the MCP definition API exists (not in 1.100). */
function registerMcpDefinition(context: vscode.ExtensionContext): void {
  const api = vscode as unknown as {
    lm: { registerMcpServerDefinitionProvider?: (id: string, provider: unknown) => vscode.Disposable };
    McpStdioServerDefinition?: new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string) => unknown;
  };
  if (typeof api.lm.registerMcpServerDefinitionProvider !== 'function' || !api.McpStdioServerDefinition) return;
  const Def = api.McpStdioServerDefinition;
  const cli = context.asAbsolutePath(path.join('dist', 'cli.js'));
  context.subscriptions.push(api.lm.registerMcpServerDefinitionProvider('arm64port.mcp', {
    provideMcpServerDefinitions: () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      // The extension host's own runtime runs the CLI as Node.
      const args = [cli, 'mcp', ...(folder ? ['--root', folder] : [])];
      return [new Def('arm64-port', process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, TOOL_VERSION)];
    },
  }));
}

/**
 * "ARM64: Check Language Model Tools": lists the arm64-port tools VS Code knows (vscode.lm.tools) and
 * runs scan through vscode.lm.invokeTool on the workspace, in a new editor. Tells what works in this editor.
 */
export function registerCheckCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('arm64port.checkAgentTools', async (paths?: string[]) => {
    const lm = (vscode as { lm?: typeof vscode.lm }).lm;
    const lines: string[] = [];
    if (!lm || typeof lm.invokeTool !== 'function') {
      lines.push(`This editor (VS Code ${vscode.version}) has no language-model tools API.`);
    } else {
      const ours = lm.tools.filter((t) => t.name.startsWith(LM_TOOL_PREFIX)).map((t) => t.name).sort();
      lines.push(`arm64-port language-model tools registered: ${ours.length} (${ours.join(', ')}) in VS Code ${vscode.version}`);
      try {
        const input = { paths: paths ?? [], minSeverity: 'info' };
        const r = await lm.invokeTool(`${LM_TOOL_PREFIX}scan`, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
        lines.push('', `vscode.lm.invokeTool("${LM_TOOL_PREFIX}scan", ${JSON.stringify(input)}):`, '');
        for (const part of r.content) if (part instanceof vscode.LanguageModelTextPart) lines.push(part.value.split('\n\nStructured result (JSON):')[0]);
      } catch (e) {
        lines.push('', `invoking ${LM_TOOL_PREFIX}scan failed: ${(e as Error).message}`);
      }
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: lines.join('\n') + '\n' });
    await vscode.window.showTextDocument(doc);
  }));
}
