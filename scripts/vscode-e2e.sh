#!/usr/bin/env bash
# End-to-end test of the VS Code extension in real VS Code: code-server
# (VS Code 1.99 served to a browser) in Debian's headless Chromium, driven by
# puppeteer-core (tests/editors/vscode_e2e.js). Loopback only.
#
# Usage: scripts/vscode-e2e.sh [BINARY] [VSIX]
#   BINARY  the emend binary (default target/debug/emend), given as emend.path
#   VSIX    the packaged extension (default target/editors/emend.vsix, built by
#           scripts/vscode-extension.sh)
#
# Installs what is missing: Debian's chromium, ripgrep and the headers
# code-server's native modules build against (apt-get, as root, as on CI), and
# code-server and puppeteer-core from tests/editors/vscode/package-lock.json
# (npm ci) under target/editors/vscode-e2e. Screenshots go to target/editors/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
emend=$(realpath "${1:-target/debug/emend}")
vsix=$(realpath "${2:-target/editors/emend.vsix}")
[ -x "$emend" ] || { echo "no emend binary at $emend: run cargo build first" >&2; exit 1; }
[ -f "$vsix" ] || { echo "no extension at $vsix: run scripts/vscode-extension.sh first" >&2; exit 1; }

out="$root/target/editors"
harness="$out/vscode-e2e"
mkdir -p "$out" "$harness"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(make g++)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# code-server and puppeteer-core, once per version of the lock file.
stamp="$harness/.installed"
lock_sum=$(sha256sum tests/editors/vscode/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ] || [ ! -x "$harness/node_modules/.bin/code-server" ]; then
  echo "installing code-server and puppeteer-core (npm ci; a few minutes)"
  cp tests/editors/vscode/package.json tests/editors/vscode/package-lock.json "$harness/"
  # code-server's @vscode/ripgrep downloads rg from the web at install time;
  # give it Debian's rg in the cache it looks in first.
  tmp="$harness/tmp"
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  # As root, the install scripts need unsafe-perm; node-pty's build needs yes.
  (cd "$harness" && TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
     npm ci --foreground-scripts --no-audit --no-fund >"$harness/install.log" 2>&1) || {
    tail -40 "$harness/install.log" >&2; echo "npm ci of code-server failed (log: $harness/install.log)" >&2; exit 1; }
  echo "$lock_sum" >"$stamp"
fi
code_server="$harness/node_modules/.bin/code-server"
scratch=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# The edition the test opens: a copy of the example volume.
mkdir -p "$scratch/edition"
cp -r seeds/frus1964-68v03 "$scratch/edition/"
# and a FRUS TEI volume as it is, beside it (in a folder whose problems the
# Problems panel lists after the example's).
mkdir -p "$scratch/edition/volumes"
cp tests/fixtures/tei-volumes/frus1952-54Guat/excerpt.xml "$scratch/edition/volumes/frus1952-54Guat.xml"

# Nothing of code-server's goes to the home folder.
printf 'auth: none\n' >"$scratch/config.yaml"
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
echo "code-server $("$code_server" --config "$scratch/config.yaml" --version | head -1)"
chromium --version 2>/dev/null
user_data="$scratch/user-data"
extensions="$scratch/extensions"
mkdir -p "$user_data/User"
# (code-server's extension host takes its PATH from a login shell, so the
# binary is given by emend.path; finding it on the PATH is a unit test of
# the extension.)
# The example keeps the published text's straight apostrophes and untagged
# signatures; their findings (quote-straight, quote-mixed, signed-name) are switched
# off so that the Problems panel shows the findings the test looks for without
# scrolling.
cat >"$user_data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "window.commandCenter": false,
  "chat.commandCenter.enabled": false,
  "workbench.colorTheme": "Default Light Modern",
  "editor.fontSize": 13,
  "editor.minimap.enabled": false,
  "emend.path": "$emend",
  "emend.severity": { "person-unused": "warning", "quote-straight": "off", "quote-mixed": "off", "signed-name": "off" }
}
JSON

cs=("$code_server" --config "$scratch/config.yaml" --user-data-dir "$user_data" --extensions-dir "$extensions")
timeout 120 "${cs[@]}" --install-extension "$vsix" >"$scratch/install-extension.log" 2>&1 || {
  cat "$scratch/install-extension.log" >&2; echo "installing $vsix failed" >&2; exit 1; }
grep -q "emend" <("${cs[@]}" --list-extensions) || { echo "the extension is not installed" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${cs[@]}" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$scratch/edition" >"$out/code-server.log" 2>&1 &
server_pid=$!
# Until code-server answers (slow on a loaded machine); the test must not
# start against a server that is not up.
deadline=$((SECONDS + 90))
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=2)" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/code-server.log" >&2; echo "code-server exited" >&2; exit 1; }
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -20 "$out/code-server.log" >&2
    echo "code-server did not answer on 127.0.0.1:$port/healthz within 90 s" >&2
    exit 1
  fi
  sleep 0.2
done

NODE_PATH="$harness/node_modules" URL="http://127.0.0.1:$port/" SHOTS="$out" \
  timeout 300 node tests/editors/vscode_e2e.js
