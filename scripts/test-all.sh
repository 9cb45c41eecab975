#!/usr/bin/env bash
# Runs every test of emend: the grammar (generated parser up to date, corpus
# tests, highlight queries), formatting, lints, and the Rust test suites.
# Installs the tree-sitter CLI from crates.io when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TREE_SITTER_VERSION=0.27.1
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

if ! tree-sitter --version 2>/dev/null | grep -q "tree-sitter $TREE_SITTER_VERSION"; then
  step "installing tree-sitter-cli $TREE_SITTER_VERSION"
  cargo install --locked tree-sitter-cli --version "$TREE_SITTER_VERSION"
fi

step "grammar: src/ is what tree-sitter generate makes of grammar.js"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r grammar/grammar.js grammar/tree-sitter.json grammar/src "$scratch/"
(cd "$scratch" && tree-sitter generate >/dev/null)
for f in parser.c grammar.json node-types.json; do
  if ! cmp -s "grammar/src/$f" "$scratch/src/$f"; then
    echo "grammar/src/$f is stale: run 'tree-sitter generate' in grammar/ and commit the result" >&2
    exit 1
  fi
done
echo "up to date"

step "grammar: corpus tests"
(cd grammar && tree-sitter test)

step "grammar: highlight queries match the grammar"
for f in seeds/frus1964-68v03/*.emd; do
  (cd grammar && tree-sitter query queries/highlights.scm "../$f" >/dev/null)
done
echo "ok"

step "cargo fmt"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

step "cargo test"
cargo test --locked

step "editors: emend lsp in Neovim"
bash scripts/editor-tests.sh target/debug/emend
