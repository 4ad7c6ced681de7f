#!/usr/bin/env bash
# Plan performance against linkform-emulator with --latency-ms (default 50):
# configurations with 1, 10 and 50 Frontegg environments (one consumer and one
# connector each, already applied, so the plan is a drift check). For each it
# measures, in the same run, plan wall time (median of 5), requests received
# by the emulator, connections linkform opened, peak RSS, wall time / critical
# path, and wall time at --parallelism 1 / wall time at the default; then
# validate's median time. Every figure is printed beside its target.
#
# The table is measured twice in one invocation: over HTTP/1.1 straight to the
# emulator, then over HTTP/2 through nghttpx (a TLS front with ALPN h2 before
# the emulator, as real vendor front ends offer; self-signed certificate for
# 127.0.0.1, trusted through CURL_CA_BUNDLE). Each table's 50-environment
# target is against its own 1-environment time. Without nghttpx or openssl
# (scripts/deps.sh installs them) the HTTP/2 table is skipped with a message.
#
# Usage: tests/bench/plan_bench.sh [LATENCY_MS] [RUNS]
#        (LINKFORM, LINKFORM_EMULATOR and NGHTTPX name the binaries; NGHTTPX= skips HTTP/2)
# Not part of scripts/test.sh: timings on a shared 2-core machine are noisy,
# so this reports, it does not gate.
set -euo pipefail
cd "$(dirname "$0")/../.."

latency=${1:-50}
runs=${2:-5}
linkform=${LINKFORM:-build/cmd/linkform/linkform}
emulator=${LINKFORM_EMULATOR:-build/cmd/linkform-emulator/linkform-emulator}
if [ ! -x "$linkform" ] || [ ! -x "$emulator" ]; then
  cmake -S . -B build >/dev/null && cmake --build build -j2 --target linkform linkform-emulator >/dev/null
fi
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
emulator_pid=""
front_pid=""
cleanup() {
  if [ -n "$front_pid" ]; then kill "$front_pid" 2>/dev/null || true; wait "$front_pid" 2>/dev/null || true; fi
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

key_of() { printf 'BenchKey%024d' "$1"; }
secret_of() { printf 'BenchSecret%065d' "$1"; }

# seed FILE N: N environments, each with its app and a consumer in workspace acme.
write_seed() {
  local file=$1 n=$2 i sep=""
  {
    printf '{"bitbucket":{"workspaces":[{"slug":"acme","name":"Acme","uuid":"{00000000-0000-4000-8000-000000000001}"}],"consumers":['
    for i in $(seq 1 "$n"); do
      printf '%s{"workspace":"acme","key":"%s","secret":"%s","name":"Bench %d","description":"","callback_url":"https://bench.example/cb","url":"","private":true,"permissions":["account","repository","pullrequest","issue"]}' \
        "$sep" "$(key_of "$i")" "$(secret_of "$i")" "$i"
      sep=","
    done
    printf ']},"frontegg":{"environments":['
    sep=""
    for i in $(seq 1 "$n"); do
      printf '%s{"name":"env%d","client_id":"env%d-client-id","secret":"env%d-secret","applications":[{"id":"app-env%d","name":"Agen for Work"}]}' \
        "$sep" "$i" "$i" "$i" "$i"
      sep=","
    done
    printf ']}}\n'
  } >"$file"
}

# config FILE N URL
write_config() {
  local file=$1 n=$2 url=$3 i
  {
    printf '[bitbucket]\nworkspace = "acme"\napi_url = "%s"\noauth_url = "%s"\n' "$url" "$url"
    for i in $(seq 1 "$n"); do
      printf '\n[frontegg.environments.env%d]\nbase_url = "%s"\nclient_id = "env%d-client-id"\nsecret = { env = "FE_SECRET_%d" }\n' \
        "$i" "$url" "$i" "$i"
    done
    for i in $(seq 1 "$n"); do
      printf '\n[consumers.mcp-%d]\nname = "Bench %d"\ncallback_url = "https://bench.example/cb"\n' "$i" "$i"
      printf 'permissions = ["account", "repository", "pullrequest", "issue"]\nkey = { env = "BB_KEY_%d" }\nsecret = { env = "BB_SECRET_%d" }\n' "$i" "$i"
      printf '\n[connectors.c-%d]\nenvironment = "env%d"\napp = "Agen for Work"\nconsumer = "mcp-%d"\nslug = "bitbucket"\n' "$i" "$i" "$i"
    done
  } >"$file"
}

export_credentials() {
  local n=$1 i
  for i in $(seq 1 "$n"); do
    export "FE_SECRET_$i=env$i-secret" "BB_KEY_$i=$(key_of "$i")" "BB_SECRET_$i=$(secret_of "$i")"
  done
}

start_emulator() {
  "$emulator" --port 0 --seed "$1" --latency-ms "$latency" >"$work/emulator.out" 2>"$work/emulator.err" &
  emulator_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/emulator.out" ] && break; sleep 0.05; done
  url=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
  [ -n "$url" ] || { cat "$work/emulator.err" >&2; exit 1; }
}

stop_emulator() { kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=""; }

# nghttpx lives in /usr/sbin, which is not on every user's PATH. NGHTTPX
# names another one; set and empty, it skips the HTTP/2 table.
nghttpx=${NGHTTPX-$(PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v nghttpx || true)}

# A P-256 certificate for IP 127.0.0.1, the one CA linkform trusts for the front.
make_certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" \
    -out "$work/cert.pem" -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
}

# start_front: nghttpx on a free loopback port (TLS, ALPN h2) before the
# emulator at $url, over HTTP/1.1; sets front_url. A port taken by someone
# else makes nghttpx exit, and another is tried. At most 32 backend
# connections per client connection: the emulator serves 128 connections at
# once, and more would wait for an idle one to time out.
start_front() {
  local emulator_port=${url##*:} port
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    rm -f "$work/front.log"
    "$nghttpx" --conf=/dev/null --single-process --workers=1 --frontend="127.0.0.1,$port" \
      --backend="127.0.0.1,$emulator_port;;proto=http/1.1" --backend-connections-per-frontend=32 \
      --no-ocsp --no-via --errorlog-file="$work/front.log" --accesslog-file=/dev/null \
      "$work/key.pem" "$work/cert.pem" >"$work/front.out" 2>&1 &
    front_pid=$!
    for _ in $(seq 1 200); do
      if grep -q "Listening on 127.0.0.1:$port" "$work/front.log" 2>/dev/null; then
        front_url="https://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$front_pid" 2>/dev/null || break
      sleep 0.05
    done
    kill "$front_pid" 2>/dev/null || true; wait "$front_pid" 2>/dev/null || true; front_pid=""
  done
  cat "$work/front.log" "$work/front.out" >&2
  echo "bench: nghttpx did not start" >&2
  exit 1
}

stop_front() { kill "$front_pid"; wait "$front_pid" 2>/dev/null || true; front_pid=""; }

now_ms() { date +%s%3N; }

# median_ms CMD...: median wall time of $runs runs, in ms.
median_ms() {
  local times=() t0 t1
  for _ in $(seq 1 "$runs"); do
    t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

verdict() { if awk "BEGIN{exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }

header() {
  printf '%-5s %9s %9s %9s %9s %9s %11s %9s %10s %12s %10s\n' envs wall_ms p1_ms p32_ms crit_ms wall/crit p1/default requests conns peak_rss_kb bound8_ms
}

# run_table PROTOCOL (http1 or h2): one row per configuration; appends to
# results "PROTOCOL N WALL CRIT REQUESTS EXPECTED CONNS RSS H2_REPLIES".
results=()
run_table() {
  local protocol=$1 n target wall p1 p32 debug requests conns rss h2 crit ratio pratio bound8
  for n in 1 10 50; do
    write_seed "$work/seed.json" "$n"
    start_emulator "$work/seed.json"
    target=$url
    if [ "$protocol" = h2 ]; then
      start_front
      target=$front_url
    fi
    write_config "$work/linkform.toml" "$n" "$target"
    export_credentials "$n"
    "$linkform" apply -c "$work/linkform.toml" --auto-approve >/dev/null
    wall=$(median_ms "$linkform" plan -c "$work/linkform.toml")
    p1=$(median_ms "$linkform" plan -c "$work/linkform.toml" --parallelism 1)
    p32=$(median_ms "$linkform" plan -c "$work/linkform.toml" --parallelism 32)
    curl -s -X DELETE "$url/_emulator/requests" >/dev/null
    debug=$(/usr/bin/time -f 'rss_kb=%M' "$linkform" plan -c "$work/linkform.toml" --debug 2>&1 >/dev/null)
    requests=$(curl -s "$url/_emulator/requests" | grep -o '"method"' | wc -l)
    conns=$(printf '%s\n' "$debug" | sed -n 's/.* requests sent, \([0-9]*\) connections opened.*/\1/p')
    h2=$(printf '%s\n' "$debug" | sed -n 's/.* connections opened, \([0-9]*\) over HTTP\/2.*/\1/p')
    rss=$(printf '%s\n' "$debug" | sed -n 's/^rss_kb=//p')
    # Longest chain: Frontegg auth -> application list -> connector list (the
    # app is named, so its id is known only after the list); the Bitbucket
    # chain token -> workspace is shorter and runs alongside.
    crit=$((3 * latency))
    ratio=$(awk "BEGIN{printf \"%.2f\", $wall / $crit}")
    pratio=$(awk "BEGIN{printf \"%.2f\", $p1 / ($wall > 0 ? $wall : 1)}")
    # With at most 8 requests in flight to the one emulator host (HTTP/1.1), no
    # plan can beat ceil(requests / 8) x latency, whatever the critical path.
    # HTTP/2 multiplexes past it: there the column shows what HTTP/1.1 would cost.
    bound8=$(( (requests + 7) / 8 * latency ))
    printf '%-5d %9d %9d %9d %9d %9s %11s %9d %10s %12s %10d\n' "$n" "$wall" "$p1" "$p32" "$crit" "$ratio" "$pratio" "$requests" "$conns" "$rss" "$bound8"
    expected_requests=$((4 * n + n + 1))  # per env: auth, apps, templates, list; per consumer: token; one workspace
    results+=("$protocol $n $wall $crit $requests $expected_requests ${conns:-?} ${rss:-0} ${h2:-0}")
    [ "$protocol" = h2 ] && stop_front
    stop_emulator
  done
}

printf 'linkform plan benchmark: emulator latency %d ms per request, median of %d runs, %s\n' "$latency" "$runs" "$(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "over HTTP/1.1 (plain http to the emulator):"
header
run_table http1
h2_skipped=""
echo
echo "over HTTP/2 (nghttpx TLS front, ALPN h2):"
if [ -z "$nghttpx" ] || ! command -v openssl >/dev/null 2>&1; then
  h2_skipped="nghttpx or openssl is not installed (scripts/deps.sh installs nghttp2-proxy and openssl)"
  echo "  skipped: $h2_skipped"
else
  make_certificate
  export CURL_CA_BUNDLE="$work/cert.pem"
  header
  run_table h2
  unset CURL_CA_BUNDLE
fi

# targets PROTOCOL LABEL: every figure of one table beside its target; the
# 50-environment time against that table's own 1-environment time.
targets() {
  local protocol=$1 label=$2 one_env_ms=0 p n wall crit requests expected conns rss h2
  echo
  echo "Targets, $label:"
  for r in "${results[@]}"; do
    read -r p n wall crit requests expected conns rss h2 <<<"$r"
    [ "$p" = "$protocol" ] || continue
    if [ "$n" -eq 1 ]; then
      one_env_ms=$wall
      printf '  1 environment: wall %d ms <= 1.5 x critical path + 30 = %d ms: %s\n' "$wall" $((crit * 3 / 2 + 30)) "$(verdict "$wall <= $crit * 1.5 + 30")"
    fi
    if [ "$n" -eq 50 ]; then
      printf '  50 environments: wall %d ms <= 4 x the 1-environment time = %d ms: %s\n' "$wall" $((4 * one_env_ms)) "$(verdict "$wall <= 4 * $one_env_ms")"
      if [ "$protocol" = http1 ]; then
        printf '    (over HTTP/1.1, 8 requests in flight per host bound it from below: ceil(%d / 8) x %d ms = %d ms)\n' \
          "$requests" "$latency" $(( (requests + 7) / 8 * latency ))
      fi
      printf '  50 environments: peak RSS %d KB <= 30 MB: %s\n' "$rss" "$(verdict "$rss <= 30 * 1024")"
    fi
    printf '  %d environment(s): requests %d = minimal %d: %s; connections %s <= parallelism 8 per host: %s\n' \
      "$n" "$requests" "$expected" "$(verdict "$requests == $expected")" "$conns" "$(verdict "${conns/\?/999} <= 8")"
    if [ "$protocol" = h2 ]; then
      printf '  %d environment(s): replies over HTTP/2 %d = requests %d: %s\n' "$n" "$h2" "$requests" "$(verdict "$h2 == $requests")"
    fi
  done
}

targets http1 "over HTTP/1.1"
if [ -n "$h2_skipped" ]; then
  echo
  echo "Targets, over HTTP/2: skipped: $h2_skipped"
else
  targets h2 "over HTTP/2"
fi

echo
echo "Targets, without network:"
example=examples/production.toml
validate_ms=$(runs=11 median_ms "$linkform" validate -c "$example")
printf '  validate %s: median %d ms <= 10 ms: %s\n' "$example" "$validate_ms" "$(verdict "$validate_ms <= 10")"
