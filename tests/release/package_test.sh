#!/usr/bin/env bash
# The .deb of the normal build and what it installs (issue 14): a Depends line computed by dpkg-shlibdeps,
# a man page that man renders, and completion scripts that bash, zsh and fish load and that complete commands,
# flags and --target addresses.
# Usage: tests/release/package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
linkform="$build/cmd/linkform/linkform"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# The completion scripts, straight from the binary.
"$linkform" completion bash >"$work/linkform.bash"
"$linkform" completion zsh >"$work/_linkform"
"$linkform" completion fish >"$work/linkform.fish"
if out=$(bash -c 'source "$1" && complete -p linkform' _ "$work/linkform.bash" 2>&1) && [[ $out == *"-F _linkform"* ]]; then
  ok "bash loads the completion"
else
  fail "bash could not load the completion: $out"
fi
complete_bash() {  # WORDS...: what bash completes for the last word
  bash -c 'source "$1"; shift; linkform() { "'"$linkform"'" "$@"; }; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _linkform; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/linkform.bash" "$@"
}
[[ $(complete_bash linkform pl) == plan ]] && ok "bash completes a command" || fail "bash: 'linkform pl' does not complete to plan"
[[ $(complete_bash linkform plan --det) == --detailed-exitcode ]] && ok "bash completes a flag" ||
  fail "bash: 'linkform plan --det' does not complete to --detailed-exitcode"
targets=$(cd "$src" && complete_bash linkform plan -c examples/quickstart.toml --target "" | tr '\n' ' ')
[[ $targets == "bitbucket_consumer.mcp frontegg_connector.bitbucket " ]] && ok "bash completes --target from the configuration" ||
  fail "bash: --target completes to '$targets'"
targets=$(cd / && complete_bash linkform -C "$src/examples" plan -c quickstart.toml --target "" | tr '\n' ' ')
[[ $targets == "bitbucket_consumer.mcp frontegg_connector.bitbucket " ]] && ok "bash completes --target from -C's directory" ||
  fail "bash: with -C, --target completes to '$targets'"
if command -v zsh >/dev/null; then
  if out=$(zsh -f -c 'autoload -Uz compinit && compinit -u -D && source "$1" && print -r -- ${_comps[linkform]}' _ "$work/_linkform" 2>&1) &&
    [[ $out == _linkform ]]; then
    ok "zsh loads the completion"
  else
    fail "zsh could not load the completion: $out"
  fi
  zsh -n "$work/_linkform" && ok "zsh parses the completion" || fail "zsh -n rejects the completion"
else
  fail "zsh is not installed (scripts/deps.sh installs it)"
fi
if command -v fish >/dev/null; then
  fish -n "$work/linkform.fish" && ok "fish parses the completion" || fail "fish -n rejects the completion"
  complete_fish() {  # LINE: what fish completes at the end of LINE (the candidates, without descriptions)
    fish --no-config -c 'function linkform; "'"$linkform"'" $argv; end; source $argv[1]; complete -C $argv[2]' \
      "$work/linkform.fish" "$1" | cut -f1
  }
  [[ $(complete_fish "linkform pl") == plan ]] && ok "fish completes a command" ||
    fail "fish: 'linkform pl' does not complete to plan"
  [[ $(complete_fish "linkform plan --det") == --detailed-exitcode ]] && ok "fish completes a flag" ||
    fail "fish: 'linkform plan --det' does not complete to --detailed-exitcode"
  targets=$(cd "$src" && complete_fish "linkform plan -c examples/quickstart.toml --target " | tr '\n' ' ')
  [[ $targets == "bitbucket_consumer.mcp frontegg_connector.bitbucket " ]] &&
    ok "fish completes --target from the configuration" || fail "fish: --target completes to '$targets'"
  targets=$(cd / && complete_fish "linkform -C $src/examples plan -c quickstart.toml --target " | tr '\n' ' ')
  [[ $targets == "bitbucket_consumer.mcp frontegg_connector.bitbucket " ]] &&
    ok "fish completes --target from -C's directory" || fail "fish: with -C, --target completes to '$targets'"
else
  fail "fish is not installed (scripts/deps.sh installs it)"
fi

# The .deb: Depends from dpkg-shlibdeps, the man page, the completions.
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/deb/*.deb 2>/dev/null | head -n 1)
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "  Depends: $depends"
  [[ $depends == *libcurl4* && $depends == *libc6* && $depends == *libstdc++6* ]] && ok "the .deb declares its shared libraries" ||
    fail "the Depends line lacks libcurl4, libc6 or libstdc++6"
  # Captured first: grep -q would stop reading early, and dpkg's SIGPIPE fail the pipeline (pipefail).
  info=$(dpkg -I "$deb")
  grep -q "^ Depends: " <<<"$info" && ok "dpkg -I shows the Depends line" || fail "dpkg -I shows no Depends line"
  contents=$(dpkg -c "$deb")
  for f in ./usr/bin/linkform ./usr/bin/linkform-emulator ./usr/share/man/man1/linkform.1.gz \
    ./usr/share/bash-completion/completions/linkform ./usr/share/zsh/vendor-completions/_linkform \
    ./usr/share/fish/vendor_completions.d/linkform.fish; do
    grep -q " $f\$" <<<"$contents" && ok "the .deb installs ${f#.}" || fail "the .deb lacks ${f#.}"
  done
  mkdir -p "$work/x" && dpkg-deb -x "$deb" "$work/x"
  page=$(MANWIDTH=100 man -l "$work/x/usr/share/man/man1/linkform.1.gz" 2>"$work/man.err" | col -b)
  [[ $page == *"linkform plan"* && $page == *"--code-insights"* && $page == *"Exit codes"* ]] && ok "man -l renders the page" ||
    { fail "man -l does not render the page"; head -n 5 "$work/man.err"; }
fi

[ "$failures" -eq 0 ] || { echo "package_test: $failures checks failed"; exit 1; }
echo "package_test: every check passed"
