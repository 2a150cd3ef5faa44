#!/usr/bin/env bash
# Proof run (part of npm test, about 2 minutes): applies every go-struct-padding reorder the tool offers
# on the Go standard library to a copy of GOROOT, then checks that the result is gofmt-clean, that
# `go build std` and `go vet` of the touched packages pass with that GOROOT, and that the compiler's
# sizes (the oracle, run against the copy) equal the promised ones.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d /tmp/stdfix.XXXXXX)
SRC_GOROOT=$(go env GOROOT)
cp -r "$SRC_GOROOT" "$WORK/go"
export GOROOT="$WORK/go" PATH="$WORK/go/bin:$PATH" GOFLAGS=-mod=mod
node bin/arm64-port.js scan "$WORK/go/src" --format json --fail-on never > "$WORK/before.json"
node scripts/prove-std-fixes.mjs apply "$WORK/before.json" "$WORK/go/src" > "$WORK/promises.json"
unformatted=$(gofmt -l $(node -e 'for (const p of require(process.argv[1]).files) console.log(p)' "$WORK/promises.json"))
if [ -n "$unformatted" ]; then echo "gofmt: not clean: $unformatted"; exit 1; fi
echo "gofmt: clean"
echo "go build std:"; go build std && echo "  ok"
echo "go vet (touched packages):"; (cd "$WORK/go/src" && go vet $(node -e 'for (const p of require(process.argv[1]).packages) console.log(p)' "$WORK/promises.json")) && echo "  ok"
sh test/oracle/go/golayout.sh -std > "$WORK/after.json"
node scripts/prove-std-fixes.mjs check "$WORK/promises.json" "$WORK/after.json"
rm -rf "$WORK"
echo "std-fixes: 1 passed, 0 failed"
