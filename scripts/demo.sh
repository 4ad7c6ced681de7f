#!/usr/bin/env bash
# The linkform demo: installs what is missing, builds, starts linkform-emulator
# on a free loopback port, and walks through what a team does on day one:
#   1. linkform plan         -> the consumer does not exist yet: the steps a person follows
#   2. (the person's part)   -> create the consumer in "Bitbucket" (the emulator's control API)
#   3. linkform plan         -> the connector will be created
#   4. linkform apply        -> it is created
#   5. linkform plan         -> No changes
# The emulator is stopped on exit, also when interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
# The same configured build directory as scripts/test.sh, but only the two binaries: the demo needs no test
# object, and scripts/test.sh afterwards compiles only those (nothing twice).
if [ ! -x build/cmd/linkform/linkform ] || [ ! -x build/cmd/linkform-emulator/linkform-emulator ]; then
  echo "demo: building linkform and linkform-emulator first, about 3 minutes on two cores; the tests are left"
  echo "      to scripts/test.sh"
fi
LINKFORM_BUILD_TARGETS="linkform linkform-emulator" scripts/build.sh build

linkform=build/cmd/linkform/linkform
emulator=build/cmd/linkform-emulator/linkform-emulator
config=examples/quickstart.toml

work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$emulator" --port 0 >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/emulator.out" ] && break
  sleep 0.05
done
url=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
if [ -z "$url" ]; then
  echo "demo: linkform-emulator did not start:" >&2
  cat "$work/emulator.err" >&2
  exit 1
fi

# Point the quickstart at the emulator; its default seed has the Frontegg
# environment "prod" with these (emulator-only) credentials.
export FRONTEGG_BASE_URL="$url" FRONTEGG_GATEWAY="$url" LINKFORM_BITBUCKET_API_URL="$url" LINKFORM_BITBUCKET_OAUTH_URL="$url"
export FRONTEGG_CLIENT_ID=prod-client-id FRONTEGG_SECRET=prod-secret
unset BITBUCKET_MCP_KEY BITBUCKET_MCP_SECRET

if [ -t 1 ]; then
  step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
  step() { printf '\n==> %s\n' "$*"; }
fi
run() { echo "\$ linkform $*"; set +e; "$linkform" "$@"; code=$?; set -e; echo "(exit $code)"; }

echo "linkform-emulator is listening on $url"

step "1. Before anyone has created the Bitbucket consumer"
run plan -c "$config"

step "2. A person creates the consumer in Bitbucket (here: the emulator's control API)"
reply=$(curl -sS -X POST "$url/_emulator/bitbucket/consumers" -H 'Content-Type: application/json' -d '{
  "workspace": "acme", "name": "Frontegg Integration",
  "description": "OAuth consumer for the Frontegg MCP gateway",
  "callback_url": "'"$url"'/integration-callback",
  "url": "https://app.acme.example", "private": true,
  "permissions": ["account", "repository", "pullrequest"]}')
BITBUCKET_MCP_KEY=$(printf '%s' "$reply" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
BITBUCKET_MCP_SECRET=$(printf '%s' "$reply" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
export BITBUCKET_MCP_KEY BITBUCKET_MCP_SECRET
if [ -z "$BITBUCKET_MCP_KEY" ] || [ -z "$BITBUCKET_MCP_SECRET" ]; then
  echo "demo: could not create the consumer: $reply" >&2
  exit 1
fi
echo "and stores its Key and Secret in BITBUCKET_MCP_KEY and BITBUCKET_MCP_SECRET."

step "3. linkform plan"
run plan -c "$config"

step "4. linkform apply"
run apply -c "$config" --auto-approve

step "5. linkform plan again: nothing left to do"
run plan -c "$config" --detailed-exitcode
[ "$code" -eq 0 ] || { echo "demo: expected no changes" >&2; exit 1; }

cat <<EOT

To run them by hand (the README's quick start goes on from here):
  $PWD/$linkform --help
  $PWD/$emulator --port 8480      # prints its credentials and control API
or install both into a prefix:  cmake --install build --prefix "\$HOME/.local"   (then ~/.local/bin is on PATH)
EOT
