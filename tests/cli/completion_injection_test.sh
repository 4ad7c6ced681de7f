#!/usr/bin/env bash
# Issue 22: shell completion never evaluates an address. A pull request could add a table named
# `$(touch /tmp/PWNED)`; bash's compgen -W expanded it on every TAB after --target. Today validate refuses
# such a name, and `linkform completion targets` never prints one; this test goes further and feeds the
# completion functions hostile addresses directly (a stand-in `linkform` prints them), in bash, zsh and
# fish, then checks that no marker file was created and that what bash offers is quoted.
# Usage: tests/cli/completion_injection_test.sh path/to/linkform
set -uo pipefail
linkform=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
marker="$work/PWNED"
failed=0
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

# What `linkform completion targets` would print if a hostile name ever got through.
cat >"$work/targets" <<EOT
frontegg_connector.\$(touch $marker)
frontegg_connector.\`touch $marker\`
frontegg_connector.plain
EOT

"$linkform" completion bash >"$work/linkform.bash" || fail "completion bash"
"$linkform" completion zsh >"$work/_linkform" || fail "completion zsh"
"$linkform" completion fish >"$work/linkform.fish" || fail "completion fish"

# bash: call the completion function as readline would, for "linkform plan --target fr<TAB>".
bash_out=$(bash --norc --noprofile -c '
  linkform() { cat "'"$work"'/targets"; }
  source "'"$work"'/linkform.bash"
  COMP_WORDS=(linkform plan --target fr); COMP_CWORD=3
  _linkform
  printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
[ -e "$marker" ] && fail "bash completion ran a command from an address"
grep -qxF 'frontegg_connector.plain' <<<"$bash_out" || fail "bash did not offer the plain address: $bash_out"
grep -qF 'frontegg_connector.\$\(touch' <<<"$bash_out" || fail "bash did not quote the hostile address: $bash_out"

if command -v zsh >/dev/null; then
  zsh -f -c '
    linkform() { cat "'"$work"'/targets"; }
    compadd() { if [[ $1 == -a ]]; then print -rl -- "${(@P)2}"; else print -rl -- "$@"; fi; }
    source "'"$work"'/_linkform" >/dev/null 2>&1
    _linkform_targets' >"$work/zsh.out" 2>&1
  [ -e "$marker" ] && fail "zsh completion ran a command from an address"
  grep -qF 'frontegg_connector.plain' "$work/zsh.out" || fail "zsh offered nothing: $(cat "$work/zsh.out")"
else
  echo "completion: zsh is not installed; its script was not run"
fi

if command -v fish >/dev/null; then
  fish --no-config -c '
    function linkform; cat "'"$work"'/targets"; end
    source "'"$work"'/linkform.fish"
    complete -C "linkform plan --target fr"' >"$work/fish.out" 2>&1
  [ -e "$marker" ] && fail "fish completion ran a command from an address"
  grep -qF 'frontegg_connector.plain' "$work/fish.out" || fail "fish offered nothing: $(cat "$work/fish.out")"
else
  echo "completion: fish is not installed; its script was not run"
fi

# And the address never gets that far: validate refuses the table, completion lists nothing of it.
printf '[bitbucket]\nworkspace = "acme"\n[frontegg]\nregion = "eu"\n[connectors."$(touch %s)"]\napp = "a"\nconsumer = "c"\n' \
  "$marker" >"$work/linkform.toml"
"$linkform" validate -c "$work/linkform.toml" >"$work/validate.out" 2>&1 && fail "validate accepted a hostile table name"
grep -qF "a table name becomes a resource address" "$work/validate.out" || fail "validate did not say why: $(cat "$work/validate.out")"
"$linkform" completion targets -c "$work/linkform.toml" | grep -qF 'touch' && fail "completion targets listed a hostile name"
[ -e "$marker" ] && fail "a marker file was created"

[ $failed -eq 0 ] || { echo "completion injection: $failed checks failed"; exit 1; }
echo "completion injection: bash, zsh and fish never evaluate an address"
