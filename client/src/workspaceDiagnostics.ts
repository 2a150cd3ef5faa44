// arm64port.workspaceDiagnostics: when on, the last report's findings for files that are NOT open go to
// the Problems panel through a DiagnosticCollection. Open files get the server's pull diagnostics, so a
// file leaves this collection when it opens (no duplicates). Off (default): closed files reach the
// Problems panel only through the report.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReportModel } from '../../server/src/report/model';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint,
};

export function enabled(): boolean {
  return vscode.workspace.getConfiguration('arm64port').get<boolean>('workspaceDiagnostics', false);
}

export class WorkspaceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('arm64-port-workspace');
  private readonly subscriptions: vscode.Disposable[] = [];
  private last: ReportModel | undefined;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('arm64port.workspaceDiagnostics')) return;
        if (enabled() && this.last) this.update(this.last); else this.collection.clear();
      }),
    );
  }

  update(model: ReportModel): void {
    this.last = model;
    this.collection.clear();
    if (!enabled()) return;
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const help = new Map(model.rules.map((r) => [r.id, r.helpUri]));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of model.findings) {
      const range = new vscode.Range(f.range.start.line - 1, f.range.start.column - 1, f.range.end.line - 1, f.range.end.column - 1);
      const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Warning);
      d.source = 'arm64-port';
      const href = help.get(f.ruleId);
      d.code = href ? { value: f.ruleId, target: vscode.Uri.parse(href) } : f.ruleId;
      byFile.set(f.file, [...(byFile.get(f.file) ?? []), d]);
    }
    for (const [file, diags] of byFile) {
      const uri = vscode.Uri.file(path.join(model.root, file));
      if (!open.has(uri.toString())) this.collection.set(uri, diags);
    }
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
