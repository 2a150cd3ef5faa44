#!/usr/bin/env bash
# Downloads a pinned Go module through the module proxy into the corpus's own module cache and prints its folder:
#   go-module.sh MODULE VERSION [deps]
# The cache is $ARM64PORT_CACHE (default ~/.cache/arm64-port)/corpus-gomod, apart from the user's GOMODCACHE, so
# which imported packages resolve (and so which structs have a known size) depends on the corpus list only.
# With "deps", the modules its go.mod requires are downloaded too (from a copy of go.mod and go.sum: the module's
# own folder is read-only); a marker file makes a second call only print the folder.
set -euo pipefail
mod="$1"; version="$2"; deps="${3:-}"
export GOMODCACHE="${ARM64PORT_CACHE:-$HOME/.cache/arm64-port}/corpus-gomod"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
dir="$(go mod download -json "$mod@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$dir" ] || { echo "go-module.sh: no folder for $mod@$version" >&2; exit 1; }
if [ "$deps" = "deps" ]; then
  marker="$GOMODCACHE/.corpus-deps/$(printf '%s@%s' "$mod" "$version" | tr '/' '!')"
  if [ ! -f "$marker" ]; then
    work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
    cp "$dir/go.mod" "$work/"; [ -f "$dir/go.sum" ] && cp "$dir/go.sum" "$work/"
    chmod u+w "$work"/*
    ( cd "$work" && go mod download >&2 )
    mkdir -p "$(dirname "$marker")"; touch "$marker"
  fi
fi
echo "$dir"
