#!/usr/bin/env bash
# End-to-end test in the real VS Code: packages the extension, installs the VSIX into a fresh code-server,
# opens a copy of samples/ and drives the workbench with Playwright in headless Chromium (test/e2e/vscode.e2e.mjs).
# Env: E2E_VSIX=path skips `npm run package`; E2E_SAMPLES=dir replaces samples/; E2E_KEEP=1 keeps the temp dir;
# E2E_README_IMAGES=dir also copies the screenshots the README shows there (`npm run readme-images`).
# Writes only to test/e2e/artifacts/ (ignored), .e2e/ (ignored) and its own temp dir: git status stays clean.
# Always stops code-server; exits non-zero when a check fails. Last line: "e2e: N passed, M failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/test/e2e"
ARTIFACTS="$HERE/artifacts"
CODE_SERVER="$ROOT/.e2e/node_modules/.bin/code-server"
start=$SECONDS

bash "$HERE/setup.sh"

VSIX="${E2E_VSIX:-}"
if [[ -z "$VSIX" ]]; then
  echo "e2e: npm run package" >&2
  (cd "$ROOT" && npm run --silent package </dev/null > "$ROOT/.e2e/package.log" 2>&1) \
    || { tail -n 40 "$ROOT/.e2e/package.log" >&2; echo "e2e: packaging failed" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }
  VSIX="$ROOT/arm64-port.vsix"
fi
[[ -f "$VSIX" ]] || { echo "e2e: no VSIX at $VSIX" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }
SAMPLES="${E2E_SAMPLES:-$ROOT/samples}"
[[ -d "$SAMPLES" ]] || { echo "e2e: no samples folder at $SAMPLES" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/arm64-port-e2e.XXXXXX")"
UD="$TMP/user-data"; EXT="$TMP/extensions"; WS="$TMP/workspace"; SUMMARY="$TMP/summary.json"
mkdir -p "$UD/User" "$EXT" "$ARTIFACTS"
find "$ARTIFACTS" -mindepth 1 ! -name .gitkeep -exec rm -rf {} + # artifacts of this run only
cp -r "$SAMPLES" "$WS"
# code-server keeps config and state under XDG dirs: keep them in the temp dir, not in the user's home. Its
# vscode-ipc-*.sock files, Chromium's profile and everything else that goes to the temporary folder go to one of
# our own, removed with the rest (they used to pile up in /tmp).
mkdir -p "$TMP/tmp"
export XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" TMPDIR="$TMP/tmp"
: > "$TMP/config.yaml"

# Workspace trust stays ON: the folder opens in Restricted Mode (no startup prompt) and the test checks the
# extension still works there, as it declares untrusted-workspace support.
cat > "$UD/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "editor.minimap.enabled": false,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.commandCenter": false,
  "files.autoSave": "off"
}
JSON

CS_ARGS=(--config "$TMP/config.yaml" --user-data-dir "$UD" --extensions-dir "$EXT")
"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" > "$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# Own session (setsid) so that stopping it by its pid as a process group also ends the VS Code server it spawns.
setsid "$CODE_SERVER" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry \
  --disable-update-check --disable-getting-started-override "$WS" > "$TMP/code-server.log" 2>&1 &
CS_PID=$!

status=1
cleanup() {
  if kill -0 "$CS_PID" 2>/dev/null; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || kill -TERM "$CS_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 ]]; then
    # Logs next to the failure screenshots: code-server's and the extension host's (the extension's output channel).
    cp "$TMP/code-server.log" "$ARTIFACTS/" 2>/dev/null || true
    [[ -d "$UD/logs" ]] && cp -r "$UD/logs" "$ARTIFACTS/vscode-logs" 2>/dev/null || true
    # The extension's output channel (language client and server messages) says why it did not work.
    find "$UD/logs" -path '*/exthost*/arm64-port.*/*.log' 2>/dev/null | while read -r f; do
      echo "e2e: --- tail of $f" >&2; tail -n 40 "$f" >&2
    done
    find "$UD/logs" -name remoteexthost.log -exec grep -hiE 'error|fail' {} + 2>/dev/null | tail -n 20 >&2 || true
    echo "e2e: screenshots and logs in $ARTIFACTS" >&2
  fi
  if [[ "${E2E_KEEP:-}" == 1 ]]; then echo "e2e: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

for _ in $(seq 600); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$TMP/code-server.log" >&2; break; }
  sleep 0.1
done

set +e
E2E_PORT="$PORT" E2E_WORKSPACE="$WS" E2E_REPO="$ROOT" E2E_ARTIFACTS="$ARTIFACTS" E2E_SUMMARY="$SUMMARY" \
  node "$HERE/vscode.e2e.mjs"
rc=$?
set -e
passed=0; failed=1
if [[ -f "$SUMMARY" ]]; then
  passed="$(node -p "require('$SUMMARY').passed")"; failed="$(node -p "require('$SUMMARY').failed")"
fi
[[ $rc -eq 0 && $failed -eq 0 ]] && status=0
[[ $rc -ne 0 && $failed -eq 0 ]] && failed=1
cleanup; trap - EXIT
echo "e2e: took $((SECONDS - start))s" >&2
echo "e2e: $passed passed, $failed failed"
exit $status
