#pragma once
// A small parser for the absolute http(s) URLs that appear in configuration
// and in requests. It checks shape only; it does not normalise.

#include <string>
#include <string_view>

#include "core/error.h"

namespace linkform {

struct Url {
  std::string scheme;  // lower-case: "http" or "https"
  std::string host;    // without brackets for IPv6
  int port = 0;        // 0 when not given
  std::string path;    // starts with '/' or is empty; includes any query
};

// Accepts "scheme://host[:port][/path]" with scheme http or https.
Result<Url> parse_url(std::string_view text);

// Empty when the URL is acceptable for talking to a vendor: absolute, https unless the host is
// loopback, a valid host and port, no whitespace, credentials, query string or fragment. Otherwise a
// sentence saying what is wrong.
std::string check_service_url(std::string_view text);
// The same, but a query string and a fragment are allowed: a URL shown to a person (a callback URL).
std::string check_web_url(std::string_view text);

// Joins a base URL and a path without doubling or dropping the slash.
std::string join_url(std::string_view base, std::string_view path);

}  // namespace linkform
