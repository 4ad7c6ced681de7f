#!/usr/bin/env bash
# Installs what is missing, builds linkform with warnings as errors, and runs every test.
# Usage: scripts/test.sh            (build directory: build/)
#        LINKFORM_SANITIZE=1 scripts/test.sh   (AddressSanitizer + UBSan build in build-asan/)
#
# In CI (CI=true) or with LINKFORM_CI_SANITIZE=1, two more stages follow the normal one:
#  - sanitizers: build-asan/ with -DLINKFORM_SANITIZE=ON (ASan + UBSan, Debug), running the unit and
#    integration suites again there;
#  - fuzzing: scripts/fuzz.sh for LINKFORM_CI_FUZZ_SECONDS (default 10) per target, when a clang that can
#    build linkform is available (scripts/deps.sh --fuzz installs one on Debian 12); skipped otherwise.
# LINKFORM_BUILD_DIR and LINKFORM_ASAN_BUILD_DIR override the two build directories.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh

build_dir="${LINKFORM_BUILD_DIR:-build}"
asan_dir="${LINKFORM_ASAN_BUILD_DIR:-build-asan}"
sanitize_flags=(-DLINKFORM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
extra=()
if [ "${LINKFORM_SANITIZE:-0}" = "1" ]; then
  build_dir="$asan_dir"
  extra+=("${sanitize_flags[@]}")
fi

ci_stages=0
if [ "${CI:-}" = "true" ] || [ "${LINKFORM_CI_SANITIZE:-0}" = "1" ]; then
  ci_stages=1
fi

stage_start=$(date +%s)
stage_times=()
end_stage() {
  local now
  now=$(date +%s)
  stage_times+=("$1: $((now - stage_start)) s")
  stage_start=$now
}

cmake -S . -B "$build_dir" -DLINKFORM_WERROR=ON "${extra[@]}"
cmake --build "$build_dir" -j2
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 300
end_stage "build and test in $build_dir"

if [ "$ci_stages" = "1" ]; then
  if [ "$build_dir" != "$asan_dir" ]; then
    echo "test: sanitizer stage: ASan + UBSan build in $asan_dir"
    cmake -S . -B "$asan_dir" -DLINKFORM_WERROR=ON "${sanitize_flags[@]}"
    cmake --build "$asan_dir" -j2
    # Sanitized code runs several times slower; the fuzz replay tests run every corpus input here too.
    # The fault matrix (144 applies, about 1.5 min unsanitized) ran in the first stage; here it would
    # cost several minutes for little, so it is left out.
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
      UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
      ctest --test-dir "$asan_dir" --output-on-failure -j2 --timeout 600 -E FaultMatrix
    end_stage "sanitizer build and test in $asan_dir"
  fi

  echo "test: fuzz stage"
  fuzz_rc=0
  scripts/fuzz.sh "${LINKFORM_CI_FUZZ_SECONDS:-10}" || fuzz_rc=$?
  if [ "$fuzz_rc" -eq 2 ]; then
    echo "test: fuzzing is not possible on this machine (see above); skipped" >&2
  elif [ "$fuzz_rc" -ne 0 ]; then
    exit "$fuzz_rc"
  fi
  end_stage "fuzz build and run"
fi

printf 'test: %s\n' "${stage_times[@]}"
