// RetryingTransport against FakeTransport with a fake clock and a fake sleep: which requests and outcomes
// are retried, how long it waits, and how the budget ends it. Nothing here really sleeps.

#include "providers/transport/retrying_transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "providers/transport/http_messages.h"
#include "tests/support/fake_transport.h"

namespace linkform {
namespace {

using std::chrono::milliseconds;
using testing::FakeTransport;

constexpr const char* kApps = "https://api.frontegg.test/applications/resources/applications/v1";
constexpr const char* kConnectors =
    "https://api.frontegg.test/app-integrations/resources/custom-integrations/v1";
constexpr const char* kAuth = "https://api.frontegg.test/auth/vendor";
constexpr const char* kToken = "https://bitbucket.test/site/oauth2/access_token";

// A clock that only moves when the code under test sleeps.
struct FakeTime {
  std::chrono::steady_clock::time_point steady{std::chrono::hours(1)};
  std::chrono::system_clock::time_point wall = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1};
  std::vector<milliseconds> sleeps;
  std::vector<RetryEvent> events;
  double jitter = 0.5;
  bool keep_going = true;

  RetryHooks hooks() {
    RetryHooks h;
    h.sleep = [this](milliseconds d) {
      sleeps.push_back(d);
      steady += d;
      wall += d;
      return keep_going;
    };
    h.steady_now = [this] { return steady; };
    h.wall_now = [this] { return wall; };
    h.jitter = [this] { return jitter; };
    h.on_retry = [this](const RetryEvent& e) { events.push_back(e); };
    return h;
  }
};

Error transport_error() { return {ErrorKind::kTransport, "GET https://x/: Connection refused", 0}; }
Error timeout_error() { return {ErrorKind::kTimeout, "GET https://x/: no reply in time", 0}; }

HttpRequest request(std::string method, std::string url, std::string body = {}) {
  return {std::move(method), std::move(url), {{"Authorization", "Bearer t0ken"}}, std::move(body)};
}

std::string attempts_header(const HttpResponse& r) {
  return r.header(RetryingTransport::kAttemptsHeader).value_or("");
}

class RetryingTransportTest : public ::testing::Test {
 protected:
  RetryingTransport make(RetryPolicy policy = {}) { return RetryingTransport(fake_, policy, time_.hooks()); }
  FakeTransport fake_;
  FakeTime time_;
};

TEST_F(RetryingTransportTest, GetIsRetriedOn503UntilItSucceeds) {
  fake_.expect("GET", kApps, FakeTransport::json(503, "{}"))
      .expect("GET", kApps, FakeTransport::json(503, "{}"))
      .expect("GET", kApps, FakeTransport::json(200, "[]"));
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "[]");
  EXPECT_EQ(attempts_header(*r), "3");
  EXPECT_EQ(retrying.retries(), 2u);
  EXPECT_EQ(time_.sleeps.size(), 2u);
  EXPECT_EQ(fake_.requests().size(), 3u);
  EXPECT_EQ(FakeTransport::header(fake_.requests().at(2), "Authorization"), "Bearer t0ken");
}

TEST_F(RetryingTransportTest, EachRetryableStatusIsRetried) {
  for (int status : {500, 502, 503, 504, 429}) {
    FakeTransport fake;
    fake.expect("GET", kApps, FakeTransport::json(status, "{}"))
        .expect("GET", kApps, FakeTransport::json(200, "[]"));
    RetryingTransport retrying(fake, {}, time_.hooks());
    auto r = retrying.send(request("GET", kApps));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << status;
    EXPECT_EQ(retrying.retries(), 1u) << status;
  }
}

TEST_F(RetryingTransportTest, ALastRetryableReplyIsReturnedWithTheAttemptCount) {
  for (int i = 0; i < 4; ++i) fake_.expect("GET", kApps, FakeTransport::json(503, R"({"errors":["down"]})"));
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, R"({"errors":["down"]})");
  EXPECT_EQ(attempts_header(*r), "4");
  EXPECT_EQ(attempts_suffix(*r), " (after 4 attempts)");
  EXPECT_EQ(retrying.retries(), 3u);
}

TEST_F(RetryingTransportTest, ConnectionErrorsAndTimeoutsAreRetriedAndTheLastErrorNamesTheAttempts) {
  fake_.expect_error("GET", kApps, transport_error())
      .expect_error("GET", kApps, timeout_error())
      .expect_error("GET", kApps, transport_error())
      .expect_error("GET", kApps, timeout_error());
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(r.error().message, "GET https://x/: no reply in time (after 4 attempts)");
  EXPECT_EQ(retrying.retries(), 3u);
}

// Out of memory, a malformed URL, a reply over the size limit: sending again cannot help.
TEST_F(RetryingTransportTest, LocalFailuresAreNeverRetried) {
  fake_.expect_error("GET", kApps,
                     Error{ErrorKind::kLocal, "GET https://x/: the reply body is larger than the limit", 0});
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kLocal);
  EXPECT_EQ(retrying.retries(), 0u);
  EXPECT_EQ(fake_.requests().size(), 1u);
}

TEST_F(RetryingTransportTest, TimeoutThenSuccess) {
  fake_.expect_error("DELETE", kConnectors, timeout_error())
      .expect("DELETE", kConnectors, FakeTransport::json(200, ""));
  auto retrying = make();
  auto r = retrying.send(request("DELETE", kConnectors));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(RetryingTransportTest, PatchAndDeleteAreRetried) {
  fake_.expect("PATCH", kConnectors, FakeTransport::json(502, "{}"))
      .expect("PATCH", kConnectors, FakeTransport::json(200, "{}"))
      .expect("DELETE", kConnectors, FakeTransport::json(500, "{}"))
      .expect("DELETE", kConnectors, FakeTransport::json(200, ""));
  auto retrying = make();
  EXPECT_EQ(retrying.send(request("PATCH", kConnectors, "{}"))->status, 200);
  EXPECT_EQ(retrying.send(request("DELETE", kConnectors))->status, 200);
  EXPECT_EQ(retrying.retries(), 2u);
}

TEST_F(RetryingTransportTest, APostThatMayHaveBeenSentIsNeverRepeated) {
  fake_.expect_error("POST", kConnectors, timeout_error())
      .expect_error("POST", kConnectors, transport_error())
      .expect("POST", kConnectors, FakeTransport::json(503, "{}"))
      .expect("POST", kConnectors, FakeTransport::json(500, "{}"));
  auto retrying = make();
  auto timed_out = retrying.send(request("POST", kConnectors, "{}"));
  ASSERT_FALSE(timed_out);
  EXPECT_EQ(timed_out.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(timed_out.error().message, timeout_error().message);  // unchanged: no attempt count
  auto dropped = retrying.send(request("POST", kConnectors, "{}"));
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().message, transport_error().message);
  auto unavailable = retrying.send(request("POST", kConnectors, "{}"));
  ASSERT_TRUE(unavailable);
  EXPECT_EQ(unavailable->status, 503);
  EXPECT_EQ(attempts_header(*unavailable), "");
  EXPECT_EQ(retrying.send(request("POST", kConnectors, "{}"))->status, 500);
  EXPECT_EQ(retrying.retries(), 0u);
  EXPECT_TRUE(time_.sleeps.empty());
  EXPECT_EQ(fake_.requests().size(), 4u);
}

TEST_F(RetryingTransportTest, APostRefusedWith429WasNotProcessedAndIsRetried) {
  fake_.expect("POST", kConnectors, FakeTransport::json(429, "{}"))
      .expect("POST", kConnectors, FakeTransport::json(503, "{}"));
  auto retrying = make();
  auto r = retrying.send(request("POST", kConnectors, "{}"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);  // the second reply may hide a create: not repeated
  EXPECT_EQ(retrying.retries(), 1u);
}

TEST_F(RetryingTransportTest, TheTwoAuthCallsAreRetriedAsPosts) {
  const std::string auth_slash = std::string(kAuth) + "/";
  fake_.expect_error("POST", kAuth, timeout_error())
      .expect("POST", kAuth, FakeTransport::json(200, R"({"token":"t"})"))
      .expect("POST", auth_slash, FakeTransport::json(502, "{}"))
      .expect("POST", auth_slash, FakeTransport::json(200, R"({"token":"t"})"))
      .expect_error("POST", kToken, transport_error())
      .expect("POST", kToken, FakeTransport::json(200, "{}"));
  auto retrying = make();
  EXPECT_EQ(retrying.send(request("POST", kAuth, "{}"))->status, 200);
  EXPECT_EQ(retrying.send(request("POST", auth_slash, "{}"))->status, 200);
  EXPECT_EQ(retrying.send(request("POST", kToken, "grant_type=client_credentials"))->status, 200);
  EXPECT_EQ(retrying.retries(), 3u);
}

TEST_F(RetryingTransportTest, OtherOutcomesAreReturnedAtOnce) {
  for (int status : {200, 201, 400, 401, 403, 404, 409, 501}) {
    FakeTransport fake;
    fake.expect("GET", kApps, FakeTransport::json(status, "{}"));
    RetryingTransport retrying(fake, {}, time_.hooks());
    auto r = retrying.send(request("GET", kApps));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(attempts_header(*r), "");
    EXPECT_EQ(retrying.retries(), 0u);
  }
  for (ErrorKind kind : {ErrorKind::kInvalid, ErrorKind::kInterrupted}) {
    FakeTransport fake;
    fake.expect_error("GET", kApps, {kind, "refused", 0});
    RetryingTransport retrying(fake, {}, time_.hooks());
    auto r = retrying.send(request("GET", kApps));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "refused");
  }
  EXPECT_TRUE(time_.sleeps.empty());
}

TEST_F(RetryingTransportTest, BackoffDoublesUpToMaxDelayScaledByJitter) {
  for (int i = 0; i < 5; ++i) fake_.expect("GET", kApps, FakeTransport::json(503, "{}"));
  time_.jitter = 1.0;
  auto retrying = make({.max_attempts = 5, .base_delay = milliseconds(300), .max_delay = milliseconds(1000)});
  (void)retrying.send(request("GET", kApps));
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(300), milliseconds(600), milliseconds(1000),
                                                     milliseconds(1000)}));

  FakeTransport fake;
  for (int i = 0; i < 3; ++i) fake.expect("GET", kApps, FakeTransport::json(503, "{}"));
  FakeTime half;
  half.jitter = 0.25;
  RetryingTransport jittered(fake, {.max_attempts = 3}, half.hooks());
  (void)jittered.send(request("GET", kApps));
  EXPECT_EQ(half.sleeps, (std::vector<milliseconds>{milliseconds(50), milliseconds(100)}));
}

TEST_F(RetryingTransportTest, RetryEventsDescribeEachWaitWithoutHeaders) {
  fake_.expect("GET", std::string(kApps) + "?appId=a", FakeTransport::json(503, "{}"))
      .expect_error("GET", std::string(kApps) + "?appId=a", timeout_error())
      .expect("GET", std::string(kApps) + "?appId=a", FakeTransport::json(200, "[]"));
  auto retrying = make();
  (void)retrying.send(request("GET", std::string(kApps) + "?appId=a"));
  ASSERT_EQ(time_.events.size(), 2u);
  EXPECT_EQ(time_.events[0].method, "GET");
  EXPECT_EQ(time_.events[0].path, "/applications/resources/applications/v1");
  EXPECT_EQ(time_.events[0].attempt, 1);
  EXPECT_EQ(time_.events[0].status, 503);
  EXPECT_EQ(time_.events[0].reason, "503 Service Unavailable");
  EXPECT_EQ(time_.events[0].delay, milliseconds(100));
  EXPECT_EQ(time_.events[1].attempt, 2);
  EXPECT_EQ(time_.events[1].status, 0);
  EXPECT_EQ(time_.events[1].reason, "timeout");
  EXPECT_EQ(time_.events[1].delay, milliseconds(200));
}

TEST_F(RetryingTransportTest, RateLimitWaitsUntilTheResetTime) {
  const HttpHeaders reset{{"X-Rate-Limit-Reset", "2024-05-01T00:00:02.5Z"}};
  fake_.expect("GET", kApps, FakeTransport::json(429, R"({"errors":["slow down"]})", reset))
      .expect("GET", kApps, FakeTransport::json(200, "[]"));
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(2500)}));
}

TEST_F(RetryingTransportTest, RateLimitResetWithAnOffsetIsConvertedToUtc) {
  const HttpHeaders reset{{"x-rate-limit-reset", "2024-05-01T02:00:01+02:00"}};
  fake_.expect("GET", kApps, FakeTransport::json(429, "{}", reset))
      .expect("GET", kApps, FakeTransport::json(200, "[]"));
  auto retrying = make();
  (void)retrying.send(request("GET", kApps));
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(1000)}));
}

TEST_F(RetryingTransportTest, RateLimitWaitIsCappedByMaxDelay) {
  const HttpHeaders reset{{"X-Rate-Limit-Reset", "2024-05-01T01:00:00Z"}};
  fake_.expect("GET", kApps, FakeTransport::json(429, "{}", reset))
      .expect("GET", kApps, FakeTransport::json(200, "[]"));
  auto retrying = make();
  (void)retrying.send(request("GET", kApps));
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(5000)}));
}

TEST_F(RetryingTransportTest, RateLimitWithoutUsableResetBacksOff) {
  // Bitbucket sends no header; a reset in the past (clock skew) or an unreadable one backs off too.
  for (const char* value : {"", "2024-04-30T23:59:59Z", "in a minute"}) {
    FakeTransport fake;
    HttpHeaders headers;
    if (*value != '\0') headers.emplace_back("X-Rate-Limit-Reset", value);
    fake.expect("GET", kApps, FakeTransport::text(429, "Rate limit exceeded", headers))
        .expect("GET", kApps, FakeTransport::json(200, "[]"));
    FakeTime time;
    RetryingTransport retrying(fake, {}, time.hooks());
    EXPECT_EQ(retrying.send(request("GET", kApps))->status, 200);
    EXPECT_EQ(time.sleeps, (std::vector<milliseconds>{milliseconds(100)})) << value;
  }
}

TEST_F(RetryingTransportTest, TheTotalBudgetShortensTheLastWaitAndThenStops) {
  for (int i = 0; i < 3; ++i) fake_.expect("GET", kApps, FakeTransport::json(503, "{}"));
  time_.jitter = 1.0;
  auto retrying = make({.max_attempts = 10,
                        .base_delay = milliseconds(600),
                        .max_delay = milliseconds(5000),
                        .max_total = milliseconds(1000)});
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r);
  EXPECT_EQ(attempts_header(*r), "3");
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(600), milliseconds(400)}));
}

TEST_F(RetryingTransportTest, TheBudgetCapsARateLimitWait) {
  const HttpHeaders reset{{"X-Rate-Limit-Reset", "2024-05-01T00:00:04Z"}};
  fake_.expect("GET", kApps, FakeTransport::json(429, "{}", reset))
      .expect("GET", kApps, FakeTransport::json(429, "{}", reset));
  auto retrying = make({.max_total = milliseconds(1500)});
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(time_.sleeps, (std::vector<milliseconds>{milliseconds(1500)}));
}

TEST_F(RetryingTransportTest, ASleepThatIsCutShortStopsRetrying) {
  fake_.expect("GET", kApps, FakeTransport::json(503, "{}"));
  time_.keep_going = false;
  auto retrying = make();
  auto r = retrying.send(request("GET", kApps));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(retrying.retries(), 0u);
  EXPECT_EQ(time_.sleeps.size(), 1u);
}

TEST_F(RetryingTransportTest, OneAttemptDisablesRetries) {
  fake_.expect("GET", kApps, FakeTransport::json(503, "{}"));
  auto retrying = make({.max_attempts = 1});
  EXPECT_EQ(retrying.send(request("GET", kApps))->status, 503);
  EXPECT_TRUE(time_.sleeps.empty());
}

TEST(RetrySafety, IdempotentMethodsAndTheAuthPostsOnly) {
  EXPECT_TRUE(is_retry_safe(request("GET", kApps)));
  EXPECT_TRUE(is_retry_safe(request("PATCH", kConnectors)));
  EXPECT_TRUE(is_retry_safe(request("DELETE", kConnectors)));
  EXPECT_TRUE(is_retry_safe(request("POST", kAuth)));
  EXPECT_TRUE(is_retry_safe(request("POST", std::string(kAuth) + "/")));
  EXPECT_TRUE(is_retry_safe(request("POST", std::string(kAuth) + "?x=1")));
  EXPECT_TRUE(is_retry_safe(request("POST", kToken)));
  EXPECT_FALSE(is_retry_safe(request("POST", kConnectors)));
  EXPECT_FALSE(is_retry_safe(request("POST", "https://api.frontegg.test/auth/vendor/other")));
  EXPECT_FALSE(is_retry_safe(request("POST", "https://api.frontegg.test/x?next=/auth/vendor")));
}

TEST(ParseRfc3339, AcceptsUtcFractionsAndOffsets) {
  using namespace std::chrono;
  const sys_seconds base = sys_days{year{2024} / 5 / 1} + hours(12) + minutes(30) + seconds(15);
  EXPECT_EQ(parse_rfc3339("2024-05-01T12:30:15Z"), base);
  EXPECT_EQ(parse_rfc3339("2024-05-01t12:30:15z"), base);
  EXPECT_EQ(parse_rfc3339("2024-05-01 12:30:15Z"), base);
  EXPECT_EQ(parse_rfc3339("2024-05-01T12:30:15.250Z"), base + milliseconds(250));
  EXPECT_EQ(parse_rfc3339("2024-05-01T12:30:15.123456789123Z"), base + nanoseconds(123456789));
  EXPECT_EQ(parse_rfc3339("2024-05-01T14:30:15+02:00"), base);
  EXPECT_EQ(parse_rfc3339("2024-05-01T07:00:15-05:30"), base);
  EXPECT_EQ(parse_rfc3339("2024-05-02T00:00:15+11:30"), base);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), sys_days{year{2024} / 2 / 29});
}

TEST(ParseRfc3339, RejectsAnythingElse) {
  for (const char* bad :
       {"", "2024-05-01", "2024-05-01T12:30:15", "2024-05-01T12:30:15+0200", "2024-13-01T00:00:00Z",
        "2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:30:15.Z",
        "2024-05-01T12:30:15Z ", " 2024-05-01T12:30:15Z", "2024-5-01T12:30:15Z", "+024-05-01T12:30:15Z",
        "Wed, 01 May 2024 12:30:15 GMT", "1714566615", "2024-05-01T12:30:15+24:00"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace linkform
