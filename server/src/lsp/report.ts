// The workspace report request ("ARM64: Generate Portability Report"). The scan runs in worker threads
// (engine/parallelScan.ts), so this thread keeps answering diagnostics, hovers and code actions for the
// open documents while it runs. Progress is sent as files complete; a cancel (the request's token or the
// progress's cancel button) terminates the workers at once.
import {
  LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { nodeFileSystem } from '../core/workspace';
import { buildReport } from '../report/model';
import type { Service } from './service';
import { WORKSPACE_REPORT_REQUEST, type WorkspaceReportParams, type WorkspaceReportResult } from '../protocol/customRequests';



export interface ReportOptions {
  /** The bundled scan worker (default: worker.js next to the server bundle). Tests that run the sources name one. */
  workerFile?: string;
}

/**
 * The report, `{ cancelled: true }` when the progress was cancelled, or a RequestCancelled error when the
 * request was. `progress`: where files done / total go.
 */
export async function workspaceReport(service: Service, p: WorkspaceReportParams | undefined, token: CancellationToken, progress: WorkDoneProgressReporter & { token?: CancellationToken }, opts: ReportOptions = {}): Promise<WorkspaceReportResult> {
  const abort = new AbortController();
  let cancelledAt = 0;
  const subs = [token, progress.token].map((t) => t && whenCancelled(t, () => { cancelledAt ||= performance.now(); abort.abort(); }));
  progress.begin('ARM64 portability report', 0, 'Finding files…', true);
  let last = -1;
  try {
    const result = await service.engine.scan({
      paths: p?.paths ?? [service.root],
      // The open documents' texts, laid over the disk in the workers.
      fs: nodeFileSystem, overlay: service.store.fs.entries(), offThread: true, workerFile: opts.workerFile, signal: abort.signal,
      onProgress: (done, total) => {
        const pct = Math.floor((done / Math.max(1, total)) * 100);
        if (pct !== last && !abort.signal.aborted) { progress.report(pct, `${done} / ${total} files`); last = pct; }
      },
    });
    const where = result.stats.inWorkers ? `${result.stats.jobs} worker thread${result.stats.jobs > 1 ? 's' : ''}` : 'the server thread (no worker file)';
    service.log(`report: ${result.filesScanned} files scanned in ${where}`);
    if (result.cancelled) {
      service.log(`report cancelled after ${result.filesScanned} files; its worker threads stopped ${Math.round(performance.now() - cancelledAt)} ms after the cancel`);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'report cancelled');
      return { cancelled: true };
    }
    return buildReport({
      root: service.root, targets: service.config.targets, findings: result.findings, filesScanned: result.filesScanned, bytesScanned: result.bytesScanned,
      skipped: result.skipped, incomplete: result.incomplete, missingModules: result.missingModules, fs: service.store.fs,
    });
  } finally {
    // 'end' is the last progress: it goes before the response.
    progress.done();
    subs.forEach((s) => s?.dispose());
  }
}

/** Calls `fn` once `token` is cancelled, also when it already is (a token cancelled before its request was dispatched never fires). */
function whenCancelled(token: CancellationToken, fn: () => void): { dispose(): void } {
  if (token.isCancellationRequested) { fn(); return { dispose() {} }; }
  return token.onCancellationRequested(fn);
}

export function registerReport(connection: Connection, service: () => Service | undefined, opts: ReportOptions = {}): void {
  connection.onRequest(WORKSPACE_REPORT_REQUEST, async (p: WorkspaceReportParams | undefined, token, workDone) => {
    const s = service();
    if (!s) return null;
    try {
      // A plain onRequest does not attach the client's progress token itself: the report view passes one.
      const progress = p?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(p.workDoneToken) : workDone ?? await connection.window.createWorkDoneProgress();
      return await workspaceReport(s, p, token, progress, opts);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      s.log(`workspaceReport failed: ${(e as Error)?.stack ?? e}`);
      return null;
    }
  });
}
