#!/usr/bin/env bash
# Tools the tests run besides Node and Go: qemu-user (runs GOARCH=arm test binaries). Idempotent.
set -euo pipefail
missing=()
command -v qemu-arm >/dev/null || missing+=(qemu-user)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
