#!/usr/bin/env bash
# Unpacks Debian's source package PACKAGE at VERSION into WORK/src, through a private apt list in WORK/apt
# (deb-src for bookworm from deb.debian.org), so the machine's own apt configuration is not touched.
# scripts/release.sh uses it for curl and cpp-httplib.
#
# The package lists are read once and kept (WORK/apt/lists/.updated marks a complete read). A read that
# fails in any part (apt-get update --error-on=any, or no Sources list afterwards) keeps nothing, names the
# mirror and exits 1: the next run reads them again by itself. Kept lists that cannot give the package (a
# newer version installed since, or lists left empty by an older release.sh) are read again once.
#
# Usage: scripts/debian-source.sh WORK PACKAGE VERSION
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 WORK PACKAGE VERSION" >&2; exit 2; }
work=$1
pkg=$2
ver=$3

apt_dir="$work/apt"
lists="$apt_dir/lists"
mirrors=(http://deb.debian.org/debian http://deb.debian.org/debian-security)
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/none"
  -o "Dir::State::Lists=$lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")

# The proxy apt goes through, if any, without the credentials a proxy URL may hold.
proxy_note() {
  local proxy=${http_proxy:-${HTTP_PROXY:-}}
  [ -n "$proxy" ] || return 0
  printf ' through the proxy %s (http_proxy)' "$(printf '%s' "$proxy" | sed 's#//[^/@]*@#//***@#')"
}

# What apt said went wrong, at most a few lines.
apt_errors() { grep -E '^(Err:|E:|W:)' "$1" | head -n 6 | sed 's/^/  /' >&2 || true; }

read_lists() {
  rm -rf "$lists"
  mkdir -p "$lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/none"
  local key=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    echo "deb-src [signed-by=$key] ${mirrors[0]} bookworm main"
    echo "deb-src [signed-by=$key] ${mirrors[0]} bookworm-updates main"
    echo "deb-src [signed-by=$key] ${mirrors[1]} bookworm-security main"
  } >"$apt_dir/sources.list"
  echo "release: reading Debian's source package lists from deb.debian.org (private list in $apt_dir)"
  if apt-get "${apt_opts[@]}" update --error-on=any >"$work/apt-update.log" 2>&1 &&
    compgen -G "$lists/*_Sources*" >/dev/null; then
    touch "$lists/.updated"
    return 0
  fi
  rm -rf "$lists"  # nothing partial is kept, and no mark: the next run reads them again
  apt_errors "$work/apt-update.log"
  echo "release: could not read Debian's source package lists from ${mirrors[*]}$(proxy_note);" \
    "nothing was kept, so the next run reads them again (apt's log: $work/apt-update.log)" >&2
  exit 1
}

fetch() {
  (cd "$work/src" && apt-get "${apt_opts[@]}" source "$pkg=$ver" >"$work/source-$pkg.log" 2>&1)
}

mkdir -p "$work/src"
[ -f "$lists/.updated" ] || read_lists
echo "release: apt-get source $pkg=$ver"
if fetch; then exit 0; fi
if grep -qE "Unable to find a source package|You must put some 'deb-src' URIs|Can not find version" \
  "$work/source-$pkg.log"; then
  echo "release: the kept package lists do not give $pkg $ver; reading them again"
  read_lists
  fetch && exit 0
fi
apt_errors "$work/source-$pkg.log"
echo "release: could not get the source of $pkg $ver from deb.debian.org$(proxy_note)" \
  "(apt's log: $work/source-$pkg.log)" >&2
exit 1
