#!/usr/bin/env bash
# Builds and checks the VS Code extension: install from the lockfile, compile, run the grammar
# tests and package the .vsix. Exits non-zero at the first failing step. Works from any directory.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "npm ci"
npm ci --no-audit --no-fund
step "npm run compile"
npm run compile
step "npm run test:grammar"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
npm run test:grammar 2>&1 | tee "$log" || status=$?
passed=$(grep -c 'run successful' "$log" || true)
failed=$(grep -c ' failed$' "$log" || true)
echo "grammar: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$passed" -eq 0 ]; then
  echo "grammar tests failed" >&2
  exit 1
fi
step "npm run package"
rm -f ./*.vsix
npm run package

vsix=$(ls ./*.vsix)
echo "built ${vsix#./}"
