// Open documents with their incrementally maintained tree-sitter tree (edited on every change,
// reparsed lazily from the edited tree), and the overlay file system the engine reads through.
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { FileKind } from '../core/types';
import { OverlayFileSystem } from '../core/workspace';
import { fileKindOf, fileKindOfText } from '../core/fileKind';
import { parseDocument, type GrammarId, type Tree } from '../engine/engine';

const GRAMMAR_OF: Partial<Record<FileKind, GrammarId>> = { go: 'go', c: 'c', cpp: 'cpp', makefile: 'make', shell: 'bash' };

export interface OpenDocument {
  doc: TextDocument;
  path: string;
  kind: FileKind | undefined;
  tree?: Tree;
  /** The tree was edited since it was parsed and must be reparsed (incrementally) before use. */
  stale: boolean;
}

/**
 * Row and column (UTF-16 code units, as web-tree-sitter's JS binding expects) of an offset, from the
 * document's line table (kept up to date across incremental changes).
 */
function pointAt(doc: TextDocument, offset: number): { row: number; column: number } {
  const p = doc.positionAt(offset);
  return { row: p.line, column: p.character };
}

/** Where inserted text ends, from where it starts. */
function pointAfter(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}

export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return fileURLToPath(uri); } catch { return undefined; }
}

export class DocumentStore {
  readonly fs = new OverlayFileSystem();
  private readonly docs = new Map<string, OpenDocument>();

  get(uri: string): OpenDocument | undefined { return this.docs.get(uri); }
  all(): OpenDocument[] { return [...this.docs.values()]; }

  open(uri: string, languageId: string, version: number, text: string): OpenDocument | undefined {
    const path = pathOfUri(uri);
    if (!path) return undefined;
    this.close(uri);
    const d: OpenDocument = { doc: TextDocument.create(uri, languageId, version, text), path, kind: fileKindOfText(path, text) ?? kindFromLanguage(languageId), stale: false };
    this.docs.set(uri, d);
    this.fs.set(path, text);
    return d;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    for (const c of changes) {
      if ('range' in c && d.tree) {
        const start = d.doc.offsetAt(c.range.start), oldEnd = d.doc.offsetAt(c.range.end);
        const startPosition = pointAt(d.doc, start);
        d.tree.edit({
          startIndex: start, oldEndIndex: oldEnd, newEndIndex: start + c.text.length,
          startPosition, oldEndPosition: pointAt(d.doc, oldEnd), newEndPosition: pointAfter(startPosition, c.text),
        });
        d.stale = true;
      } else {
        d.tree?.delete();
        d.tree = undefined;
      }
      d.doc = TextDocument.update(d.doc, [c], version);
    }
    const text = d.doc.getText();
    // A kind read from the content (a .json KubeletConfiguration, a .conf kubelet unit) follows the edits.
    if (!fileKindOf(d.path)) {
      const kind = fileKindOfText(d.path, text) ?? kindFromLanguage(d.doc.languageId);
      if (kind !== d.kind) { d.tree?.delete(); d.tree = undefined; d.kind = kind; }
    }
    this.fs.set(d.path, text);
    return d;
  }

  close(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    d.tree?.delete();
    this.docs.delete(uri);
    this.fs.delete(d.path);
  }

  /** The current tree of a document, reparsed incrementally from the edited previous tree. */
  treeOf(d: OpenDocument): { grammar: GrammarId; tree: Tree } | undefined {
    const grammar = d.kind ? GRAMMAR_OF[d.kind] : undefined;
    if (!grammar) return undefined;
    if (!d.tree || d.stale) {
      const next = parseDocument(grammar, d.doc.getText(), d.tree);
      d.tree?.delete();
      d.tree = next;
      d.stale = false;
    }
    return { grammar, tree: d.tree };
  }
}

function kindFromLanguage(languageId: string): FileKind | undefined {
  switch (languageId) {
    case 'go': return 'go';
    case 'c': return 'c';
    case 'cpp': return 'cpp';
    case 'dockerfile': return 'dockerfile';
    case 'yaml': case 'github-actions-workflow': return 'yaml';
    case 'makefile': return 'makefile';
    case 'cmake': return 'cmake';
    case 'shellscript': return 'shell';
    default: return undefined;
  }
}
