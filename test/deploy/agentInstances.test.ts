// The agent tools (MCP server, VS Code language-model tools) take the deployment presets as an argument of
// scan and report, over the project's setting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/core/config';
import { goEnvFromEnvironment } from '../../server/src/lang/go/env';
import { reportTool, scanInput, scanTool, type AgentWorkspace } from '../../server/src/agent/tools';
import { makeTempDir } from '../helpers/tempDirs';

function workspace(instances: string[]): AgentWorkspace {
  const dir = makeTempDir('arm64-port-agent-instances-');
  fs.writeFileSync(path.join(dir, 'Makefile'), 'CFLAGS += -mcpu=neoverse-v1\nall:\n\tcc $(CFLAGS) -o app main.c\n');
  return { roots: [dir], config: () => parseConfig({ instances }).config, goEnv: goEnvFromEnvironment() };
}
const sve = (r: { structured: Record<string, any> }) => (r.structured.findings as { ruleId: string; message: string }[]).filter((f) => f.ruleId === 'build-sve-not-portable');

describe('agent tools: instances', () => {
  it('scan: the argument replaces the setting; without either the advice is generic', async () => {
    const ws = workspace([]);
    expect(sve(await scanTool(ws, {}))[0].message).toMatch(/SIGILL on Graviton2, Ampere Altra/);
    expect(sve(await scanTool(ws, { instances: ['graviton3'] }))).toEqual([]);
    expect(sve(await scanTool(ws, { instances: ['graviton2', 'graviton3'] }))[0].message).toMatch(/fails \(SIGILL\) on the graviton2 hosts/);
    expect(sve(await scanTool(workspace(['graviton3']), {}))).toEqual([]);
  });

  it('report takes it too; unknown ids are refused by the schema', async () => {
    const r = await reportTool(workspace([]), { instances: ['graviton3'] });
    expect(JSON.stringify(r.structured)).not.toContain('build-sve-not-portable');
    expect(scanInput.safeParse({ instances: ['graviton9'] }).success).toBe(false);
  });
});
