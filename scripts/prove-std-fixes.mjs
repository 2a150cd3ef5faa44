// Helper of prove-std-fixes.sh. `apply REPORT SRC`: applies the reorder fixes of a scan --format json
// report (non-overlapping, go-struct-padding only) and prints the promises; `check PROMISES ORACLE`:
// compares the oracle's sizes with the promises and exits non-zero on any difference.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const [cmd, a, b] = process.argv.slice(2);
if (cmd === 'apply') {
  const report = JSON.parse(readFileSync(a, 'utf8'));
  const byFile = new Map();
  const promises = [];
  for (const f of report.findings) {
    if (f.ruleId !== 'go-struct-padding' || !f.fixes.length) continue;
    const file = join(b, f.file);
    const edits = byFile.get(file) ?? [];
    const e = f.fixes[0].edits[0];
    if (edits.some((o) => !(e.range.end.line < o.range.start.line || o.range.end.line < e.range.start.line))) continue;
    edits.push(e);
    byFile.set(file, edits);
    const struct = /^struct (\S+) is/.exec(f.message)[1];
    const want = /is (\d+) bytes on linux\/arm64, could be (\d+)/.exec(f.message);
    if (want) promises.push({ file: relative(b, file), struct, size: Number(want[2]) });
  }
  for (const [file, edits] of byFile) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const offset = (p) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
    let text = lines.join('\n');
    for (const e of edits.sort((x, y) => offset(y.range.start) - offset(x.range.start))) {
      text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
    }
    writeFileSync(file, text);
  }
  // The go command ignores directories starting with _ or named testdata.
  const packages = [...new Set([...byFile.keys()].map((f) => relative(b, dirname(f))))]
    .filter((p) => !p.startsWith('cmd/') && !p.startsWith('vendor/') && !/(^|\/)(_|testdata)/.test(p));
  process.stdout.write(JSON.stringify({ files: [...byFile.keys()], packages: packages.map((p) => './' + p), promises }));
  process.stderr.write(`applied ${promises.length} reorders in ${byFile.size} files\n`);
} else if (cmd === 'check') {
  const { promises } = JSON.parse(readFileSync(a, 'utf8'));
  const oracle = new Map(JSON.parse(readFileSync(b, 'utf8')).structs.map((s) => [`${s.file}|${s.name}`, s]));
  // A struct can come out smaller than promised when a field's own type was reordered in the same run;
  // it must never come out larger.
  const checked = promises.filter((p) => oracle.has(`${p.file}|${p.struct}`));
  const wrong = checked.filter((p) => oracle.get(`${p.file}|${p.struct}`).size > p.size);
  const exact = checked.filter((p) => oracle.get(`${p.file}|${p.struct}`).size === p.size).length;
  console.log(`sizes: ${checked.length} reordered structs checked against the compiler: ${exact} exactly as promised, ${checked.length - exact - wrong.length} smaller (a field's type was reordered too), ${wrong.length} larger`);
  for (const w of wrong) console.log(`  ${w.file} ${w.struct}: promised ${w.size}, compiler ${oracle.get(`${w.file}|${w.struct}`).size}`);
  process.exit(wrong.length ? 1 : 0);
}
