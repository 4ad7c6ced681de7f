#!/usr/bin/env bash
# Start-up cost of the static release binary against the dynamic build: `linkform validate` on the
# quickstart (offline: parse and check, no request), run N times each, interleaved (static, dynamic,
# static, ...) so that the machine's noise falls on both alike. Prints each one's median and the ratio.
# Usage: tests/bench/startup_bench.sh [N] [STATIC_BINARY] [DYNAMIC_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-200}
static=${2:-build-release/cmd/linkform/linkform}
dynamic=${3:-build/cmd/linkform/linkform}
config=examples/quickstart.toml
for bin in "$static" "$dynamic"; do
  [ -x "$bin" ] || { echo "startup_bench: $bin is not built" >&2; exit 1; }
  "$bin" validate -c "$config" >/dev/null
done
[[ $(ldd "$static" 2>&1 || true) == *"not a dynamic executable"* ]] || echo "startup_bench: warning: $static is not static" >&2
echo "startup_bench: $(ldd "$dynamic" | wc -l) shared libraries in $dynamic"

us() { local t; t=$(date +%s%N); "$@" >/dev/null 2>&1; echo $((($(date +%s%N) - t) / 1000)); }
: >/tmp/startup_static.$$ && : >/tmp/startup_dynamic.$$
for _ in $(seq 1 "$n"); do
  us "$static" validate -c "$config" >>/tmp/startup_static.$$
  us "$dynamic" validate -c "$config" >>/tmp/startup_dynamic.$$
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
s=$(median /tmp/startup_static.$$)
d=$(median /tmp/startup_dynamic.$$)
rm -f /tmp/startup_static.$$ /tmp/startup_dynamic.$$
echo "startup_bench: validate, median of $n interleaved runs: static $s us, dynamic $d us"
awk -v s="$s" -v d="$d" 'BEGIN { printf "startup_bench: static / dynamic = %.2f (target: at most 0.50)\n", s / d }'
