// Status bar item: the arm64-port problems of the last file editor, as VS Code's own problems item shows them
// (icon, then number: `$(error) 1 $(warning) 5`, info only when there is some) and counting what the Problems
// panel lists (hints are not listed there, so not counted). When focus moves to a panel that is not a file
// (Output, a webview), the last file's counts stay. Click: the workspace report.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface Counts { errors: number; warnings: number; infos: number }

export function countsOf(diags: readonly vscode.Diagnostic[]): Counts {
  const ours = diags.filter((d) => d.source === 'arm64-port');
  const n = (s: vscode.DiagnosticSeverity) => ours.filter((d) => d.severity === s).length;
  return { errors: n(vscode.DiagnosticSeverity.Error), warnings: n(vscode.DiagnosticSeverity.Warning), infos: n(vscode.DiagnosticSeverity.Information) };
}

export function statusText(c: Counts): string {
  return `arm64 $(error) ${c.errors} $(warning) ${c.warnings}${c.infos ? ` $(info) ${c.infos}` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function registerStatusItem(context: vscode.ExtensionContext, _client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('arm64port.problems', vscode.StatusBarAlignment.Left, 50);
  item.name = 'ARM64 Portability Problems';
  item.command = 'arm64port.generateReport';
  let shown: vscode.Uri | undefined;
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    // The Output panel and other non-file editors keep the last file's counts.
    if (editor && editor.document.uri.scheme === 'file') shown = editor.document.uri;
    if (shown && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === shown!.toString())) shown = undefined;
    if (!shown) { item.hide(); return; }
    const c = countsOf(vscode.languages.getDiagnostics(shown));
    item.text = statusText(c);
    item.tooltip = `ARM64 portability problems in ${vscode.workspace.asRelativePath(shown)}: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.infos} info (as in the Problems panel) — click for the workspace report`;
    item.show();
  };
  context.subscriptions.push(item, vscode.window.onDidChangeActiveTextEditor(update), vscode.languages.onDidChangeDiagnostics(update),
    vscode.workspace.onDidCloseTextDocument(update));
  update();
}
