#!/usr/bin/env bash
# Proof run (part of npm test): applies every Reorder fields fix the tool offers to five real Go modules
# at pinned versions (nats-server, prometheus client_golang, bbolt, klauspost/compress, freecache),
# then checks go vet on linux/amd64, arm64, arm and 386, gofmt, the tests of the changed
# packages on amd64 and 386 (the untouched module reruns only what failed), and the promised sizes against go/types.
# Module downloads stay in GOMODCACHE, and a passing module's verdict is cached by its inputs in
# ~/.cache/arm64-port/fix-proof: a warm run only downloads nothing, re-applies the fixes and compares.
# What it proves and the last counts: docs/fix-safety.md.
#   bash scripts/prove-module-fixes.sh [nats-server|client_golang|bbolt|compress|freecache ...]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/prove-module-fixes.mjs "$@"
