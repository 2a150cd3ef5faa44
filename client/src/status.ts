// Status bar item: counts of arm64-port findings in the active file; opens the report.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerStatusItem(context: vscode.ExtensionContext, _client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  item.command = 'arm64port.generateReport';
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) { item.hide(); return; }
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'arm64-port');
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const other = diags.length - errors - warnings;
    item.text = `$(chip) arm64 ${errors}$(error) ${warnings}$(warning) ${other}$(info)`;
    item.tooltip = 'ARM64 portability findings in this file — click for the workspace report';
    item.show();
  };
  context.subscriptions.push(item, vscode.window.onDidChangeActiveTextEditor(update), vscode.languages.onDidChangeDiagnostics(update));
  update();
}
