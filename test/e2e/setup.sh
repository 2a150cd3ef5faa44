#!/usr/bin/env bash
# Installs what the end-to-end test needs: Chromium and build headers from Debian, then code-server (which ships
# VS Code) and playwright-core into <repo>/.e2e/ (git-ignored). Idempotent: every step is skipped when already done,
# and a stamp file makes a warm run return at once. Safe on a fresh Debian 12 machine as root without stdin.
# Why the manual steps: code-server's postinstall downloads from GitHub, which these machines cannot reach,
# so we install with --ignore-scripts and build its native modules against the local Node headers ourselves.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # last line that runs on Node 20; embeds VS Code 1.100.3
PLAYWRIGHT_RANGE=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/.e2e"
STAMP="$E2E/.setup-done"
STAMP_KEY="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_RANGE node@$(node -p process.versions.node) setup@3"
export DEBIAN_FRONTEND=noninteractive CI="${CI:-true}"

log() { echo "e2e-setup: $*" >&2; }
# Runs a noisy build step with its output in a log file, shown only when it fails.
quiet() { "$@" </dev/null >>"$SETUP_LOG" 2>&1 || { tail -n 40 "$SETUP_LOG" >&2; log "failed: $* (log: $SETUP_LOG)"; exit 1; }; }

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_KEY" && -x /usr/bin/chromium ]]; then
  exit 0
fi
start=$SECONDS

# 1. Debian packages (build tools and headers for the native modules, Chromium for Playwright, ripgrep for search).
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep build-essential python3 git)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq </dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null 2>&1 \
    || $SUDO apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
fi

# Node headers for node-gyp: the directory that holds include/node of the running Node (usually /usr).
NODEDIR="${NODEDIR:-$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")}"
[[ -f "$NODEDIR/include/node/node.h" ]] || { log "no Node headers in $NODEDIR/include/node (set NODEDIR)"; exit 1; }
NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
NODE_GYP="$NPM_DIR/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$NODE_GYP" ]] || NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$NODE_GYP" ]] || { log "node-gyp not found next to npm"; exit 1; }
export npm_config_nodedir="$NODEDIR" npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# 2. code-server and playwright-core in their own package (not the project's dependencies).
mkdir -p "$E2E"
cd "$E2E"
SETUP_LOG="$E2E/setup.log"; : > "$SETUP_LOG"
[[ -f package.json ]] || echo '{ "name": "arm64-port-e2e", "private": true }' > package.json
have_version() { node -p "try { require('./node_modules/$1/package.json').version } catch { '' }"; }
if [[ "$(have_version code-server)" != "$CODE_SERVER_VERSION" || -z "$(have_version playwright-core)" ]]; then
  log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_RANGE"
  quiet npm install --ignore-scripts --save-exact --loglevel=error "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_RANGE"
fi
CS="$E2E/node_modules/code-server"

# 3. Native modules. argon2 (code-server's password hashing): its prebuilt download fails, so build from source.
if ! ls "$E2E"/node_modules/argon2/lib/binding/*/argon2.node >/dev/null 2>&1; then
  log "building argon2"
  (cd "$E2E/node_modules/argon2" && quiet ../.bin/node-pre-gyp install --fallback-to-build --nodedir="$NODEDIR")
fi

VS="$CS/lib/vscode"
if [[ ! -d "$VS/node_modules/@vscode/spdlog" ]]; then
  log "npm install in code-server/lib/vscode"
  (cd "$VS" && quiet npm install --omit=dev --ignore-scripts --loglevel=error)
fi
for m in kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty; do
  if ! find "$VS/node_modules/$m/build/Release" -maxdepth 1 -name '*.node' 2>/dev/null | grep -q .; then
    log "node-gyp rebuild $m"
    (cd "$VS/node_modules/$m" && quiet node "$NODE_GYP" rebuild --nodedir="$NODEDIR")
  fi
done

# ripgrep: its postinstall downloads from GitHub; the Debian binary does the same job.
if [[ ! -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ]]; then
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
fi
# What code-server's postinstall would do: VS Code looks for node_modules.asar.
[[ -e "$VS/node_modules.asar" ]] || ln -s node_modules "$VS/node_modules.asar"

# Built-in extensions (language grammars etc.).
if [[ ! -d "$VS/extensions/node_modules" ]]; then
  log "npm install in code-server/lib/vscode/extensions"
  (cd "$VS/extensions" && quiet npm install --omit=dev --ignore-scripts --loglevel=error)
fi

echo "$STAMP_KEY" > "$STAMP"
log "done in $((SECONDS - start))s"
