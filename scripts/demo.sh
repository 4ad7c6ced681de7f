#!/usr/bin/env bash
# Installs what is missing, builds linkform, and validates examples/quickstart.toml.
# (Once the engine lands, this becomes plan -> apply -> plan against the emulator.)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j2 >/dev/null

echo "\$ linkform validate -c examples/quickstart.toml"
build/cmd/linkform/linkform validate -c examples/quickstart.toml
