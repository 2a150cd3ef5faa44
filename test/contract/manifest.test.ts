// The manifest, the settings schema and the rule registry agree with each other and with the docs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfig } from '../../server/src/core/config';
import { ALL_RULES } from '../../server/src/rules/index';
import { docsPath } from '../../server/src/rules/rule';
import { z } from 'zod';
import { TOOL_SPECS } from '../../server/src/agent/tools';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
// The rule catalogue is a shared design document beside the repository (../shared/docs; CI's clones in /tmp
// have /tmp/shared). Without it the check cannot run: under CI that fails, elsewhere it is skipped with a warning.
// Rules added since are listed in the repository's own docs/rules-catalogue-additions.md.
const CATALOGUE = path.resolve(ROOT, '../shared/docs/rules-catalogue.md');
const catalogue = fs.existsSync(CATALOGUE) ? fs.readFileSync(CATALOGUE, 'utf8') : undefined;
const additions = fs.readFileSync(path.join(ROOT, 'docs/rules-catalogue-additions.md'), 'utf8');
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (!catalogue && !inCI) console.warn(`rule-catalogue check SKIPPED: ${CATALOGUE} not found`);

describe('manifest and settings', () => {
  const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;

  it('declares exactly the settings of the schema, with the same defaults', () => {
    expect(Object.keys(props).map((k) => k.replace(/^arm64port\./, '')).sort()).toEqual(Object.keys(configSchema.shape).sort());
    for (const [k, v] of Object.entries(props)) expect(v.default).toEqual((defaultConfig as Record<string, unknown>)[k.replace(/^arm64port\./, '')]);
  });

  it('supports untrusted workspaces and ships one universal package', () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(manifest.bin['arm64-port']).toBe('bin/arm64-port.js');
    expect(Object.keys(manifest.dependencies)).not.toContain('tree-sitter'); // the native binding
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    expect(ignore[0]).toBe('**'); // everything out, then only the bundles, the wasm grammars and docs back in
    expect(ignore.filter((l) => l.startsWith('!')).every((l) => /^!(dist\/|package\.json|README|LICENSE|CHANGELOG|docs\/)/.test(l))).toBe(true);
    for (const bundle of ['server.js', 'extension.js', 'cli.js']) {
      const file = path.join(ROOT, 'dist', bundle);
      if (fs.existsSync(file)) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/require\([^)]*\.node["'`]\)/);
    }
  });

  it('activates on the languages it reads', () => {
    for (const lang of ['go', 'c', 'cpp', 'dockerfile', 'yaml', 'makefile']) expect(manifest.activationEvents).toContain(`onLanguage:${lang}`);
  });
});

describe('language-model tools', () => {
  // The agent tools (MCP server and VS Code) share one definition; the manifest must declare the same
  // tools with the same input schemas, so agent mode validates what the server accepts.
  const tools = manifest.contributes.languageModelTools as { name: string; toolReferenceName: string; modelDescription: string; inputSchema: unknown; canBeReferencedInPrompt: boolean }[];

  it('declares every agent tool with the server\'s input schema and description', () => {
    expect(tools.map((t) => t.name)).toEqual(TOOL_SPECS.map((s) => `arm64port_${s.name}`));
    for (const spec of TOOL_SPECS) {
      const t = tools.find((x) => x.name === `arm64port_${spec.name}`)!;
      const { $schema: _, ...schema } = z.toJSONSchema(spec.input) as Record<string, unknown>;
      expect(t.inputSchema, spec.name).toEqual(schema);
      expect(t.modelDescription).toBe(spec.description);
      expect(t.toolReferenceName).toMatch(/^arm64port-[a-z-]+$/);
      expect(t.canBeReferencedInPrompt).toBe(true);
      expect(manifest.activationEvents).toContain(`onLanguageModelTool:${t.name}`);
    }
  });

  it('the client registers the same tools and sends the server\'s request', () => {
    const client = fs.readFileSync(path.join(ROOT, 'client/src/agentTools.ts'), 'utf8');
    // The request's name, parameters and result are declared once, in server/src/protocol/customRequests.ts.
    expect(client).toMatch(/import \{ AGENT_TOOL_REQUEST[^}]*\} from '\.\.\/\.\.\/server\/src\/protocol\/customRequests'/);
    expect(client).toContain('sendRequest<Response>(AGENT_TOOL_REQUEST');
    expect(client).toContain(`TOOL_NAMES = [${TOOL_SPECS.map((s) => `'${s.name}'`).join(', ')}]`);
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toContain('arm64port.checkAgentTools');
  });
});

describe('rule registry', () => {
  it('has unique, stable kebab-case ids', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it('has a docs page for every rule, citing a source', () => {
    for (const r of ALL_RULES) {
      const page = path.join(ROOT, docsPath(r.meta.id));
      expect(fs.existsSync(page), `${page} missing`).toBe(true);
      expect(fs.readFileSync(page, 'utf8')).toMatch(/facts|golang\/go#|https?:\/\/|§|source/i);
    }
  });

  it.skipIf(!catalogue && !inCI)('uses only ids from the rule catalogue', () => {
    expect(catalogue, `${CATALOGUE} not found: the shared design docs must be beside the clone`).toBeDefined();
    for (const r of ALL_RULES) expect(`${catalogue}\n${additions}`, r.meta.id).toContain(`| ${r.meta.id} |`);
    // An addition that the shared catalogue has since taken in is listed once only.
    // (The rows of the first table; the second lists changes to entries the shared catalogue has.)
    const added = [...additions.split(/^## /m)[0].matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]).filter((id) => id !== 'id');
    expect(added.filter((id) => catalogue!.includes(`| ${id} |`))).toEqual([]);
    expect(added.filter((id) => !ALL_RULES.some((r) => r.meta.id === id)), 'additions that are not rules').toEqual([]);
  });
});
