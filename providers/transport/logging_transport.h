#pragma once
// --debug / LINKFORM_LOG=debug: one line per HTTP exchange, written to a sink
// (stderr in the CLI): method, URL, status, time and the vendor's trace id.
// Headers and bodies are never logged, so no credential, token or secret
// field can reach the log; URLs carry none (userinfo is refused at parse).

#include <functional>
#include <string>

#include "core/http.h"

namespace linkform {

class LoggingTransport final : public HttpTransport {
 public:
  using Sink = std::function<void(const std::string& line)>;
  // `inner` must outlive this transport; `sink` is called from the sending thread.
  LoggingTransport(HttpTransport& inner, Sink sink) : inner_(inner), sink_(std::move(sink)) {}
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  HttpTransport& inner_;
  Sink sink_;
};

}  // namespace linkform
