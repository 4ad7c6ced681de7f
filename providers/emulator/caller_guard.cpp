#include "providers/emulator/caller_guard.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/http.h"
#include "providers/emulator/common/json.h"

namespace linkform::emulator {

namespace {

// The host of "host", "host:port", "[v6]" or "[v6]:port".
std::string host_of(std::string authority) {
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    return close == std::string::npos ? authority : authority.substr(1, close - 1);
  }
  if (const auto colon = authority.rfind(':'); colon != std::string::npos) authority.resize(colon);
  return authority;
}

Reply refusal(int status, const std::string& why) { return json_reply(status, errors_body(why)); }

std::string lower(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::optional<Reply> refuse_foreign_caller(const httplib::Request& req, bool loopback_only) {
  const bool proxy_form = req.path.starts_with("http://");
  if (loopback_only && !proxy_form && req.has_header("Host") &&
      !is_loopback_host(host_of(req.get_header_value("Host")))) {
    return refusal(403,
                   "the emulator serves only loopback clients, and this request names host \"" +
                       req.get_header_value("Host") +
                       "\" (a DNS name that resolves to loopback is refused: use 127.0.0.1 or localhost)");
  }
  if (req.has_header("Origin")) {
    const std::string origin = req.get_header_value("Origin");
    const bool loopback_origin = origin.starts_with("http://") &&
                                 is_loopback_host(host_of(origin.substr(std::string("http://").size())));
    if (!loopback_origin) {
      return refusal(403, "requests from web pages are refused (Origin \"" + origin +
                              "\"): the emulator holds secrets and has no authentication");
    }
  }
  const std::string type = lower(req.get_header_value("Content-Type"));
  if (!req.body.empty() && (type.starts_with("text/plain") || type.starts_with("multipart/form-data"))) {
    return refusal(415, "a body sent as " + type.substr(0, type.find(';')) +
                            " is refused (a web page may post that without asking); send JSON with "
                            "Content-Type: application/json");
  }
  return std::nullopt;
}

}  // namespace linkform::emulator
