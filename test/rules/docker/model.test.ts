// The Dockerfile model shared by the container rules (and usable by the CI rules).
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../helpers/ruleTester';
import { parseDockerfile, variableRefs, PLATFORM_ARGS } from '../../../server/src/lang/dockerfile/model';

const DF = [
  '# syntax=docker/dockerfile:1',
  'ARG GO=1.22',
  'FROM --platform=$BUILDPLATFORM golang:${GO} AS build',
  'ARG TARGETARCH',
  'RUN --mount=type=cache,target=/root/.cache GOARCH=$TARGETARCH go build -o /app',
  'RUN <<EOF',
  'echo "arch: $TARGETARCH"',
  'EOF',
  'FROM build AS test',
  'RUN ["go", "test"]',
  'FROM --platform=linux/amd64 alpine',
  '',
].join('\n');

describe('parseDockerfile', () => {
  // Parsed after tree-sitter is ready (RUN shells need the bash grammar).
  let m: ReturnType<typeof parseDockerfile>;
  beforeAll(async () => { await ready(); m = parseDockerfile(DF); });
  it('stages, names, platforms, parents', () => {
    expect(m.stages.map((s) => [s.name, s.image, s.platform?.kind ?? 'none', s.parent, s.constantArch])).toEqual([
      ['build', 'golang:${GO}', 'build', undefined, undefined],
      ['test', 'build', 'none', 0, undefined],
      [undefined, 'alpine', 'constant', undefined, 'amd64'],
    ]);
    expect(m.globalArgs.map((a) => [a.name, a.value])).toEqual([['GO', '1.22']]);
  });
  it('ARG scope per stage', () => {
    const run = m.runs[0];
    expect(m.declaredInStage(0, 'TARGETARCH', run.start)).toBe(true);
    expect(m.declaredInStage(1, 'TARGETARCH', m.runs[2].start)).toBe(false);
  });
  it('RUN shell text with file offsets: flags skipped, heredoc body, exec form', () => {
    const [shellRun, heredoc, exec] = m.runs;
    expect(DF.slice(shellRun.start, shellRun.start + shellRun.text.length)).toBe(shellRun.text);
    expect(shellRun.text.startsWith('GOARCH=$TARGETARCH')).toBe(true);
    expect(shellRun.shell!.commands.find((c) => c.name === 'go')!.assignments[0].name).toBe('GOARCH');
    expect(heredoc.form).toBe('heredoc');
    expect(heredoc.text).toBe('echo "arch: $TARGETARCH"\n');
    expect(DF.slice(heredoc.start, heredoc.start + heredoc.text.length)).toBe(heredoc.text);
    expect(exec.form).toBe('exec');
    expect(exec.shell).toBeUndefined();
  });
  it('variableRefs finds $X, ${X} and ${X:-d}', () => {
    expect(variableRefs('a $TARGETARCH ${TARGETOS} ${BUILDARCH:-x} $TARGETARCHX', PLATFORM_ARGS).map((r) => r.name)).toEqual(['TARGETARCH', 'TARGETOS', 'BUILDARCH']);
  });
  it('a RUN starting with `[` is exec form only when it is a JSON array of strings', () => {
    const m2 = parseDockerfile('FROM a\nRUN [ -f /etc/os-release ] && echo ok\nRUN ["sh", \\\n  "-c", "echo"]\nRUN [1, 2]\n');
    expect(m2.runs.map((r) => r.form)).toEqual(['shell', 'exec', 'shell']);
    expect(m2.runs[0].shell!.commands.map((c) => c.name)).toEqual(['echo']);
    expect(m2.runs[0].shell!.commands[0].guards?.guard.text).toBe('[ -f /etc/os-release ]');
  });
  it('instructionAt, runOf, stageAt', () => {
    const at = DF.indexOf('go build');
    expect(m.instructionAt(at)?.keyword).toBe('RUN');
    expect(m.runOf(m.instructionAt(at)!)?.form).toBe('shell');
    expect(m.instructionAt(0)).toBeUndefined();
    expect(m.stageAt(at)?.name).toBe('build');
    expect(m.stageAt(DF.length)?.index).toBe(2);
  });
  it('templates are flagged', () => {
    expect(parseDockerfile('FROM {{ .Values.image }}\n').isTemplate).toBe(true);
  });
});
