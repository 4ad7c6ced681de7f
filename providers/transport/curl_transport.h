#pragma once
// HttpTransport on libcurl: the one place linkform opens network connections.
//
// Contract (DESIGN.md section 1, issue 6 item 7):
// - TLS peer and host verification is always on; there is no option to turn it off.
// - Plain http:// is refused with ErrorKind::kInvalid, before any connection attempt, unless the host is
//   loopback (is_loopback_host), where the emulator runs.
// - Proxies come from the standard environment variables (http_proxy, https_proxy, no_proxy), as libcurl
//   does by default.
// - Redirects are not followed; a 3xx is returned as a reply.
// - A request that is not safe to repeat (is_retry_safe in retrying_transport.h: a POST other than the
//   auth calls) always opens a fresh connection, because libcurl re-sends a request on its own when a
//   reused connection dies before the reply, and a create must never be sent twice unknowingly.
// - Connections are reused across requests: idle curl handles are kept in a pool and each keeps its live
//   connections, so sequential requests to one host use one connection. send() is safe from several
//   threads at once; each concurrent call uses its own handle.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/http.h"

namespace linkform {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};  // whole request, connect included
  // CA bundle file. Empty: $CURL_CA_BUNDLE, then $SSL_CERT_FILE, then libcurl's built-in default.
  std::string ca_bundle;
  // A reply body larger than this (after decompression) aborts the request with kTransport.
  std::size_t max_body_bytes = 8u << 20;
  std::string user_agent;  // empty: "linkform/<kVersion>"
};

// Counters for performance work and tests; totals since construction.
struct TransportStats {
  std::uint64_t requests_sent = 0;       // requests handed to libcurl (refused ones not counted)
  std::uint64_t connections_opened = 0;  // new connections (CURLINFO_NUM_CONNECTS summed)
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Any HTTP status is a reply. Errors: kInvalid (malformed URL, plain http to a non-loopback host,
  // unsupported method), kTimeout (connect or total timeout), kTransport (everything else, including a
  // body over max_body_bytes). Error messages name the method and the URL without its query.
  Result<HttpResponse> send(const HttpRequest& request) override;

  [[nodiscard]] TransportStats stats() const;
  [[nodiscard]] const CurlOptions& options() const { return options_; }

 private:
  struct Handle;  // one curl easy handle and its reusable buffers
  std::unique_ptr<Handle> acquire();
  void release(std::unique_ptr<Handle> handle);

  CurlOptions options_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Handle>> idle_;  // LIFO: the most recently used handle has a warm connection
  std::atomic<std::uint64_t> requests_sent_{0};
  std::atomic<std::uint64_t> connections_opened_{0};
};

}  // namespace linkform
