#include "providers/transport/limited_transport.h"

#include <algorithm>

#include "core/url.h"

namespace linkform {

LimitedTransport::LimitedTransport(HttpTransport& inner, int per_host)
    : inner_(inner), per_host_(std::max(1, per_host)) {}

Result<HttpResponse> LimitedTransport::send(const HttpRequest& request) {
  const auto url = parse_url(request.url);
  if (!url) return inner_.send(request);  // the inner transport reports the bad URL
  const std::string host = url->scheme + "://" + url->host + ":" + std::to_string(url->port);
  {
    std::unique_lock lock(mutex_);
    released_.wait(lock, [&] { return in_flight_[host] < per_host_; });
    peak_ = std::max(peak_, ++in_flight_[host]);
  }
  auto result = inner_.send(request);
  {
    std::lock_guard lock(mutex_);
    --in_flight_[host];
  }
  released_.notify_all();
  return result;
}

int LimitedTransport::peak_in_flight() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace linkform
