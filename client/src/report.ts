// "ARM64: Generate Portability Report": asks the server for the workspace report (files done / total
// in a cancellable notification), then shows it in a webview: the same HTML as `scan --format html`,
// with a per-render nonce, a strict CSP, no scripts and no local resources. Links are command: URIs
// limited to the two commands below (open a location, export).
import * as path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { ReportModel } from '../../server/src/report/model';
import { toHtml, type ExportFormat } from '../../server/src/report/html';
import { renderReport } from '../../server/src/report/formats';
import { WORKSPACE_REPORT_REQUEST, type WorkspaceReportParams, type WorkspaceReportResult } from '../../server/src/protocol/customRequests';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

const OPEN_LOCATION = 'arm64port.openLocation';
const EXPORT = 'arm64port.exportReport';
const EXTENSIONS: Record<ExportFormat, { ext: string; label: string }> = {
  markdown: { ext: 'md', label: 'Markdown' }, html: { ext: 'html', label: 'HTML' }, sarif: { ext: 'sarif', label: 'SARIF' }, json: { ext: 'json', label: 'JSON' },
};

function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

export function reportHtml(model: ReportModel, nonce: string): string {
  return toHtml(model, {
    nonce,
    locationHref: (file, line, column) => commandUri(OPEN_LOCATION, [file, line, column]),
    exportHref: (format) => commandUri(EXPORT, [format]),
  });
}

function isReport(r: unknown): r is ReportModel {
  return !!r && typeof r === 'object' && Array.isArray((r as ReportModel).findings) && typeof (r as ReportModel).root === 'string';
}

export function registerReport(context: vscode.ExtensionContext, client: LanguageClient): void {
  let panel: vscode.WebviewPanel | undefined;
  let model: ReportModel | undefined;
  const diagnostics = new WorkspaceDiagnostics();

  const generate = async () => {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ARM64 portability report', cancellable: true },
      async (progress, token) => {
        const workDoneToken = randomUUID();
        let last = 0;
        const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
          if (v.kind === 'end') return;
          const pct = v.percentage ?? last;
          progress.report({ message: v.message, increment: Math.max(0, pct - last) });
          last = pct;
        });
        try { return await client.sendRequest<WorkspaceReportResult>(WORKSPACE_REPORT_REQUEST, { workDoneToken } satisfies WorkspaceReportParams, token); }
        catch (e) { if (token.isCancellationRequested) return undefined; throw e; }
        finally { sub.dispose(); }
      },
    );
    if (!isReport(report)) {
      if (report === null) void vscode.window.showWarningMessage('ARM64 portability report: the language server could not build it (see the "ARM64 Portability" output).');
      return;
    }
    model = report;
    diagnostics.update(report);
    if (!panel) {
      panel = vscode.window.createWebviewPanel('arm64portReport', 'ARM64 Portability Report', vscode.ViewColumn.Active, {
        enableScripts: false, enableCommandUris: [OPEN_LOCATION, EXPORT], localResourceRoots: [], enableFindWidget: true,
      });
      panel.onDidDispose(() => { panel = undefined; });
    }
    panel.webview.html = reportHtml(report, randomBytes(18).toString('base64'));
    panel.reveal();
  };

  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('arm64port.generateReport', generate),
    vscode.commands.registerCommand(OPEN_LOCATION, async (file: unknown, line: unknown, column: unknown) => {
      if (!model || typeof file !== 'string') return;
      const abs = path.resolve(model.root, file);
      // Only files under the report's root: the arguments come from a link in the page.
      if (path.relative(model.root, abs).startsWith('..')) return;
      const pos = new vscode.Position(Math.max(0, Number(line) - 1 || 0), Math.max(0, Number(column) - 1 || 0));
      await vscode.window.showTextDocument(vscode.Uri.file(abs), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
    }),
    vscode.commands.registerCommand(EXPORT, async (format: unknown) => {
      if (!model || typeof format !== 'string' || !(format in EXTENSIONS)) return;
      const f = format as ExportFormat;
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(path.join(model.root, `arm64-port-report.${EXTENSIONS[f].ext}`)),
        filters: { [EXTENSIONS[f].label]: [EXTENSIONS[f].ext] },
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(renderReport(model, f) + '\n', 'utf8'));
      void vscode.window.showInformationMessage(`Report saved to ${vscode.workspace.asRelativePath(target)}`);
    }),
  );
}
