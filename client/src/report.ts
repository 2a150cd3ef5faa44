// "ARM64: Generate Portability Report": asks the server for the workspace report (with cancellable
// progress), then shows it in a webview with a strict content-security policy.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerReport(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('arm64port.generateReport', async () => {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ARM64 portability report', cancellable: true },
      async (_progress, token) => client.sendRequest<unknown>('arm64port/workspaceReport', {}, token),
    );
    if (!report || (report as { cancelled?: boolean }).cancelled) return;
    const panel = vscode.window.createWebviewPanel('arm64portReport', 'ARM64 Portability Report', vscode.ViewColumn.Active, { enableScripts: false });
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><pre>${escape(JSON.stringify(report, null, 2))}</pre></body></html>`;
  }));
}

function escape(s: string): string { return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!); }
