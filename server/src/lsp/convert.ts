// Engine values -> LSP values. Offsets become positions here and nowhere else.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity, TextEdit } from '../core/types';
import { docsUrl } from '../engine/catalogue';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData { uri: string; version: number; index: number; ruleId: string; fixes: string[] }

/**
 * A diagnostic's data as the client sends it back with a code action request: checked field by field (it crossed
 * the protocol, from any client); undefined when it is not ours or not whole.
 */
export function diagnosticDataOf(value: unknown): DiagnosticData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const d = value as Record<string, unknown>;
  const ok = typeof d.uri === 'string' && Number.isInteger(d.version) && Number.isInteger(d.index) && (d.index as number) >= 0 &&
    typeof d.ruleId === 'string' && Array.isArray(d.fixes) && d.fixes.every((t) => typeof t === 'string');
  return ok ? { uri: d.uri as string, version: d.version as number, index: d.index as number, ruleId: d.ruleId as string, fixes: d.fixes as string[] } : undefined;
}

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toDiagnostic(doc: TextDocument, f: Finding, index: number): Diagnostic {
  const data: DiagnosticData = { uri: doc.uri, version: doc.version, index, ruleId: f.ruleId, fixes: f.fixes.map((x) => x.title) };
  return {
    range: rangeOf(doc, f.start, f.end), severity: SEVERITY[f.severity], source: 'arm64-port', code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) }, message: f.message, data,
  };
}

export function toLspEdit(doc: TextDocument, e: TextEdit): LspTextEdit {
  return { range: rangeOf(doc, e.start, e.end), newText: e.newText };
}
