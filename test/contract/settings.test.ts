// One settings schema: package.json contributes.configuration and the zod schema (engine/config.ts)
// name the same settings with the same defaults.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configSchema, defaultConfig } from '../../server/src/engine/config';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
const props: Record<string, { default?: unknown }> = pkg.contributes.configuration.properties;

describe('settings contract', () => {
  it('package.json settings == zod schema keys', () => {
    const fromPackage = Object.keys(props).map((k) => k.replace(/^arm64port\./, '')).sort();
    expect(fromPackage).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('defaults agree', () => {
    for (const [k, v] of Object.entries(props)) {
      expect([k, v.default]).toEqual([k, (defaultConfig as Record<string, unknown>)[k.replace(/^arm64port\./, '')]]);
    }
  });
});
