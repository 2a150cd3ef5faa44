// LSP wiring: capabilities and handlers. Every handler is guarded so a failure is logged and the
// server keeps serving.
import {
  CodeActionKind, DidChangeWatchedFilesNotification, TextDocumentEdit, TextDocumentSyncKind, type CodeAction, type Connection, type InitializeParams,
  type DocumentDiagnosticReport, type CodeLens, type TextEdit as LspTextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { initEngine, watchedFilesGlob } from '../engine/engine';
import { TOOL_VERSION } from '../core/version';
import { docsUrl } from '../engine/catalogue';
import { fixAllEdits } from './fixAll';
import { pathOfUri } from './documents';
import { layoutMarkdown, structEntriesAt, suggestedOrders } from './hover';
import { Service } from './service';
import { diagnosticDataOf, toDiagnostic, toLspEdit } from './convert';
import { structDataOf, type Finding } from '../core/types';
import { registerAgentTools } from './agentTools';
import { suppressionEdit } from '../fixes/suppressionEdit';
import { registerReport, type ReportOptions } from './report';
import { STRUCT_LAYOUT_REQUEST, type StructLayoutParams, type StructLayoutResult } from '../protocol/customRequests';

/** 0-based line of an offset, counting '\n' as the suppression directives do. */
function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export const FIX_ALL_KIND = 'source.fixAll.arm64port';

export function startServer(connection: Connection, options: ReportOptions = {}): void {
  let service: Service | undefined;
  // Edits name the document version they were computed for where the client can check it (VS Code can, as
  // vscode-eslint's fix-all relies on): an edit of a document changed since is refused, not applied to the wrong text.
  let versionedEdits = false;
  let watchersByServer = false;
  const editOf = (doc: TextDocument, edits: LspTextEdit[]): WorkspaceEdit => (versionedEdits
    ? { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] }
    : { changes: { [doc.uri]: edits } });
  const log = (m: string) => connection.console.log(`[arm64-port] ${m}`);
  const guard = <A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R | Promise<R>) =>
    async (...a: A): Promise<R> => {
      try { return await fn(...a); } catch (e) { log(`${name} failed: ${(e as Error)?.stack ?? e}`); return fallback; }
    };

  connection.onInitialize(async (params: InitializeParams) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown };
    await initEngine();
    versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    watchersByServer = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    service = new Service(folder ? pathOfUri(folder) : undefined, init.trusted === true, log);
    service.notify = (m) => { void connection.window.showWarningMessage(m); };
    if (init.settings) service.setEditorSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'arm64-port', version: TOOL_VERSION },
    };
  });

  // The files whose change on disk matters are what the engine's facts and inputs declare (watchedFilesGlob):
  // the server asks the editor to watch them, so a new fact's files are watched without a change to the client.
  connection.onInitialized(guard('initialized', undefined, async () => {
    if (watchersByServer) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: watchedFilesGlob() }] });
  }));

  connection.onDidOpenTextDocument(guard('open', undefined, (p) => {
    service?.openDocument(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
  }));
  connection.onDidChangeTextDocument(guard('change', undefined, (p) => {
    const d = service?.store.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    if (d) service!.fileChanged(d.path);
  }));
  connection.onDidCloseTextDocument(guard('close', undefined, (p) => service?.closeDocument(p.textDocument.uri)));
  connection.onDidChangeWatchedFiles(guard('watch', undefined, (p) => {
    for (const c of p.changes) { const f = pathOfUri(c.uri); if (f) service?.fileChanged(f, c.type !== 2); }
    void connection.languages.diagnostics.refresh(); // a failed refresh is logged by main.ts's unhandledRejection handler
  }));
  connection.onDidChangeConfiguration(guard('configuration', undefined, (p) => {
    const s = (p.settings as { arm64port?: unknown } | undefined)?.arm64port;
    if (s !== undefined) service?.setEditorSettings(s);
    void connection.languages.diagnostics.refresh();
  }));

  connection.languages.diagnostics.on(guard('diagnostics', { kind: 'full', items: [] } as DocumentDiagnosticReport, (p) => {
    const d = service?.store.get(p.textDocument.uri);
    if (!service || !d) return { kind: 'full', items: [] };
    const r = service.analyze(d);
    // Analysed in part (the budget ran out, maybe loading packages): the client asks again, and the second
    // analysis, with the packages loaded, is the one kept.
    if (r.incomplete && !r.retried) setImmediate(() => { void connection.languages.diagnostics.refresh(); });
    return { kind: 'full', items: r.findings.map((f, i) => toDiagnostic(d.doc, f, i)) };
  }));

  connection.onCodeAction(guard('codeAction', [] as CodeAction[], (p) => {
    const d = service?.store.get(p.textDocument.uri);
    if (!service || !d) return [];
    const r = service.analyze(d);
    const actions: CodeAction[] = [];
    const only = p.context.only;
    if (!only || only.some((k) => k === CodeActionKind.QuickFix || k === CodeActionKind.QuickFix.split('.')[0])) {
      for (const diag of p.context.diagnostics) {
        const data = diagnosticDataOf(diag.data);
        if (!data || diag.source !== 'arm64-port') continue;
        if (data.version !== r.version) continue;
        // By index, else by rule and place: a second analysis of the same version (the first ran out of its time
        // budget) may list the findings differently, and the editor still holds the first one's diagnostics.
        const start = d.doc.offsetAt(diag.range.start), end = d.doc.offsetAt(diag.range.end);
        const same = (x: Finding | undefined) => !!x && x.ruleId === data.ruleId && x.start === start && x.end === end;
        const f = same(r.findings[data.index]) ? r.findings[data.index] : r.findings.find(same);
        if (!f) continue;
        for (const fix of f.fixes) {
          const edit = editOf(d.doc, fix.edits.map((e) => toLspEdit(d.doc, e)));
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: fix.kind === 'fix', edit });
        }
        // Only where the directive lands outside documentation, literals and continued lines (suppressionEdit.ts).
        const suppress = suppressionEdit({ kind: d.kind, text: d.doc.getText(), line: lineOfOffset(d.doc.getText(), f.start), ruleId: f.ruleId, tree: service.store.treeOf(d)?.tree });
        if (suppress) {
          actions.push({
            title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diag],
            edit: editOf(d.doc, [toLspEdit(d.doc, suppress)]),
          });
        }
        actions.push({ title: `Show documentation for ${f.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: 'Open docs', command: 'arm64port.openDocs', arguments: [docsUrl(f.ruleId)] } });
      }
    }
    if (only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source)) {
      const edits = fixAllEdits(service, d, r.findings);
      if (edits.length) actions.push({ title: 'Fix all arm64-port problems', kind: FIX_ALL_KIND, edit: editOf(d.doc, edits.map((e) => toLspEdit(d.doc, e))) });
    }
    return actions;
  }));

  connection.onHover(guard('hover', null, (p) => {
    const d = service?.store.get(p.textDocument.uri);
    if (!service || !d) return null;
    const entries = structEntriesAt(service, d, p.position);
    if (!entries.length) return null;
    return { contents: { kind: 'markdown', value: layoutMarkdown(entries, suggestedOrders(service, d, entries, service.analyze(d).findings)) } };
  }));

  connection.onRequest(STRUCT_LAYOUT_REQUEST, guard('structLayout', '', (p: StructLayoutParams): StructLayoutResult => {
    const d = service?.store.get(p.uri);
    if (!service || !d) return '';
    const entries = structEntriesAt(service, d, p.position);
    return entries.length ? layoutMarkdown(entries, suggestedOrders(service, d, entries, service.analyze(d).findings)) : '';
  }));

  connection.onCodeLens(guard('codeLens', [] as CodeLens[], (p) => {
    const d = service?.store.get(p.textDocument.uri);
    if (!service || !d) return [];
    const r = service.analyze(d);
    const lenses: CodeLens[] = [];
    for (const f of r.findings) {
      const sizes = structDataOf(f)?.sizes;
      if (!sizes) continue;
      const [target, s] = Object.entries(sizes)[0];
      const range = { start: d.doc.positionAt(f.start), end: d.doc.positionAt(f.end) };
      lenses.push({ range, command: { title: `${s.size} B on ${target.split('/')[1]} · could be ${s.optimal}`, command: 'arm64port.showStructLayout', arguments: [d.doc.uri, range.start] } });
    }
    return lenses;
  }));

  registerReport(connection, () => service, { workerFile: options.workerFile });
  registerAgentTools(connection, () => service);

  connection.listen();
}
