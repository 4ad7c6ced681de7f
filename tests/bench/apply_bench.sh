#!/usr/bin/env bash
# Apply cost against linkform-emulator, two measurements in one run:
#  1. N new connectors into one app of one environment, for N = 100 and N = 300, at --latency-ms LATENCY
#     (default 0: the cost is linkform's own and the requests it sends): wall time (median of RUNS), vendor
#     requests, and the ratio 300/100 against issue 13's target (at most 3.5: linear).
#  2. One new connector in each of 10 environments at 50 ms latency: the apply's wall time against its
#     plan's, with issue 13's target that the writes run at once (apply <= plan + 3 round trips).
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
    printf 'key = { env = "BITBUCKET_CONSUMER_KEY" }\nsecret = { env = "BITBUCKET_CONSUMER_SECRET" }\n'
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
    FRONTEGG_SECRET=prod-secret BITBUCKET_CONSUMER_KEY=$key BITBUCKET_CONSUMER_SECRET=$secret \
      "$linkform" apply --auto-approve -c "$work/c$n.toml" > "$work/apply.out" 2>&1 || { cat "$work/apply.out" >&2; exit 1; }
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  wall[$n]=$(printf '%s\n' "${times[@]}" | median)
  requests[$n]=$(curl -s "$url/_emulator/requests" | grep -o '"method"' | wc -l)
done
ratio=$(awk -v a="${wall[300]}" -v b="${wall[100]}" 'BEGIN {printf "%.2f", a / b}')

# 2. Ten environments, one consumer, one new connector each, at 50 ms per request.
envs=10
seed="$work/seed.json"
{
  printf '{"bitbucket":{"workspaces":[{"slug":"acme","name":"Acme","uuid":"{00000000-0000-4000-8000-000000000001}"}],"consumers":[]},"frontegg":{"environments":['
  for i in $(seq 1 "$envs"); do
    [ "$i" -gt 1 ] && printf ','
    printf '{"name":"env%d","client_id":"env%d-client-id","secret":"env%d-secret","applications":[{"id":"app-env%d","name":"Agen for Work"}]}' "$i" "$i" "$i" "$i"
  done
  printf ']}}'
} > "$seed"
{
  printf '[bitbucket]\nworkspace = "acme"\napi_url = "%s"\noauth_url = "%s"\n' "$url" "$url"
  for i in $(seq 1 "$envs"); do
    printf '\n[frontegg.environments.env%d]\nbase_url = "%s"\nclient_id = "env%d-client-id"\nsecret = { env = "ENV%d_SECRET" }\n' "$i" "$url" "$i" "$i"
  done
  printf '\n[consumers.mcp]\nname = "Bench"\ncallback_url = "https://bench.example/cb"\n'
  printf 'permissions = ["account", "repository", "pullrequest", "issue"]\n'
  printf 'key = { env = "BITBUCKET_CONSUMER_KEY" }\nsecret = { env = "BITBUCKET_CONSUMER_SECRET" }\n'
  for i in $(seq 1 "$envs"); do printf '\n[connectors.c%d]\nenvironment = "env%d"\napp = "Agen for Work"\nconsumer = "mcp"\n' "$i" "$i"; done
} > "$work/envs.toml"
env_vars=()
for i in $(seq 1 "$envs"); do env_vars+=("ENV${i}_SECRET=env${i}-secret"); done
curl -s -X POST "$url/_emulator/latency" -H 'Content-Type: application/json' -d '{"ms":50}' > /dev/null
# At the default --parallelism 8, HTTP/1.1 carries 8 requests at a time to the one host, so 10
# environments' writes take two rounds per step; at 16 they all go at once. Both, in the same run.
declare -A plan_at apply_at
for parallelism in 8 16; do
  plan_times=()
  apply_times=()
  for _ in $(seq 1 "$runs"); do
    curl -s -X POST "$url/_emulator/seed" -H 'Content-Type: application/json' --data-binary @"$seed" > /dev/null
    new_consumer
    start=$(date +%s%N)
    env "${env_vars[@]}" BITBUCKET_CONSUMER_KEY=$key BITBUCKET_CONSUMER_SECRET=$secret \
      "$linkform" plan --parallelism "$parallelism" -c "$work/envs.toml" > /dev/null 2>&1
    plan_times+=($(( ($(date +%s%N) - start) / 1000000 )))
    start=$(date +%s%N)
    env "${env_vars[@]}" BITBUCKET_CONSUMER_KEY=$key BITBUCKET_CONSUMER_SECRET=$secret \
      "$linkform" apply --auto-approve --parallelism "$parallelism" -c "$work/envs.toml" > "$work/apply.out" 2>&1 ||
      { cat "$work/apply.out" >&2; exit 1; }
    apply_times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  plan_at[$parallelism]=$(printf '%s\n' "${plan_times[@]}" | median)
  apply_at[$parallelism]=$(printf '%s\n' "${apply_times[@]}" | median)
done
# BENCH_DEBUG=1: one more apply at --parallelism 16 with --debug, its requests on stderr (where the time goes).
if [ -n "${BENCH_DEBUG:-}" ]; then
  curl -s -X POST "$url/_emulator/seed" -H "Content-Type: application/json" --data-binary @"$seed" > /dev/null
  new_consumer
  env "${env_vars[@]}" BITBUCKET_CONSUMER_KEY=$key BITBUCKET_CONSUMER_SECRET=$secret \
    "$linkform" apply --auto-approve --debug --parallelism 16 -c "$work/envs.toml" 2>&1 |
    grep "debug: http" | sed "s,http://[^/]*,," >&2
fi
verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 3.5 ? "holds" : "MISSED")}')
printf '| connectors | apply wall (median of %s) | vendor requests |\n|---|---|---|\n' "$runs"
printf '| 100 | %s ms | %s |\n| 300 | %s ms | %s |\n' "${wall[100]}" "${requests[100]}" "${wall[300]}" "${requests[300]}"
printf 'apply 300 / apply 100 = %s (target <= 3.5: %s), latency %s ms\n' "$ratio" "$verdict" "$latency"
printf '\n%d environments, one new connector each, 50 ms latency, median of %s:\n' "$envs" "$runs"
for parallelism in 8 16; do
  bound=$((plan_at[$parallelism] + 3 * 50))
  printf '  --parallelism %2d: plan %s ms, apply %s ms; apply <= plan + 3 round trips = %s ms: %s\n' \
    "$parallelism" "${plan_at[$parallelism]}" "${apply_at[$parallelism]}" "$bound" \
    "$([ "${apply_at[$parallelism]}" -le "$bound" ] && echo holds || echo MISSED)"
done
