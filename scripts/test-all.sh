#!/usr/bin/env bash
# Runs every test of emend: the grammar (generated parser up to date, corpus
# tests, highlight queries, also the editors' copies), formatting, lints, the
# Rust test suites, and the tests in real editors (scripts/editor-tests.sh).
# Installs the tree-sitter CLI from crates.io when it is missing, Saxon-HE from
# Debian for the Schematron comparison, and what the editor tests need from
# Debian and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

TREE_SITTER_VERSION=0.27.1
export PATH="$HOME/.cargo/bin:$PATH"
# The CLI caches the compiled grammar by name; a cache of this checkout's own
# keeps another checkout's build of the same grammar from being used.
export TREE_SITTER_LIBDIR="$PWD/target/tree-sitter-lib"
mkdir -p "$TREE_SITTER_LIBDIR"

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
# The grammar's queries, Neovim's copy of them, and Helix's (other names).
if ! cmp -s grammar/queries/highlights.scm editors/neovim/queries/emend/highlights.scm; then
  echo "editors/neovim/queries/emend/highlights.scm differs from grammar/queries/highlights.scm: copy it" >&2
  exit 1
fi
for q in queries/highlights.scm ../editors/helix/queries/emend/highlights.scm; do
  for f in seeds/frus1964-68v03/*.emd; do
    (cd grammar && tree-sitter query "$q" "../$f" >/dev/null)
  done
done
python3 -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], "rb"))' editors/helix/languages.toml
echo "ok"

step "cargo fmt"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

step "cargo test (with FRUS's Schematron on Saxon beside emend)"
# tests/schematron_parity.rs runs the peer's compiled rules with Saxon-HE.
if [ ! -f /usr/share/java/Saxon-HE.jar ] || ! command -v java >/dev/null; then
  echo "installing libsaxonhe-java"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libsaxonhe-java default-jre-headless >/dev/null
fi
EMEND_REQUIRE_SAXON=1 cargo test --locked

step "editors: Neovim, Emacs (eglot), VS Code (code-server in Chromium)"
bash scripts/editor-tests.sh target/debug/emend
