#!/usr/bin/env bash
# Tests of emend in real editors. Installs what is missing from Debian's
# packages (root, as on CI) and from the npm registry (npm ci, from the
# lock files). Usage: scripts/editor-tests.sh [BINARY]   (default target/debug/emend)
#
#   neovim   tests/editors/neovim_e2e.lua: the plugin in editors/neovim in
#            Neovim's own LSP client (Debian's 0.7), headless
#   emacs    tests/editors/eglot_e2e.el: editors/emacs/emend.el with eglot
#            (Debian's emacs-nox + elpa-eglot), batch mode
#   vscode   scripts/vscode-extension.sh (grammar tests, .vsix) and
#            scripts/vscode-e2e.sh (the .vsix in code-server in Chromium)
#
# EDITORS="neovim emacs" runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
emend=$(realpath "${1:-target/debug/emend}")
[ -x "$emend" ] || { echo "no emend binary at $emend: run cargo build first" >&2; exit 1; }
editors=${EDITORS:-neovim emacs vscode}

wanted() { [[ " $editors " == *" $1 "* ]]; }
summary=()
timed() {
  local name=$1; shift
  local start; start=$(date +%s%N)
  printf '\n--> %s\n' "$name"
  "$@"
  local ms=$((($(date +%s%N) - start) / 1000000))
  summary+=("$(printf '%-28s %4d.%02ds' "$name" $((ms / 1000)) $((ms % 1000 / 10)))")
}

missing=()
wanted neovim && ! command -v nvim >/dev/null && missing+=(neovim)
if wanted emacs; then
  command -v emacs >/dev/null || missing+=(emacs-nox)
  ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || missing+=(elpa-eglot)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r seeds/frus1964-68v03 "$scratch/"
# A FRUS TEI volume as it is, and other XML beside it.
mkdir -p "$scratch/tei"
cp tests/fixtures/tei-volumes/frus1952-54Guat/excerpt.xml "$scratch/tei/frus1952-54Guat.xml"
printf '<?xml version="1.0"?>\n<settings/>\n' >"$scratch/tei/settings.xml"

neovim() {
  echo "$(nvim --version | head -1)"
  XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state" XDG_CONFIG_HOME="$scratch/config" \
  EMEND="$emend" VOLUME="$scratch/frus1964-68v03" TEI="$scratch/tei/frus1952-54Guat.xml" PLUGIN=editors/neovim \
    timeout 120 nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/neovim_e2e.lua'
}

emacs_eglot() {
  echo "$(emacs --version | head -1), eglot $(ls -d /usr/share/emacs/site-lisp/elpa/eglot-* | sed 's/.*eglot-//')"
  HOME="$scratch/home" EMEND="$emend" VOLUME="$scratch/frus1964-68v03" TEI="$scratch/tei/frus1952-54Guat.xml" EMEND_EL=editors/emacs \
    timeout 120 emacs -Q --batch -l tests/editors/eglot_e2e.el
}

wanted neovim && timed "neovim (0.7, headless)" neovim
wanted emacs && timed "emacs (eglot, batch)" emacs_eglot
if wanted vscode; then
  timed "vscode extension (.vsix)" bash scripts/vscode-extension.sh
  timed "vscode (code-server e2e)" bash scripts/vscode-e2e.sh "$emend" target/editors/emend.vsix
fi

printf '\neditor tests, seconds:\n'
printf '  %s\n' "${summary[@]}"
