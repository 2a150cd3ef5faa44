// Go structs of one file as layout-contract entries (CLI `layout`, hover, tests).
import * as path from 'node:path';
import type { LayoutEntry } from '../../layout/contract';
import type { TargetId } from '../../core/targets';
import { LineIndex } from '../../parsing/positions';
import type { GoWorkspace } from './packages';
import { goStructsOfFile, type GoStructInfo } from './structs';

export function goStructEntries(infos: GoStructInfo[], _file: string, text: string, displayFile: string): LayoutEntry[] {
  const lines = new LineIndex(text);
  const out: LayoutEntry[] = [];
  for (const s of infos) {
    const line = lines.positionAt(s.nameStart).line + 1;
    for (const t of s.targets) {
      if (t.generic) continue;
      if (!t.layout && !t.unresolved) continue; // not in this target's build
      out.push({
        name: s.name, language: 'go', file: displayFile, line, target: t.target,
        size: t.layout?.size ?? null, align: t.layout?.align ?? null, optimalSize: t.layout?.optimalSize ?? null,
        fields: t.layout ? t.layout.fields.map((f) => ({ name: f.name, type: f.type, offset: f.offset, size: f.size, align: f.align })) : [],
        unresolved: t.unresolved,
      });
    }
  }
  return out;
}

export function goLayoutOfFile(file: string, text: string, ws: GoWorkspace, targets: readonly TargetId[], displayFile = path.basename(file)): LayoutEntry[] {
  const syntax = ws.syntaxOf(file, text);
  return goStructEntries(goStructsOfFile({ file, text, syntax, ws, targets }), file, text, displayFile);
}
