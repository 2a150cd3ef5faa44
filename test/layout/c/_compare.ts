// dev helper: compare engine vs oracle json
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initTreeSitter } from '../../../server/src/parsing/treeSitter';
import { nodeFileSystem } from '../../../server/src/engine/workspace';
import { layoutCFile, toLayoutContract } from '../../../server/src/lang/c/layoutFile';
import { ALL_TARGET_IDS } from '../../../server/src/layout/targets';
(async () => {
  await initTreeSitter();
  const oracle = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).structs;
  const dir = process.argv[3];
  const mine = new Map<string, any>();
  const t0 = Date.now();
  for (const f of fs.readdirSync(dir).filter((x) => /\.(h|hpp)$/.test(x))) {
    const p = path.join(dir, f);
    for (const e of toLayoutContract(layoutCFile({ path: p, text: fs.readFileSync(p, 'utf8'), fs: nodeFileSystem, targets: ALL_TARGET_IDS }), dir)) mine.set(`${e.file} ${e.target} ${e.name}`, e);
  }
  console.log('engine ms', Date.now() - t0);
  let ok = 0; const bad: string[] = [];
  const per: Record<string, [number, number]> = {};
  for (const o of oracle) {
    const k = `${o.file} ${o.target} ${o.name}`;
    per[o.target] ??= [0, 0]; per[o.target][1]++;
    const m = mine.get(k);
    const diffs: string[] = [];
    if (!m) diffs.push('missing');
    else {
      if (m.unresolved) diffs.push('unresolved: ' + m.unresolved);
      for (const p of ['line', 'size', 'align', 'optimalSize']) if (m[p] !== o[p]) diffs.push(`${p} ${m[p]} want ${o[p]}`);
      if (m.fields.length !== o.fields.length) diffs.push(`fields ${m.fields.map((f: any) => f.name)} want ${o.fields.map((f: any) => f.name)}`);
      else o.fields.forEach((f: any, i: number) => { for (const p of ['name', 'offset', 'size', 'align', 'bitOffset', 'bitSize']) if (f[p] !== m.fields[i][p]) diffs.push(`${f.name}.${p} ${m.fields[i][p]} want ${f[p]}`); });
    }
    if (diffs.length) bad.push(`${k}: ${diffs.join('; ')}`); else { ok++; per[o.target][0]++; }
    mine.delete(k);
  }
  console.log(`exact ${ok}/${oracle.length}`, JSON.stringify(per));
  for (const b of bad) console.log(b);
  for (const k of mine.keys()) console.log('extra', k);
})();
