#!/usr/bin/env bash
# check_sizes.sh must fail on a function of 61 lines (also with its signature over two lines) and on a
# file of 401 lines, and pass on 60 and 400: the size rule cannot quietly stop checking.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree() {  # DIR BODY_LINES PAD_LINES
  mkdir -p "$1/core" "$1/providers" "$1/cmd"
  { echo "namespace a {"; echo "int f(int x,"; echo "      int y) {"
    for _ in $(seq 1 "$2"); do echo "  x += y;"; done
    echo "}"; echo "}  // namespace a"
    for _ in $(seq 1 "$3"); do echo "// padding"; done; } >"$1/core/f.cpp"
}
failures=0
expect() {  # WANT_EXIT DIR WHAT
  bash "$here/check_sizes.sh" "$2" >/dev/null
  local got=$?
  [ "$got" -eq "$1" ] || { echo "check_sizes_test: $3: exit $got, expected $1"; failures=$((failures + 1)); }
}
tree "$tmp/ok" 60 0
expect 0 "$tmp/ok" "a 60-line function"
tree "$tmp/long" 61 0
expect 1 "$tmp/long" "a 61-line function"
tree "$tmp/file_ok" 1 394
expect 0 "$tmp/file_ok" "a 400-line file"
tree "$tmp/file_long" 1 395
expect 1 "$tmp/file_long" "a 401-line file"
[ "$failures" -eq 0 ] && echo "check_sizes_test: ok"
exit $((failures > 0))
