// The custom requests between the VS Code client and the language server, declared once for both sides (as
// vscode-eslint's $shared/customMessages.ts): each request's name, parameters and result. The client sends
// `client.sendRequest<Result>(NAME, params)`, the server registers `connection.onRequest(NAME, (p: Params) => ...)`.
import type { ReportModel } from '../report/model';

/** The layout of the struct at a position (markdown tables per target; '' when there is none). */
export const STRUCT_LAYOUT_REQUEST = 'arm64port/structLayout';
export interface StructLayoutParams { uri: string; position: { line: number; character: number } }
export type StructLayoutResult = string;

/** The workspace portability report, scanned in worker threads, with work-done progress; cancellable. */
export const WORKSPACE_REPORT_REQUEST = 'arm64port/workspaceReport';
export interface WorkspaceReportParams { paths?: string[]; workDoneToken?: string | number }
export type WorkspaceReportResult = ReportModel | { cancelled: true };

/** One agent tool call (the editor's language-model tools) run by the server. */
export const AGENT_TOOL_REQUEST = 'arm64port/agentTool';
export interface AgentToolParams { tool: string; input?: unknown }
/** `error`: what went wrong, for the model to read; `edits`: apply_fix's new file texts (whole files). */
export type AgentToolResponse =
  | { ok: true; text: string; structured: Record<string, unknown>; edits?: { uri: string; path: string; newText: string }[] }
  | { ok: false; error: string };
