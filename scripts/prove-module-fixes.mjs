// Helper of prove-module-fixes.sh: proves the Reorder fields fix on real Go modules.
// For each pinned module: download it through the module proxy (GOMODCACHE caches it), copy it twice
// (pristine, fixed), apply every offered reorder with `arm64-port fix`, then on GOOS=linux:
// `go vet ./...` for GOARCH amd64, arm64, arm and 386 (vet compiles every imported package and
// type-checks every package with its tests); gofmt -l of the changed files; the tests of the changed
// packages natively for amd64 and 386 (-short); and the sizes the scan promised against go/types
// SizesFor("gc") of the rewritten code. Every step runs on the fixed tree first; the pristine tree runs
// only what failed there, to tell a failure that was already there from one the fix caused, and a
// test that fails on the fixed tree only is rerun on both trees (flaky unless it fails every time on the
// fixed tree and passes every time on the pristine one). What it proves: docs/fix-safety.md.
// A passing module's verdict is cached under ~/.cache/arm64-port/fix-proof/<sha256 of module@version,
// go version, this harness, and either the built engine (dist/) or the files the fix changed and their contents>.
//
//   node scripts/prove-module-fixes.mjs [NAME...]     (names from MODULES below; default all)
// Env: ARM64PORT_FIXPROOF_WORK (work dir, default /tmp/arm64port-modfix), ARM64PORT_FIXPROOF_NOCACHE=1,
//      ARM64PORT_FIXPROOF_KEEP=1 (keep the work dir), ARM64PORT_FIXPROOF_VERBOSE=1 (time of each step).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, renameSync, copyFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Pinned modules. `tests` narrows the tests of a changed package that would not fit the budget:
// package dir -> -run pattern (the rest of the package's tests are not run; the summary says so).
const MODULES = [
  { name: 'nats-server', mod: 'github.com/nats-io/nats-server/v2', ver: 'v2.11.17',
    // The server package's -short tests take far longer than the budget: run the ones of the reordered
    // hot structs, Sublist first (64-bit atomics: a bad reorder panics "unaligned 64-bit atomic operation" on 386).
    // The test package (integration tests, minutes): the tests that use its reordered test structs.
    // Two test files of the server package do not compile on 32-bit targets (int constants overflow):
    // they are left out of the arm and 386 vet and the 386 test run, on both trees.
    drop32: ['server/jetstream_leafnode_test.go', 'server/norace_1_test.go'],
    tests: {
      server: '^(TestSublist.*|TestMemStore.*|TestFileStoreBasics|TestFileStoreMsgLimit|TestOptions_RandomPort|TestConfigFile|TestRouteConfig|TestClientCreateAndInfo|TestServerRoutesWithClients|TestSplitSubjectString.*|TestAccountIsolation)$',
      test: '^(TestClusterNameConflictsDropRoutes|TestClusterTLSInsecure|TestMonitorNoTLSConfig|TestStackFatal|TestTLSTimeoutNotReportSlowConsumer)$',
    } },
  { name: 'client_golang', mod: 'github.com/prometheus/client_golang', ver: 'v1.25.0' },
  { name: 'bbolt', mod: 'go.etcd.io/bbolt', ver: 'v1.4.3' },
  { name: 'compress', mod: 'github.com/klauspost/compress', ver: 'v1.20.5' },
  // [256]segment of int64 counters updated with sync/atomic (a padding finding on segment), quick tests.
  { name: 'freecache', mod: 'github.com/coocood/freecache', ver: 'v1.2.4' },
];
const ARCHES = ['amd64', 'arm64', 'arm', '386'];
const TEST_ARCHES = ['amd64', '386'];
const TEST_TIMEOUT = '180s';
const P = ['-p', '2'];
// The rules whose fixes are reorders (`fix` would also apply other rules' mechanical fixes).
const REORDER_RULES = ['go-struct-padding', 'go-struct-pointer-bytes'];
const TARGETS = ARCHES.map((a) => 'linux/' + a);

const work = process.env.ARM64PORT_FIXPROOF_WORK || '/tmp/arm64port-modfix';
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'arm64-port', 'fix-proof');
const cli = join(repo, 'bin', 'arm64-port.js');
const goflags = [...new Set([...(process.env.GOFLAGS || '').split(/\s+/).filter(Boolean), '-mod=mod', '-trimpath'])].join(' ');
const baseEnv = { ...process.env, GOFLAGS: goflags, GOTOOLCHAIN: 'local', GOOS: 'linux', CGO_ENABLED: '0' };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: opts.env || baseEnv, cwd: opts.cwd, timeout: opts.timeoutMs });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, out: r.stdout || '', err: r.stderr || '' };
}
function must(cmd, args, opts) {
  const r = run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}${opts?.cwd ? ` (in ${opts.cwd})` : ''} exited ${r.code}:\n${(r.err + r.out).slice(-3000)}`);
  return r;
}
const log = (s) => process.stdout.write(s + '\n');
const verbose = !!process.env.ARM64PORT_FIXPROOF_VERBOSE;
let stepStart = Date.now();
const step = (name, what) => { if (verbose) log(`  [${name}] ${what} (${((Date.now() - stepStart) / 1000).toFixed(1)}s since the last step)`); stepStart = Date.now(); };
const sha = (s) => createHash('sha256').update(s).digest('hex');
const tail = (s, n = 25) => s.trimEnd().split('\n').slice(-n).map((l) => '      ' + l).join('\n');

function goFiles(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) goFiles(p, base, out);
    else if (e.name.endsWith('.go')) out.push(relative(base, p));
  }
  return out;
}
function changedFiles(a, b) {
  return goFiles(b).filter((f) => !existsSync(join(a, f)) || readFileSync(join(a, f), 'utf8') !== readFileSync(join(b, f), 'utf8')).sort();
}

const harnessFiles = ['scripts/prove-module-fixes.sh', 'scripts/prove-module-fixes.mjs', 'scripts/prove-module-fixes/main.go',
  'scripts/prove-module-fixes/go.mod', 'scripts/prove-module-fixes/go.sum'];
const harnessHash = sha(harnessFiles.map((f) => readFileSync(join(repo, f), 'utf8')).join('\0'));
const goVersion = must('go', ['version']).out.trim();
// The built engine: bin/arm64-port.js rebuilds dist/ when server/src is newer, so run it once first.
must('node', [cli, '--version']);
const engineFiles = ['cli.js', 'worker.js', ...readdirSync(join(repo, 'dist', 'grammars')).sort().map((f) => join('grammars', f))];
const engineHash = sha(engineFiles.map((f) => f + '\0' + createHash('sha256').update(readFileSync(join(repo, 'dist', f))).digest('hex')).join('\0'));

let gosizes;
function buildGosizes() {
  gosizes = join(work, 'gosizes');
  must('go', ['build', '-o', gosizes, '.'], { cwd: join(repo, 'scripts', 'prove-module-fixes'), env: { ...baseEnv, GOOS: '', GOARCH: '' } });
}

// ---- the fix and its promises ----
function reorderPromises(scan, round) {
  const out = [];
  for (const f of scan.findings) {
    if (!REORDER_RULES.includes(f.ruleId) || !f.fixes?.length) continue;
    // Offered in the editor only (e.g. a smaller order across blank-line groups): `fix` does not apply it.
    if (/Not in fix-all/.test(f.message)) continue;
    const struct = f.data?.struct ?? /^struct (\S+)/.exec(f.message)?.[1];
    const sizes = {};
    if (f.data?.sizes) {
      for (const [t, s] of Object.entries(f.data.sizes)) if (s && typeof s.optimal === 'number') sizes[t] = s.optimal;
    } else if (f.ruleId === 'go-struct-padding') {
      const m = /is (\d+) bytes on (linux\/\w+), could be (\d+)/.exec(f.message);
      if (m) sizes[m[2]] = Number(m[3]);
    }
    out.push({ file: f.file, struct, rule: f.ruleId, sizes, round });
  }
  return out;
}

function applyFixes(dir, cfg) {
  const rules = REORDER_RULES.flatMap((r) => ['--rule', r]);
  const promises = new Map();
  let applied = 0;
  const warnings = new Set();
  // One round of `fix` at a time (`--rounds 1`), so that every struct a round offers is scanned first and its
  // promised sizes recorded (a struct is offered in a later round when a field's type shrank in an earlier one).
  for (let round = 1; round <= 8; round++) {
    const scan = must('node', [cli, 'scan', dir, '--format', 'json', '--fail-on', 'never', '--config', cfg]);
    for (const l of scan.err.split('\n')) if (l.trim()) warnings.add(l.trim());
    // The first offer is the promise: a later round re-offers a struct only when a field's type shrank.
    for (const p of reorderPromises(JSON.parse(scan.out), round)) if (!promises.has(`${p.file}|${p.struct}`)) promises.set(`${p.file}|${p.struct}`, p);
    const r = must('node', [cli, 'fix', dir, '--config', cfg, '--rounds', '1', ...rules]);
    const m = /applied (\d+) fix(?:es)? in (\d+) files?/.exec(r.out + r.err);
    applied += m ? Number(m[1]) : 0;
    for (const l of r.err.split('\n')) if (l.trim()) warnings.add(l.trim());
    if (!m || m[1] === '0') break;
  }
  return { applied, promises: [...promises.values()], warnings: [...warnings] };
}

// ---- vet ----
function failureLines(text, roots) {
  let t = text;
  for (const r of roots) t = t.split(r).join('<ROOT>');
  // go vet replays a cached result with the paths of the tree it first ran in (another work dir).
  t = t.replace(/(^|\s)\S*\/(?:pristine|fixed)\//gm, '$1<ROOT>/');
  // A fresh run prints paths relative to the working directory, a replayed one absolute: compare them relative.
  t = t.replace(/<ROOT>\//g, '').replace(/(^|\s)\.\//gm, '$1');
  // copylocks names the first lock it meets inside a type, which a reorder may change: compare without it.
  return new Set(t.split('\n').map((l) => l.trim().replace(/( copies lock value: [^ ]+) contains .*/, '$1')).filter((l) => l && !/^(ok|\?)\s/.test(l)));
}
// Files left out on 32-bit targets (both trees), put back by the returned function.
function dropFiles(mod, arch, trees) {
  const files = ['arm', '386'].includes(arch) ? (mod.drop32 ?? []) : [];
  const moved = [];
  for (const t of trees) for (const f of files) if (existsSync(join(t, f))) { renameSync(join(t, f), join(t, f + '.off')); moved.push(join(t, f)); }
  return () => { for (const f of moved) renameSync(f + '.off', f); };
}
// `go vet ./...` per arch on the fixed tree; the pristine tree vets only the packages that failed.
function vetAll(mod, pristine, fixed, failures) {
  let vetted = 0;
  const res = {};
  for (const arch of ARCHES) {
    const env = { ...baseEnv, GOARCH: arch };
    const restore = dropFiles(mod, arch, [pristine, fixed]);
    try {
      vetted += run('go', ['list', '-e', '-f', '{{if not .Error}}{{.ImportPath}}{{end}}', './...'], { cwd: fixed, env }).out.split('\n').filter(Boolean).length;
      const f = run('go', ['vet', ...P, './...'], { cwd: fixed, env });
      let verdict = 'ok';
      if (f.code !== 0) {
        // "# pkg" or "# pkg [pkg.test]" headers name the failing packages; vet them on the pristine tree.
        const pkgs = [...new Set([...(f.err + f.out).matchAll(/^# (\S+)/gm)].map((m) => m[1]))];
        const dirs = pkgs.map((p) => './' + (relative(mod.mod, p) || '.')).filter((d) => !d.startsWith('./..'));
        const p = run('go', ['vet', ...P, ...(dirs.length ? dirs : ['./...'])], { cwd: pristine, env });
        const pl = failureLines(p.err + p.out, [pristine, fixed]);
        const extra = [...failureLines(f.err + f.out, [pristine, fixed])].filter((l) => !pl.has(l) && !/^# /.test(l));
        if (p.code === 0 || extra.length) {
          verdict = 'FAIL';
          failures.push(`go vet ./... GOARCH=${arch}: fails on the fixed tree${p.code ? ' (pristine fails differently)' : ' only'}:\n${tail(extra.join('\n') || f.err + f.out)}`);
        } else verdict = `same failure as pristine (${pkgs.join(', ')})`;
      }
      res[arch] = verdict;
    } finally { restore(); }
  }
  return { vetted, res };
}

// ---- tests ----
function goTestJSON(dir, arch, pkgs, runPattern) {
  const args = ['test', ...P, '-short', '-count=1', '-json', `-timeout=${TEST_TIMEOUT}`, ...(runPattern ? ['-run', runPattern] : []), ...pkgs];
  const r = run('go', args, { cwd: dir, env: { ...baseEnv, GOARCH: arch } });
  const tests = new Map(); // "pkg|Test" -> {action, output[]}
  const pkgRes = new Map();
  for (const line of r.out.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e;
    try { e = JSON.parse(line); } catch { continue; }
    if (!e.Package) continue;
    if (e.Test) {
      const k = `${e.Package}|${e.Test}`;
      const t = tests.get(k) ?? { action: 'incomplete', output: [] };
      if (['pass', 'fail', 'skip'].includes(e.Action)) t.action = e.Action;
      if (e.Action === 'output') t.output.push(e.Output);
      tests.set(k, t);
    } else {
      const p = pkgRes.get(e.Package) ?? { action: 'incomplete', output: [] };
      if (['pass', 'fail', 'skip'].includes(e.Action)) p.action = e.Action;
      if (e.Action === 'output') p.output.push(e.Output);
      pkgRes.set(e.Package, p);
    }
  }
  // A test binary that does not build: go test -json reports it on stderr / as build-output lines.
  return { tests, pkgRes, raw: r.err };
}
// A 386 test process has 4 GB of address space, and bbolt's tests mmap their databases: under load (other
// processes' memory, go test -p 2) they run out of it now and then, on the pristine tree as on the fixed one.
// That says nothing about the fix (which only makes structs smaller), so such a run is not a verdict either way.
const outOfMemory = (output) => /^fatal error: (?:runtime: )?out of memory|^runtime: out of memory/m.test(output);
const reQuote = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Reruns of what failed on the fixed tree only: pristine first; if it passes there, the fixed tree
// again; a failure caused by the fix must fail on every fixed run and pass on every pristine run
// (3 fixed runs, 2 pristine runs); anything else is noise (timing, load) and only noted.
function judge(what, runOnce, c, failures, firstOutput) {
  const p1 = runOnce('pristine');
  c.compared++;
  if (p1.ok === false) { c.notes.push(`${what}: fails on the pristine tree too`); return; }
  if (p1.ok === null) { c.notes.push(`${what}: did not complete on the pristine tree, not compared`); return; }
  const f2 = runOnce('fixed');
  if (f2.ok) { c.notes.push(`${what}: failed once on the fixed tree only, passed on rerun (flaky)`); return; }
  if (f2.ok === null) { c.notes.push(`${what}: failed once on the fixed tree, then did not complete there (${f2.why ?? 'no result'}), not compared`); return; }
  const p2 = runOnce('pristine');
  const f3 = runOnce('fixed');
  if (f3.ok === null || p2.ok === null) { c.notes.push(`${what}: a rerun did not complete (${f3.why ?? p2.why ?? 'no result'}), not compared`); return; }
  if (f3.ok || p2.ok === false) { c.notes.push(`${what}: failed twice on the fixed tree, then ${f3.ok ? 'passed' : 'failed'} on the fixed and ${p2.ok ? 'passed' : 'failed'} on the pristine tree (flaky)`); return; }
  failures.push(`${what}: fails on the fixed tree 3 times, passes on the pristine one twice:\n${tail(f3.output || f2.output || firstOutput)}`);
}

function testPackages(mod, pristine, fixed, dirs, failures) {
  const c = { run: 0, passed: 0, failedFixed: 0, compared: 0, incomplete: 0, sublist386: 0, notes: [] };
  const groups = new Map(); // run pattern -> dirs
  for (const d of dirs) {
    const pat = mod.tests?.[d] ?? '';
    groups.set(pat, [...(groups.get(pat) ?? []), './' + d]);
  }
  const trees = { pristine, fixed };
  for (const arch of TEST_ARCHES) {
    const restore = arch === '386' ? dropFiles(mod, arch, [pristine, fixed]) : () => {};
    try {
      for (const [pat, pkgs] of groups) {
        const F = goTestJSON(fixed, arch, pkgs, pat);
        const suspects = new Map(); // pkg -> [top-level test]
        for (const [k, t] of F.tests) {
          const [pkg, name] = k.split('|');
          if (t.action === 'skip' || name.includes('/')) continue;
          c.run++;
          if (t.action === 'pass') c.passed++;
          if (t.action === 'incomplete') c.incomplete++;
          if (arch === '386' && /^TestSublist/.test(name) && t.action === 'pass') c.sublist386++;
          if (t.action === 'fail') { c.failedFixed++; suspects.set(pkg, [...(suspects.get(pkg) ?? []), name]); }
        }
        for (const [pkg, names] of suspects) {
          const dir = './' + (relative(mod.mod, pkg) || '.');
          for (const n of names) {
            const runOnce = (tree) => {
              const R = goTestJSON(trees[tree], arch, [dir], `^${reQuote(n)}$`);
              const t = R.tests.get(`${pkg}|${n}`);
              const output = (t?.output ?? []).join('') + (R.pkgRes.get(pkg)?.output ?? []).join('');
              if (outOfMemory(output)) return { ok: null, why: 'the Go runtime ran out of memory', output };
              return { ok: t?.action === 'pass' ? true : t?.action === 'fail' || R.pkgRes.get(pkg)?.action === 'fail' ? false : null, output };
            };
            judge(`go test GOARCH=${arch} ${pkg} ${n}`, runOnce, c, failures, F.tests.get(`${pkg}|${n}`).output.join(''));
          }
        }
        // A package that fails (test binary does not build, crash outside a test, timeout) with no
        // failing test to blame.
        for (const [pkg, fr] of F.pkgRes) {
          if (fr.action !== 'fail' || suspects.has(pkg)) continue;
          const dir = './' + (relative(mod.mod, pkg) || '.');
          const runOnce = (tree) => {
            const R = goTestJSON(trees[tree], arch, [dir], pat);
            const r = R.pkgRes.get(pkg);
            const output = (r?.output ?? []).join('') + R.raw;
            if (outOfMemory(output)) return { ok: null, why: 'the Go runtime ran out of memory', output };
            return { ok: r?.action === 'pass' ? true : r?.action === 'fail' ? false : null, output };
          };
          // Rerun on the fixed tree first: a crash that is not the fix's (bbolt's quick tests run out of
          // the 32-bit address space now and then) leaves the tests after it unrun.
          const again = runOnce('fixed');
          if (again.ok) { c.notes.push(`go test GOARCH=${arch} ${pkg} (the package): failed once on the fixed tree (no test to blame), passed whole on rerun (flaky)`); continue; }
          judge(`go test GOARCH=${arch} ${pkg} (the package)`, runOnce, c, failures, fr.output.join('') + F.raw);
        }
      }
    } finally { restore(); }
  }
  return c;
}

// ---- sizes ----
function checkSizes(pristine, fixed, files, promises, failures) {
  const r = must(gosizes, ['-targets', TARGETS.join(','), '-files', files.join(','), '-j', '2', pristine, fixed], { env: { ...baseEnv, GOOS: '', GOARCH: '' } });
  const j = JSON.parse(r.out);
  const load = (dir) => ({ errors: j[dir].errors ?? [], map: new Map((j[dir].structs ?? []).map((s) => [`${s.file}|${s.name}|${s.target}`, s])) });
  const F = load(fixed), Pr = load(pristine);
  const newErrors = F.errors.filter((e) => !Pr.errors.includes(e.split(fixed).join(pristine)));
  if (newErrors.length) failures.push(`go/types: the fixed tree has type errors the pristine one has not:\n${tail(newErrors.join('\n'))}`);
  const reordered = new Set(promises.map((p) => p.struct));
  const fieldReordered = (s) => s.fieldTypes.some((t) => [...reordered].some((r) => r !== s.name && new RegExp(`\\.${reQuote(r)}(?![\\w])`).test(t)));
  let exact = 0, smaller = 0, grewNot = 0, unchecked = 0;
  for (const p of promises) {
    if (p.struct.includes('.')) { unchecked++; continue; } // a nested anonymous struct: not a package-level type
    let seen = false;
    for (const t of TARGETS) {
      const a = F.map.get(`${p.file}|${p.struct}|${t}`), b = Pr.map.get(`${p.file}|${p.struct}|${t}`);
      if (!a || !b) continue;
      seen = true;
      if (a.size > b.size) failures.push(`sizes: ${p.file} ${p.struct} grew on ${t}: ${b.size} -> ${a.size} bytes`);
      const want = p.sizes[t];
      if (want === undefined) continue;
      if (a.size === want) exact++;
      else if (a.size < want && fieldReordered(a)) smaller++;
      else failures.push(`sizes: ${p.file} ${p.struct} on ${t}: promised ${want}, go/types SizesFor("gc") says ${a.size}${a.size < want ? ' (smaller, but no field type was reordered)' : ''}`);
    }
    if (seen) grewNot++; else unchecked++;
  }
  // Structs not reordered themselves must not grow either (a field's type was reordered).
  let all = 0;
  for (const [k, a] of F.map) {
    const b = Pr.map.get(k);
    if (b) all++;
    if (b && a.size > b.size && !reordered.has(a.name)) failures.push(`sizes: ${a.file} ${a.name} grew on ${a.target}: ${b.size} -> ${a.size} bytes`);
  }
  return { exact, smaller, structs: grewNot, unchecked, measured: all };
}

// ---- one module ----
function proveModule(mod, cfg) {
  const t0 = Date.now();
  stepStart = t0;
  const failures = [];
  const dl = JSON.parse(must('go', ['mod', 'download', '-json', `${mod.mod}@${mod.ver}`], { env: { ...baseEnv, GOFLAGS: '' } }).out);
  if (dl.Error) throw new Error(dl.Error);
  const head0 = `${mod.name} ${mod.mod}@${mod.ver}`;
  // Fast path: the same module, Go, harness and built engine gave a passing verdict before.
  const engineRecord = join(cacheDir, sha([`${mod.mod}@${mod.ver}`, goVersion, harnessHash, 'engine', engineHash].join('\0')));
  if (!process.env.ARM64PORT_FIXPROOF_NOCACHE && existsSync(engineRecord)) {
    const rec = JSON.parse(readFileSync(engineRecord, 'utf8'));
    log(`${head0}: ${rec.applied} reorders applied, ${rec.files} files changed — verdict reused (same engine build, ${engineRecord.slice(-16)}): ${rec.summary}`);
    return { ok: true, rec, cached: true };
  }
  const base = join(work, mod.name), pristine = join(base, 'pristine'), fixed = join(base, 'fixed');
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  for (const d of [pristine, fixed]) {
    cpSync(dl.Dir, d, { recursive: true });
    must('chmod', ['-R', 'u+w', d]);
    if (!existsSync(join(d, 'go.mod'))) copyFileSync(dl.GoMod, join(d, 'go.mod')); // a pre-modules repository: the proxy's go.mod
  }
  must('go', ['mod', 'download'], { cwd: pristine });
  step(mod.name, 'downloaded and copied');
  const fx = applyFixes(fixed, cfg);
  const files = changedFiles(pristine, fixed);
  // What the fix did, as the changed files and their new contents (not `diff -ruN`, whose headers carry the
  // copies' modification times: no two runs had the same key, so the verdict was never reused).
  const fixedContents = files.map((f) => f + '\0' + sha(readFileSync(join(fixed, f), 'utf8'))).join('\0');
  const key = sha([`${mod.mod}@${mod.ver}`, goVersion, fixedContents, harnessHash].join('\0'));
  const record = join(cacheDir, key);
  const head = `${head0}: ${fx.applied} reorders applied, ${files.length} files changed`;
  const done = (rec) => { mkdirSync(cacheDir, { recursive: true }); writeFileSync(engineRecord, JSON.stringify(rec, null, 1)); };
  if (!process.env.ARM64PORT_FIXPROOF_NOCACHE && existsSync(record)) {
    const rec = JSON.parse(readFileSync(record, 'utf8'));
    log(`${head} — verdict reused (same diff, ${record.slice(-16)}): ${rec.summary}`);
    done(rec);
    if (!process.env.ARM64PORT_FIXPROOF_KEEP) rmSync(base, { recursive: true, force: true });
    return { ok: true, rec, cached: true };
  }
  step(mod.name, 'fixes applied');
  for (const w of fx.warnings) log(`  ${mod.name}: arm64-port said: ${w}`);
  // gofmt
  // A file gofmt would change fails only for changes the pristine file does not need too (an old
  // module's comments predate gofmt's doc-comment format).
  const unformatted = files.length ? run('gofmt', ['-l', ...files], { cwd: fixed }).out.split('\n').filter(Boolean) : [];
  const fmtLines = (dir, f) => new Set(run('gofmt', ['-d', f], { cwd: dir }).out.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)).map((l) => l.replace(/\s+/g, ' ')));
  for (const f of unformatted) {
    const before = existsSync(join(pristine, f)) ? fmtLines(pristine, f) : new Set();
    const extra = [...fmtLines(fixed, f)].filter((l) => !before.has(l));
    if (extra.length) failures.push(`gofmt -d ${f}: the fix left code gofmt would change:\n${tail(extra.join('\n'))}`);
  }
  // go vet on four architectures
  const vt = vetAll(mod, pristine, fixed, failures);
  step(mod.name, 'vetted');
  // tests of the changed packages
  const dirs = [...new Set(files.map((f) => dirname(f)))].filter((d) => d === '.' || !/(^|\/)(_|\.|testdata(\/|$))/.test(d)).sort();
  const tc = testPackages(mod, pristine, fixed, dirs, failures);
  step(mod.name, 'tested');
  // sizes
  const sz = files.length ? checkSizes(pristine, fixed, files, fx.promises, failures) : { exact: 0, smaller: 0, structs: 0, unchecked: 0, measured: 0 };
  step(mod.name, 'sizes checked');
  const vetOk = Object.values(vt.res).filter((v) => v !== 'FAIL').length;
  const narrowed = Object.keys(mod.tests ?? {}).filter((d) => dirs.includes(d));
  const summary = `vet ${vetOk}/4 arches ok (${vt.vetted} packages, 4 arches summed); ` +
    `tests of ${dirs.length} changed packages × amd64,386 on the fixed tree: ${tc.run} run, ${tc.passed} passed, ${tc.failedFixed} failed and rerun against pristine, ${tc.incomplete} not completed in ${TEST_TIMEOUT}` +
    `${narrowed.length ? ` (narrowed by -run in ${narrowed.join(', ')})` : ''}${mod.name === 'nats-server' ? `, ${tc.sublist386} TestSublist* passed on 386` : ''}; ` +
    `sizes: ${sz.structs} reordered structs checked on 4 targets (${sz.measured} struct×target sizes compared), ${sz.exact} promises exact, ${sz.smaller} smaller (field type reordered too), ${sz.unchecked} not measurable`;
  if (mod.name === 'nats-server' && files.includes('server/sublist.go') && tc.sublist386 === 0) failures.push('nats-server: no TestSublist* test passed on 386 on the fixed tree');
  const secs = Math.round((Date.now() - t0) / 1000);
  for (const n of tc.notes) log(`  ${mod.name}: note: ${n}`);
  for (const [arch, v] of Object.entries(vt.res)) if (v.startsWith('same failure')) log(`  ${mod.name}: note: go vet GOARCH=${arch} fails on the pristine tree the same way: ${v}`);
  if (failures.length) {
    log(`${head} — FAILED (${secs}s): ${summary}`);
    for (const f of failures) log(`  FAIL ${mod.name}: ${f}`);
    return { ok: false };
  }
  const rec = { module: `${mod.mod}@${mod.ver}`, applied: fx.applied, files: files.length, vetted: vt.vetted, tests: tc, sizes: sz, summary, seconds: secs };
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(record, JSON.stringify(rec, null, 1));
  done(rec);
  log(`${head} — passed (${secs}s): ${summary}`);
  if (!process.env.ARM64PORT_FIXPROOF_KEEP) rmSync(base, { recursive: true, force: true });
  return { ok: true, rec };
}

function writeCounts(results) {
  const doc = join(repo, 'docs', 'fix-safety.md');
  if (!existsSync(doc)) return;
  const rows = results.filter((r) => r.rec).map(({ rec: r }) =>
    `| ${r.module} | ${r.applied} | ${r.files} | ${r.vetted} | ${r.tests.run} / ${r.tests.passed} / ${r.tests.failedFixed} / ${r.tests.compared} | ${r.sizes.structs} (${r.sizes.exact} exact, ${r.sizes.smaller} smaller; ${r.sizes.measured} struct×target sizes) |`);
  if (rows.length !== MODULES.length) return; // only a full, passing run writes the table
  const block = ['<!-- counts:begin (written by scripts/prove-module-fixes.sh) -->',
    '| module | reorders applied | files changed | packages vetted (4 arches summed) | tests run / passed / failed on fixed / rerun against pristine (amd64+386) | reordered structs size-checked |',
    '| --- | --- | --- | --- | --- | --- |', ...rows, '<!-- counts:end -->'].join('\n');
  const text = readFileSync(doc, 'utf8');
  const next = text.replace(/<!-- counts:begin[\s\S]*?<!-- counts:end -->/, block);
  if (next !== text) writeFileSync(doc, next);
}

// ---- main ----
const only = process.argv.slice(2);
const modules = only.length ? MODULES.filter((m) => only.includes(m.name)) : MODULES;
mkdirSync(work, { recursive: true });
const cfg = join(work, 'arm64port.json');
writeFileSync(cfg, JSON.stringify({ reorderFixAll: { exportedTypes: true, encodedOrder: true } }));
buildGosizes();
let passed = 0, failed = 0;
const results = [];
for (const m of modules) {
  let r;
  try { r = proveModule(m, cfg); } catch (e) { log(`${m.name}: FAILED: ${e.message}`); r = { ok: false }; }
  results.push(r);
  if (r.ok) passed++; else failed++;
}
if (!only.length && !failed) writeCounts(results);
if (!process.env.ARM64PORT_FIXPROOF_KEEP) rmSync(work, { recursive: true, force: true });
log(`module-fixes: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
