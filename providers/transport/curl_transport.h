#pragma once
// HttpTransport on libcurl: the one place linkform opens network connections.
//
// Contract (README, vendor assumptions, issue 6 item 7):
// - TLS peer and host verification is always on; there is no option to turn it off.
// - Plain http:// is refused with ErrorKind::kInvalid, before any connection attempt, unless the host is
//   loopback (is_loopback_host), where the emulator runs.
// - Proxies come from the standard environment variables (http_proxy, https_proxy, no_proxy), as libcurl
//   does by default, except for a request that names its own (HttpRequest::proxy, loopback only): it goes
//   through that one whatever no_proxy says, and may be plain http to any host, since the proxy makes
//   that hop (the Bitbucket Pipelines authentication proxy).
// - Redirects are not followed; a 3xx is returned as a reply.
// - A request that is not safe to repeat (is_retry_safe in retrying_transport.h: a POST other than the
//   auth calls) is never sent twice by libcurl, which re-sends a request on its own when a reused
//   connection dies before the reply: its body is one libcurl cannot rewind, so once any of it went out,
//   such a death is an error (kTransport) for the caller to resolve. It still reuses and shares
//   connections; one without a body opens a fresh connection.
// - Every request goes through one libcurl multi handle, driven by one thread: connections, DNS answers
//   and TLS sessions are shared by all requests, so sequential requests to one host use one connection.
// - Over HTTPS, HTTP/2 is offered (ALPN) and requests to a host that accepts it are multiplexed over its
//   connections. At most max_host_connections connections are opened to one host; a host that answered
//   over HTTP/1.1 also gets at most that many requests in flight (HostAdmission).
// - send() is safe from several threads at once and blocks until its own reply, or until total_timeout
//   has passed since libcurl took it (also for a request libcurl holds back for want of a connection).
//   Destroy the transport only after every send() has returned.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/http.h"
#include "providers/transport/host_admission.h"

namespace linkform {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};  // whole request, connect included
  // CA bundle file. Empty: $CURL_CA_BUNDLE, then $SSL_CERT_FILE, then the first bundle found in the
  // distributions' places (find_ca_bundle, ca_bundle.h); with none, https requests fail with kTls.
  std::string ca_bundle;
  // A reply body larger than this (after decompression) aborts the request with kTransport.
  std::size_t max_body_bytes = 8u << 20;
  std::string user_agent;        // empty: "linkform/<kVersion>"
  int max_host_connections = 8;  // --parallelism; < 1 is taken as 1
};

// Counters for performance work and tests; totals since construction.
struct TransportStats {
  std::uint64_t requests_sent = 0;       // requests handed to libcurl (refused ones not counted)
  std::uint64_t connections_opened = 0;  // new connections (CURLINFO_NUM_CONNECTS summed)
  std::uint64_t http2_replies = 0;       // replies that came over HTTP/2
  int peak_in_flight = 0;                // the most requests in flight to one host at once
  std::uint64_t rebound = 0;             // requests given another connection when theirs never came up

  // "6 requests sent, 3 connections opened, 0 over HTTP/2, at most 3 in flight to one host[, ...]".
  [[nodiscard]] std::string summary() const;
};

class EasyPool;

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Any HTTP status is a reply. Errors: kInvalid (malformed URL, plain http to a non-loopback host,
  // unsupported method), kTimeout (connect or total timeout), kTls (the server's certificate is not
  // trusted, or the CA bundle cannot be used), kTransport (everything else, including a body over
  // max_body_bytes). Error messages name the method and the URL without its query.
  Result<HttpResponse> send(const HttpRequest& request) override;

  [[nodiscard]] TransportStats stats() const;
  [[nodiscard]] const CurlOptions& options() const { return options_; }
  // How many requests to one host it lets run at once now (HostAdmission::widest_bound): after a plan's
  // reads, the writes an apply can have in flight without waiting for a connection.
  [[nodiscard]] int requests_at_once() const;

 private:
  class Loop;  // the multi handle and the thread that drives it

  CurlOptions options_;
  std::string ca_problem_;  // why the CA bundle found cannot be used (ca_bundle.h); empty when it can
  std::unique_ptr<HostAdmission> admission_;
  std::unique_ptr<Loop> loop_;
  std::unique_ptr<EasyPool>
      easy_pool_;  // after loop_: destroyed first, while the share its handles use lives
  std::atomic<std::uint64_t> requests_sent_{0};
  std::atomic<std::uint64_t> connections_opened_{0};
  std::atomic<std::uint64_t> http2_replies_{0};
};

}  // namespace linkform
