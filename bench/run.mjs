#!/usr/bin/env node
// Performance benchmark on real code this machine has (docs/performance.md shows the numbers):
//   - the Go standard library ($(go env GOROOT)/src)
//   - a few large modules from the module cache (downloaded with `go mod download` outside the repo)
//   - a large C code base (/usr/include)
// For each: files, MB, wall time, CPU time, MB/s, peak RSS of the scan; the parse-only time of the same
// files with the same thread count (tree-sitter alone: the practical limit); and, for the Go standard
// library, x/tools fieldalignment (GOARCH=arm64) on the same tree in the same run. Then the per-edit
// latency of the language server on a 5,000-line Go file. Prints a table and one JSON line.
//
//   npm run bench                 everything (~5 minutes on a 2-core machine)
//   npm run bench -- --quick      smaller corpora, no fieldalignment
//   npm run bench -- --jobs 2     worker threads (default: CPUs, at most 8)
//   npm run bench -- --repeat 5   scan/parse-only pairs per Go corpus (default 3; medians are shown)
//   npm run bench -- --hostile    only the hostile-input series: time per doubling of each (~1 minute)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBench } from './build.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jobsArg = argv.includes('--jobs') ? ['--jobs', argv[argv.indexOf('--jobs') + 1]] : [];
const repeat = argv.includes('--repeat') ? Math.max(1, Number(argv[argv.indexOf('--repeat') + 1]) || 1) : quick ? 1 : 3;
const FIELDALIGNMENT_VERSION = 'v0.52.0';
const MODULES = ['golang.org/x/tools@v0.52.0', 'github.com/klauspost/compress@v1.20.3', 'golang.org/x/crypto@v0.58.0', 'golang.org/x/sys@v0.49.0'];

const log = (s) => process.stderr.write(s + '\n');
const go = (args, opts = {}) => execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();

function haveGo() { try { go(['version']); return true; } catch { return false; } }

/** Runs one probe in its own process (so its peak RSS is its own) and returns its JSON line. */
function probe(args) {
  const r = spawnSync(process.execPath, [bench, ...args, ...jobsArg], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`bench ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The module cache corpus: downloaded once into the cache (never into the repository). */
function moduleDirs() {
  const modcache = go(['env', 'GOMODCACHE']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-bench-mod-'));
  try {
    go(['mod', 'init', 'bench.example/mods'], { cwd: tmp });
    const out = go(['mod', 'download', '-json', ...MODULES], { cwd: tmp, timeout: 300_000 });
    const dirs = [...out.matchAll(/"Dir":\s*"([^"]+)"/g)].map((m) => m[1]);
    return { modcache, dirs: dirs.length ? dirs : MODULES.map((m) => path.join(modcache, m)) };
  } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
}

function fieldalignmentBin() {
  const gobin = go(['env', 'GOBIN']) || path.join(go(['env', 'GOPATH']).split(path.delimiter)[0], 'bin');
  const bin = path.join(gobin, 'fieldalignment');
  if (!fs.existsSync(bin)) {
    log(`installing fieldalignment ${FIELDALIGNMENT_VERSION} ...`);
    go(['install', `golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment@${FIELDALIGNMENT_VERSION}`], { timeout: 600_000 });
  }
  return bin;
}

/** fieldalignment over the std and cmd modules of GOROOT (what the scan of GOROOT/src covers), arm64 sizes. */
function fieldalignmentOnStd(goroot) {
  const bin = fieldalignmentBin();
  const t0 = performance.now();
  let diagnostics = 0;
  for (const [dir, pattern] of [[path.join(goroot, 'src'), 'std'], [path.join(goroot, 'src', 'cmd'), 'cmd']]) {
    const r = spawnSync('/usr/bin/env', ['GOARCH=arm64', 'GOFLAGS=-mod=mod', bin, pattern], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 900_000 });
    if (r.status !== 0 && r.status !== 3) throw new Error(`fieldalignment ${pattern}: ${r.stderr.slice(0, 400)}`);
    diagnostics += (r.stderr.match(/^\S+:\d+:\d+: /gm) ?? []).length;
  }
  return { wallMs: Math.round(performance.now() - t0), diagnostics };
}

/** A 5,000-line Go file of real code in a real package: net/http with transfer.go appended to server.go. */
function bigGoFile(goroot) {
  const src = path.join(goroot, 'src', 'net', 'http');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm64port-bench-edit-'));
  for (const f of fs.readdirSync(src)) if (f.endsWith('.go') && !f.endsWith('_test.go')) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const transfer = fs.readFileSync(path.join(src, 'transfer.go'), 'utf8');
  // Drop transfer.go's package clause and imports (server.go already imports what it needs or the
  // parser recovers; the layout rules only need the declarations).
  const body = transfer.slice(transfer.indexOf('\n)\n', transfer.indexOf('import (')) + 3);
  fs.appendFileSync(path.join(dir, 'server.go'), '\n' + body);
  fs.rmSync(path.join(dir, 'transfer.go'));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module bench.example/http\n\ngo 1.26\n');
  return path.join(dir, 'server.go');
}

/**
 * Reads every file once so that the first measurement does not pay for the disk alone: the scan and
 * the parse-only pass then both read from the page cache.
 */
function warmPageCache(paths) {
  const walk = (dir) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) { try { fs.readFileSync(p); } catch { /* unreadable: the scan reports it */ } }
    }
  };
  for (const p of paths) walk(p);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

/**
 * Scan and parse-only, alternated `times` times: this machine's speed moves with its neighbours, so
 * single runs are noise. Each field is the median over the runs (peak RSS: the largest); the runs are
 * kept in `runs`.
 */
function measure(args, times) {
  const runs = { scan: [], parse: [] };
  for (let i = 0; i < times; i++) {
    runs.scan.push(probe(['scan', ...args]));
    runs.parse.push(probe(['parse', ...args]));
  }
  const summarize = (list) => ({
    ...list[0],
    wallMs: median(list.map((r) => r.wallMs)),
    cpuMs: median(list.map((r) => r.cpuMs)),
    peakRssMB: Math.max(...list.map((r) => r.peakRssMB)),
    wallRangeMs: [Math.min(...list.map((r) => r.wallMs)), Math.max(...list.map((r) => r.wallMs))],
  });
  return { scan: summarize(runs.scan), parse: summarize(runs.parse), ratios: runs.scan.map((s, i) => +(s.wallMs / runs.parse[i].wallMs).toFixed(2)) };
}

const mb = (b) => b / 1e6;
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');

log('building the probe ...');
const bench = await buildBench();

if (argv.includes('--hostile')) {
  // Each series doubles its input at every step: linear code doubles its time (about 2x), quadratic quadruples it.
  const r = spawnSync(process.execPath, [bench, 'hostile'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 1_800_000 });
  if (r.status !== 0) { log(r.stderr); process.exit(1); }
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const s of lines) {
    console.log(`${s.name}${s.failures ? `  (${s.failures} rule failures!)` : ''}`);
    console.log(`  size  ${s.sizes.map((n) => String(n).padStart(8)).join('')}`);
    console.log(`  ms    ${s.ms.map((n) => String(n).padStart(8)).join('')}`);
    console.log(`  ratio ${['', ...s.ratios.map((x) => x + 'x')].map((n) => String(n).padStart(8)).join('')}`);
  }
  // Steps that start below 20 ms are mostly timer and collector noise.
  const steps = lines.flatMap((s) => s.ratios.map((x, i) => ({ name: s.name, x, from: s.ms[i] })));
  const worst = steps.filter((w) => w.from >= 20).sort((a, b) => b.x - a.x)[0];
  if (worst) console.log(`largest ratio per doubling (steps from 20 ms up): ${worst.x}x, ${worst.name}`);
  process.exit(0);
}
execFileSync(process.execPath, [path.join(repo, 'scripts/copy-grammars.mjs')], { stdio: 'ignore' });
const t0 = performance.now();
const corpora = [];
const hasGo = haveGo();
const goroot = hasGo ? go(['env', 'GOROOT']) : undefined;
if (goroot) corpora.push({ name: 'go-std', paths: [quick ? path.join(goroot, 'src', 'net') : path.join(goroot, 'src')], fieldalignment: !quick });
if (hasGo && !quick) {
  try { corpora.push({ name: 'go-modules', paths: moduleDirs().dirs }); } catch (e) { log(`module cache corpus skipped: ${e.message}`); }
}
const cRoot = quick ? '/usr/include/linux' : '/usr/include';
if (fs.existsSync(cRoot)) corpora.push({ name: 'c-usr-include', paths: [cRoot] });

const results = [];
for (const c of corpora) {
  const times = c.name.startsWith('go-') ? repeat : 1;
  warmPageCache(c.paths);
  log(`${c.name}: scan and parse only${times > 1 ? `, ${times} times` : ''} ...`);
  const { scan, parse, ratios } = measure(c.paths, times);
  let fa;
  if (c.fieldalignment) {
    log(`${c.name}: fieldalignment (GOARCH=arm64) ...`);
    // Twice: the first run may compile the whole tree for arm64 (a cold build cache); the second is
    // what a developer who builds for arm64 sees. Both are reported.
    try { const first = fieldalignmentOnStd(goroot); fa = { ...fieldalignmentOnStd(goroot), firstRunMs: first.wallMs }; } catch (e) { log(`fieldalignment failed: ${e.message}`); }
  }
  results.push({ corpus: c.name, paths: c.paths, scan, parse, ratios, fieldalignment: fa });
}
let edit;
if (goroot) {
  log('per-edit latency ...');
  const file = bigGoFile(goroot);
  edit = probe(['edit', file, '--edits', quick ? '20' : '200']);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

const W = [14, 7, 8, 8, 8, 7, 7, 9, 9, 10, 8];
console.log(`arm64-port benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(row(['corpus', 'files', 'MB', 'wall s', 'CPU s', 'MB/s', 'RSS MB', 'parse s', 'parseCPU', 'scan/parse', 'fa s'], W));
for (const r of results) {
  const s = r.scan, p = r.parse;
  console.log(row([
    r.corpus, s.files, mb(s.bytes).toFixed(1), (s.wallMs / 1000).toFixed(1), (s.cpuMs / 1000).toFixed(1),
    (mb(s.bytes) / (s.wallMs / 1000)).toFixed(1), s.peakRssMB, (p.wallMs / 1000).toFixed(1), (p.cpuMs / 1000).toFixed(1),
    `${(s.wallMs / p.wallMs).toFixed(2)}x`, r.fieldalignment ? (r.fieldalignment.wallMs / 1000).toFixed(1) : '-',
  ], W));
}
if (edit) console.log(`per-edit (${edit.lines} lines, ${edit.edits} one-character edits via the LSP Service): cold ${edit.coldMs} ms, median ${edit.editMedianMs} ms (CPU ${edit.editCpuMedianMs} ms), p90 ${edit.editP90Ms} ms`);
for (const r of results) if (r.ratios.length > 1) console.log(`${r.corpus}: ${r.ratios.length} runs, scan wall ${r.scan.wallRangeMs.map((x) => (x / 1000).toFixed(1)).join('–')} s, parse-only ${r.parse.wallRangeMs.map((x) => (x / 1000).toFixed(1)).join('–')} s, scan/parse per run ${r.ratios.map((x) => `${x}x`).join(' ')}`);
for (const r of results) if (r.fieldalignment) console.log(`fieldalignment on ${r.corpus}: ${r.fieldalignment.diagnostics} diagnostics, ${(r.fieldalignment.wallMs / 1000).toFixed(1)} s warm (first run ${(r.fieldalignment.firstRunMs / 1000).toFixed(1)} s); arm64-port scan is ${(r.fieldalignment.wallMs / r.scan.wallMs).toFixed(1)}x faster (warm)`);
console.log(`(medians; wall = scan wall time with ${results[0]?.scan.jobs ?? '?'} worker threads; parse = tree-sitter alone on the same files, same threads; fa = fieldalignment std+cmd, GOARCH=arm64; total bench ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
console.log(JSON.stringify({ machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg() }, results, edit }));
