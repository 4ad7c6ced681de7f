#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) in build-fuzz/ and runs each one for
# SECONDS (default 30), printing executions and crashes per target. Exits 1 if any target crashed, 2 if
# fuzzing is not possible here (no capable clang).
#
# Usage: scripts/fuzz.sh [SECONDS]
#   LINKFORM_FUZZ_CXX=clang++-19   the compiler (default: the first of clang++-19, clang++ that can compile
#                                  libstdc++'s <expected>)
#   LINKFORM_FUZZ_TARGETS="config" the targets to run (default: all)
# New corpus entries go to build-fuzz/corpus/<target>/ (kept between runs; the seeds in
# tests/fuzz/corpus/<target>/ are only read), crash inputs to build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi
build_dir=build-fuzz
targets=(${LINKFORM_FUZZ_TARGETS:-config bitbucket_replies frontegg_replies fingerprint redaction url})

if ! scripts/deps.sh --fuzz; then
  echo "fuzz: clang 19 and its fuzzer runtime are missing and could not be installed; not fuzzing" >&2
  exit 2
fi

# libstdc++ 12's <expected> needs __cpp_concepts >= 202002, which clang has from version 19 on.
can_compile() {
  command -v "$1" >/dev/null 2>&1 &&
    printf '#include <expected>\nstd::expected<int, int> e = 1;\nint main() { return *e - 1; }\n' |
      "$1" -std=c++2b -x c++ -fsyntax-only - >/dev/null 2>&1
}
cxx="${LINKFORM_FUZZ_CXX:-}"
if [ -z "$cxx" ]; then
  for candidate in clang++-19 clang++; do
    if can_compile "$candidate"; then cxx="$candidate"; break; fi
  done
fi
if [ -z "$cxx" ] || ! can_compile "$cxx"; then
  echo "fuzz: no clang that can compile <expected> with this libstdc++ (need clang 19+); not fuzzing" >&2
  exit 2
fi

cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER="$cxx" -DLINKFORM_FUZZ=ON -DLINKFORM_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j2 --target "${targets[@]/%/_fuzz}"

mkdir -p "$build_dir/artifacts"
# fuzz_one TARGET: fuzzes it for $seconds and writes its summary line to $build_dir/artifacts/TARGET.summary
# (and .crashes); two run at once, one a core.
fuzz_one() {
  local t=$1 corpus="$build_dir/corpus/$1" log="$build_dir/artifacts/$1.log" before after start elapsed rc=0
  mkdir -p "$corpus"
  before=$(find "$build_dir/artifacts" -name "$t-*" -type f | wc -l)
  start=$(date +%s)
  "$build_dir/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$build_dir/artifacts/$t-" "$corpus" "tests/fuzz/corpus/$t" \
    >"$log" 2>&1 || rc=$?
  elapsed=$(( $(date +%s) - start ))
  after=$(find "$build_dir/artifacts" -name "$t-*" -type f | wc -l)
  crashes=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-18s %4ss  executions %9s  crashes %s  corpus %s\n' "$t" "$elapsed" "${execs:-?}" "$crashes" \
    "$(find "$corpus" -type f | wc -l)" >"$build_dir/artifacts/$t.summary"
  echo "$crashes" >"$build_dir/artifacts/$t.crashes"
}
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n 2>/dev/null || true; done
  fuzz_one "$t" &
done
wait

failed=0
summary=()
for t in "${targets[@]}"; do
  line=$(cat "$build_dir/artifacts/$t.summary")
  summary+=("$line")
  echo "fuzz: $line"
  if [ "$(cat "$build_dir/artifacts/$t.crashes")" -ne 0 ]; then
    failed=1
    echo "fuzz: $t crashed; the input is in $build_dir/artifacts/, the log in $build_dir/artifacts/$t.log:" >&2
    grep -E 'ERROR|runtime error|SUMMARY' "$build_dir/artifacts/$t.log" | head -5 >&2 || true
  fi
done

echo "fuzz: summary ($cxx, $seconds s per target)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
