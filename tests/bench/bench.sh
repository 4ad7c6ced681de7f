#!/usr/bin/env bash
# linkform's performance against linkform-emulator, every figure beside its bound, in one run:
#  - the 1-environment plan against its critical path (Frontegg auth -> application list -> connector list:
#    3 round trips), for the dynamic build and the static release binary, interleaved run by run;
#  - 10 and 50 environments over HTTP/1.1 (straight to the emulator) and over HTTP/2 (through nghttpx, a TLS
#    front with ALPN h2, as vendors' front ends are), with the HTTP/1.1 lower bound for 50 environments given
#    8 connections per host: ceil(requests / 8) round trips;
#  - an apply of one new connector in each of 10 environments against its plan + 3 round trips, over HTTP/1.1
#    (where 8 connections make 3 rounds of the 10 writes and 10 read-backs the floor) and over HTTP/2.
# Each row shows the median and the spread (minimum, quartiles, 90th percentile, maximum) over RUNS runs and
# how many runs took more than 1.3 x the median, so a bimodal distribution shows. The configuration is one
# Bitbucket consumer and one already-applied connector per environment (a drift check).
#
# Usage: tests/bench/bench.sh [RUNS] [LATENCY_MS]        (defaults: 30 runs, 50 ms per request)
#   LINKFORM (default build/cmd/linkform/linkform), LINKFORM_STATIC (default build-release/cmd/linkform/linkform,
#   which scripts/release.sh builds), LINKFORM_EMULATOR and NGHTTPX (set and empty: no HTTP/2) name the
#   binaries. Without the static binary its rows say so and the others use the dynamic build.
# Not part of scripts/test.sh: it reports, it does not gate (tests/e2e/plan_spread_e2e_test.cpp gates the
# spread).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-30}
latency=${2:-50}
dynamic=${LINKFORM:-build/cmd/linkform/linkform}
static=${LINKFORM_STATIC:-build-release/cmd/linkform/linkform}
emulator=${LINKFORM_EMULATOR:-build/cmd/linkform-emulator/linkform-emulator}
if [ ! -x "$dynamic" ] || [ ! -x "$emulator" ]; then
  cmake -S . -B build >/dev/null && cmake --build build -j2 --target linkform linkform-emulator >/dev/null
fi
nghttpx=${NGHTTPX-$(PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v nghttpx || true)}

work=$(mktemp -d)
emulator_pid=""
front_pid=""
cleanup() {
  [ -z "$front_pid" ] || { kill "$front_pid" 2>/dev/null; wait "$front_pid" 2>/dev/null; } || true
  [ -z "$emulator_pid" ] || { kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null; } || true
  rm -rf "$work"
}
trap cleanup EXIT

key="BenchKey000000000000000000000001"
secret="BenchSecret0000000000000000000000000000000000000000000000000000000000000000001"
export BITBUCKET_MCP_KEY=$key BITBUCKET_MCP_SECRET=$secret

# write_seed FILE N [CONNECTORS]: N environments with their app, one consumer; CONNECTORS=none: no connector
# yet (the apply makes them), otherwise linkform's own apply makes them before the plans.
write_seed() {
  local file=$1 n=$2 i
  {
    printf '{"bitbucket":{"workspaces":[{"slug":"acme","name":"Acme","uuid":"{00000000-0000-4000-8000-000000000001}"}],'
    printf '"consumers":[{"workspace":"acme","key":"%s","secret":"%s","name":"Bench","description":"",' "$key" "$secret"
    printf '"callback_url":"https://bench.example/cb","url":"","private":true,"permissions":["account","repository","pullrequest"]}]},'
    printf '"frontegg":{"environments":['
    for i in $(seq 1 "$n"); do
      [ "$i" -eq 1 ] || printf ','
      printf '{"name":"env%d","client_id":"env%d-client-id","secret":"env%d-secret","applications":[{"id":"app-env%d","name":"Agen for Work"}]}' \
        "$i" "$i" "$i" "$i"
    done
    printf ']}}\n'
  } >"$file"
}

# write_config FILE N URL
write_config() {
  local file=$1 n=$2 url=$3 i
  {
    printf '[bitbucket]\nworkspace = "acme"\napi_url = "%s"\noauth_url = "%s"\n' "$url" "$url"
    printf '\n[consumers.mcp]\nname = "Bench"\ncallback_url = "https://bench.example/cb"\n'
    printf 'permissions = ["account", "repository", "pullrequest"]\n'
    printf 'key = { env = "BITBUCKET_MCP_KEY" }\nsecret = { env = "BITBUCKET_MCP_SECRET" }\n'
    for i in $(seq 1 "$n"); do
      printf '\n[frontegg.environments.env%d]\nbase_url = "%s"\nclient_id = "env%d-client-id"\nsecret = { env = "FE_SECRET_%d" }\n' \
        "$i" "$url" "$i" "$i"
      printf '\n[connectors.c%d]\nenvironment = "env%d"\napp = "Agen for Work"\nconsumer = "mcp"\n' "$i" "$i"
    done
  } >"$file"
  for i in $(seq 1 "$n"); do export "FE_SECRET_$i=env$i-secret"; done
}

start_emulator() {  # SEED; sets url
  "$emulator" --port 0 --seed "$1" --latency-ms "$latency" >"$work/emulator.out" 2>"$work/emulator.err" &
  emulator_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/emulator.out" ] && break; sleep 0.05; done
  url=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
  [ -n "$url" ] || { cat "$work/emulator.err" >&2; exit 1; }
}
stop_emulator() { kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=""; }

# start_front: nghttpx (TLS, ALPN h2) on a free loopback port before the emulator; sets front_url.
start_front() {
  local port
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    rm -f "$work/front.log"
    "$nghttpx" --conf=/dev/null --single-process --workers=1 --frontend="127.0.0.1,$port" \
      --backend="127.0.0.1,${url##*:};;proto=http/1.1" --backend-connections-per-frontend=32 \
      --no-ocsp --no-via --errorlog-file="$work/front.log" --accesslog-file=/dev/null \
      "$work/key.pem" "$work/cert.pem" >"$work/front.out" 2>&1 &
    front_pid=$!
    for _ in $(seq 1 200); do
      grep -q "Listening on 127.0.0.1:$port" "$work/front.log" 2>/dev/null && { front_url="https://127.0.0.1:$port"; return 0; }
      kill -0 "$front_pid" 2>/dev/null || break
      sleep 0.05
    done
    kill "$front_pid" 2>/dev/null || true; wait "$front_pid" 2>/dev/null || true; front_pid=""
  done
  cat "$work/front.log" >&2
  echo "bench: nghttpx did not start" >&2
  exit 1
}
stop_front() { kill "$front_pid"; wait "$front_pid" 2>/dev/null || true; front_pid=""; }

# wall_ms CMD...: the command's wall time in ms (its output discarded; a failure stops the benchmark). Read
# from bash's own clock ($EPOCHREALTIME), not from two runs of date: each of those is a process start of its
# own (about 4 ms on the reference machine) that would be counted as linkform's. What is counted: bash
# starting linkform, linkform's run and its exit.
wall_ms() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" >"$work/last.out" 2>&1 || { cat "$work/last.out" >&2; echo "bench: failed: $*" >&2; exit 1; }
  t1=$EPOCHREALTIME
  echo $(((${t1/./} - ${t0/./}) / 1000))
}

# spread FILE: "median min p25 p75 p90 max slow" of the numbers in FILE (slow: runs over 1.3 x the median).
spread() {
  sort -n "$1" | awk '{a[NR] = $1} END {
    m = a[int((NR + 1) / 2)]; slow = 0
    for (i = 1; i <= NR; i++) if (a[i] > 1.3 * m) slow++
    printf "%d %d %d %d %d %d %d\n", m, a[1], a[int(NR / 4) + 1], a[int(NR * 3 / 4) + (NR % 4 ? 1 : 0)], a[int(NR * 9 / 10) + (NR % 10 ? 1 : 0)], a[NR], slow }'
}

rows=()
row() {  # LABEL FILE BOUND_MS BOUND_TEXT: prints a row and keeps its median
  local label=$1 file=$2 bound=$3 text=$4 m lo q1 q3 p90 hi slow
  read -r m lo q1 q3 p90 hi slow < <(spread "$file")
  printf '%-34s %7d %6d %6d %6d %6d %6d %5d/%-3d %8d  %s\n' "$label" "$m" "$lo" "$q1" "$q3" "$p90" "$hi" "$slow" "$runs" "$bound" "$text"
  rows+=("$label=$m")
}
median_of() { local r; for r in "${rows[@]}"; do [ "${r%%=*}" = "$1" ] && { echo "${r#*=}"; return; }; done; echo 0; }
header() {
  printf '%-34s %7s %6s %6s %6s %6s %6s %9s %8s  %s\n' "" median min p25 p75 p90 max ">1.3xmed" "bound" "(ms)"
}
verdict() { if awk "BEGIN{exit !($1)}"; then echo holds; else echo MISSED; fi; }

requests_of_one_plan() {  # BIN CONFIG: vendor requests of one plan
  curl -s -X DELETE "$url/_emulator/requests" >/dev/null
  "$1" plan -c "$2" >/dev/null 2>&1
  curl -s "$url/_emulator/requests" | grep -o '"method"' | wc -l
}

declare -a h1_requests=()
have_static=1
[ -x "$static" ] || have_static=0
main=$static
[ "$have_static" -eq 1 ] || main=$dynamic
crit=$((3 * latency))

echo "linkform benchmark, $(date -u +%Y-%m-%dT%H:%MZ): $runs runs per row, the emulator adding $latency ms to every request"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr)"
echo "dynamic: $dynamic ($(file -b "$dynamic" | cut -d, -f1-2))"
if [ "$have_static" -eq 1 ]; then
  echo "static:  $static ($(file -b "$static" | cut -d, -f1-2))"
else
  echo "static:  $static is missing (scripts/release.sh builds it): every row below uses the dynamic build"
fi
echo "rows after the first two use the ${main##*/} binary at $main"
: >"$work/true"
for _ in $(seq 1 "$runs"); do wall_ms /bin/true >>"$work/true"; done
echo "starting a process from this script (/bin/true, median of $runs): $(sort -n "$work/true" | sed -n "$(((runs + 1) / 2))p") ms, in every row"
echo

# --- HTTP/1.1 ---------------------------------------------------------------------------------------------
echo "over HTTP/1.1, straight to the emulator, --parallelism 8 (default):"
header
for n in 1 10 50; do
  write_seed "$work/seed.json" "$n"
  start_emulator "$work/seed.json"
  write_config "$work/c.toml" "$n" "$url"
  "$main" apply --auto-approve -c "$work/c.toml" >/dev/null
  : >"$work/dyn" && : >"$work/main"
  for _ in $(seq 1 "$runs"); do
    if [ "$n" -eq 1 ] && [ "$have_static" -eq 1 ]; then wall_ms "$dynamic" plan -c "$work/c.toml" >>"$work/dyn"; fi
    wall_ms "$main" plan -c "$work/c.toml" >>"$work/main"
  done
  requests=$(requests_of_one_plan "$main" "$work/c.toml")
  if [ "$n" -eq 1 ]; then
    if [ "$have_static" -eq 1 ]; then
      row "1 env, dynamic" "$work/dyn" "$crit" "critical path (3 round trips)"
      row "1 env, static" "$work/main" "$crit" "critical path; $requests requests"
    else
      row "1 env, dynamic" "$work/main" "$crit" "critical path; $requests requests"
    fi
  else
    bound=$(((requests + 7) / 8 * latency))
    [ "$bound" -ge "$crit" ] || bound=$crit
    row "$n env, HTTP/1.1" "$work/main" "$bound" "ceil($requests requests / 8) round trips"
  fi
  h1_requests[$n]=$requests
  stop_emulator
done
one_h1=$(median_of "1 env, static")
[ "$have_static" -eq 1 ] || one_h1=$(median_of "1 env, dynamic")

# --- HTTP/2 -----------------------------------------------------------------------------------------------
echo
h2_skipped=""
if [ -z "$nghttpx" ] || ! command -v openssl >/dev/null 2>&1; then
  h2_skipped="nghttpx or openssl is not installed (scripts/deps.sh installs nghttp2-proxy and openssl)"
  echo "over HTTP/2: skipped: $h2_skipped"
else
  echo "over HTTP/2, through nghttpx (TLS, ALPN h2), certificates verified:"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" \
    -out "$work/cert.pem" -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  export CURL_CA_BUNDLE="$work/cert.pem"
  header
  for n in 1 10 50; do
    write_seed "$work/seed.json" "$n"
    start_emulator "$work/seed.json"
    start_front
    write_config "$work/c.toml" "$n" "$front_url"
    "$main" apply --auto-approve -c "$work/c.toml" >/dev/null
    : >"$work/main"
    for _ in $(seq 1 "$runs"); do wall_ms "$main" plan -c "$work/c.toml" >>"$work/main"; done
    if [ "$n" -eq 1 ]; then
      row "1 env, HTTP/2" "$work/main" "$crit" "critical path"
    else
      one_h2=$(median_of "1 env, HTTP/2")
      factor=$([ "$n" -eq 10 ] && echo 2.5 || echo 3)
      row "$n env, HTTP/2" "$work/main" "$(awk "BEGIN{printf \"%d\", $factor * $one_h2}")" "$factor x the 1-environment plan"
    fi
    stop_front
    stop_emulator
  done
  unset CURL_CA_BUNDLE
fi

# --- apply ------------------------------------------------------------------------------------------------
echo
echo "apply of one new connector in each of 10 environments (HTTP/1.1), against its own plan + 3 round trips:"
header
write_seed "$work/seed.json" 10
start_emulator "$work/seed.json"
write_config "$work/c.toml" 10 "$url"
# plan_then_apply PLAN_FILE APPLY_FILE: RUNS times, the emulator seeded again (no connector), a plan and
# then an apply of the configuration, each one's wall time appended to its file.
plan_then_apply() {
  : >"$1" && : >"$2"
  for _ in $(seq 1 "$runs"); do
    curl -s -X POST "$url/_emulator/seed" -H 'Content-Type: application/json' --data-binary @"$work/seed.json" >/dev/null
    wall_ms "$main" plan -c "$work/c.toml" >>"$1"
    wall_ms "$main" apply --auto-approve -c "$work/c.toml" >>"$2"
  done
}
plan_then_apply "$work/plan" "$work/apply"
# A round trip as the apply meets it: the median time libcurl took per request (--debug) in one more apply.
# The emulator adds $latency ms to each, and its own work and the two cores' contention the rest.
curl -s -X POST "$url/_emulator/seed" -H 'Content-Type: application/json' --data-binary @"$work/seed.json" >/dev/null
"$main" apply --auto-approve --debug -c "$work/c.toml" 2>&1 >/dev/null |
  sed -n 's/^debug: http: .* -> [0-9]* (\([0-9]*\) ms.*/\1/p' | sort -n >"$work/rt"
rt=$(sed -n "$((($(wc -l <"$work/rt") + 1) / 2))p" "$work/rt")
stop_emulator
row "plan before (10 creates)" "$work/plan" 0 ""
plan10=$(median_of "plan before (10 creates)")
row "apply (10 creates)" "$work/apply" $((plan10 + 3 * latency)) "plan + 3 round trips of $latency ms"

# The same over HTTP/2, as against the vendors' own hosts: the 10 writes go out at once on one connection,
# and then the 10 read-backs, so 2 round trips follow the plan instead of HTTP/1.1's ceil(20 / 8) = 3.
if [ -z "$h2_skipped" ]; then
  export CURL_CA_BUNDLE="$work/cert.pem"
  start_emulator "$work/seed.json"
  start_front
  write_config "$work/c.toml" 10 "$front_url"
  plan_then_apply "$work/plan2" "$work/apply2"
  stop_front
  stop_emulator
  unset CURL_CA_BUNDLE
  row "plan before (10 creates, HTTP/2)" "$work/plan2" 0 ""
  plan10_h2=$(median_of "plan before (10 creates, HTTP/2)")
  row "apply (10 creates, HTTP/2)" "$work/apply2" $((plan10_h2 + 3 * latency)) "plan + 3 round trips of $latency ms"
fi

# --- the bounds -------------------------------------------------------------------------------------------
echo
echo "Bounds (medians):"
if [ "$have_static" -eq 1 ]; then
  s1=$(median_of "1 env, static")
  printf '  1 environment, static: %d ms <= 1.15 x critical path %d ms = %d ms: %s\n' "$s1" "$crit" $((crit * 115 / 100)) "$(verdict "$s1 <= 1.15 * $crit")"
  d1=$(median_of "1 env, dynamic")
  printf '  1 environment, dynamic: %d ms (%s x the critical path; start-up is the difference)\n' "$d1" "$(awk "BEGIN{printf \"%.2f\", $d1 / $crit}")"
else
  printf '  1 environment on the static binary: not measured (no static binary)\n'
fi
t10=$(median_of "10 env, HTTP/1.1")
printf '  10 environments, HTTP/1.1: %d ms <= 2.5 x the 1-environment plan %d ms = %d ms: %s\n' "$t10" "$one_h1" $((one_h1 * 5 / 2)) "$(verdict "$t10 <= 2.5 * $one_h1")"
t50=$(median_of "50 env, HTTP/1.1")
lb=$(((h1_requests[50] + 7) / 8 * latency))
printf '  50 environments, HTTP/1.1: %d ms <= 1.3 x its lower bound ceil(%d / 8) x %d ms = %d ms: %s\n' "$t50" "${h1_requests[50]}" "$latency" $((lb * 13 / 10)) "$(verdict "$t50 <= 1.3 * $lb")"
if [ -z "$h2_skipped" ]; then
  h1=$(median_of "1 env, HTTP/2")
  h50=$(median_of "50 env, HTTP/2")
  printf '  50 environments, HTTP/2: %d ms <= 3 x the 1-environment plan %d ms = %d ms: %s\n' "$h50" "$h1" $((3 * h1)) "$(verdict "$h50 <= 3 * $h1")"
fi
a10=$(median_of "apply (10 creates)")
printf '  apply, 10 environments: %d ms <= plan %d ms + 3 x %d ms = %d ms: %s\n' "$a10" "$plan10" "$latency" $((plan10 + 3 * latency)) "$(verdict "$a10 <= $plan10 + 3 * $latency")"
if [ -z "$h2_skipped" ]; then
  a10_h2=$(median_of "apply (10 creates, HTTP/2)")
  printf '  apply, 10 environments, HTTP/2: %d ms <= plan %d ms + 3 x %d ms = %d ms: %s (+ 2 x %d ms = %d ms: %s)\n' \
    "$a10_h2" "$plan10_h2" "$latency" $((plan10_h2 + 3 * latency)) "$(verdict "$a10_h2 <= $plan10_h2 + 3 * $latency")" \
    "$latency" $((plan10_h2 + 2 * latency)) "$(verdict "$a10_h2 <= $plan10_h2 + 2 * $latency")"
fi
printf '  apply, 10 environments: %d ms <= plan %d ms + 3 x the round trip it met (median %d ms per request) = %d ms: %s\n' \
  "$a10" "$plan10" "$rt" $((plan10 + 3 * rt)) "$(verdict "$a10 <= $plan10 + 3 * $rt")"
