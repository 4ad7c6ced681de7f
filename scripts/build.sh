#!/usr/bin/env bash
# Configures and builds one build directory the way scripts/demo.sh and scripts/test.sh share it, so the
# second of them finds everything up to date. Shows progress in steps of about 10 %, and every warning or
# error line; the whole compiler output goes to DIR/build.log.
# Usage: scripts/build.sh [DIR] [CMAKE_ARGS...]   (DIR defaults to build)
#   LINKFORM_BUILD_TARGETS="linkform linkform-emulator" builds only those targets (and what they need) of
#   the same configured directory: scripts/demo.sh builds the two binaries first, scripts/test.sh the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
log="$dir/build.log"
mkdir -p "$dir"
# -g1 (line tables: file and line in a backtrace, no variables) in the default RelWithDebInfo build: full
# -g made the optimised objects take half again as long to compile (cmd/linkform/cli.cpp: 24 s against
# 14 s with -g1, GCC 12). A build for a debugger: pass -DCMAKE_BUILD_TYPE=Debug.
if ! cmake -S . -B "$dir" -DLINKFORM_WERROR=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" "$@" \
  >"$dir/configure.log" 2>&1; then
  cat "$dir/configure.log" >&2
  echo "build: configuring $dir failed (above; also in $dir/configure.log)" >&2
  exit 1
fi
echo "build: $dir (compiler output in $log)"
set +e
targets=()
for t in ${LINKFORM_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$dir" -j2 "${targets[@]}" 2>&1 | tee "$log" | awk '
  /^\[ *[0-9]+%\] (Building|Linking)/ {
    match($0, /[0-9]+%/); p = substr($0, RSTART, RLENGTH - 1) + 0
    if (p >= shown + 10 || (p == 100 && shown < 100)) { printf "build: %3d%%\n", p; shown = p; fflush() }
    next
  }
  /^\[ *[0-9]+%\]/ { next }
  # A static link (scripts/release.sh) warns that glibc calls such as getaddrinfo would need glibc'"'"'s
  # shared NSS modules at run time; linkform never reaches them (c-ares resolves names), so not shown.
  /in statically linked applications requires at runtime/ || /: in function `/ { next }
  /warning:|error:|Error [0-9]|\*\*\*/ { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  echo "build: failed; the last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit "$rc"
fi
grep -q "Building\|Linking" "$log" || echo "build: up to date"
