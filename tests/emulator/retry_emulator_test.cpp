// RetryingTransport over the real CurlTransport against the in-process emulator: injected 503s, dropped
// connections and rate limits are survived by reads; a create that fails ambiguously is not repeated.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "providers/emulator_halves.h"
#include "providers/frontegg/client.h"
#include "providers/transport/curl_transport.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {
namespace {

using std::chrono::milliseconds;

constexpr const char* kApplications = "/applications/resources/applications/v1";

class RetryEmulatorTest : public ::testing::Test {
 protected:
  // Declared first, destroyed last: the transports close their pooled connections before it stops.
  std::unique_ptr<emulator::Emulator> emu_;
  std::unique_ptr<httplib::Client> control_;

  void SetUp() override {
    auto emu = emulator::start_with_halves({});
    ASSERT_TRUE(emu) << emu.error().message;
    emu_ = std::move(*emu);
    control_ = std::make_unique<httplib::Client>(emu_->host(), emu_->port());
  }

  // Adds a fault through the control API, as a test or a user's CI would.
  void inject(const std::string& fault) {
    auto r = control_->Post("/_emulator/faults", fault, "application/json");
    ASSERT_TRUE(r) << "control API unreachable";
    ASSERT_EQ(r->status, 201) << r->body;
  }

  // The number of requests the emulator logged for this method and path.
  int logged(const std::string& method, const std::string& path) {
    auto r = control_->Get("/_emulator/requests");
    if (!r || r->status != 200) return -1;
    int count = 0;
    for (std::size_t pos = 0; (pos = r->body.find(R"("path":")" + path + '"', pos)) != std::string::npos;
         ++pos) {
      const auto object = r->body.rfind('{', pos);
      if (r->body.find(R"("method":")" + method + '"', object) < r->body.find('}', pos)) ++count;
    }
    return count;
  }

  frontegg::FronteggClient client(HttpTransport& transport) {
    return {transport, emu_->base_url(), "dev-client-id", Secret("dev-secret")};
  }

  static CurlOptions short_timeouts() {
    CurlOptions options;
    options.connect_timeout = milliseconds(2000);
    options.total_timeout = milliseconds(3000);
    return options;
  }

  // Real sleeps, kept short; short timeouts so that a lost reply fails fast.
  CurlTransport curl_{short_timeouts()};
  RetryingTransport retrying_{
      curl_, {.max_attempts = 4, .base_delay = milliseconds(20), .max_delay = milliseconds(200)}};
};

TEST_F(RetryEmulatorTest, TwoInjected503sOnAGetSucceedOnTheThirdAttempt) {
  auto frontegg = client(retrying_);
  ASSERT_TRUE(frontegg.list_applications());  // authenticates first, so only the GET meets the fault
  const auto before = retrying_.retries();
  inject(R"({"kind":"status","status":503,"count":2,"method":"GET","path":"/applications/*"})");
  auto apps = frontegg.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  EXPECT_FALSE(apps->empty());
  EXPECT_EQ(retrying_.retries() - before, 2u);
  EXPECT_EQ(logged("GET", kApplications), 4);  // the first call, then three attempts
}

TEST_F(RetryEmulatorTest, ADroppedConnectionOnAGetIsRecoveredByARetry) {
  auto frontegg = client(retrying_);
  ASSERT_TRUE(frontegg.list_applications());
  // Two drops: libcurl itself re-sends a GET once when a reused connection dies without a reply, so the
  // second drop is the one RetryingTransport sees.
  inject(R"({"kind":"drop","count":2,"method":"GET","path":"/applications/*"})");
  auto apps = frontegg.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  EXPECT_FALSE(apps->empty());
  EXPECT_GE(retrying_.retries(), 1u);
}

TEST_F(RetryEmulatorTest, WithoutRetriesTheSameDropFails) {
  auto frontegg = client(curl_);
  ASSERT_TRUE(frontegg.list_applications());
  inject(R"({"kind":"drop","count":2,"method":"GET","path":"/applications/*"})");
  auto apps = frontegg.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kTransport);
}

TEST_F(RetryEmulatorTest, ARateLimitWaitsForTheResetAndThenSucceeds) {
  auto frontegg = client(retrying_);
  ASSERT_TRUE(frontegg.list_applications());
  inject(R"({"kind":"rate_limit","count":1,"reset_after_ms":150,"method":"GET","path":"/applications/*"})");
  const auto start = std::chrono::steady_clock::now();
  auto apps = frontegg.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  EXPECT_EQ(retrying_.retries(), 1u);
  // The header has whole-second or millisecond precision; the wait is at most max_delay (200 ms).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(RetryEmulatorTest, PersistentFailureNamesTheCallAndTheAttempts) {
  auto frontegg = client(retrying_);
  ASSERT_TRUE(frontegg.list_applications());
  inject(R"({"kind":"status","status":502,"count":10,"method":"GET","path":"/applications/*"})");
  auto apps = frontegg.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().http_status, 502);
  EXPECT_NE(apps.error().message.find("GET /applications/resources/applications/v1: 502 Bad Gateway"),
            std::string::npos)
      << apps.error().message;
  EXPECT_NE(apps.error().message.find("(after 4 attempts)"), std::string::npos) << apps.error().message;
}

TEST_F(RetryEmulatorTest, TheVendorAuthPostIsRetriedButACreateIsNot) {
  auto frontegg = client(retrying_);
  inject(R"({"kind":"status","status":503,"count":1,"method":"POST","path":"/auth/vendor"})");
  auto apps = frontegg.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  ASSERT_FALSE(apps->empty());
  EXPECT_EQ(logged("POST", "/auth/vendor"), 2);

  inject(R"({"kind":"drop","count":1,"method":"POST","path":"/app-integrations/*"})");
  frontegg::ConnectorCreate create;
  create.app_id = apps->front().id;
  create.integration_template_id = "bitbucket";
  create.name = "Bitbucket";
  create.slug = "retry-test";
  create.client_id = "consumer-key";
  create.client_secret = Secret("consumer-secret");
  create.custom_configuration = {{"workspace", "acme"}};
  auto created = frontegg.create_connector(create);
  ASSERT_FALSE(created);  // the create went through, but its reply was lost: the engine must list first
  EXPECT_EQ(logged("POST", "/app-integrations/resources/custom-integrations/v1"), 1);
  auto listed = frontegg.list_connectors(create.app_id);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().slug, "retry-test");
}

}  // namespace
}  // namespace linkform
