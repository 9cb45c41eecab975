#!/usr/bin/env bash
# Builds the release binary of an earlier commit, for
# `cargo bench --bench check_throughput -- --baseline target/baseline/COMMIT/emend`:
# the cost of what was added since, measured in one run on one machine.
#
#   scripts/build-baseline.sh f8432b5     # the last commit before the Schematron rules
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short "${1:?usage: scripts/build-baseline.sh COMMIT}")
out="target/baseline/$commit"
if [ -x "$out/emend" ]; then
  echo "$out/emend"
  exit 0
fi
tree="target/baseline/src-$commit"
rm -rf "$tree"
mkdir -p "$tree"
git archive "$commit" | tar -x -C "$tree"
CARGO_TARGET_DIR="$PWD/target/baseline/target" cargo build --release --locked --bin emend \
  --manifest-path "$tree/Cargo.toml" >&2
mkdir -p "$out"
cp "target/baseline/target/release/emend" "$out/emend"
rm -rf "$tree"
echo "$out/emend"
