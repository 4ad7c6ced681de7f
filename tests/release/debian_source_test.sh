#!/usr/bin/env bash
# scripts/debian-source.sh (what scripts/release.sh gets Debian's source packages with), against the real
# mirror: with the mirror unreachable (a proxy nobody listens on) it fails naming the mirror and keeps no
# mark of a read; run again with the mirror reachable it succeeds with no cleanup in between; and lists
# left empty under a mark (as an older release.sh left them) are read again by themselves.
# Exit 77 (skipped) when this machine cannot reach deb.debian.org at all.
# Usage: debian_source_test.sh SOURCE_DIR
set -uo pipefail
src=${1:?usage: debian_source_test.sh SOURCE_DIR}
script="$src/scripts/debian-source.sh"
if ! curl -s -m 10 -o /dev/null http://deb.debian.org/debian/dists/bookworm/Release; then
  echo "SKIP: deb.debian.org cannot be reached from here"
  exit 77
fi
pkg=cpp-httplib  # a small source package
ver=$(dpkg-query -W -f='${source:Version}' libcpp-httplib-dev 2>/dev/null) || {
  echo "SKIP: libcpp-httplib-dev is not installed (scripts/deps.sh installs it)"
  exit 77
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {  # DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}

# 1. The mirror behind a proxy nobody listens on.
http_proxy=http://user:pass@127.0.0.1:9 "$script" "$work" "$pkg" "$ver" >"$work/out1" 2>&1
rc=$?
cat "$work/out1"
check "an unreachable mirror fails" test "$rc" -ne 0
check "the error names the mirror" grep -q "from http://deb.debian.org/debian" "$work/out1"
check "the error names the proxy without its credentials" grep -q "proxy http://\*\*\*@127.0.0.1:9" "$work/out1"
check "no password is printed" bash -c "! grep -q pass '$work/out1'"
check "no mark of a read is kept" test ! -e "$work/apt/lists/.updated"

# 2. The same work directory, the mirror reachable: no cleanup in between.
"$script" "$work" "$pkg" "$ver" >"$work/out2" 2>&1
rc=$?
cat "$work/out2"
check "the next run succeeds by itself" test "$rc" -eq 0
check "the source is unpacked" compgen -G "$work/src/cpp-httplib-*/httplib.h"

# 3. A mark over empty lists (what release.sh left before it checked the read): read again, once.
work3="$work/three"
mkdir -p "$work3/apt/lists"
touch "$work3/apt/lists/.updated"
"$script" "$work3" "$pkg" "$ver" >"$work/out3" 2>&1
rc=$?
cat "$work/out3"
check "a marked but empty list is read again" grep -q "reading them again" "$work/out3"
check "and the source comes" test "$rc" -eq 0

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all checks passed"
