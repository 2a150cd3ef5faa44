// "Fix all arm64-port problems" (source.fixAll.arm64port) over the protocol, on the samples (issue 15): the fixes of
// a file compose (one `ARG TARGETARCH` per stage, no value starting with a space, no emptied key) and are repeated
// until the file settles (both x86 flags of the Makefile guarded, in one block), so that a second fix-all has nothing
// to do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from 'vscode-languageserver-protocol';
import { applyLspEdits } from '../helpers/lspEdits';
import { startSampleServer, type SampleServer } from '../helpers/sampleServer';

let server: SampleServer;
let version = 1;

beforeAll(async () => {
  server = await startSampleServer({ prefix: 'arm64port-fixall-', config: { editBudgetMs: 30_000 } });
});
afterAll(() => server?.dispose());

async function diagnostics(uri: string): Promise<Diagnostic[]> {
  const r = await server.client.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  return r.kind === 'full' ? r.items : [];
}

/** Opens a sample, asks for its fix-all and applies it; then asks again on the fixed text. */
async function fixAll(rel: string, languageId: string): Promise<{ fixed: string; again: CodeAction[]; left: Diagnostic[] }> {
  const file = path.join(server.dir, rel);
  const uri = pathToFileURL(file).toString();
  const text = fs.readFileSync(file, 'utf8');
  await server.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: ++version, text } });
  const ask = async () => server.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.arm64port'] },
  });
  const [action] = await ask();
  expect(action?.title).toBe('Fix all arm64-port problems');
  const fixed = applyLspEdits(text, action.edit!.changes![uri] as TextEdit[]);
  await server.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: fixed }] });
  return { fixed, again: await ask(), left: await diagnostics(uri) };
}

describe('fix-all in the editor', () => {
  it('Dockerfile: two rules that need ARG TARGETARCH in one stage declare it once', async () => {
    const { fixed, again } = await fixAll('go-service/Dockerfile', 'dockerfile');
    const finalStage = fixed.slice(fixed.lastIndexOf('FROM '));
    expect(finalStage.match(/^ARG TARGETARCH$/gm)).toHaveLength(1);
    expect(finalStage.indexOf('ARG TARGETARCH')).toBeLessThan(finalStage.indexOf('${TARGETARCH}'));
    expect(again).toEqual([]);
  });

  it('Makefile: the flag whose fix overlapped the first one is guarded in a later round of the same action', async () => {
    const { fixed, again, left } = await fixAll('c-lib/Makefile', 'makefile');
    expect(fixed).toMatch(/^CFLAGS = -O2 -march=native\nifneq [^\n]*\nCFLAGS \+= -msse4\.2\nCFLAGS \+= -mavx2\nendif$/m);
    expect(left.filter((d) => d.code === 'build-x86-flags')).toEqual([]);
    expect(again).toEqual([]);
  });

  it('kubeadm drop-in: removed flags go with the space between them', async () => {
    const { fixed, again } = await fixAll('deploy/node/kubelet.service.d/10-kubeadm.conf', 'plaintext');
    expect(fixed).toContain('Environment="KUBELET_EXTRA_ARGS=--cpu-manager-policy=static"\n');
    expect(again).toEqual([]);
  });

  it('kubelet YAML: the last feature gate removed takes the emptied featureGates key with it', async () => {
    const { fixed, again } = await fixAll('deploy/node/kubelet-config.yaml', 'yaml');
    expect(fixed).not.toMatch(/featureGates/);
    expect(fixed).toContain('# Kubelet configuration for the Graviton node group');
    expect(again).toEqual([]);
  });
});
