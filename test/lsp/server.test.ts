// The language server over a real JSON-RPC connection (two in-process streams): open a document,
// pull diagnostics, ask for code actions, apply the edit, pull again; plus hover, bad input, settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { applyLspEdits } from '../helpers/lspEdits';
import { startSampleServer, type SampleServer } from '../helpers/sampleServer';
import { watchedFilesGlob } from '../../server/src/engine/engine';

let dir: string;
let client: ProtocolConnection;
const logs: string[] = [];

async function open(rel: string, text?: string, languageId = 'go'): Promise<{ uri: string; text: string }> {
  const file = path.join(dir, rel);
  const content = text ?? fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
  return { uri, text: content };
}

const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

async function pull(uri: string): Promise<Diagnostic[]> {
  const r = await client.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  return r.kind === 'full' ? r.items : [];
}

let server: SampleServer;
beforeAll(async () => {
  // These tests check what is reported, not how fast: a budget a loaded machine cannot miss (a first analysis of
  // the sample resolves the standard library, over a second when other test files run beside it).
  server = await startSampleServer({ prefix: 'arm64port-lsp-', config: { editBudgetMs: 30_000 }, onLog: (m) => logs.push(m) });
  ({ dir, client } = server);
});

afterAll(() => server?.dispose());

describe('language server', () => {
  it('reports go-struct-padding, offers the reorder, and the diagnostic goes away after the edit', async () => {
    const { uri, text } = await open('go-service/internal/cache/entry.go');
    const diags = await pull(uri);
    const d = diags.find((x) => x.code === 'go-struct-padding');
    // Sorted inside its two blank-line groups, Entry is 56 bytes; 48 only with fields moved across them.
    expect(d?.message).toMatch(/^struct Entry is 72 bytes on linux\/arm64, could be 56 \(16 bytes saved per instance; 48 with fields moved across its blank-line groups\)/);
    expect(d?.codeDescription?.href).toContain('docs/rules/go-struct-padding.md');
    expect(d?.range.start).toEqual({ line: 6, character: 5 });

    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri }, range: d!.range, context: { diagnostics: [d] },
    });
    // Its json tag: the reorder changes the JSON key order, so it is offered but not preferred (not in fix-all).
    const reorder = actions.find((a) => a.title === 'Reorder fields of Entry (changes the order of its JSON output)');
    expect(reorder?.isPreferred).toBeFalsy();
    expect(actions.map((a) => a.title)).toContain('Reorder fields of Entry across its blank-line groups (changes the order of its JSON output)');
    expect(actions.map((a) => a.title)).toContain('Disable go-struct-padding for this line');
    const edits = reorder!.edit!.changes![uri] as TextEdit[];
    const fixed = applyLspEdits(text, edits);
    for (const c of text.match(/\/\/[^\n]*/g)!) expect(fixed).toContain(c);

    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const after = await pull(uri);
    // What is left needs fields moved across the groups: a hint, no longer a problem.
    const left = after.filter((x) => msg(x).includes('struct Entry '));
    expect(left.map((x) => x.severity)).toEqual([DiagnosticSeverity.Hint]);
    expect(msg(left[0])).toMatch(/^struct Entry is 56 bytes on linux\/arm64, could be 48 with fields moved across its blank-line groups/);
    expect(after.some((x) => msg(x).includes('struct Blob '))).toBe(true);
  });

  it('applies incremental edits like a full parse, also after non-ASCII text', async () => {
    const { uri } = await open('go-service/internal/api/request.go');
    const before = await pull(uri);
    expect(before.some((x) => msg(x).startsWith('struct RequestInfo is 104 bytes'))).toBe(true);
    // Insert a comment with non-ASCII text and a field that makes RequestInfo larger, as a user types.
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '\t// ünïcödé 𝄞 comment\n\tFlag bool\n' }],
    });
    const after = await pull(uri);
    expect(after.find((x) => x.code === 'go-struct-padding' && msg(x).includes('RequestInfo'))?.message).toMatch(/^struct RequestInfo is 112 bytes/);
  });

  it('shows the layout on hover', async () => {
    const { uri } = await open('go-service/internal/cache/entry.go');
    const hover = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 7 } });
    const md = (hover?.contents as { value: string }).value;
    // arm64 and amd64 lay Entry out alike: one table for both.
    expect(md).toContain('**Entry** · linux/arm64 = linux/amd64: **72 B**, align 8');
    expect(md.match(/```text/g)).toHaveLength(1);
    // Columns aligned: the header's right edges are those of every row's numbers.
    const table = md.slice(md.indexOf('```text\n') + 8, md.indexOf('\n```', md.indexOf('```text')));
    const [head, ...rows] = table.split('\n');
    const rightEdge = (line: string, col: string) => line.indexOf(col) + col.length;
    for (const col of ['offset', 'size', 'align']) {
      for (const r of rows.filter((x) => !x.startsWith('(hole)') && !x.startsWith('(tail'))) expect(r[rightEdge(head, col) - 1], `${col} in ${r}`).toMatch(/\d/);
    }
    expect(rows.some((r) => /^ExpiresAt\s+int64\s+32\s+8\s+8$/.test(r))).toBe(true);
    expect(rows.some((r) => r.startsWith('(hole)'))).toBe(true);
    // The order the reorder quick fix gives, with its size laid out again.
    const fieldOrder = /- Entry, quick fix "Reorder fields of Entry \(changes the order of its JSON output\)": (.*) — 56 B on linux\/arm64 = linux\/amd64/.exec(md);
    expect(fieldOrder?.[1].replace(/`/g, '').split(', ').sort()).toEqual(['ExpiresAt', 'Hits', 'Key', 'Kind', 'Pinned', 'Size', 'Valid', 'Value']);

    // A target whose layout differs (386: 4-byte strings and int64 alignment) gets its own table.
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { arm64port: { targets: ['linux/arm64', 'linux/amd64', 'linux/386'] } } });
    const three = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 7 } });
    const md3 = (three?.contents as { value: string }).value;
    expect(md3.match(/^\*\*Entry\*\* · [^:]*/gm)).toEqual(['**Entry** · linux/arm64 = linux/amd64', '**Entry** · linux/386']);
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { arm64port: {} } });
  });

  it('puts a code lens on wasteful structs', async () => {
    const { uri } = await open('go-service/internal/cache/entry.go');
    await pull(uri);
    const lenses = await client.sendRequest<{ range: unknown; command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.map((l) => l.command?.title)).toContain('72 B on arm64 · could be 56');
  });

  it('serves the deploy rules too: Dockerfile and kubelet YAML, with their fixes', async () => {
    const docker = await open('go-service/Dockerfile', undefined, 'dockerfile');
    const d = await pull(docker.uri);
    expect(d.map((x) => x.code)).toEqual(expect.arrayContaining(['docker-platform-constant', 'docker-targetarch-undeclared', 'docker-hardcoded-arch']));
    const kubelet = await open('deploy/node/kubelet-config.yaml', undefined, 'yaml');
    const k = await pull(kubelet.uri);
    const policy = k.find((x) => x.code === 'kubelet-policy-value' && msg(x).includes('cpuManagerPolicy'))!;
    expect(policy).toBeDefined();
    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: kubelet.uri }, range: policy.range, context: { diagnostics: [policy] } });
    const fix = actions.find((a) => a.isPreferred)!;
    const fixed = applyLspEdits(kubelet.text, fix.edit!.changes![kubelet.uri] as TextEdit[]);
    expect(fixed).toContain('cpuManagerPolicy: static');
    expect(fixed).toContain('# Kubelet configuration for the Graviton node group');
  });

  it('serves kubelet JSON (found by content): fixes stay JSON, no comment suppression offered', async () => {
    const text = JSON.stringify({ kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', cpuManagerPolicy: 'Static', reservedSystemCPUs: '0', readOnlyPort: 10255 }, null, 4) + '\n';
    const json = await open('deploy/node/kubelet-config.json', text, 'json');
    const k = await pull(json.uri);
    expect(k.map((x) => x.code).sort()).toEqual(['kubelet-insecure', 'kubelet-policy-value']);
    for (const diag of k) {
      const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: json.uri }, range: diag.range, context: { diagnostics: [diag] } });
      expect(actions.map((a) => a.title).filter((t) => t.startsWith('Disable'))).toEqual([]);
      const fixed = applyLspEdits(json.text, actions.find((a) => a.isPreferred)!.edit!.changes![json.uri] as TextEdit[]);
      expect(JSON.parse(fixed)).toMatchObject(diag.code === 'kubelet-insecure' ? { readOnlyPort: 0 } : { cpuManagerPolicy: 'static' });
    }
    const all = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: json.uri }, range: k[0].range, context: { diagnostics: [], only: ['source.fixAll.arm64port'] } });
    expect(JSON.parse(applyLspEdits(json.text, all[0].edit!.changes![json.uri] as TextEdit[]))).toMatchObject({ cpuManagerPolicy: 'static', readOnlyPort: 0 });
    // Ordinary JSON is not analysed.
    expect(await pull((await open('deploy/node/package.json', '{"name": "x"}\n', 'json')).uri)).toEqual([]);
  });

  it('keeps serving after bad input: syntax errors, recursive types, binary text, huge files', async () => {
    const bad = await open('go-service/internal/cache/bad.go', 'package cache\n\ntype A struct{ b B }\ntype B struct{ a A }\ntype C struct { x int8; y int64 ', 'go');
    expect(await pull(bad.uri)).toEqual([]);
    const bin = await open('go-service/internal/cache/bin.go', 'package cache\n\u0000\u0001\u0002\uFFFD', 'go');
    expect(await pull(bin.uri)).toEqual([]);
    const huge = await open('go-service/internal/cache/huge.go', 'package cache\n' + '// filler\n'.repeat(300_000), 'go');
    expect(await pull(huge.uri)).toEqual([]);
    expect(logs.some((l) => l.includes('huge.go: skipped'))).toBe(true);
    const { uri } = await open('go-service/internal/cache/entry.go');
    expect((await pull(uri)).length).toBeGreaterThan(0);
  });

  it('re-diagnoses a file when another file of its package changes, in an editor or on disk', async () => {
    // main.go calls helper(), which only helper_amd64.go declares: the arm64 build fails.
    const pkg = 'go-service/internal/archfix';
    fs.mkdirSync(path.join(dir, pkg));
    fs.writeFileSync(path.join(dir, pkg, 'main.go'), 'package archfix\n\nfunc Run() int { return helper() }\n');
    fs.writeFileSync(path.join(dir, pkg, 'helper_amd64.go'), 'package archfix\n\nfunc helper() int { return 1 }\n');
    const main = await open(`${pkg}/main.go`);
    const missing = async () => (await pull(main.uri)).filter((x) => x.code === 'go-arch-missing-impl').map(msg);
    expect((await missing()).join('\n')).toContain('helper');

    // An arm64 implementation typed in an editor (not saved) is seen at once.
    const arm = await open(`${pkg}/helper_arm64.go`, 'package archfix\n\n');
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: arm.uri, version: 2 }, contentChanges: [{ text: 'package archfix\n\nfunc helper() int { return 2 }\n' }],
    });
    expect(await missing()).toEqual([]);
    // Closing the unsaved editor takes it back.
    await client.sendNotification('textDocument/didClose', { textDocument: { uri: arm.uri } });
    expect((await missing()).join('\n')).toContain('helper');

    // The same file created on disk, reported by the client's file watcher.
    fs.writeFileSync(path.join(dir, pkg, 'helper_arm64.go'), 'package archfix\n\nfunc helper() int { return 2 }\n');
    await client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: arm.uri, type: 1 }] });
    expect(await missing()).toEqual([]);
  });

  it('sees a file that exists only in an editor: a positional literal there withholds the reorder until it is closed', async () => {
    fs.mkdirSync(path.join(dir, 'go-service/internal/shape'));
    fs.writeFileSync(path.join(dir, 'go-service/internal/shape/shape.go'), 'package shape\n\ntype Point struct {\n\ta bool\n\tb int64\n\tc bool\n}\n');
    const shape = await open('go-service/internal/shape/shape.go');
    const reorderOffered = async () => {
      const d = (await pull(shape.uri)).find((x) => x.code === 'go-struct-padding')!;
      const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: shape.uri }, range: d.range, context: { diagnostics: [d] } });
      return { message: msg(d), reorder: actions.some((a) => a.title === 'Reorder fields of Point') };
    };
    expect((await reorderOffered()).reorder).toBe(true);

    // A new file of another package, never saved, with a positional literal of shape.Point.
    fs.mkdirSync(path.join(dir, 'go-service/internal/user'));
    const user = await open('go-service/internal/user/user.go',
      'package user\n\nimport "example.com/go-service/internal/shape"\n\nvar P = shape.Point{true, 1, false}\n');
    const withheld = await reorderOffered();
    expect(withheld.reorder).toBe(false);
    expect(withheld.message).toContain('positional composite literal of Point exists (go-service/internal/user/user.go)');

    await client.sendNotification('textDocument/didClose', { textDocument: { uri: user.uri } });
    expect((await reorderOffered()).reorder).toBe(true);
  });

  it('takes settings: unknown keys are logged, a rule can be turned off', async () => {
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { arm64port: { rules: { 'go-struct-padding': 'off' }, bogus: 1 } } });
    const { uri } = await open('go-service/internal/cache/entry.go');
    expect((await pull(uri)).some((x) => x.code === 'go-struct-padding')).toBe(false);
    expect(logs.some((l) => l.includes('unknown setting "bogus"'))).toBe(true);
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { arm64port: {} } });
  });
});

describe('a client that checks document versions (workspaceEdit.documentChanges)', () => {
  it('gets every edit as a TextDocumentEdit of the version it was computed for', async () => {
    const versioned = await startSampleServer({ prefix: 'arm64port-lsp-versioned-', config: { editBudgetMs: 30_000 }, capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    try {
      const c = versioned.client;
      const uri = pathToFileURL(path.join(versioned.dir, 'deploy/node/kubelet-config.json')).toString();
      const config = (policy: string) => JSON.stringify({ kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', cpuManagerPolicy: policy, reservedSystemCPUs: '0', readOnlyPort: 10255 }, null, 4) + '\n';
      const diagnose = async () => {
        const r = await c.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        return r.kind === 'full' ? r.items : [];
      };
      const fixAll = async (diags: Diagnostic[]) => (await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: [], only: ['source.fixAll.arm64port'] } }))[0];
      const only = (a: CodeAction) => {
        expect(a.edit?.changes).toBeUndefined();
        expect(a.edit?.documentChanges).toHaveLength(1);
        return a.edit!.documentChanges![0] as TextDocumentEdit;
      };

      await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 7, text: config('Static') } });
      const first = await diagnose();
      const all7 = only(await fixAll(first));
      expect(all7.textDocument).toEqual({ uri, version: 7 });
      expect(JSON.parse(applyLspEdits(config('Static'), all7.edits as TextEdit[]))).toMatchObject({ cpuManagerPolicy: 'static', readOnlyPort: 0 });
      const policy = first.find((x) => x.code === 'kubelet-policy-value')!;
      const quick = await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: policy.range, context: { diagnostics: [policy] } });
      for (const a of quick.filter((x) => x.edit)) expect(only(a).textDocument.version).toBe(7);
      // The data a client sends back is checked before use: forged or partial data gets no action, and no failure.
      for (const data of [null, 'x', { ...(policy.data as object), index: '0' }, { ...(policy.data as object), index: -1 }, { ...(policy.data as object), fixes: [1] }]) {
        const forged = await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: policy.range, context: { diagnostics: [{ ...policy, data }] } });
        expect(forged, JSON.stringify(data)).toEqual([]);
      }

      // The document changes: the edits computed now name the new version (an editor holding the old action refuses it).
      await c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 8 }, contentChanges: [{ text: config('None') }] });
      const all8 = only(await fixAll(await diagnose()));
      expect(all8.textDocument.version).toBe(8);
      expect(JSON.parse(applyLspEdits(config('None'), all8.edits as TextEdit[]))).toMatchObject({ cpuManagerPolicy: 'none', readOnlyPort: 0 });
    } finally { versioned.dispose(); }
  });
});

describe('file watchers', () => {
  it('are registered by the server with the files the engine\'s facts and inputs read, where the client lets it', async () => {
    for (const dynamicRegistration of [true, false]) {
      const registered: unknown[] = [];
      const s = await startSampleServer({ prefix: 'arm64port-lsp-watch-', capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration } } }, onRegister: (p) => registered.push(p) });
      try {
        // A request after 'initialized' is answered after the registration went out.
        await s.client.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(path.join(s.dir, 'none.go')).toString() }, position: { line: 0, character: 0 } });
        const watchers = (registered as { registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }[])
          .flatMap((r) => r.registrations).filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => r.registerOptions.watchers);
        expect(watchers.map((w) => w.globPattern)).toEqual(dynamicRegistration ? [watchedFilesGlob()] : []);
      } finally { s.dispose(); }
    }
    expect(watchedFilesGlob()).toMatch(/^\*\*\/\{.*\*\.toml.*\}$/);
  });
});
