// docker-go-cross-no-goarch: fixtures, and the fixed RUN run with the real go tool as BuildKit would run it for
// linux/arm64 (TARGETOS/TARGETARCH in the environment by `ARG`), asking go which platform it builds for.
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { ruleTable } from '../build/table';
import { parseDockerfile } from '../../../server/src/lang/dockerfile/model';
import { rule } from '../../../server/src/rules/docker/docker-go-cross-no-goarch';

/**
 * The RUN holding `go build`, run by sh with `go` answering `go env GOOS GOARCH` (the real go tool, with the
 * environment the RUN gives it) and the build platform's environment cleared: what the go build would target.
 */
function goTarget(dockerfile: string, args: Record<string, string>): string {
  const run = parseDockerfile(dockerfile).runs.find((r) => /\bgo (build|install)\b/.test(r.text))!;
  const declared = new Set(parseDockerfile(dockerfile).stageArgs.map((a) => a.name));
  const env: Record<string, string> = { PATH: process.env.PATH!, HOME: process.env.HOME!, GOTOOLCHAIN: 'local', GOFLAGS: '' };
  // BuildKit passes an automatic platform ARG to RUN only when the stage declares it.
  for (const [k, v] of Object.entries(args)) if (declared.has(k)) env[k] = v;
  const script = `go() { command go env GOOS GOARCH | tr '\\n' ' '; }\n${run.text}`;
  return execFileSync('sh', ['-c', script], { env, encoding: 'utf8' }).trim();
}
const ARM64 = { TARGETOS: 'linux', TARGETARCH: 'arm64', TARGETPLATFORM: 'linux/arm64' };
const hostGo = () => execFileSync('go', ['env', 'GOOS', 'GOARCH'], { env: { PATH: process.env.PATH!, HOME: process.env.HOME!, GOTOOLCHAIN: 'local' }, encoding: 'utf8' }).trim().replace(/\n/g, ' ');

ruleTable(rule, [
  { name: 'the Docker docs example without GOOS/GOARCH: fix adds the ARGs and the prefix', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:alpine AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nFROM alpine\nCOPY --from=build /app/server /server\nENTRYPOINT ["/server"]\n',
    ranges: ['4:5-4:13'], message: /stage 1 \(line 6\) copies the binary.*exec format error/,
    fixed: 'FROM --platform=$BUILDPLATFORM golang:alpine AS build\nWORKDIR /app\nCOPY . .\nARG TARGETOS\nARG TARGETARCH\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o server .\nFROM alpine\nCOPY --from=build /app/server /server\nENTRYPOINT ["/server"]\n',
    afterFix: (out) => {
      expect(goTarget(out, ARM64)).toBe('linux arm64');
      expect(goTarget(out, { TARGETOS: 'linux', TARGETARCH: 'amd64' })).toBe('linux amd64');
    } },
  { name: 'before the fix the same RUN builds for the build machine', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n',
    ranges: ['3:19-3:27'],
    afterFix: (out) => {
      // The ARGs are declared already: only the prefix is added.
      expect(out).toContain('ARG TARGETOS TARGETARCH\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} CGO_ENABLED=0 go build');
      expect(goTarget(out, ARM64)).toBe('linux arm64');
      expect(goTarget('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n', ARM64)).toBe(hostGo());
    } },
  { name: 'GOOS already set: only GOARCH is added; ${BUILDPLATFORM:-linux/amd64}; COPY by stage index', path: 'Dockerfile',
    text: 'FROM --platform=${BUILDPLATFORM:-linux/amd64} golang:1.22\nENV GOOS=linux\nRUN go build -o /bin/app .\nFROM scratch\nCOPY --from=0 /bin/app /app\n',
    ranges: ['3:5-3:13'],
    fixed: 'FROM --platform=${BUILDPLATFORM:-linux/amd64} golang:1.22\nENV GOOS=linux\nARG TARGETARCH\nRUN GOARCH=${TARGETARCH} go build -o /bin/app .\nFROM scratch\nCOPY --from=0 /bin/app /app\n',
    afterFix: (out) => expect(goTarget(out, ARM64)).toBe('linux arm64') },
  { name: 'go install copied from /go/bin of a stage built on the $BUILDPLATFORM stage', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS base\nRUN go mod download\nFROM base AS tools\nRUN go install github.com/x/tool/cmd/mytool@v1.2.3\nFROM debian:12\nCOPY --from=tools /go/bin/mytool /usr/local/bin/\n',
    ranges: ['4:5-4:15'], message: /built on stage base/ },
  { name: 'a folder copy holding the binary; heredoc RUN', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nWORKDIR /src\nRUN <<EOF\nset -e\ngo build -o bin/srv ./cmd/srv\nEOF\nFROM alpine\nCOPY --from=b /src/bin/ /usr/bin/\n',
    ranges: ['5:1-5:9'] },
  // Not reported.
  { name: 'GOARCH in the same RUN (prefix, export, loop over arches)', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .\nRUN export GOARCH=$TARGETARCH && go build -o /b .\nFROM alpine\nCOPY --from=b /a /b /\n',
    ranges: [] },
  { name: 'GOARCH by ENV, ARG+ENV, in a parent stage, or go env -w', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\nFROM b AS c\nRUN go build -o /a .\nFROM --platform=$BUILDPLATFORM golang:1.22 AS d\nARG TARGETARCH\nRUN go env -w GOARCH=$TARGETARCH\nRUN go build -o /d .\nFROM alpine\nCOPY --from=c /a /a\nCOPY --from=d /d /d\n',
    ranges: [] },
  { name: 'xx-go --wrap, and xx-go build', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx\nFROM --platform=$BUILDPLATFORM golang:1.22 AS b\nCOPY --from=xx / /\nARG TARGETPLATFORM\nRUN xx-go --wrap\nRUN go build -o /a .\nRUN xx-go build -o /b .\nFROM alpine\nCOPY --from=b /a /b /\n',
    ranges: [] },
  { name: 'a build tool installed and run in the build stage, never copied out', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETARCH\nRUN GOBIN=/usr/local/bin go install github.com/google/go-licenses@latest\nRUN GOARCH=$TARGETARCH go build -o /app . && go-licenses save --save_path=/L .\nFROM alpine\nCOPY --from=b /app /app\nCOPY --from=b /L /L\n',
    ranges: [] },
  { name: 'the build script is not visible (make, ./build.sh): not reported', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nWORKDIR /src\nRUN make build && ./hack/build.sh\nFROM alpine\nCOPY --from=b /src/bin/app /app\n',
    ranges: [] },
  { name: 'a sourced file before the build may set GOARCH', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nRUN . /env.sh && go build -o /app .\nFROM alpine\nCOPY --from=b /app /app\n',
    ranges: [] },
  { name: 'no $BUILDPLATFORM (emulated build: go builds for the target), and a copy into another $BUILDPLATFORM stage', path: 'Dockerfile',
    text: 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM --platform=$BUILDPLATFORM golang:1.22 AS c\nRUN go build -o /c .\nFROM --platform=$BUILDPLATFORM alpine AS d\nCOPY --from=c /c /c\nFROM alpine\nCOPY --from=b /app /app\n',
    ranges: [] },
  { name: 'the copied file is not the binary; go build -o /dev/null; a constant amd64 target stage', path: 'Dockerfile',
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nRUN go build -o /dev/null ./... && go build -o /tool ./cmd/tool && /tool gen > /out.json\nFROM --platform=linux/amd64 alpine AS x\nCOPY --from=b /tool /tool\nFROM alpine\nCOPY --from=b /out.json /\n',
    ranges: [] },
]);
