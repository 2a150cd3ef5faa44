// Hover on a struct name: its layout per enabled target, as markdown tables. Also used by the
// "Show struct layout" command.
import type { Position } from 'vscode-languageserver';
import { holesByEnd, paddingOf, type LayoutEntry } from '../layout/contract';
import { goStructs } from '../lang/go/context';
import { goStructEntries } from '../lang/go/layoutEntries';
import { cLayoutOfFile } from '../lang/c/layoutEntries';
import type { OpenDocument } from './documents';
import type { Service } from './service';

export function structEntriesAt(service: Service, d: OpenDocument, pos: Position): LayoutEntry[] {
  const offset = d.doc.offsetAt(pos);
  const text = d.doc.getText();
  if (d.kind === 'go') {
    const memo = new Map<string, unknown>();
    const ctx = {
      shared: <T>(k: string, f: () => T) => { if (!service.shared.has(k)) service.shared.set(k, f()); return service.shared.get(k) as T; },
      memo: <T>(k: string, f: () => T) => { if (!memo.has(k)) memo.set(k, f()); return memo.get(k) as T; },
      fs: service.store.fs, root: service.root, path: d.path, text, config: service.config, editing: true,
      tree: () => service.store.treeOf(d)!.tree,
      parsedTree: () => service.store.treeOf(d)?.tree,
    };
    const hit = goStructs(ctx).filter((s) => offset >= s.nameStart && offset <= s.nameEnd);
    return goStructEntries(hit, d.path, text, d.path);
  }
  if (d.kind === 'c' || d.kind === 'cpp') {
    const line = d.doc.positionAt(offset).line + 1;
    const word = /\w+/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1).slice(Math.max(0, pos.character - 64)))?.[0];
    return cLayoutOfFile({ file: d.path, text, fs: service.store.fs, targets: service.config.targets, root: service.root, displayFile: d.path })
      .filter((e) => e.line === line || (word !== undefined && e.name === word && e.line === line));
  }
  return [];
}

export function layoutMarkdown(entries: LayoutEntry[]): string {
  const parts: string[] = [];
  for (const e of entries) {
    if (e.unresolved) { parts.push(`**${e.name}** on \`${e.target}\`: layout unknown — ${e.unresolved}`); continue; }
    const { holes, tail } = paddingOf(e);
    const holeBefore = holesByEnd(holes);
    const rows = ['| field | type | offset | size | align |', '|---|---|--:|--:|--:|'];
    for (const f of e.fields) {
      const hole = f.offset !== null ? holeBefore.get(f.offset) : undefined;
      if (hole && f.bitSize === undefined) rows.push(`| *hole* | | ${hole.offset} | ${hole.bytes} | |`);
      rows.push(`| ${f.name} | \`${f.type.replace(/\|/g, '\\|')}\` | ${f.offset}${f.bitSize !== undefined ? ` (bit ${f.bitOffset}:${f.bitSize})` : ''} | ${f.size} | ${f.align} |`);
    }
    if (tail) rows.push(`| *tail padding* | | ${(e.size ?? 0) - tail} | ${tail} | |`);
    const saved = e.size !== null && e.optimalSize !== null && e.optimalSize < e.size ? ` · could be **${e.optimalSize}** (${e.size - e.optimalSize} B saved)` : ' · optimal';
    parts.push(`**${e.name}** on \`${e.target}\`: **${e.size} B**, align ${e.align}${saved}\n\n${rows.join('\n')}`);
  }
  return parts.join('\n\n---\n\n');
}
