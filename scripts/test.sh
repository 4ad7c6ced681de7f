#!/usr/bin/env bash
# Installs what is missing, builds linkform with warnings as errors, and runs every test.
# Usage: scripts/test.sh            (build directory: build/)
#        LINKFORM_SANITIZE=1 scripts/test.sh   (AddressSanitizer + UBSan build in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh

build_dir=build
extra=()
if [ "${LINKFORM_SANITIZE:-0}" = "1" ]; then
  build_dir=build-asan
  extra+=(-DLINKFORM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
fi

cmake -S . -B "$build_dir" -DLINKFORM_WERROR=ON "${extra[@]}"
cmake --build "$build_dir" -j2
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 300
