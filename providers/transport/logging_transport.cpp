#include "providers/transport/logging_transport.h"

#include <chrono>

#include "core/terminal_text.h"

namespace linkform {

Result<HttpResponse> LoggingTransport::send(const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  auto result = inner_.send(request);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count();
  std::string line = "debug: http: " + request.method + " " + request.url + " -> ";
  if (result) {
    line += std::to_string(result->status) + " (" + std::to_string(ms) + " ms";
    if (auto trace = result->header("frontegg-trace-id")) line += ", trace id " + *trace;
    line += ")";
  } else {
    line += "no reply (" + std::to_string(ms) + " ms): " + result.error().message;
  }
  if (!request.label.empty()) line += " [" + request.label + "]";
  sink_(terminal_safe(line));  // a vendor's header or message may carry control characters
  return result;
}

}  // namespace linkform
