#pragma once
// The HTTP seam. Providers talk to vendors only through HttpTransport, so
// tests can run them against a fake or against the emulator over loopback.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace linkform {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "GET", "POST", "PATCH", "DELETE"
  std::string url;     // absolute
  HttpHeaders headers;
  std::string body;
  // Who sends it, as plans label it (e.g. an environment's name): for the --debug log only, never sent.
  std::string label = {};
  // An http:// proxy to send it through (e.g. a CI system's authentication proxy); empty: none, or
  // the standard proxy variables. Only a loopback proxy is used, and only through one may a plain http
  // request leave for a non-loopback host (the proxy makes that hop).
  std::string proxy = {};
  // A probe (the gateway's discovery document): its own limits instead of the transport's, and no retry.
  // Zero: the transport's defaults.
  std::size_t max_body_bytes = 0;
  long timeout_ms = 0;
  bool single_attempt = false;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  // Case-insensitive lookup of the first header with this name.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one request. Any HTTP status is a reply, not an error; errors are
  // failures to get a reply at all (kTransport, kTimeout, kInterrupted).
  // Implementations are safe to call from several threads at once.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

// True for 127.0.0.0/8, ::1 and "localhost": the hosts where plain http and
// the emulator are allowed.
bool is_loopback_host(std::string_view host);

}  // namespace linkform
