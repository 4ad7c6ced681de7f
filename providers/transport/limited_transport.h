#pragma once
// Bounds the requests in flight to each host (scheme, host and port), so
// parallel reads never open more than `per_host` connections to one vendor
// host (issue 7: --parallelism, default 8). Requests beyond the bound wait.

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

#include "core/http.h"

namespace linkform {

class LimitedTransport final : public HttpTransport {
 public:
  static constexpr int kDefaultPerHost = 8;
  // `inner` must outlive this transport. per_host < 1 is taken as 1.
  LimitedTransport(HttpTransport& inner, int per_host);
  Result<HttpResponse> send(const HttpRequest& request) override;
  // The most requests that were ever in flight to one host at once.
  [[nodiscard]] int peak_in_flight() const;

 private:
  HttpTransport& inner_;
  int per_host_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, int> in_flight_;
  int peak_ = 0;
};

}  // namespace linkform
