// The workspace scan shared by `arm64-port scan`, the MCP server and the editor's agent tools: the
// engine's findings, then the report model every output format reads. One code path, so an agent gets
// exactly the CLI's JSON.
import * as path from 'node:path';
import type { EngineConfig } from '../core/config';
import type { FileSystem } from '../core/workspace';
import { nodeFileSystem } from '../core/workspace';
import { Engine, type GoEnv, type ScanOutcome, type ScanResult } from '../engine/engine';
import { ALL_RULES, type Rule } from '../engine/catalogue';
import { buildReport, type ReportModel } from '../report/model';
import { UsageError } from './errors';

export interface ScanRequest {
  root: string;
  /** Absolute paths of files or folders. */
  paths: string[];
  config: EngineConfig;
  rules?: readonly Rule[];
  /** Only these files (absolute), e.g. from --changed-since. */
  only?: Set<string>;
  goEnv: GoEnv;
  jobs?: number;
  cacheDir?: string;
  /** Polled between files: true stops the scan. */
  isCancelled?: () => boolean;
  /** Aborting stops the scan at once (its worker threads are terminated). */
  signal?: AbortSignal;
  /**
   * The editor's view of the workspace. `overlay`: the open documents' texts, laid over the disk in worker
   * threads, so the language server's thread stays free. Without an overlay, `fs` is read in this thread.
   */
  editor?: { fs: FileSystem; overlay?: ReadonlyMap<string, string> };
}

export type { ScanOutcome };

export async function scanFindings(req: ScanRequest): Promise<ScanOutcome> {
  const rules = req.rules ?? ALL_RULES;
  const onProgress = req.isCancelled ? () => req.isCancelled!() : undefined;
  const editor = req.editor;
  // One scan for the CLI, the MCP server and the editor: in worker threads, the editor's texts laid over the disk.
  const fs = !editor || editor.overlay ? nodeFileSystem : editor.fs;
  return new Engine({ root: req.root, fs, goEnv: req.goEnv, config: req.config }).scan({
    paths: req.paths, fs, overlay: editor?.overlay, offThread: !!editor?.overlay, rules, only: req.only,
    jobs: req.jobs, cacheDir: req.cacheDir, onProgress, signal: req.signal,
  });
}

/** The report model of a scan; its findings are in the scan's order (model.findings[i] is result.findings[i]). */
export function reportOfScan(req: Pick<ScanRequest, 'root' | 'config' | 'editor'>, result: ScanResult): ReportModel {
  return buildReport({
    root: req.root, targets: req.config.targets, findings: result.findings, filesScanned: result.filesScanned, bytesScanned: result.bytesScanned,
    skipped: result.skipped, incomplete: result.incomplete, missingModules: result.missingModules, fs: req.editor?.fs ?? nodeFileSystem,
  });
}

/** Scan and report; a cancelled scan is an error (no partial report is ever shown as complete). */
export async function scanReport(req: ScanRequest): Promise<{ result: ScanResult; model: ReportModel }> {
  const result = await scanFindings(req);
  if (result.cancelled) throw new UsageError('scan cancelled; no output written');
  return { result, model: reportOfScan(req, result) };
}

export function toPosix(rel: string): string { return rel.split(path.sep).join('/'); }
