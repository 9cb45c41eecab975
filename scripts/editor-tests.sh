#!/usr/bin/env bash
# End-to-end tests of `emend lsp` in real editors. Installs what is missing
# from Debian's packages (root, as on CI). Usage: scripts/editor-tests.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
emend=$(realpath "${1:-target/debug/emend}")
[ -x "$emend" ] || { echo "no emend binary at $emend: run cargo build first" >&2; exit 1; }

if ! command -v nvim >/dev/null; then
  echo "installing neovim"
  apt-get update -qq && apt-get install -y -qq neovim >/dev/null
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r seeds/frus1964-68v03 "$scratch/"

echo "neovim $(nvim --version | head -1)"
XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state" \
EMEND="$emend" VOLUME="$scratch/frus1964-68v03" \
  timeout 120 nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/neovim_e2e.lua'
