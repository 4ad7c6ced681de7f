#include "core/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/http.h"
#include "core/word_list.h"

namespace linkform {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The text with control characters shown as \xNN, for an error message.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A DNS name (letters, digits, '-' and '.', no empty label) or a dotted-quad IPv4 address. A name whose
// last label is a number is an address to libcurl ("9" is 0.0.0.9, "2130706433" is 127.0.0.1): it
// must then be the strict dotted quad, so that linkform and libcurl agree on the host.
bool is_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return false;
  char previous = 0;
  for (char c : host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    if (!ok || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  std::string_view last = host;
  if (last.ends_with('.')) last.remove_suffix(1);
  last = last.substr(last.rfind('.') == std::string_view::npos ? 0 : last.rfind('.') + 1);
  const bool numeric =
      !last.empty() && (std::ranges::all_of(last, [](unsigned char c) { return std::isdigit(c); }) ||
                        (last.size() > 2 && (last.starts_with("0x") || last.starts_with("0X"))));
  if (!numeric) return true;
  in_addr v4{};
  return ::inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1;
}
}  // namespace

Result<Url> parse_url(std::string_view text) {
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    return fail(
        Error::invalid(in_quotes(printable(text)) + " is not an absolute URL (expected https://host/...)"));
  }
  if (std::ranges::any_of(text, [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    return fail(Error::invalid(in_quotes(printable(text)) + " contains whitespace or a control character"));
  }
  Url url;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return fail(Error::invalid(in_quotes(text) + " has scheme \"" + url.scheme +
                               "\"; only https (or http on loopback) is allowed"));
  }
  std::string_view rest = text.substr(sep + 3);
  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  url.path = path_start == std::string_view::npos ? "" : std::string(rest.substr(path_start));
  if (authority.find('@') != std::string_view::npos) {
    return fail(
        Error::invalid("URLs must not carry credentials (user:password@host); use a secret source instead"));
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return fail(Error::invalid(in_quotes(text) + " has an unclosed IPv6 address"));
    url.host = std::string(authority.substr(1, close - 1));
    in6_addr v6{};
    if (::inet_pton(AF_INET6, url.host.c_str(), &v6) != 1)
      return fail(Error::invalid(in_quotes(text) + " has an invalid IPv6 address"));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(Error::invalid(in_quotes(text) + " is not a valid URL"));
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return fail(Error::invalid(in_quotes(text) + " has no host"));
  url.host = lower(url.host);
  if (authority.front() != '[' && !is_host_name(url.host)) {
    return fail(Error::invalid(in_quotes(text) + " has an invalid host \"" + url.host + "\""));
  }
  if (!port_text.empty() || authority.ends_with(":")) {
    int port = 0;
    const auto* end = port_text.data() + port_text.size();
    const auto [ptr, ec] = std::from_chars(port_text.data(), end, port);
    if (ec != std::errc() || ptr != end || port < 1 || port > 65535) {
      return fail(Error::invalid(in_quotes(text) + " has an invalid port"));
    }
    url.port = port;
  }
  return url;
}

std::string check_service_url(std::string_view text) {
  if (std::string problem = check_web_url(text); !problem.empty()) return problem;
  if (text.find_first_of("?#") != std::string_view::npos) {
    return in_quotes(text) +
           " has a query string or fragment; a service URL is scheme, host, port and "
           "at most a path";
  }
  return {};
}

std::string check_web_url(std::string_view text) {
  auto url = parse_url(text);
  if (!url) return url.error().message;
  if (url->scheme == "http" && !is_loopback_host(url->host)) {
    return in_quotes(text) + " uses plain http; use https (http is allowed only on loopback)";
  }
  return {};
}

std::string join_url(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (!path.empty() && path.front() != '/') out += '/';
  out += path;
  return out;
}

}  // namespace linkform
