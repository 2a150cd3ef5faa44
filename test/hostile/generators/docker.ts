// Hostile Dockerfiles: one dimension grows per series, and a known hazard sits at the end of the file so a
// test can check it is still reported. The largest bench size of each series used to take seconds or more.
import { runHostile, type HostileRun, type HostileSeries } from '../harness';

/** What a series must still report (every family's generators use these). */
export interface Expected {
  rule: string;
  /** The finding covers the last occurrence of this text in the file (the hazard placed at the end). */
  last?: string;
  /** How many findings of the rule, for series that repeat the hazard. */
  count?: (n: number) => number;
}
export type ExpectedSeries = HostileSeries & { reports: Expected[]; /** Log line that may stand for missing findings. */ tooDeep?: RegExp };

/**
 * Runs a series at size n (its largest bench size by default) through every rule, and lists what is wrong:
 * rules that failed or were stopped, and expected findings missing (unless the log explains, see tooDeep).
 */
export function unmet(s: ExpectedSeries, n = s.bench[s.bench.length - 1]): { run: HostileRun; problems: string[] } {
  const files = s.files(n);
  const [first] = Object.keys(files);
  const text = files[first];
  const run = runHostile(files, { only: [first] }).get(first)!;
  const problems = run.failures.map((f) => `failure: ${f}`);
  for (const want of s.reports) {
    const found = run.findings.filter((f) => f.ruleId === want.rule);
    if (found.length === 0 && s.tooDeep && run.log.some((l) => s.tooDeep!.test(l))) continue;
    if (found.length === 0) { problems.push(`no ${want.rule} finding`); continue; }
    if (want.count && found.length !== want.count(n)) problems.push(`${found.length} ${want.rule} findings, not ${want.count(n)}`);
    if (want.last) {
      const at = text.lastIndexOf(want.last);
      if (!found.some((f) => f.start <= at + want.last!.length && at < f.end)) problems.push(`${want.rule} misses the last ${want.last}`);
    }
  }
  return { run, problems };
}

/** The hazard most series end with: docker-hardcoded-arch reports its `amd64`. */
export const DOWNLOAD = 'curl -LO https://example.com/tool-linux-amd64.tar.gz';
const LINES = [2000, 4000, 8000, 16000, 32000, 64000];
const MANY = [1000, 2000, 4000, 8000, 16000];
const NEST = [250, 500, 1000, 2000, 4000];
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');
const dockerfile = (text: string) => ({ Dockerfile: text });
const DOWNLOAD_REPORTED: Expected = { rule: 'docker-hardcoded-arch', last: 'amd64' };

export const series: ExpectedSeries[] = [
  {
    // A left-deep `&&` list as deep as it is long: walking up from each command was cubic.
    name: 'dockerfile: continuation lines',
    files: (n) => dockerfile(`FROM ubuntu\nRUN echo a \\\n${'  && echo b \\\n'.repeat(n)}  && ${DOWNLOAD}\n`),
    bench: LINES, reports: [DOWNLOAD_REPORTED],
  },
  {
    // `[ ... ] && a && b ...`: each command is guarded by the text of the chain before it.
    name: 'dockerfile: continuation lines after a test',
    files: (n) => dockerfile(`FROM ubuntu\nRUN [ -f /etc/os-release ] \\\n${'  && echo b \\\n'.repeat(n)}  && ${DOWNLOAD}\n`),
    bench: LINES, reports: [DOWNLOAD_REPORTED],
  },
  {
    name: 'dockerfile: many stages',
    files: (n) => dockerfile(lines(n, (i) => `FROM alpine:3.19 AS s${i}\nRUN echo ${i}\n`) + `FROM --platform=linux/amd64 ubuntu AS final\nRUN ${DOWNLOAD}\n`),
    bench: MANY, reports: [{ rule: 'docker-platform-constant', last: '--platform=linux/amd64' }],
  },
  {
    // Each stage builds on the one before: ARG/ENV scope look-ups follow the chain of parents.
    name: 'dockerfile: chain of stages',
    files: (n) => dockerfile(`FROM alpine AS s0\nENV E0=1\n${lines(n, (i) => `FROM s${i} AS s${i + 1}\nRUN echo $TARGETARCH\n`)}RUN ${DOWNLOAD}\n`),
    bench: MANY, reports: [DOWNLOAD_REPORTED, { rule: 'docker-targetarch-undeclared', count: (n) => n }],
  },
  {
    // ARG/ENV/RUN with $TARGETARCH in one stage: scope look-ups per use.
    name: 'dockerfile: many instructions',
    files: (n) => dockerfile(`FROM ubuntu\n${lines(n, (i) => `ARG A${i}\nENV E${i}=1\nRUN echo $TARGETARCH $A${i}\n`)}RUN ${DOWNLOAD}\n`),
    bench: MANY, reports: [DOWNLOAD_REPORTED, { rule: 'docker-targetarch-undeclared', count: (n) => n }],
  },
  {
    name: 'dockerfile: many downloads',
    files: (n) => dockerfile(`FROM ubuntu\n${lines(n, (i) => `RUN curl -LO https://example.com/v${i}/tool-linux-amd64.tar.gz\n`)}`),
    bench: MANY, reports: [{ ...DOWNLOAD_REPORTED, count: (n) => n }],
  },
  {
    name: 'dockerfile: many GOARCH settings',
    files: (n) => dockerfile(`FROM golang:1.22\n${lines(n, (i) => `ENV GOARCH=amd64 V${i}=1\n`)}RUN ${DOWNLOAD}\n`),
    bench: MANY, reports: [DOWNLOAD_REPORTED, { rule: 'docker-goarch-hardcoded', count: (n) => n }],
  },
  {
    // One command with many download URLs: each fix rewrites every mention of the spelling.
    name: 'dockerfile: very long single line',
    files: (n) => dockerfile(`FROM ubuntu\nRUN curl${lines(n, (i) => ` -LO https://example.com/v${i}/tool-linux-amd64.tar.gz`)}\n`),
    bench: MANY, reports: [{ ...DOWNLOAD_REPORTED, count: (n) => n }],
  },
  {
    name: 'dockerfile: deep $(...) nesting',
    files: (n) => dockerfile(`FROM ubuntu\nRUN echo ${'$(echo '.repeat(n)}x${')'.repeat(n)} && ${DOWNLOAD}\n`),
    bench: NEST, reports: [DOWNLOAD_REPORTED],
  },
  {
    name: 'dockerfile: deep ${...} nesting',
    files: (n) => dockerfile(`FROM ubuntu\nRUN echo ${'${A:-'.repeat(n)}x${'}'.repeat(n)} && ${DOWNLOAD}\n`),
    bench: NEST, reports: [DOWNLOAD_REPORTED],
  },
  {
    name: 'dockerfile: deep if nesting in a heredoc',
    files: (n) => dockerfile(`FROM ubuntu\nRUN <<EOF\n${'if [ -n "$A" ]; then\n'.repeat(n)}${DOWNLOAD}\n${'fi\n'.repeat(n)}EOF\n`),
    bench: NEST, reports: [DOWNLOAD_REPORTED],
  },
];
