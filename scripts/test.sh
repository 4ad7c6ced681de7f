#!/usr/bin/env bash
# Installs what is missing, builds linkform with warnings as errors, and runs every test.
# Usage: scripts/test.sh            (build directory: build/)
#        LINKFORM_SANITIZE=1 scripts/test.sh   (AddressSanitizer + UBSan build in build-asan/)
#
# In CI (CI=true) or with LINKFORM_CI_SANITIZE=1, three more stages follow the normal one:
#  - sanitizers: build-asan/ with -DLINKFORM_SANITIZE=ON (ASan + UBSan, Debug), running the unit and
#    integration suites again there, and the main build's e2e suite against its binaries;
#  - release: scripts/release.sh (the static Release build in build-release/, warnings as errors, and
#    dist/'s tarball), the main build's cli and e2e suites against its binaries, and
#    tests/release/release_test.sh on the tarball;
#  - fuzzing: scripts/fuzz.sh for LINKFORM_CI_FUZZ_SECONDS (default 10) per target, when a clang that can
#    build linkform is available (scripts/deps.sh --fuzz installs one on Debian 12); skipped otherwise.
# LINKFORM_BUILD_DIR and LINKFORM_ASAN_BUILD_DIR override the two build directories.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh

build_dir="${LINKFORM_BUILD_DIR:-build}"
asan_dir="${LINKFORM_ASAN_BUILD_DIR:-build-asan}"
# -g1 (line tables: file and line in every sanitizer report) rather than Debug's full -g: 7-10 % less to
# compile, file by file.
sanitize_flags=(-DLINKFORM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1)
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
stage=""
end_stage() {
  local now
  now=$(date +%s)
  stage_times+=("$1: $((now - stage_start)) s")
  stage_start=$now
}
# The stage times, also when a stage fails (then with the one that failed).
report_times() {
  local rc=$?
  [ "$rc" -eq 0 ] || [ -z "$stage" ] || end_stage "$stage (failed)"
  [ "${#stage_times[@]}" -eq 0 ] || printf 'test: %s\n' "${stage_times[@]}"
  exit "$rc"
}
trap report_times EXIT

# "N tests skipped:" and each skipped test with its reason, from ctest's JUnit file (which keeps every test's
# output), so that a skip is never hidden behind "100% tests passed": a script test's reason is its
# "SKIP: ..." line, GoogleTest's the line after "...: Skipped".
report_skips() {  # JUNIT_FILE
  local skipped
  skipped=$(awk '
    /<testcase / { match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7); skip = 0; why = ""; next_is_why = 0 }
    /<skipped/ { skip = 1 }
    why == "" && next_is_why { why = $0 }
    why == "" && /^SKIP: / { why = substr($0, 7) }
    /: Skipped$/ { next_is_why = 1 }
    /<\/testcase>/ && skip { gsub(/&quot;/, "\"", why); gsub(/&apos;/, "'"'"'", why); gsub(/&lt;/, "<", why)
                             gsub(/&gt;/, ">", why); gsub(/&amp;/, "\\&", why)
                             printf "test:   %s: %s\n", name, (why == "" ? "no reason given" : why) }' "$1")
  [ -n "$skipped" ] || return 0
  echo "test: $(wc -l <<<"$skipped") tests skipped:"
  echo "$skipped"
}

# Runs ctest with its per-test lines in a log: on success the summary, on failure each failed test's
# output and the list of failures.
# CTEST_NAME (default ctest) names the log and the JUnit file in DIR.
run_ctest() {  # DIR CTEST_ARGS...
  local dir=$1 name=${CTEST_NAME:-ctest}
  shift
  local log="$dir/$name.log"
  if ctest --test-dir "$dir" --output-on-failure --output-junit "$name-junit.xml" "$@" >"$log" 2>&1; then
    grep -E "tests passed|Total Test time" "$log" | sed 's/^/test: /'
    report_skips "$dir/$name-junit.xml"
    echo "test: every test's line is in $log"
    return 0
  fi
  awk '/(\*\*\*Failed|\*\*\*Timeout|\*\*\*Exception|Not Run)/ { show = 1 } /^ *Start +[0-9]+:|Test +#[0-9]+: .* Passed/ { show = 0 }
       /tests passed|The following tests FAILED/ { show = 2 } show' "$log" >&2
  echo "test: failures above; every test's line is in $log" >&2
  return 1
}

# Runs each GoogleTest binary of DIR/tests (SUITE...) once as a whole, two at a time, where ctest starts a
# process per test: under the sanitizers those processes cost five times the tests themselves (278 s of
# processes against 50 s for the four unit suites, measured on CI's machine). Each suite's output is in
# DIR/SUITE.log, its JUnit in DIR/SUITE-junit.xml; on a failure, the failing tests' output is shown.
run_whole() {  # DIR SUITE...
  local dir=$1 suite failed=0 rc
  shift
  for suite in "$@"; do
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n 2>/dev/null || true; done
    {
      rc=0
      timeout 1800 "$dir/tests/$suite" --gtest_brief=1 --gtest_output="xml:$dir/$suite-junit.xml" \
        >"$dir/$suite.log" 2>&1 || rc=$?
      echo "$rc" >"$dir/$suite.rc"
    } &
  done
  wait
  for suite in "$@"; do
    rc=$(cat "$dir/$suite.rc")
    if [ "$rc" -eq 0 ]; then
      echo "test: $suite: $(grep -o 'PASSED  \] [0-9]* tests\?' "$dir/$suite.log" | sed 's/PASSED  \] //') passed" \
        "($(grep -o '([0-9]* ms total)' "$dir/$suite.log" | tail -n 1 | tr -d '()'))"
      grep -o '<testcase name="[^"]*"[^>]*result="skipped"' "$dir/$suite-junit.xml" 2>/dev/null |
        sed 's/<testcase name="\([^"]*\)".*/test:   skipped: \1/' || true
    else
      failed=1
      cat "$dir/$suite.log" >&2
      echo "test: $suite failed (exit $rc); its output above and in $dir/$suite.log" >&2
    fi
  done
  return "$failed"
}

stage="build and test in $build_dir"
scripts/build.sh "$build_dir" "${extra[@]}"
if [ ! -x tests/schema/node_modules/.bin/taplo ] && [ -z "${TAPLO:-}" ]; then
  echo "test: installing Taplo (@taplo/cli, from the npm registry) into tests/schema/node_modules for the schema test"
  scripts/taplo.sh >/dev/null 2>"$build_dir/taplo.log" ||
    echo "test: Taplo could not be installed (see $build_dir/taplo.log); the schema test will say so"
fi
run_ctest "$build_dir" -j2 --timeout 300
end_stage "$stage"

if [ "$ci_stages" = "1" ]; then
  # What the first stage ran and a second build cannot change: the checks of the sources (include and size
  # rules), of the schema and formatting through Taplo, of the .deb and the completion scripts (about 130 s
  # of each later stage, measured in CI's log); the fault matrix, whose 144 applies cost several
  # minutes when sanitized; and the GitLab kill -9 loop, whose 20 applies took 54 s sanitized (its code
  # paths run sanitized in the other GitlabE2E tests, and whether every kill converges does not depend on
  # the build).
  not_again='FaultMatrix|^include_rules|^size_rules|_self_test$|^schema_check$|^fmt_check$|^package_check$|^completion_injection$|^PlanSpreadE2E|^pre_commit_hooks$|^debian_source$|^GitlabE2E.AnApplyKilled'
  if [ "$build_dir" != "$asan_dir" ]; then
    echo "test: sanitizer stage: ASan + UBSan build in $asan_dir"
    stage="sanitizer build and test in $asan_dir"
    # Without the end-to-end suite: it runs nothing in its own process worth sanitizing, only the
    # binaries, so the main build's suite runs the sanitized binaries below (tests/support/binaries.h).
    scripts/build.sh "$asan_dir" "${sanitize_flags[@]}" -DLINKFORM_E2E_TESTS=OFF
    # Sanitized code runs several times slower; the fuzz replay tests run every corpus input here too.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
    unit_suites=(emulator_tests providers_tests core_tests cli_tests)  # the longest first
    run_whole "$asan_dir" "${unit_suites[@]}"
    run_ctest "$asan_dir" -j2 --timeout 600 -E "$not_again" -LE "^($(IFS='|'; echo "${unit_suites[*]}"))\$"
    echo "test: the end-to-end suite of $build_dir against the binaries of $asan_dir"
    LINKFORM_TEST_BINARY="$PWD/$asan_dir/cmd/linkform/linkform" \
      LINKFORM_TEST_EMULATOR_BINARY="$PWD/$asan_dir/cmd/linkform-emulator/linkform-emulator" \
      CTEST_NAME=ctest-e2e-sanitized run_ctest "$build_dir" -j2 --timeout 600 -L '^e2e_tests$' -E "$not_again"
    unset ASAN_OPTIONS UBSAN_OPTIONS
    end_stage "$stage"
  fi

  # The static release (scripts/release.sh), built with the test suite: it is the Release build type
  # (GCC 12 warns at -O3 where RelWithDebInfo's -O2 does not, e.g. -Wrestrict) with warnings as errors,
  # its fast suites run against the static binaries, and the tarball passes the release test (static,
  # runs in an empty chroot, finds or asks for a CA bundle).
  echo "test: release stage: static Release build in build-release (scripts/release.sh)"
  stage="static release build and test in build-release"
  # Bounded: from nothing (sources fetched, libcurl and everything built) it took 9 minutes here.
  timeout 1500 scripts/release.sh || {
    rc=$?
    [ "$rc" -eq 124 ] && echo "test: scripts/release.sh took more than 25 minutes; stopped" >&2
    exit "$rc"
  }
  # The suites that run the binaries (cli, e2e), of the main build, against the static ones: compiling
  # them again here took about two of CI's minutes.
  echo "test: the cli and end-to-end suites of $build_dir against the binaries of build-release"
  LINKFORM_TEST_BINARY="$PWD/build-release/cmd/linkform/linkform" \
    LINKFORM_TEST_EMULATOR_BINARY="$PWD/build-release/cmd/linkform-emulator/linkform-emulator" \
    CTEST_NAME=ctest-release run_ctest "$build_dir" -j2 --timeout 300 -L '^(cli_tests|e2e_tests)$' -E "$not_again"
  tests/release/release_test.sh dist/linkform-*-linux-x86_64.tar.gz >build-release/release_test.log 2>&1 || {
    cat build-release/release_test.log >&2
    exit 1
  }
  grep -c '^ok:' build-release/release_test.log | sed 's/^/test: release test: /; s/$/ checks passed/'
  end_stage "$stage"

  echo "test: fuzz stage"
  stage="fuzz build and run"
  fuzz_rc=0
  scripts/fuzz.sh "${LINKFORM_CI_FUZZ_SECONDS:-10}" || fuzz_rc=$?
  if [ "$fuzz_rc" -eq 2 ]; then
    echo "test: fuzzing is not possible on this machine (see above); skipped" >&2
  elif [ "$fuzz_rc" -ne 0 ]; then
    exit "$fuzz_rc"
  fi
  end_stage "$stage"
fi
stage=""
