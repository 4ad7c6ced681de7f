#!/usr/bin/env bash
# The static release, as a user on another distribution gets it (issue 14):
#  - both binaries in the tarball are static (ldd: "not a dynamic executable");
#  - inside an empty chroot holding only linkform, /etc/hosts and a CA bundle at RHEL's place,
#    `linkform version`, `validate` and plan -> apply -> plan against the emulator over HTTPS (an HTTP/2
#    TLS front, nghttpx, with a certificate for "localhost", so the name is resolved from /etc/hosts)
#    succeed, with the CA found at the RHEL path and again with SSL_CERT_FILE;
#  - with no CA bundle at all, the error names SSL_CERT_FILE and the places looked in.
# Needs root (chroot), nghttpx and openssl; exits 77 (skipped) without them.
# Usage: tests/release/release_test.sh dist/linkform-<version>-linux-x86_64.tar.gz
set -euo pipefail
tarball=$(realpath "$1")
here=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" -ne 0 ] || ! command -v nghttpx >/dev/null || ! command -v openssl >/dev/null; then
  echo "SKIP: release_test needs root (for chroot), nghttpx and openssl"
  exit 77
fi

chroot=$(command -v chroot)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() {  # DESCRIPTION COMMAND...: runs it, records pass or fail
  local what=$1
  shift
  if "$@" >"$work/out" 2>"$work/err"; then
    echo "ok: $what"
  else
    echo "FAILED: $what (exit $?)"
    sed 's/^/  | /' "$work/out" "$work/err" | tail -n 30
    failures=$((failures + 1))
  fi
}
expect_failure_naming() {  # DESCRIPTION TEXT COMMAND...: must fail, and stderr must contain TEXT
  local what=$1 text=$2
  shift 2
  if "$@" >"$work/out" 2>"$work/err"; then
    echo "FAILED: $what (it succeeded)"
    failures=$((failures + 1))
  elif grep -qF -- "$text" "$work/err"; then
    echo "ok: $what"
  else
    echo "FAILED: $what (stderr does not name \"$text\")"
    sed 's/^/  | /' "$work/err" | tail -n 10
    failures=$((failures + 1))
  fi
}

tar -xzf "$tarball" -C "$work"
dist=$(find "$work" -maxdepth 1 -type d -name 'linkform-*')
for bin in linkform linkform-emulator; do
  check "$bin is static (ldd)" bash -c "ldd '$dist/$bin' 2>&1 | grep -q 'not a dynamic executable'"
done
check "the tarball holds LICENSE and README" test -f "$dist/LICENSE" -a -f "$dist/README"

# The emulator (the static one, outside the chroot) and an HTTPS front for it.
"$dist/linkform-emulator" --port 0 >"$work/emulator.out" 2>"$work/emulator.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/emulator.out" 2>/dev/null && break; sleep 0.05; done
emulator=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
[ -n "$emulator" ] || { echo "FAILED: the emulator did not start"; cat "$work/emulator.err"; exit 1; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" \
  -out "$work/ca.pem" -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  2>/dev/null
front_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nghttpx --conf=/dev/null --single-process --workers=1 --frontend="127.0.0.1,$front_port" \
  --backend="127.0.0.1,${emulator##*:};;proto=http/1.1" --no-ocsp --no-via \
  --errorlog-file="$work/nghttpx.log" --accesslog-file="$work/access.log" "$work/key.pem" "$work/ca.pem" \
  2>>"$work/nghttpx.log" &
pids+=($!)
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$front_port") 2>/dev/null && break; sleep 0.05; done
url="https://localhost:$front_port"

# The chroot: the binary, /etc/hosts, the CA at RHEL's place, the configuration. Nothing else.
root="$work/root"
mkdir -p "$root/etc/pki/tls/certs" "$root/cfg" "$root/tmp"
cp "$dist/linkform" "$root/linkform"
echo "127.0.0.1 localhost" >"$root/etc/hosts"
cp "$work/ca.pem" "$root/etc/pki/tls/certs/ca-bundle.crt"
cp "$work/ca.pem" "$root/cfg/ca.pem"
cp "$here/examples/quickstart.toml" "$root/cfg/linkform.toml"

consumer=$(curl -sS -X POST "$emulator/_emulator/bitbucket/consumers" -H 'Content-Type: application/json' -d '{
  "workspace": "acme", "name": "Frontegg Integration",
  "description": "OAuth consumer for the Frontegg MCP gateway",
  "callback_url": "https://acme.mcp-gw.frontegg.com/integration-callback",
  "url": "https://app.acme.example", "private": true,
  "permissions": ["account", "repository", "pullrequest", "issue"]}')
key=$(printf '%s' "$consumer" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
secret=$(printf '%s' "$consumer" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')

in_chroot() {  # runs /linkform ARGS in the chroot with only the variables it needs (and any VAR=value first)
  local vars=(FRONTEGG_BASE_URL="$url" LINKFORM_BITBUCKET_API_URL="$url" LINKFORM_BITBUCKET_OAUTH_URL="$url"
    FRONTEGG_CLIENT_ID=prod-client-id FRONTEGG_SECRET=prod-secret
    BITBUCKET_MCP_KEY="$key" BITBUCKET_MCP_SECRET="$secret")
  while [[ ${1:-} == *=* ]]; do vars+=("$1"); shift; done
  env -i "${vars[@]}" "$chroot" "$root" /linkform "$@"
}

check "version in the chroot" in_chroot version
check "validate in the chroot" in_chroot validate -c /cfg/linkform.toml
check "plan (CA found at /etc/pki/tls/certs/ca-bundle.crt)" in_chroot plan -c /cfg/linkform.toml
check "apply with SSL_CERT_FILE" in_chroot SSL_CERT_FILE=/cfg/ca.pem apply -c /cfg/linkform.toml --auto-approve
check "plan again: no changes" in_chroot SSL_CERT_FILE=/cfg/ca.pem plan -c /cfg/linkform.toml --detailed-exitcode
grep -q "No changes" "$work/out" || { echo "FAILED: the last plan does not say No changes"; failures=$((failures + 1)); }
check "the requests went over HTTP/2" grep -q "HTTP/2" "$work/access.log"

rm "$root/etc/pki/tls/certs/ca-bundle.crt"
expect_failure_naming "no CA bundle anywhere: the error names SSL_CERT_FILE" "Set SSL_CERT_FILE" \
  in_chroot plan -c /cfg/linkform.toml
expect_failure_naming "... and the places looked in" "/etc/pki/tls/certs/ca-bundle.crt" \
  in_chroot plan -c /cfg/linkform.toml
expect_failure_naming "SSL_CERT_FILE naming no file: the error says so" "SSL_CERT_FILE names /cfg/none.pem" \
  in_chroot SSL_CERT_FILE=/cfg/none.pem plan -c /cfg/linkform.toml

if [ "$failures" -ne 0 ]; then
  echo "release_test: $failures checks failed"
  exit 1
fi
echo "release_test: every check passed"
