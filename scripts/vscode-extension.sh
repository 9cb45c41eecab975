#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode): npm ci from its lock file,
# the TextMate grammar tests (node --test), the TypeScript compile, and
# `vsce package` into target/editors/emend.vsix.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(pwd)/target/editors"
mkdir -p "$out"
cd editors/vscode
npm ci --no-audit --no-fund --loglevel=error
npm test
npx --no-install vsce package --out "$out/emend.vsix" </dev/null
