// The engine's prefilters: a rule's per-kind test gates it before its own prefilter, and a RegExp shared by
// several rules is tested once per file.
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/core/config';
import type { FileKind } from '../../server/src/core/types';
import { memoryFileSystem } from '../../server/src/core/workspace';
import type { Rule } from '../../server/src/rules/rule';

class CountingRegExp extends RegExp {
  calls = 0;
  override test(s: string): boolean { this.calls++; return super.test(s); }
}

function probeRule(id: string, cgo: RegExp, prefilter: RegExp, checked: string[]): Rule {
  return {
    meta: { id, defaultSeverity: 'warning', category: 'arch-source', kinds: ['c', 'go'], description: id },
    prefilter,
    prefilterByKind: { go: cgo },
    check(ctx) { checked.push(`${id}:${ctx.kind}`); },
  };
}

function run(rules: Rule[], kind: FileKind, text: string): void {
  const path = kind === 'go' ? '/ws/a.go' : '/ws/a.c';
  analyzeFile({ path, text, kind, config: defaultConfig, root: '/ws', fs: memoryFileSystem({ [path]: text }), rules, sharedCache: new Map() });
}

describe('prefilterByKind', () => {
  it('skips a rule whose kind test fails, and tests a shared RegExp once', () => {
    const cgo = new CountingRegExp('^import[ \\t]+"C"', 'm');
    const checked: string[] = [];
    const rules = [probeRule('one', cgo, /long double/, checked), probeRule('two', cgo, /double/, checked)];

    run(rules, 'go', 'package p\n// long double\nfunc f() {}\n');
    expect(checked).toEqual([]);
    expect(cgo.calls).toBe(1);

    run(rules, 'go', 'package p\n// long double x;\nimport "C"\n');
    expect(checked).toEqual(['one:go', 'two:go']);
    expect(cgo.calls).toBe(2);
  });

  it('does not apply to other kinds', () => {
    const cgo = new CountingRegExp('^import[ \\t]+"C"', 'm');
    const checked: string[] = [];
    run([probeRule('one', cgo, /long double/, checked)], 'c', 'long double x;\n');
    expect(checked).toEqual(['one:c']);
    expect(cgo.calls).toBe(0);
  });

  it('still applies the rule\'s own prefilter', () => {
    const checked: string[] = [];
    run([probeRule('one', /import "C"/, /long double/, checked)], 'go', 'package p\nimport "C"\n');
    expect(checked).toEqual([]);
  });
});
