#!/usr/bin/env bash
# Checks examples/linkform.schema.json with Taplo (issue 5 item 9):
#   - every examples/*.toml names the schema in a first-line #:schema directive
#     and validates against it; so does every tests/schema/valid/*.toml;
#   - the directive alone (no --schema) is what an editor uses: it must work;
#   - every config of tests/cli/invalid that a schema can detect is rejected,
#     with the message listed in invalid_expectations.txt; the others are
#     listed, with the reason, in not_detectable.txt;
#   - given the linkform binary, linkform validate accepts the valid files
#     too, so the schema never rejects a configuration linkform accepts.
# Exits 77 (skipped) when Taplo cannot be had (scripts/taplo.sh).
# Usage: tests/schema/check_schema.sh [path/to/linkform]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
linkform="${1:+$(realpath "$1")}"

taplo_err=$(mktemp)
taplo="$("$root/scripts/taplo.sh" 2>"$taplo_err")"
status=$?
cat "$taplo_err"
if [ $status -eq 77 ]; then
  echo "SKIP: Taplo is not available ($(tail -n 1 "$taplo_err" | sed 's/^taplo: //'))"
  rm -f "$taplo_err"
  exit 77
elif [ $status -ne 0 ]; then
  echo "schema: scripts/taplo.sh failed (exit $status)"
  exit 1
fi
schema="file://$root/examples/linkform.schema.json"
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}
lint() { "$taplo" lint --colors never --no-auto-config "$@" 2>&1; }

# Taplo starts slowly (WebAssembly), so each check lints many files at once.
valid_files=("$root"/examples/*.toml "$here"/valid/*.toml)
if out="$(lint --schema "$schema" "${valid_files[@]}")"; then pass; else
  fail "a valid configuration does not validate against the schema:
$out"
fi
if [ -n "$linkform" ]; then
  # The schema judges shape; the endpoint and file policies (allowed from the environment only) are
  # linkform's own and are tested elsewhere: allow what the valid files use.
  for f in "${valid_files[@]}"; do
    if out="$(cd "$(dirname "$f")" && FRONTEGG_REGION=eu LINKFORM_ALLOW_MIXED_HOSTS=1 LINKFORM_ALLOW_SECRET_FILES=/run/secrets "$linkform" validate -c "$(basename "$f")" 2>&1)"; then
      pass
    else
      fail "linkform validate rejects ${f#"$root"/}, which the schema test expects to be valid:
$out"
    fi
  done
fi

for f in "$root"/examples/*.toml; do
  if [ "$(head -n 1 "$f")" = "#:schema ./linkform.schema.json" ]; then pass; else
    fail "${f#"$root"/} must start with the line: #:schema ./linkform.schema.json"
  fi
done
# What an editor does: follow the directive, no --schema.
if out="$(lint "$root"/examples/*.toml)"; then pass; else
  fail "an example does not validate through its #:schema directive:
$out"
fi

# The directive is really followed: an invalid config next to the schema,
# pointing at it, is rejected without --schema.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$root/examples/linkform.schema.json" "$tmp/"
{ echo "#:schema ./linkform.schema.json"; cat "$root/tests/cli/invalid/unknown_root_key.toml"; } >"$tmp/bad.toml"
if out="$(lint "$tmp/bad.toml")"; then fail "an invalid config passed through its #:schema directive"; else
  case "$out" in
    *"'bitbuckt_extra' was unexpected"*) pass ;;
    *) fail "the #:schema directive check failed for another reason:
$out" ;;
  esac
fi

# One run over every invalid config; Taplo prints each problem as
# "error: <message>" followed by a "┌─ <path>:<line>:<col>" line, and
# "invalid file ... path=\"<path>\"" for each file it rejects.
report="$(lint --schema "$schema" "$root"/tests/cli/invalid/*.toml)"
problems="$(printf '%s\n' "$report" | awk '
  /^error: / { message = substr($0, 8); next }
  /┌─ / { sub(/.*┌─ /, ""); sub(/:[0-9]+:[0-9]+$/, ""); n = split($0, parts, "/"); print parts[n] "\t" message }')"
rejected="$(printf '%s\n' "$report" | sed -n 's/.*invalid file .*path="\(.*\)"$/\1/p' | xargs -r -n 1 basename)"

declare -A listed=()
while IFS=$'\t' read -r name expected; do
  case "$name" in "" | "#"*) continue ;; esac
  listed[$name]=1
  if [ ! -f "$root/tests/cli/invalid/$name" ]; then
    fail "invalid_expectations.txt names $name, which tests/cli/invalid does not have"
  elif ! grep -qxF "$name" <<<"$rejected"; then
    fail "the schema accepts tests/cli/invalid/$name"
  elif [[ "$(grep -F "$name"$'\t' <<<"$problems")" != *"$expected"* ]]; then
    fail "the schema rejects tests/cli/invalid/$name, but not with: $expected
$(grep -F "$name"$'\t' <<<"$problems")"
  else
    pass
  fi
done <"$here/invalid_expectations.txt"

while IFS=$'\t' read -r name reason; do
  case "$name" in "" | "#"*) continue ;; esac
  listed[$name]=1
  if [ ! -f "$root/tests/cli/invalid/$name" ]; then fail "not_detectable.txt names $name, which does not exist"; fi
done <"$here/not_detectable.txt"

for f in "$root"/tests/cli/invalid/*.toml; do
  name="$(basename "$f")"
  if [ -n "${listed[$name]:-}" ]; then pass; else
    fail "tests/cli/invalid/$name is in neither invalid_expectations.txt nor not_detectable.txt"
  fi
done

echo "schema: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
