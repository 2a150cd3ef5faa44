#!/usr/bin/env bash
# The project's whole test run, on a fresh machine or a warm one: installs what the tests need
# (npm packages, cross compilers and clang for the C oracle, code-server and Chromium for the
# end-to-end test), type-checks, runs the unit/oracle/LSP tests, then the end-to-end test in VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "test: Go (>= 1.23) is required for the layout oracle and the quick-fix checks" >&2; exit 2; }
[ -d node_modules/web-tree-sitter ] || npm install --no-audit --no-fund
bash test/oracle/c/install.sh
bash scripts/install-test-tools.sh
node scripts/copy-grammars.mjs
npx tsc -p tsconfig.json
# eslint with typescript-eslint (eslint.config.mjs says which rules and why).
npx eslint .
# Two steps (vitest.config.ts): the unit, LSP, CLI and rule tests, then the suites that run real compilers,
# the Go standard library and real code bases; each step's wall time is printed.
for project in unit heavy; do
  start=$SECONDS
  npx vitest run --project "$project"
  echo "test: vitest --project $project took $((SECONDS - start)) s"
done
# Every reorder offered on the Go standard library, applied to a copy of GOROOT: gofmt, go build std, go vet, sizes.
bash scripts/prove-std-fixes.sh
# Every reorder offered on five real Go modules (docs/fix-safety.md): build/vet on 4 arches, tests on amd64+386, sizes.
bash scripts/prove-module-fixes.sh
if [ "${ARM64PORT_SKIP_E2E:-}" = "1" ]; then echo "test: end-to-end test skipped (ARM64PORT_SKIP_E2E=1)"; exit 0; fi
bash test/e2e/run.sh
