// C and C++ structs of one file: layouts per target (via layoutCFile), shared per file by the C
// rules, and as layout-contract entries for the CLI and hover.
import * as path from 'node:path';
import type { LayoutEntry } from '../../layout/contract';
import type { TargetId } from '../../core/targets';
import type { FileSystem } from '../../core/workspace';
import type { FileContext } from '../fileContext';
import { compileFlagsFor } from './compileCommands';
import { layoutCFile, type CStructLayout } from './layoutFile';

export function cStructsOfFile(input: { file: string; text: string; fs: FileSystem; targets: readonly TargetId[]; root: string }): CStructLayout[] {
  const flags = compileFlagsFor(input.fs, input.root, input.file);
  return layoutCFile({
    path: input.file, text: input.text, fs: input.fs, targets: [...input.targets],
    includeDirs: [...flags.includeDirs, input.root], defines: flags.defines, definesComplete: flags.complete, forcedIncludes: flags.forcedIncludes,
  });
}

/** The C layouts of the rule's file, computed once for all C rules. */
export function cStructs(ctx: Pick<FileContext, 'memo' | 'path' | 'text' | 'fs' | 'config' | 'root'>): CStructLayout[] {
  return ctx.memo('c:structs', () => cStructsOfFile({ file: ctx.path, text: ctx.text, fs: ctx.fs, targets: ctx.config.targets, root: ctx.root }));
}

/** Structs of this file and of the headers it includes with `#include "..."` (one level deep). */
export function cStructsWithIncludes(ctx: Pick<FileContext, 'memo' | 'path' | 'text' | 'fs' | 'config' | 'root'>): CStructLayout[] {
  return ctx.memo('c:structs+includes', () => {
    const own = cStructs(ctx);
    const flags = compileFlagsFor(ctx.fs, ctx.root, ctx.path);
    const dirs = [path.dirname(ctx.path), ...flags.includeDirs, ctx.root];
    const out = [...own];
    const seen = new Set<string>();
    for (const m of ctx.text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)) {
      const header = dirs.map((d) => path.resolve(d, m[1])).find((p) => ctx.fs.exists(p));
      const text = header && ctx.fs.readText(header);
      // Each header once, however often it is included (its structs would only repeat).
      if (!header || text === undefined || seen.has(header)) continue;
      seen.add(header);
      out.push(...cStructsOfFile({ file: header, text, fs: ctx.fs, targets: ctx.config.targets, root: ctx.root }));
    }
    return out;
  });
}

export function cLayoutOfFile(input: { file: string; text: string; fs: FileSystem; targets: readonly TargetId[]; root: string; displayFile: string }): LayoutEntry[] {
  const out: LayoutEntry[] = [];
  for (const s of cStructsOfFile(input)) {
    for (const l of s.layouts) {
      out.push({
        name: s.name, language: 'c', kind: s.kind, file: path.resolve(s.file) === path.resolve(input.file) ? input.displayFile : s.file, line: s.line,
        target: l.target, size: l.size, align: l.align, optimalSize: l.optimalSize, fields: l.fields, unresolved: l.unresolved,
      });
    }
  }
  return out;
}
