#!/usr/bin/env bash
# Builds the static release for linux-x86_64:
#   dist/linkform-<version>-linux-x86_64.tar.gz  (linkform, linkform-emulator, LICENSE, README, licenses/)
#   dist/SHA256SUMS
# Both binaries are fully static (ldd: "not a dynamic executable"): glibc, libstdc++ and libgcc, OpenSSL,
# nghttp2, c-ares and zlib from Debian's own static libraries (libssl.a, libnghttp2.a, libcares.a, libz.a),
# and libcurl built here from Debian's source package (apt-get source curl, the version installed) with only
# what linkform uses: HTTP and HTTPS, HTTP/2, proxies, c-ares as the resolver. Debian's libcurl.a is built
# with GSSAPI, LDAP, libpsl and more, which have no static libraries; c-ares reads /etc/hosts and
# /etc/resolv.conf itself, so no NSS module of glibc is needed at run time. cpp-httplib (for the emulator)
# comes from its source package too: Debian ships it only as a shared library.
#
# Source packages come through a private apt list under build-static/apt (deb-src for bookworm, by
# scripts/debian-source.sh), so the machine's own apt configuration is not touched and no root is needed for
# that part; a mirror that cannot be reached is an error naming it, and the next run recovers by itself. The
# sources and the static libcurl are kept in build-static/ between runs.
#
# Reproducible: the same commit and the same Debian packages give the same bytes (SOURCE_DATE_EPOCH is the
# commit's time; paths are mapped out of the objects; the tarball has sorted names, fixed owners and
# times, and gzip stores no name or time).
#
# Usage: scripts/release.sh              (build-release/, no tests)
#        scripts/release.sh --with-tests (also builds the cli and e2e suites statically, as CI runs them)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

with_tests=OFF
[ "${1:-}" = "--with-tests" ] && with_tests=ON

scripts/deps.sh
scripts/deps.sh --release

work="$root/build-static"
build_dir="${LINKFORM_RELEASE_BUILD_DIR:-build-release}"
version=$(sed -n 's/^project(linkform VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
start=$(date +%s)

# --- Debian source packages, through a private apt list (scripts/debian-source.sh) -----------------------
fetch_source() { scripts/debian-source.sh "$work" "$1" "$2"; }  # PACKAGE VERSION: into $work/src

installed_source_version() { dpkg-query -W -f='${source:Version}' "$1"; }
upstream_version() { local v=${1#*:}; echo "${v%-*}"; }

curl_version=$(installed_source_version libcurl4-openssl-dev)
curl_src="$work/src/curl-$(upstream_version "$curl_version")"
[ -d "$curl_src" ] || fetch_source curl "$curl_version"
httplib_version=$(installed_source_version libcpp-httplib-dev)
httplib_src=$(ls -d "$work"/src/cpp-httplib-* 2>/dev/null | head -n 1 || true)
if [ -z "$httplib_src" ]; then
  fetch_source cpp-httplib "$httplib_version"
  httplib_src=$(ls -d "$work"/src/cpp-httplib-* | head -n 1)
fi

# --- libcurl, static, with only what linkform uses -------------------------------------------------------
prefix="$work/prefix"
curl_features=(
  --disable-shared --enable-static --with-pic --disable-dependency-tracking
  --with-openssl --with-nghttp2 --with-zlib --enable-ares --enable-proxy
  --without-libpsl --without-libidn2 --without-brotli --without-zstd --without-librtmp --without-libssh2
  --without-libssh --without-gssapi --without-nghttp3 --without-ngtcp2 --without-quiche --without-hyper
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp
  --disable-pop3 --disable-imap --disable-smtp --disable-gopher --disable-mqtt --disable-smb --disable-ftp
  --disable-file --disable-ntlm --disable-netrc --disable-manual --disable-docs --disable-unix-sockets
  # linkform finds the CA bundle itself (SSL_CERT_FILE, CURL_CA_BUNDLE, then each distribution's place)
  --without-ca-bundle --without-ca-path --without-ca-fallback
)
stamp="$prefix/.built-$curl_version-$(printf '%s\n' "${curl_features[@]}" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "release: building libcurl $curl_version (static; log in $work/curl-build.log)"
  rm -rf "$prefix" "$work/curl-build"
  mkdir -p "$work/curl-build"
  (
    cd "$work/curl-build"
    CFLAGS="-O2 -ffile-prefix-map=$work=." "$curl_src/configure" --prefix="$prefix" "${curl_features[@]}"
    make -j2 -C lib
    make -C lib install
    make -C include install
  ) >"$work/curl-build.log" 2>&1 || {
    tail -n 40 "$work/curl-build.log" >&2
    echo "release: building libcurl failed (the whole log: $work/curl-build.log)" >&2
    exit 1
  }
  touch "$stamp"
fi

# --- linkform, static -----------------------------------------------------------------------------------
# With the tests (CI's release stage): only the suites that run the static binaries (cli, e2e). The unit
# suites test the same code as the main and sanitizer stages do, and building them again took about two
# of CI's minutes.
if [ "$with_tests" = ON ]; then
  export LINKFORM_BUILD_TARGETS="${LINKFORM_BUILD_TARGETS:-linkform linkform-emulator cli_tests e2e_tests}"
fi
scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Release -DLINKFORM_STATIC=ON \
  -DLINKFORM_STATIC_PREFIX="$prefix" -DLINKFORM_HTTPLIB_SOURCE="$httplib_src" \
  -DLINKFORM_BUILD_TESTS="$with_tests"

# --- the tarball ------------------------------------------------------------------------------------------
name="linkform-$version-linux-x86_64"
stage="$work/stage/$name"
rm -rf "$work/stage"
mkdir -p "$stage/licenses" dist
for bin in "$build_dir/cmd/linkform/linkform" "$build_dir/cmd/linkform-emulator/linkform-emulator"; do
  strip --strip-all -o "$stage/$(basename "$bin")" "$bin"
done
cp LICENSE "$stage/LICENSE"
cp packaging/README.dist "$stage/README"
# The licences of what is linked in, as Debian ships them.
for pkg in libc6 libstdc++6 libgcc-s1 libssl3 libnghttp2-14 libc-ares2 zlib1g libcurl4; do
  [ -f "/usr/share/doc/$pkg/copyright" ] && cp "/usr/share/doc/$pkg/copyright" "$stage/licenses/$pkg"
done
cp "$httplib_src/LICENSE" "$stage/licenses/cpp-httplib" 2>/dev/null || true
chmod 0755 "$stage/linkform" "$stage/linkform-emulator"
find "$stage" -type f ! -name 'linkform*' -exec chmod 0644 {} +
tarball="dist/$name.tar.gz"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --format=gnu \
  -C "$work/stage" -cf - "$name" | gzip -n -9 >"$tarball"
(cd dist && sha256sum "$name.tar.gz" >SHA256SUMS)
echo "release: $tarball ($(du -h "$tarball" | cut -f1)) in $(($(date +%s) - start)) s"
cat dist/SHA256SUMS
