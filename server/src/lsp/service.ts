// Editor-neutral state of the language server: documents, settings, caches and per-document results.
// The LSP feature files translate between this and the protocol.
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { discoverGoEnv, Engine } from '../engine/engine';
import { parseConfig, type EngineConfig } from '../core/config';
import { isGeneratedText, looksBinary, pathSkipReason } from '../core/walker';
import type { Finding } from '../core/types';
import { DocumentStore, type OpenDocument } from './documents';

/**
 * `incomplete`: why some rules did not run or failed (see analyzeFile). The first analysis of a document
 * may spend its budget loading packages; it is done once more (`retried`), with those loaded.
 */
export interface DocumentResult { version: number; findings: Finding[]; skipped?: string; incomplete?: string; retried?: boolean }

export class Service {
  readonly store = new DocumentStore();
  /** The analysis of this workspace: reads through the open documents' texts. */
  readonly engine: Engine;
  private readonly results = new Map<string, DocumentResult>();
  /**
   * Why the scan would skip a file by its path (walker.ts's pathSkipReason: .gitignore and .gitmodules files up
   * the folder chain, bundled-library folders). Asked on every edit, so kept per path until one of those inputs
   * may have changed (a .gitignore/.gitmodules, a file created or deleted, the settings).
   */
  private readonly pathSkips = new Map<string, string | undefined>();
  private editorSettings: unknown = {};
  /** Modules found missing from the module cache (go.mod + module@version): each is logged once. */
  private readonly missingModules = new Set<string>();
  /** Shows a message in the editor's window; the server sets it. Used once per workspace (see missingModule). */
  notify?: (message: string) => void;
  private fileConfig: unknown;
  readonly root: string;

  /** `goEnv`: where Go is, when the caller knows (tests); else found (an untrusted workspace runs no program, not even `go env`). */
  constructor(root: string | undefined, trusted: boolean, readonly log: (m: string) => void, goEnv = discoverGoEnv(trusted)) {
    this.root = root ?? process.cwd();
    this.engine = new Engine({ root: this.root, fs: this.store.fs, goEnv, log });
    this.reloadProjectConfig();
  }

  get config(): EngineConfig { return this.engine.config; }

  /** .arm64port.json at the workspace root: the project's settings, which win over editor settings. */
  reloadProjectConfig(): void {
    const file = path.join(this.root, '.arm64port.json');
    this.fileConfig = undefined;
    if (fs.existsSync(file)) {
      try { this.fileConfig = JSON.parse(fs.readFileSync(file, 'utf8')); }
      catch (e) { this.log(`.arm64port.json ignored: ${(e as Error).message}`); }
    }
    this.recomputeConfig();
  }

  setEditorSettings(settings: unknown): void {
    this.editorSettings = settings ?? {};
    this.recomputeConfig();
  }

  private recomputeConfig(): void {
    const editor = typeof this.editorSettings === 'object' && this.editorSettings ? this.editorSettings as Record<string, unknown> : {};
    const project = typeof this.fileConfig === 'object' && this.fileConfig ? this.fileConfig as Record<string, unknown> : {};
    const merged = { ...editor, ...project, rules: { ...(editor.rules as object ?? {}), ...(project.rules as object ?? {}) } };
    const { config, warnings } = parseConfig(merged);
    warnings.forEach((w) => this.log(`settings: ${w}`));
    this.engine.config = config;
    this.results.clear();
    this.pathSkips.clear();
  }

  /** A file changed on disk or in an editor: forget what was derived from it. */
  fileChanged(file: string, createdOrDeleted = false): void {
    this.engine.fileChanged(file, createdOrDeleted);
    // A .gitignore or .gitmodules decides which files the walker keeps (walker.ts).
    if (createdOrDeleted || path.basename(file) === '.gitignore' || path.basename(file) === '.gitmodules') this.pathSkips.clear();
    if (path.basename(file) === '.arm64port.json') this.reloadProjectConfig();
    this.results.clear();
  }

  /**
   * Opening or closing a document whose text is not the file's on disk changes what every other file
   * sees (the engine reads through the editors' texts); one that is not on disk at all adds a file to
   * its directory, or takes it away.
   */
  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const d = this.store.open(uri, languageId, version, text);
    if (!d) return;
    const onDisk = this.store.fs.baseText(d.path);
    if (onDisk !== text) this.fileChanged(d.path, onDisk === undefined);
  }

  closeDocument(uri: string): void {
    const d = this.store.get(uri);
    if (!d) return;
    const onDisk = this.store.fs.baseText(d.path);
    const unsaved = onDisk !== d.doc.getText();
    this.store.close(uri);
    if (unsaved) this.fileChanged(d.path, onDisk === undefined);
  }

  /** Findings for an open document at its current version (cached per version). */
  analyze(d: OpenDocument): DocumentResult {
    const version = d.doc.version;
    const hit = this.results.get(d.doc.uri);
    if (hit && hit.version === version && !(hit.incomplete && !hit.retried)) return hit;
    const result = this.compute(d);
    if (hit?.version === version) result.retried = true;
    this.results.set(d.doc.uri, result);
    return result;
  }

  /**
   * Findings for `text` as the document's content, the document itself unchanged (fix-all's later rounds). What
   * is derived from the file is forgotten before and after, as for an edit and its undo.
   */
  analyzeText(d: OpenDocument, text: string): Finding[] {
    const current = d.doc.getText();
    this.store.fs.set(d.path, text);
    this.fileChanged(d.path);
    try { return this.compute(d, text).findings; } finally {
      this.store.fs.set(d.path, current);
      this.fileChanged(d.path);
    }
  }

  private compute(d: OpenDocument, other?: string): DocumentResult {
    const version = d.doc.version;
    if (!d.kind || d.kind === 'binary') return { version, findings: [] };
    const text = other ?? d.doc.getText();
    if (text.length > this.config.maxFileBytes) {
      this.log(`${d.path}: skipped, larger than ${Math.round(this.config.maxFileBytes / 1024)} KiB`);
      return { version, findings: [], skipped: 'file too large' };
    }
    if (looksBinary(text)) {
      this.log(`${d.path}: skipped, binary content or invalid UTF-8`);
      return { version, findings: [], skipped: 'binary content' };
    }
    const rel = path.relative(this.root, d.path).split(path.sep).join('/');
    if (this.config.ignore.length && isIgnored(rel, this.config.ignore)) return { version, findings: [] };
    // What the scan does not read (vendored, bundled, hidden, .gitignored or generated: walker.ts's policy) the
    // editor does not report either, so that the editor and the report agree.
    if (!this.pathSkips.has(d.path)) this.pathSkips.set(d.path, pathSkipReason(this.store.fs, d.path, this.root, this.config.includeVendored));
    const notOwn = this.pathSkips.get(d.path) ?? (!this.config.includeVendored && isGeneratedText(text) ? 'generated file' : undefined);
    if (notOwn) return { version, findings: [], skipped: notOwn };
    const t = other === undefined ? this.store.treeOf(d) : undefined;
    const reasons: string[] = [];
    const findings = this.engine.analyzeDocument({
      path: d.path, text, kind: d.kind, tree: t, editing: true,
      budgetMs: this.config.editBudgetMs, incomplete: (r) => reasons.push(r), missingModule: (m) => this.missingModule(m),
    });
    return reasons.length ? { version, findings, incomplete: reasons.join('; ') } : { version, findings };
  }

  /**
   * A struct was not analysed because a module its go.mod requires is not downloaded. Said once per module
   * in the log, and once per workspace in the window (not on every edit, nor for every file).
   */
  private missingModule(m: { module: string; version: string; goMod: string }): void {
    const key = `${m.goMod}\0${m.module}@${m.version}`;
    if (this.missingModules.has(key)) return;
    const first = this.missingModules.size === 0;
    this.missingModules.add(key);
    const dir = path.relative(this.root, path.dirname(m.goMod)).split(path.sep).join('/') || '.';
    this.log(`${m.module}@${m.version} (required by ${dir === '.' ? '' : dir + '/'}go.mod) is not in the module cache: Go structs that need it are not analysed; run \`go mod download\` in ${dir}`);
    if (first) {
      this.notify?.(`arm64-port: modules required by go.mod are not in the module cache (${m.module}@${m.version} and maybe more), so Go structs that use them are not analysed. Run \`go mod download\` in ${dir === '.' ? 'the workspace folder' : dir}.`);
    }
  }
}

function isIgnored(rel: string, globs: string[]): boolean { return picomatch(globs, { dot: true })(rel); }
