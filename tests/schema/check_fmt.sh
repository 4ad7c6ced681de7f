#!/usr/bin/env bash
# linkform fmt (issue 15 item 4) with Taplo from scripts/taplo.sh:
#   - every examples/*.toml is formatted (fmt --check passes), so a user copying one starts formatted;
#   - a misaligned copy fails fmt --check with exit 1 and says how to fix it, fmt formats it in place, and
#     then fmt --check passes;
#   - without Taplo, fmt fails with exit 4 (not 1, "not formatted") and says how to install it.
# Exits 77 (skipped) when Taplo cannot be had, after the check without it.
# Usage: tests/schema/check_fmt.sh path/to/linkform
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
linkform=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

# Without Taplo (checked whether or not this machine has one): exit 4, not 1 ("not formatted"), and how to
# install it.
printf '[bitbucket]\nworkspace = "acme"\n' >"$work/plain.toml"
env -i PATH=/nonexistent "$linkform" fmt --check "$work/plain.toml" >"$work/out" 2>&1
rc=$?
[ $rc -eq 4 ] || fail "fmt without Taplo exited $rc, not 4"
grep -q "npm install -g @taplo/cli" "$work/out" || { fail "fmt without Taplo does not say how to install it"; cat "$work/out"; }

taplo_err="$work/taplo.err"
taplo="$("$root/scripts/taplo.sh" 2>"$taplo_err")"
status=$?
cat "$taplo_err"
if [ $status -eq 77 ]; then
  [ $failed -eq 0 ] || { echo "fmt: $failed checks failed"; exit 1; }
  echo "SKIP: Taplo is not available ($(tail -n 1 "$taplo_err" | sed 's/^taplo: //')); only the check without it ran"
  exit 77
fi
[ $status -ne 0 ] && { echo "fmt: scripts/taplo.sh failed (exit $status)"; exit 1; }

for f in "$root"/examples/*.toml; do
  LINKFORM_TAPLO="$taplo" "$linkform" fmt --check "$f" >"$work/out" 2>&1 || { fail "$f is not formatted"; cat "$work/out"; }
done

printf '[bitbucket]\nworkspace    =   "acme"   # the slug\n' >"$work/linkform.toml"
LINKFORM_TAPLO="$taplo" "$linkform" fmt --check "$work/linkform.toml" >"$work/out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "fmt --check of a misformatted file exited $rc, not 1"
grep -q "run linkform fmt to format" "$work/out" || { fail "fmt --check does not say how to fix it"; cat "$work/out"; }
(cd "$work" && LINKFORM_TAPLO="$taplo" "$linkform" fmt) >"$work/out" 2>&1 || { fail "fmt (default linkform.toml) failed"; cat "$work/out"; }
grep -q '^workspace = "acme" # the slug$' "$work/linkform.toml" || { fail "fmt did not format the file"; cat "$work/linkform.toml"; }
LINKFORM_TAPLO="$taplo" "$linkform" fmt --check "$work/linkform.toml" >/dev/null 2>&1 || fail "fmt --check fails after fmt"

[ $failed -eq 0 ] || { echo "fmt: $failed checks failed"; exit 1; }
echo "fmt: every check passed"
