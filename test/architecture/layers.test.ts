// The server's folders import one way (docs/architecture.md): core/ at the bottom; parsing/, layout/ and deploy/
// above it; lang/ above those; fixes/, then rules/; engine/ and report/ above the rules; ops/ (what the command
// line, the editor and the MCP server share) above them; the adapters on top. A folder may import its own files
// and any folder of a lower rank, never one of the same or a higher rank.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../server/src');
const RANK: Record<string, number> = {
  core: 0, parsing: 1, layout: 1, deploy: 1, lang: 2, fixes: 3, rules: 4, engine: 5, report: 5, ops: 6, agent: 7, protocol: 7, mcp: 8, lsp: 8, cli: 9, 'main.ts': 10,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The server folder a path is in (its first segment below server/src), or undefined outside server/src. */
function folderOf(abs: string): string | undefined {
  const rel = path.relative(SRC, abs);
  return rel.startsWith('..') ? undefined : rel.split(path.sep)[0];
}

/** Every import that goes from one folder to another: `from -> to (file)`. */
function crossFolderImports(): { from: string; to: string; file: string; spec: string }[] {
  const out: { from: string; to: string; file: string; spec: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file)!;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = folderOf(path.resolve(path.dirname(file), m[1]));
      if (to && to !== from) out.push({ from, to, file: path.relative(SRC, file), spec: m[1] });
    }
  }
  return out;
}

describe('the import graph of server/src runs one way', () => {
  const imports = crossFolderImports();

  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.from === 'rules' && i.to === 'lang')).toBe(true);
  });

  it('every folder is ranked', () => {
    const unranked = new Set([...imports.flatMap((i) => [i.from, i.to])].filter((f) => RANK[f] === undefined));
    expect([...unranked], 'add the new folder to RANK and to docs/architecture.md').toEqual([]);
  });

  it('no folder imports one of its own rank or above', () => {
    const upward = imports.filter((i) => RANK[i.to] >= RANK[i.from]).map((i) => `${i.file} imports ${i.spec}`);
    expect(upward).toEqual([]);
  });

  // The adapters, and the operations they share, reach analysis only through the engine's API: engine/engine.ts
  // (documents, layouts, scans, the Go environment) and engine/catalogue.ts (the rules' metadata and docs).
  // Not lang/, rules/ or parsing/; of layout/, only the `layout --json` contract (a data type and its helpers).
  it('the adapters reach analysis only through the engine', () => {
    const ADAPTERS = new Set(['ops', 'agent', 'protocol', 'mcp', 'lsp', 'cli', 'main.ts']);
    const API = new Set(['engine/engine.ts', 'engine/catalogue.ts', 'layout/contract.ts']);
    const bypass = imports.filter((i) => ADAPTERS.has(i.from) && ['engine', 'lang', 'rules', 'parsing', 'layout'].includes(i.to))
      .filter((i) => !API.has(path.relative(SRC, path.resolve(SRC, path.dirname(i.file), i.spec)).split(path.sep).join('/') + '.ts'))
      .map((i) => `${i.file} imports ${i.spec}`);
    expect(bypass).toEqual([]);
    expect(imports.some((i) => i.from === 'lsp' && i.spec === '../engine/engine'), 'the check sees the engine imports').toBe(true);
  });
});
