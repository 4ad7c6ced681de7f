#!/usr/bin/env bash
# Issue 24: the repository's .pre-commit-hooks.yaml, run by the pre-commit framework (Debian's package)
# on a scratch repository: a bad configuration fails linkform-validate with its file:line:col and a good one
# passes; an unformatted one fails linkform-fmt (which formats it) and passes the next time.
# Usage: tests/cli/pre_commit_hooks_test.sh path/to/linkform SOURCE_DIR
# linkform-fmt needs Taplo: the test's own (tests/schema/node_modules, installed by scripts/test.sh) or
# LINKFORM_TAPLO; without it that half is skipped and said.
set -uo pipefail
linkform=$(realpath "$1")
src=$(realpath "$2")
if ! command -v pre-commit >/dev/null; then
  if [ -n "${CI:-}" ]; then
    echo "FAILED: CI is set but pre-commit is missing (scripts/deps.sh installs it)"
    exit 1
  fi
  echo "SKIP: pre-commit is not installed (scripts/deps.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
mkdir -p "$work/bin" "$work/home"
ln -s "$linkform" "$work/bin/linkform"
export PATH="$work/bin:$PATH" HOME="$work/home" PRE_COMMIT_HOME="$work/cache"
# The hook definitions as this checkout has them, committed in a repository of their own (try-repo reads a
# repository's committed and tracked files).
git init -q "$work/hooks" && cp "$src/.pre-commit-hooks.yaml" "$work/hooks/" || exit 1
git -C "$work/hooks" add .pre-commit-hooks.yaml
git -C "$work/hooks" -c user.email=test@example.invalid -c user.name=test commit -qm hooks || exit 1
git init -q "$work/repo" && cd "$work/repo" || exit 1
git config user.email test@example.invalid && git config user.name test
cp "$src/examples/quickstart.toml" linkform.toml
git add linkform.toml

hook() { pre-commit try-repo "$work/hooks" "$1" --files linkform.toml >"$work/out" 2>&1; }

hook linkform-validate || fail "linkform-validate refused the quickstart: $(cat "$work/out")"
printf '\n[connectors.orphan]\nconsumer = "nobody"\n' >>linkform.toml
if hook linkform-validate; then
  fail "linkform-validate passed a configuration naming an undeclared consumer"
fi
grep -q 'linkform.toml:[0-9]*:[0-9]*: error' "$work/out" || fail "no file:line:col in: $(cat "$work/out")"

taplo=${LINKFORM_TAPLO:-$src/tests/schema/node_modules/.bin/taplo}
if [ -x "$taplo" ]; then
  export LINKFORM_TAPLO=$taplo
  cp "$src/examples/quickstart.toml" linkform.toml
  sed -i 's/^workspace = "acme"$/workspace   =    "acme"/' linkform.toml
  if hook linkform-fmt; then fail "linkform-fmt passed an unformatted file"; fi
  grep -q '^workspace = "acme"$' linkform.toml || fail "linkform-fmt did not format the file"
  hook linkform-fmt || fail "linkform-fmt failed on the file it formatted: $(cat "$work/out")"
else
  echo "pre-commit hooks: linkform-fmt not run: Taplo is not installed ($taplo)"
fi

[ "$failed" -eq 0 ] || { echo "pre-commit hooks: $failed checks failed"; exit 1; }
echo "pre-commit hooks: every check passed"
