#include "providers/transport/retrying_transport.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <thread>
#include <utility>

#include "providers/transport/http_messages.h"

namespace linkform {

namespace {

using std::chrono::milliseconds;

constexpr std::string_view kAuthPaths[] = {"/auth/vendor", "/site/oauth2/access_token"};

bool is_idempotent_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_auth_path(std::string path) {
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return std::ranges::any_of(kAuthPaths, [&](std::string_view auth) { return path.ends_with(auth); });
}

bool is_retryable_error(const Error& error) {
  return error.kind == ErrorKind::kTransport || error.kind == ErrorKind::kTimeout;
}

bool is_retryable(const Result<HttpResponse>& outcome) {
  return outcome ? is_retryable_status(outcome->status) : is_retryable_error(outcome.error());
}

// True when the request was certainly not processed, so even a POST may be repeated: a 429 is the
// vendor's gateway refusing the request before it reaches the service.
bool is_refused_unprocessed(const Result<HttpResponse>& outcome) { return outcome && outcome->status == 429; }

double default_jitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

RetryHooks with_defaults(RetryHooks hooks) {
  if (!hooks.sleep) {
    hooks.sleep = [](milliseconds d) {
      std::this_thread::sleep_for(d);
      return true;
    };
  }
  if (!hooks.steady_now) hooks.steady_now = [] { return std::chrono::steady_clock::now(); };
  if (!hooks.wall_now) hooks.wall_now = [] { return std::chrono::system_clock::now(); };
  if (!hooks.jitter) hooks.jitter = &default_jitter;
  return hooks;
}

// min(max_delay, base_delay * 2^(retry - 1)) without overflow.
milliseconds backoff_cap(const RetryPolicy& policy, int retry) {
  milliseconds cap = std::max(policy.base_delay, milliseconds(0));
  for (int i = 1; i < retry && cap < policy.max_delay; ++i) cap *= 2;
  return std::min(cap, policy.max_delay);
}

// The wait a 429 asks for through X-Rate-Limit-Reset, when the header holds a time in the future.
std::optional<milliseconds> rate_limit_wait(const HttpResponse& response,
                                            std::chrono::system_clock::time_point now) {
  const auto header = response.header("X-Rate-Limit-Reset");
  if (!header) return std::nullopt;
  const auto reset = parse_rfc3339(*header);
  if (!reset || *reset <= now) return std::nullopt;
  return std::chrono::ceil<milliseconds>(*reset - now);
}

std::string reason(const Result<HttpResponse>& outcome) {
  if (outcome) return status_text(outcome->status);
  return outcome.error().kind == ErrorKind::kTimeout ? "timeout" : "connection error";
}

void annotate(Result<HttpResponse>& outcome, int attempts) {
  const std::string count = std::to_string(attempts);
  if (outcome) {
    outcome->headers.emplace_back(std::string(RetryingTransport::kAttemptsHeader), count);
  } else {
    outcome.error().message += " (after " + count + " attempts)";
  }
}

}  // namespace

namespace {

// Reads exactly `count` digits at pos; advances pos.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect_char(std::string_view text, std::size_t& pos, std::string_view allowed) {
  if (pos >= text.size() || allowed.find(text[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

// ".123456789" after the seconds; digits beyond nanoseconds are ignored.
std::optional<std::chrono::nanoseconds> fraction(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return std::chrono::nanoseconds(0);
  ++pos;
  std::int64_t nanos = 0;
  int used = 0;
  const std::size_t first = pos;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
    if (used < 9) {
      nanos = nanos * 10 + (text[pos] - '0');
      ++used;
    }
  }
  if (pos == first) return std::nullopt;
  for (; used < 9; ++used) nanos *= 10;
  return std::chrono::nanoseconds(nanos);
}

// "Z" or "+hh:mm"/"-hh:mm" as the offset from UTC.
std::optional<std::chrono::minutes> utc_offset(std::string_view text, std::size_t& pos) {
  if (expect_char(text, pos, "Zz")) return std::chrono::minutes(0);
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
  const int sign = text[pos++] == '-' ? -1 : 1;
  const auto hours = digits(text, pos, 2);
  if (!hours || !expect_char(text, pos, ":")) return std::nullopt;
  const auto minutes = digits(text, pos, 2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return std::chrono::minutes(sign * (*hours * 60 + *minutes));
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto y = digits(text, pos, 4);
  const bool date_ok = y && expect_char(text, pos, "-");
  const auto mo = date_ok ? digits(text, pos, 2) : std::nullopt;
  const auto d = mo && expect_char(text, pos, "-") ? digits(text, pos, 2) : std::nullopt;
  const auto h = d && expect_char(text, pos, "Tt ") ? digits(text, pos, 2) : std::nullopt;
  const auto mi = h && expect_char(text, pos, ":") ? digits(text, pos, 2) : std::nullopt;
  const auto s = mi && expect_char(text, pos, ":") ? digits(text, pos, 2) : std::nullopt;
  if (!s) return std::nullopt;
  const auto frac = fraction(text, pos);
  const auto offset = frac ? utc_offset(text, pos) : std::nullopt;
  if (!offset || pos != text.size()) return std::nullopt;

  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;  // 60: a leap second
  const auto local = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
  return time_point_cast<system_clock::duration>(local + *frac - *offset);
}

bool is_retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool is_retry_safe(const HttpRequest& request) {
  if (is_idempotent_method(request.method)) return true;
  return request.method == "POST" && is_auth_path(path_without_query(request.url));
}

RetryingTransport::RetryingTransport(HttpTransport& inner, RetryPolicy policy, RetryHooks hooks)
    : inner_(inner), policy_(policy), hooks_(with_defaults(std::move(hooks))) {}

std::optional<milliseconds> RetryingTransport::next_delay(
    int failed_attempt, const Result<HttpResponse>& outcome,
    std::chrono::steady_clock::time_point started) const {
  const auto elapsed = std::chrono::duration_cast<milliseconds>(hooks_.steady_now() - started);
  const milliseconds remaining = policy_.max_total - elapsed;
  if (remaining <= milliseconds(0)) return std::nullopt;

  std::optional<milliseconds> delay;
  if (outcome && outcome->status == 429) delay = rate_limit_wait(*outcome, hooks_.wall_now());
  if (!delay) {
    const double jitter = std::clamp(hooks_.jitter(), 0.0, 1.0);
    const auto cap = backoff_cap(policy_, failed_attempt);
    delay = milliseconds(static_cast<milliseconds::rep>(static_cast<double>(cap.count()) * jitter));
  }
  return std::min({*delay, policy_.max_delay, remaining});
}

Result<HttpResponse> RetryingTransport::send(const HttpRequest& request) {
  const auto started = hooks_.steady_now();
  Result<HttpResponse> outcome = inner_.send(request);
  const bool safe = is_retry_safe(request);
  int attempt = 1;
  while (!request.single_attempt && attempt < policy_.max_attempts && is_retryable(outcome) &&
         (safe || is_refused_unprocessed(outcome))) {
    const auto delay = next_delay(attempt, outcome, started);
    if (!delay) break;
    if (hooks_.on_retry) {
      hooks_.on_retry({request.method, path_without_query(request.url), attempt,
                       outcome ? outcome->status : 0, reason(outcome), *delay});
    }
    if (!hooks_.sleep(*delay)) break;
    retries_.fetch_add(1);
    outcome = inner_.send(request);
    ++attempt;
  }
  if (attempt > 1) annotate(outcome, attempt);
  return outcome;
}

}  // namespace linkform
