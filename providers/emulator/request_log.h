#pragma once
// The log of vendor requests the emulator received, for tests to assert on.
// It records method, path (with query), status, duration, the environment a half reads from it
// (VendorHalf::logged_environment: an environment's client id, not a secret), the host of a proxied
// request and the verdict of a schema check of the body; never other headers or bodies, so never a
// credential.
// Thread-safe.

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace linkform::emulator {

struct LoggedRequest {
  std::string method;
  std::string path;  // with the query string
  int status = 0;    // 0 when the connection was dropped without a reply
  long duration_ms = 0;
  std::optional<std::string> environment_id;  // VendorHalf::logged_environment, when a half finds one
  std::string proxied_host;  // the host of a request that came in proxy form (an absolute URL); else empty
  std::string schema_check;  // what the body was checked against and the verdict (Reply::schema_check)
};

class RequestLog {
 public:
  // Beyond this many entries the oldest are forgotten, so a long CI run
  // cannot grow the emulator without bound.
  static constexpr std::size_t kMaxEntries = 100000;

  void add(LoggedRequest entry);
  std::string list_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::deque<LoggedRequest> entries_;
};

}  // namespace linkform::emulator
