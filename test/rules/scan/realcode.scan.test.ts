// Runs the arch-source rules over a real code base: SCAN_DIR=/path npx vitest run test/rules/scan
// Prints findings per rule and writes them all to SCAN_OUT (default /tmp/arm64port-scan.json).
// Skipped when SCAN_DIR is not set (CI).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { configSchema } from '../../../server/src/core/config';
import type { Finding } from '../../../server/src/core/types';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { fileKindOf, kindFromContent } from '../../../server/src/core/fileKind';
import { LineIndex } from '../../../server/src/parsing/positions';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';
import { ALL_RULES } from '../../../server/src/rules/index';

const dir = process.env.SCAN_DIR;
const SKIP = new Set(['.git', 'node_modules', 'vendor', 'testdata', 'third_party']);

function* walk(d: string): Generator<string> {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) { if (!SKIP.has(e.name) || process.env.SCAN_ALL) yield* walk(p); }
    else if (e.isFile()) yield p;
  }
}

describe.skipIf(!dir)('scan a real code base', () => {
  it('never throws and reports per rule', async () => {
    await initTreeSitter();
    const root = path.resolve(dir!);
    const config = configSchema.parse({});
    const shared = new Map<string, unknown>();
    const only = process.env.SCAN_RULES?.split(',');
    const rules = only ? ALL_RULES.filter((r) => only.includes(r.meta.id)) : ALL_RULES;
    const out: (Finding & { line: number })[] = [];
    const logs: string[] = [];
    let files = 0;
    const t0 = Date.now();
    for (const file of walk(root)) {
      let kind = fileKindOf(file);
      if (!kind && !path.extname(file)) kind = kindFromContent(nodeFileSystem.readBytes(file, 64) ?? new Uint8Array());
      if (!kind) continue;
      if (!rules.some((r) => r.meta.kinds.includes(kind!))) continue;
      const size = fs.statSync(file).size;
      if (kind !== 'binary' && size > config.maxFileBytes) continue;
      const text = kind === 'binary' ? '' : fs.readFileSync(file, 'utf8');
      files++;
      const found = analyzeFile({ path: file, text, kind, config, root, fs: nodeFileSystem, rules, sharedCache: shared, log: (m) => logs.push(m) });
      const li = new LineIndex(text);
      for (const f of found) out.push({ ...f, line: li.lineColAt(f.start).line });
    }
    const byRule: Record<string, Record<string, number>> = {};
    for (const f of out) { byRule[f.ruleId] ??= {}; byRule[f.ruleId][f.severity] = (byRule[f.ruleId][f.severity] ?? 0) + 1; }
    console.log(`${root}: ${files} files in ${Date.now() - t0} ms`);
    console.log(JSON.stringify(byRule, null, 1));
    if (logs.length) console.log('logs:', logs.slice(0, 20));
    fs.writeFileSync(process.env.SCAN_OUT ?? '/tmp/arm64port-scan.json', JSON.stringify(out.map((f) => ({ rule: f.ruleId, sev: f.severity, file: path.relative(root, f.file), line: f.line, msg: f.message })), null, 1));
    expect(logs.filter((l) => /failed/.test(l))).toEqual([]);
  }, 600_000);
});
