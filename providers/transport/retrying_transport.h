#pragma once
// An HttpTransport decorator that retries what is safe to retry (issue 6 item 1).
//
// Contract:
// - Retried outcomes: the statuses 500, 502, 503, 504 and 429, and the errors kTransport and kTimeout.
//   Anything else (2xx, 4xx, kInvalid, kInterrupted, ...) is returned at once, unchanged.
// - Retried methods: GET, HEAD, PUT, PATCH and DELETE (idempotent for the vendor APIs linkform calls).
//   POST is never repeated once it may have been sent: a create that timed out may have gone through, and
//   the engine must list before it creates again. The exceptions are the two auth calls, which create
//   nothing: POST .../auth/vendor (Frontegg) and POST .../site/oauth2/access_token (Bitbucket).
// - Waits: full-jitter exponential backoff, jitter * min(max_delay, base_delay * 2^(retry-1)). A 429 with
//   X-Rate-Limit-Reset (RFC 3339, Frontegg) waits until that time instead; a reset in the past, or a 429
//   without the header (Bitbucket), backs off. Every wait is capped by max_delay and by what is left of
//   max_total, which counts from the first attempt; no retry starts once max_total has passed.
// - After the last attempt the outcome is returned as it is, except that an error message ends with
//   " (after N attempts)" and a retried reply carries the header kAttemptsHeader: N (see attempts_suffix in
//   http_messages.h) when N > 1.
// - send() is safe from several threads at once if the wrapped transport and the injected hooks are.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"

namespace linkform {

struct RetryPolicy {
  int max_attempts = 4;  // including the first; 1 disables retries
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{5000};
  std::chrono::milliseconds max_total{30000};
};

// What a retry is about to do; for --debug output and tests. Carries no header and no body.
struct RetryEvent {
  std::string method;
  std::string path;    // without the query
  int attempt = 0;     // the attempt that failed (1 for the first)
  int status = 0;      // the reply's status, or 0 for a transport error
  std::string reason;  // "503 Service Unavailable", "timeout", "connection error"
  std::chrono::milliseconds delay{0};
};

// Seams for tests: no real sleeping, a controllable clock, a fixed jitter. Empty members use the real
// thing (std::this_thread::sleep_for, steady_clock, system_clock, a per-thread uniform generator).
struct RetryHooks {
  // Waits for the given time; returns false to stop retrying (e.g. after SIGINT), and then the last
  // outcome is returned as it is.
  std::function<bool(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::steady_clock::time_point()> steady_now;  // measures max_total
  std::function<std::chrono::system_clock::time_point()> wall_now;    // compared with X-Rate-Limit-Reset
  std::function<double()> jitter;                                     // uniform in [0, 1)
  std::function<void(const RetryEvent&)> on_retry;                    // called before each wait
};

class RetryingTransport final : public HttpTransport {
 public:
  // The header a retried reply carries with the number of attempts made.
  static constexpr std::string_view kAttemptsHeader = "X-Linkform-Attempts";

  // `inner` must outlive this transport.
  explicit RetryingTransport(HttpTransport& inner, RetryPolicy policy = {}, RetryHooks hooks = {});

  Result<HttpResponse> send(const HttpRequest& request) override;

  // Retries made so far (attempts beyond the first), over all requests.
  [[nodiscard]] std::uint64_t retries() const { return retries_.load(); }
  [[nodiscard]] const RetryPolicy& policy() const { return policy_; }

 private:
  // The wait before the next attempt, or nullopt when the budget is spent.
  std::optional<std::chrono::milliseconds> next_delay(int failed_attempt, const Result<HttpResponse>& outcome,
                                                      std::chrono::steady_clock::time_point started) const;

  HttpTransport& inner_;
  RetryPolicy policy_;
  RetryHooks hooks_;
  std::atomic<std::uint64_t> retries_{0};
};

// True when this request may be sent again after an ambiguous failure (see the contract above).
bool is_retry_safe(const HttpRequest& request);

// True for the statuses worth retrying: 429, 500, 502, 503, 504.
bool is_retryable_status(int status);

// Parses an RFC 3339 date-time: "2024-05-01T12:00:00Z", with optional fractional seconds and a 'Z' or
// +hh:mm / -hh:mm offset ('T'/'t'/' ' and 'Z'/'z' accepted). nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace linkform
