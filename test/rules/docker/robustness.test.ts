// The Dockerfile and build-file rules must never throw, whatever the input.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, runRules } from '../../helpers/ruleTester';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/core/config';
import { memoryFileSystem } from '../../../server/src/core/workspace';
import { fileKindOf } from '../../../server/src/core/fileKind';
import { ALL_RULES } from '../../../server/src/rules/index';

const ODD: Record<string, string> = {
  empty: '',
  directivesOnly: '# syntax=docker/dockerfile:1\n# escape=`\n',
  escapeBacktick: '# escape=`\nFROM alpine\nRUN curl -LO https://x.io/t-amd64.tgz `\n  && echo $TARGETARCH\n',
  unterminatedHeredoc: 'FROM alpine\nRUN <<EOF\ncurl https://x.io/a-amd64.tgz\n',
  helm: 'FROM {{ .Values.image }}\nRUN curl -LO https://x.io/{{ .Values.arch }}/t-amd64.tgz\n',
  json: 'FROM alpine\nRUN ["sh", "-c", "curl -LO https://x.io/t-amd64.tgz && echo $TARGETARCH"]\n',
  junk: 'FROM\nRUN\nARG\nENV\nFROM --platform= \nRUN "unterminated \\\n',
  unicode: 'FROM alpine\nRUN echo "ünïcödé 🚀" && curl -LO https://x.io/t-amd64.tgz\n',
};

describe('no rule throws on odd Dockerfiles and build files', () => {
  beforeAll(ready);
  for (const [name, text] of Object.entries(ODD)) {
    it(name, () => {
      const logs: string[] = [];
      for (const path of ['Dockerfile', 'Makefile', 'CMakeLists.txt', 'build.sh', 'meson.build']) {
        const abs = `/ws/${path}`;
        // analyzeFile swallows a rule's exception and logs it: a log line means a rule crashed.
        analyzeFile({ path: abs, text, kind: fileKindOf(abs)!, config: defaultConfig, root: '/ws', fs: memoryFileSystem({ [abs]: text }),
          rules: ALL_RULES, sharedCache: new Map(), log: (m) => logs.push(m) });
      }
      expect(logs).toEqual([]);
    });
  }
  it('Helm-like templates are skipped', () => {
    expect(runRules(ALL_RULES, { path: 'Dockerfile', text: ODD.helm })).toEqual([]);
  });
  it('offsets after non-ASCII text are UTF-16 offsets', () => {
    const f = runRules(ALL_RULES, { path: 'Dockerfile', text: ODD.unicode }).find((x) => x.ruleId === 'docker-hardcoded-arch')!;
    expect(ODD.unicode.slice(f.start, f.end)).toBe('amd64');
  });
});
