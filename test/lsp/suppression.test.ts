// "Disable <rule> for this line" on every finding of the samples, through the language server: the directive
// silences the finding once applied, and it never lands inside documentation (Go doc comments as go/doc reads
// them, C /** */ and /// comments, comments before YAML keys), a literal or a continued line. The result still
// parses in its language (go/parser, tree-sitter C, the YAML parser; cgo code is built).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from 'vscode-languageserver-protocol';
import { parseAllDocuments, visit } from 'yaml';
import { fileKindOf } from '../../server/src/core/fileKind';
import { initTreeSitter, parseText } from '../../server/src/parsing/treeSitter';
import { applyLspEdits } from '../helpers/lspEdits';
import { startSampleServer, type SampleServer } from '../helpers/sampleServer';
import { makeTempDir } from '../helpers/tempDirs';
import { suppressionEdit } from '../../server/src/fixes/suppressionEdit';

let server: SampleServer;
let version = 100;
let godoc: string;

beforeAll(async () => {
  await initTreeSitter();
  server = await startSampleServer({ prefix: 'arm64port-suppress-', config: { editBudgetMs: 30_000 } });
  godoc = path.join(makeTempDir('arm64port-godoc-'), 'godoc');
  execFileSync('go', ['build', '-o', godoc, 'main.go'], { cwd: path.join(__dirname, 'godoc'), stdio: 'pipe' });
});
afterAll(() => server?.dispose());

async function open(rel: string, text: string): Promise<string> {
  const uri = pathToFileURL(path.join(server.dir, rel)).toString();
  await server.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: ++version, text } });
  return uri;
}
async function setText(uri: string, text: string): Promise<void> {
  await server.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
}
async function pull(uri: string): Promise<Diagnostic[]> {
  const r = await server.client.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  return r.kind === 'full' ? r.items : [];
}
async function disableAction(uri: string, d: Diagnostic): Promise<TextEdit[] | undefined> {
  const actions = await server.client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const a = actions.find((x) => x.title === `Disable ${d.code} for this line`);
  return a ? a.edit!.changes![uri] as TextEdit[] : undefined;
}
const key = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${typeof d.message === 'string' ? d.message : ''}`;

/** Each C doc comment (/** *\/, ///, //!, /*! *\/) with the first line of code after it. */
function cDocs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\/\*[*!](?!\/)[\s\S]*?\*\/|(?:[ \t]*\/\/[/!][^\n]*\n)+/g)) {
    const next = text.slice(m.index! + m[0].length).split('\n').map((l) => l.trim()).find((l) => l !== '');
    out.push(`${m[0].trim()} => ${next}`);
  }
  return out;
}
/** Every comment the YAML parser attaches before a node, and the values. */
function yamlView(text: string): { comments: string[]; errors: number } {
  const comments: string[] = [];
  let errors = 0;
  for (const d of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
    errors += d.errors.length;
    if (d.commentBefore) comments.push(d.commentBefore);
    visit(d, (_k, n) => { const c = (n as { commentBefore?: string }).commentBefore; if (c) comments.push(c); });
  }
  return { comments, errors };
}
const treeErrors = (lang: 'c' | 'cpp', text: string) => { const t = parseText(lang, text); const n = t.rootNode.hasError; t.delete(); return n; };

function sampleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sampleFiles(p) : fileKindOf(p) || e.name.endsWith('.conf') ? [p] : [];
  });
}

describe('Disable <rule> for this line', () => {
  it('silences every finding of the samples without touching documentation, and the file still parses', async () => {
    const goPairs: { rel: string; before: string; after: string; finding: string }[] = [];
    let applied = 0;
    const notOffered: string[] = [];
    for (const file of sampleFiles(server.dir)) {
      const rel = path.relative(server.dir, file);
      const original = fs.readFileSync(file, 'utf8');
      const uri = await open(rel, original);
      const diags = await pull(uri);
      for (const d of diags) {
        await setText(uri, original);
        const [same] = (await pull(uri)).filter((x) => key(x) === key(d));
        const edits = same && await disableAction(uri, same);
        if (!edits) { notOffered.push(`${rel}: ${key(d)}`); continue; }
        const after = applyLspEdits(original, edits);
        await setText(uri, after);
        // The finding is gone (its line moved down by one when the directive went above it).
        const left = (await pull(uri)).filter((x) => x.code === d.code && x.message === d.message);
        expect(left.length, `${rel}: ${key(d)} still reported after\n${after}`).toBe(diags.filter((x) => x.code === d.code && x.message === d.message).length - 1);
        applied++;
        const kind = fileKindOf(file);
        if (kind === 'go') goPairs.push({ rel, before: original, after, finding: key(d) });
        if (kind === 'c' || kind === 'cpp') {
          expect(cDocs(after), `${rel}: ${key(d)}`).toEqual(cDocs(original));
          expect(treeErrors(kind, after)).toBe(treeErrors(kind, original));
        }
        if (kind === 'yaml') {
          const [a, b] = [yamlView(original), yamlView(after)];
          expect(b.errors, `${rel}: ${key(d)}`).toBe(a.errors);
          expect(b.comments, `${rel}: ${key(d)}\n${after}`).toEqual(a.comments);
        }
      }
      await setText(uri, original);
    }
    expect(notOffered).toEqual([]);
    expect(applied).toBeGreaterThan(30);

    // go/doc reads the same doc comment for every declaration, spec and field, and go/parser parses the result.
    const dir = makeTempDir('arm64port-godoc-in-');
    const args: string[] = [];
    goPairs.forEach((p, i) => {
      for (const [n, t] of [['before', p.before], ['after', p.after]] as const) {
        const f = path.join(dir, `${i}-${n}.go`);
        fs.writeFileSync(f, t);
        args.push(f);
      }
    });
    const docs = JSON.parse(execFileSync(godoc, args, { encoding: 'utf8' })) as Record<string, Record<string, string>>;
    expect(goPairs.length).toBeGreaterThan(3);
    goPairs.forEach((p, i) => {
      const [before, after] = [docs[path.join(dir, `${i}-before.go`)], docs[path.join(dir, `${i}-after.go`)]];
      expect(after['(parse error)'], `${p.rel}: ${p.finding}`).toBeUndefined();
      expect(after, `${p.rel}: ${p.finding}\n${p.after}`).toEqual(before);
    });
  }, 300_000);

  it('puts the directive at the end of `type Entry struct {`, not between the doc comment and the type', async () => {
    const rel = 'go-service/internal/cache/entry.go';
    const original = fs.readFileSync(path.join(server.dir, rel), 'utf8');
    const uri = await open(rel, original);
    const d = (await pull(uri)).find((x) => x.code === 'go-struct-padding')!;
    const after = applyLspEdits(original, (await disableAction(uri, d))!);
    expect(after.split('\n').slice(5, 7)).toEqual(['// Entry is one cached value.', 'type Entry struct { // arm64-port-disable-line go-struct-padding']);
    await setText(uri, original);
  });

  const cases: { name: string; rel: string; text: string; rule: string; expect: (after: string | undefined) => void }[] = [
    {
      name: 'a #cgo line: a C comment line in the preamble (the preamble is C code), and the package still builds with cgo',
      rel: 'go-service/internal/simd/simd.go',
      text: 'package simd\n\n// Package comment is not here.\n\n// #cgo CFLAGS: -O2 -mavx2\n// #include <stdint.h>\n// static int add(int a, int b) { return a + b; }\nimport "C"\n\n// Add adds.\nfunc Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n',
      rule: 'go-cgo-x86-flags',
      expect: (after) => {
        expect(after).toContain('// /* arm64-port-disable-next-line go-cgo-x86-flags */\n// #cgo CFLAGS: -O2 -mavx2\n');
        const mod = makeTempDir('arm64port-cgo-');
        fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/simd\n\ngo 1.21\n');
        fs.writeFileSync(path.join(mod, 'simd.go'), after!);
        execFileSync('go', ['build', './...'], { cwd: mod, env: { ...process.env, CGO_ENABLED: '1', GOFLAGS: '-mod=mod' }, stdio: 'pipe' });
      },
    },
    {
      name: 'a #cgo line inside a /* */ preamble: a // line in it (a C comment, not the end of the Go comment)',
      rel: 'go-service/internal/simd/simd2.go',
      text: 'package simd\n\n/*\n#cgo CFLAGS: -mavx2\n#include <stdint.h>\n*/\nimport "C"\n',
      rule: 'go-cgo-x86-flags',
      expect: (after) => expect(after).toContain('/*\n// arm64-port-disable-next-line go-cgo-x86-flags\n#cgo CFLAGS: -mavx2\n'),
    },
    {
      name: 'a Makefile line continued from the line above: no directive (make would join a comment line into the value)',
      rel: 'c-lib/Makefile',
      text: 'CFLAGS = -O2 \\\n  -mavx2\n\nall:\n\t$(CC) $(CFLAGS) -c x.c\n',
      rule: 'build-x86-flags',
      expect: (after) => expect(after).toBeUndefined(),
    },
    {
      name: 'a YAML key with a comment above: at the end of the line, the comment still belongs to the key',
      rel: 'deploy/node/kubelet-config.yaml',
      text: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n# The CPU manager policy of the Graviton nodes.\ncpuManagerPolicy: Static\n',
      rule: 'kubelet-policy-value',
      expect: (after) => expect(after).toContain('# The CPU manager policy of the Graviton nodes.\ncpuManagerPolicy: Static # arm64-port-disable-line kubelet-policy-value\n'),
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const uri = await open(c.rel, c.text);
      const d = (await pull(uri)).find((x) => x.code === c.rule);
      expect(d, `no ${c.rule} finding`).toBeDefined();
      const edits = await disableAction(uri, d!);
      const after = edits && applyLspEdits(c.text, edits);
      c.expect(after);
      if (after) {
        await setText(uri, after);
        expect((await pull(uri)).filter((x) => x.code === c.rule)).toEqual([]);
      }
      await server.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }, 60_000);
  }
});

describe('where the directive goes when the end of the line is not code', () => {
  const edit = (kind: Parameters<typeof suppressionEdit>[0]['kind'], text: string, line: number, grammar?: 'go' | 'c' | 'cpp') => {
    const tree = grammar ? parseText(grammar, text) : undefined;
    try {
      const e = suppressionEdit({ kind, text, line, ruleId: 'r', tree });
      return e && text.slice(0, e.start) + e.newText + text.slice(e.end);
    } finally { tree?.delete(); }
  };

  it('C: after a Doxygen member comment (///<) it goes above the line inside a function, else nowhere', () => {
    const text = 'struct s {\n  long x; ///< the x\n};\nvoid f(void) {\n  long y = 1; ///< y\n}\n';
    expect(edit('c', text, 1, 'c')).toBeUndefined();
    expect(edit('c', text, 4, 'c')).toBe(text.replace('  long y', '  // arm64-port-disable-next-line r\n  long y'));
    // A plain trailing comment takes the directive; code takes a /* */ one (valid in every C standard).
    expect(edit('c', 'int a; // note\n', 0, 'c')).toBe('int a; // note // arm64-port-disable-line r\n');
    expect(edit('c', 'int a;\n', 0, 'c')).toBe('int a; /* arm64-port-disable-line r */\n');
  });

  it('C: never in a line continued with a backslash (a // comment there would swallow the next line)', () => {
    const text = 'void f(void) {\n#define X(a) \\\n  __sync_synchronize(); \\\n  (a)\n}\n';
    expect(edit('c', text, 2, 'c')).toBeUndefined();
  });

  it('Go: a line ending inside a raw string goes above it only inside a function body', () => {
    const inBody = 'package p\n\nfunc f() string {\n\ts := `a\nb`\n\treturn s\n}\n';
    expect(edit('go', inBody, 3, 'go')).toBe(inBody.replace('\ts := `a', '\t// arm64-port-disable-next-line r\n\ts := `a'));
    expect(edit('go', 'package p\n\nvar s = `a\nb`\n', 2, 'go')).toBeUndefined(); // would become the doc comment of s
    expect(edit('go', 'package p\n\nvar s = `a\nb`\n', 3, 'go')).toBeUndefined(); // inside the string
  });

  it('shell and systemd: never inside a continued line; Dockerfile: a comment line there is dropped by Docker', () => {
    expect(edit('shell', 'docker build \\\n  --platform linux/amd64 .\n', 1)).toBeUndefined();
    expect(edit('systemd', '[Service]\nExecStart=/usr/bin/kubelet \\\n  --cpu-manager-policy=static\n', 2)).toBeUndefined();
    expect(edit('dockerfile', 'RUN apt-get update \\\n && curl -o x https://x/amd64/x\n', 1)).toBe('RUN apt-get update \\\n # arm64-port-disable-next-line r\n && curl -o x https://x/amd64/x\n');
  });

  it('YAML: in a block scalar the directive is a line of its content; a multi-line plain scalar gets none', () => {
    const wf = 'steps:\n  - run: |\n      echo a\n      docker build --platform linux/amd64 .\n';
    expect(edit('yaml', wf, 3)).toBe(wf.replace('      docker', '      # arm64-port-disable-next-line r\n      docker'));
    expect(edit('yaml', 'a: one\n  two\nb: 1\n', 0)).toBeUndefined();
    expect(edit('yaml', 'a: "x" # note\n', 0)).toBe('a: "x" # note # arm64-port-disable-line r\n');
    expect(edit('yaml', 'a: "one\n  two"\n', 0)).toBeUndefined();
    expect(edit('yaml', 'run: |\n  make\n', 0)).toBe('run: | # arm64-port-disable-line r\n  make\n');
  });

  it('JSON and binary files get none; go.mod gets a // line above (a trailing one would end `// indirect`)', () => {
    expect(edit('json', '{"a": 1}\n', 0)).toBeUndefined();
    expect(edit('binary', '\u007fELF\n', 0)).toBeUndefined();
    expect(edit('gomod', 'module m\n\nrequire x.org/y v1.0.0 // indirect\n', 2)).toBe('module m\n\n// arm64-port-disable-next-line r\nrequire x.org/y v1.0.0 // indirect\n');
  });
});
