// "ARM64: Show Struct Layout": the hover's layout markdown (one table per distinct layout, the suggested field
// order) in a read-only webview beside the editor. A webview, not an untitled markdown document: that left a
// dirty Untitled-1 tab behind the preview. The markdown is rendered by VS Code's own markdown extension
// (markdown.api.render); the page has a per-render nonce, a strict CSP, no scripts and no local resources.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { STRUCT_LAYOUT_REQUEST, type StructLayoutParams, type StructLayoutResult } from '../../server/src/protocol/customRequests';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 8px 20px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; border-radius: 4px; overflow-x: auto; }
code { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size); }
hr { border: 0; border-top: 1px solid var(--vscode-panel-border); margin: 16px 0; }
`;

export function layoutPage(bodyHtml: string, title: string, nonce: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">${CSS}</style></head>
<body>${bodyHtml}</body></html>`;
}

async function renderMarkdown(md: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', md);
    if (typeof html === 'string' && html) return html;
  } catch { /* the markdown extension is disabled: show the text as it is */ }
  return `<pre>${escapeHtml(md)}</pre>`;
}

export function registerLayoutView(context: vscode.ExtensionContext, client: LanguageClient): void {
  let panel: vscode.WebviewPanel | undefined;
  context.subscriptions.push(vscode.commands.registerCommand('arm64port.showStructLayout', async (uri?: string, position?: vscode.Position) => {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? editor?.document.uri.toString();
    const pos = position ?? editor?.selection.active;
    if (!target || !pos) return;
    const md = await client.sendRequest<StructLayoutResult>(STRUCT_LAYOUT_REQUEST, { uri: target, position: { line: pos.line, character: pos.character } } satisfies StructLayoutParams);
    if (!md) { void vscode.window.showInformationMessage('No struct layout at the cursor: put it on a struct name.'); return; }
    const name = /^\*\*([^*]+)\*\*/.exec(md)?.[1] ?? 'struct';
    const title = `Layout of ${name}`;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('arm64portLayout', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [], enableFindWidget: true });
      panel.onDidDispose(() => { panel = undefined; });
    }
    panel.title = title;
    panel.webview.html = layoutPage(await renderMarkdown(md), title, randomBytes(18).toString('base64'));
    panel.reveal(undefined, true);
  }));
}
