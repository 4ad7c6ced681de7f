#!/usr/bin/env bash
# Installs exactly the Debian packages linkform needs that are not installed yet.
# Does nothing (and needs no root) when all of them are present.
# Usage: scripts/deps.sh            (build and test)
#        scripts/deps.sh --fuzz     (also clang 19 and its libFuzzer/sanitizer runtime, for scripts/fuzz.sh;
#                                    Debian 12's default clang 14 cannot compile libstdc++ 12's <expected>)
#        scripts/deps.sh --release  (also the static libraries Debian ships that scripts/release.sh links)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libtomlplusplus-dev rapidjson-dev libcli11-dev libcurl4-openssl-dev
  libcpp-httplib-dev libgtest-dev libgmock-dev libssl-dev
  curl ca-certificates
  # nghttpx (an HTTP/2 TLS front for the emulator) and the openssl CLI (its test certificate):
  # the HTTP/2 e2e tests and benchmark
  nghttp2-proxy openssl
  # the man page (help2man) and the .deb's Depends (dpkg-shlibdeps, in dpkg-dev); man, zsh and fish
  # for the package and completion tests
  help2man dpkg-dev man-db zsh fish
  # jq: the README quick start (and its test) read the emulator's JSON replies with it
  jq
  # the pre-commit framework: the test of .pre-commit-hooks.yaml runs the hooks through it
  pre-commit git
)
case "${1:-}" in
  --fuzz) packages+=(clang-19 libclang-rt-19-dev) ;;
  --release) packages+=(libnghttp2-dev libc-ares-dev zlib1g-dev) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "deps: missing packages (${missing[*]}) and not root, and sudo is not available" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# apt's own output goes to a log; it is shown only when the install fails.
log=$(mktemp -t linkform-deps.XXXXXX)
# An install can fail on a stale package index; refresh it once and try again.
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  if ! { "${sudo_cmd[@]}" apt-get update && "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; } >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "deps: apt-get install failed (the whole log: $log)" >&2
    exit 1
  fi
fi
rm -f "$log"
echo "deps: installed" >&2
