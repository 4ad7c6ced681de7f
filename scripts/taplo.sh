#!/usr/bin/env bash
# Prints the path of a Taplo CLI (the TOML toolkit that checks a file against
# a JSON Schema), installing @taplo/cli from the npm registry into
# tests/schema/node_modules when none is there yet. Nothing is installed
# globally and nothing installed is committed.
# Exit 77 (the test-skip code) when there is no Taplo and no npm, or the
# npm registry cannot be reached.
# Usage: scripts/taplo.sh    (TAPLO=/path/to/taplo to use a given one)
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.7.0
prefix=tests/schema
local_bin="$PWD/$prefix/node_modules/.bin/taplo"

if [ -n "${TAPLO:-}" ]; then
  echo "$TAPLO"
  exit 0
fi
if [ -x "$local_bin" ]; then
  echo "$local_bin"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "taplo: npm is not installed, cannot install @taplo/cli" >&2
  exit 77
fi
echo "taplo: installing @taplo/cli@$version into $prefix/node_modules" >&2
# Bounded: where the registry is unreachable (CI may only reach Debian's mirror)
# npm's own retries could otherwise take longer than the test's timeout.
if ! timeout 120 npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
  --fetch-timeout=30000 --fetch-retries=1 "@taplo/cli@$version" >&2; then
  echo "taplo: npm install failed (is the npm registry reachable?)" >&2
  exit 77
fi
if [ ! -x "$local_bin" ]; then
  echo "taplo: @taplo/cli installed, but $local_bin is missing" >&2
  exit 77
fi
echo "$local_bin"
