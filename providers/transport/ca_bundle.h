#pragma once
// Which CA certificates linkform trusts. The static release carries no CA bundle of its own and libcurl
// is built without a default path, so the transport always names a file: the one a standard variable
// names, else the first that exists of the places Linux distributions keep theirs. With none, every https
// request fails before it is sent, with an error that says where linkform looked and what to set.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace linkform {

// The variables, in the order they are read (curl's own order).
inline constexpr std::array<const char*, 2> kCaBundleVariables = {"CURL_CA_BUNDLE", "SSL_CERT_FILE"};

// The distributions' bundle files, in the order they are tried (the list Go's crypto/x509 uses on Linux):
// Debian, Ubuntu, Gentoo, Arch, Alpine's ca-certificates; Fedora and RHEL 6; OpenSUSE; OpenELEC;
// CentOS and RHEL 7+; Alpine and the BSDs.
inline constexpr std::array<const char*, 7> kSystemCaBundles = {
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/var/lib/ca-certificates/ca-bundle.pem",
    "/etc/ssl/cert.pem",
};

struct CaBundle {
  std::string path;      // empty: none found
  std::string variable;  // the variable that named it; empty for a system place
  // Why it cannot be used, for the error of an https request: empty when path is a regular file.
  std::string problem;
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
using IsRegularFile = std::function<bool(const std::string& path)>;

// The first variable of kCaBundleVariables that is set and not empty wins, whether or not its file exists
// (a typo must not silently fall back to another trust store); then the first of kSystemCaBundles that is a
// regular file (after symlinks).
CaBundle find_ca_bundle(const EnvLookup& env, const IsRegularFile& is_file);

// The same with the process environment and the file system.
CaBundle find_ca_bundle();

}  // namespace linkform
