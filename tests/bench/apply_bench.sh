#!/usr/bin/env bash
# Apply cost against linkform-emulator: N new connectors into one app of one environment, for N = 100 and
# N = 300, at --latency-ms LATENCY (default 0: the cost is linkform's own and the requests it sends): wall
# time (median of RUNS), vendor requests, and the ratio 300/100 against issue 13's target (at most 3.5:
# linear). The apply of one connector in each of 10 environments is in tests/bench/bench.sh.
#
# Usage: tests/bench/apply_bench.sh [LATENCY_MS] [RUNS]
# Not part of scripts/test.sh: it reports, it does not gate.
set -euo pipefail
cd "$(dirname "$0")/../.."

latency=${1:-0}
runs=${2:-3}
linkform=${LINKFORM:-build/cmd/linkform/linkform}
emulator=${LINKFORM_EMULATOR:-build/cmd/linkform-emulator/linkform-emulator}
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$emulator" --port 0 --latency-ms "$latency" > "$work/emulator.out" 2>/dev/null &
emulator_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/emulator.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
new_consumer() {  # sets key and secret
  local consumer
  consumer=$(curl -s -X POST "$url/_emulator/bitbucket/consumers" -H 'Content-Type: application/json' \
    -d '{"workspace":"acme","name":"Bench","callback_url":"https://bench.example/cb","private":true,"permissions":["account","repository","pullrequest","issue"]}')
  key=$(printf '%s' "$consumer" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
  secret=$(printf '%s' "$consumer" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
}

write_config() {  # FILE N
  {
    printf '[bitbucket]\nworkspace = "acme"\napi_url = "%s"\noauth_url = "%s"\n\n' "$url" "$url"
    printf '[frontegg]\nbase_url = "%s"\nclient_id = "prod-client-id"\nsecret = { env = "FRONTEGG_SECRET" }\n\n' "$url"
    printf '[consumers.mcp]\nname = "Bench"\ncallback_url = "https://bench.example/cb"\n'
    printf 'permissions = ["account", "repository", "pullrequest", "issue"]\n'
    printf 'key = { env = "BITBUCKET_MCP_KEY" }\nsecret = { env = "BITBUCKET_MCP_SECRET" }\n'
    for i in $(seq 1 "$2"); do printf '\n[connectors.c%d]\napp = "Agen for Work"\nconsumer = "mcp"\n' "$i"; done
  } > "$1"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A wall requests
for n in 100 300; do
  write_config "$work/c$n.toml" "$n"
  times=()
  for _ in $(seq 1 "$runs"); do
    curl -s -X POST "$url/_emulator/reset" -d '' > /dev/null
    new_consumer
    curl -s -X DELETE "$url/_emulator/requests" > /dev/null
    start=$(date +%s%N)
    FRONTEGG_SECRET=prod-secret BITBUCKET_MCP_KEY=$key BITBUCKET_MCP_SECRET=$secret \
      "$linkform" apply --auto-approve -c "$work/c$n.toml" > "$work/apply.out" 2>&1 || { cat "$work/apply.out" >&2; exit 1; }
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  wall[$n]=$(printf '%s\n' "${times[@]}" | median)
  requests[$n]=$(curl -s "$url/_emulator/requests" | grep -o '"method"' | wc -l)
done
ratio=$(awk -v a="${wall[300]}" -v b="${wall[100]}" 'BEGIN {printf "%.2f", a / b}')

verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 3.5 ? "holds" : "MISSED")}')
printf '| connectors | apply wall (median of %s) | vendor requests |\n|---|---|---|\n' "$runs"
printf '| 100 | %s ms | %s |\n| 300 | %s ms | %s |\n' "${wall[100]}" "${requests[100]}" "${wall[300]}" "${requests[300]}"
printf 'apply 300 / apply 100 = %s (target <= 3.5: %s), latency %s ms\n' "$ratio" "$verdict" "$latency"
