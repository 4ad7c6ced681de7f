// Injected faults: each kind happens, only to matching requests, and stops
// after its count; drop and truncate on writes happen after the change.

#include "providers/emulator/faults.h"

#include <chrono>
#include <regex>

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
    token_ = frontegg_token(*client_);
    app_ = first_app_id(*client_, token_);
  }
  void add_fault(const std::string& body) {
    auto r = client_->Post("/_emulator/faults", body, kJson);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    EXPECT_TRUE(parse(r->body).HasMember("id"));
  }
  httplib::Result list_connectors() {
    return client_->Get(std::string(kConnectors) + "?appId=" + app_, bearer(token_));
  }
  std::size_t stored_connectors() {
    return parse(client_->Get("/_emulator/frontegg/connectors?environment=dev")->body).Size();
  }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
  std::string app_;
};

TEST_F(FaultsTest, StatusFaultHitsTheNextNMatchingRequestsThenStops) {
  add_fault(R"({"kind":"status","method":"GET","path":"/app-integrations/*","count":2,"status":503})");
  for (int i = 0; i < 2; ++i) {
    auto r = list_connectors();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    expect_frontegg_errors(r->body);
    EXPECT_TRUE(r->has_header("frontegg-trace-id"));
  }
  EXPECT_EQ(list_connectors()->status, 200);
  EXPECT_EQ(client_->Get("/_emulator/faults")->body, "[]");
  const auto log = parse(client_->Get("/_emulator/requests")->body);
  EXPECT_EQ(log[log.Size() - 2]["status"].GetInt(), 503) << "faulted requests are logged";
}

TEST_F(FaultsTest, FaultsMatchMethodAndPathOnly) {
  add_fault(R"({"kind":"status","method":"POST","path":"/app-integrations/*","status":500})");
  EXPECT_EQ(list_connectors()->status, 200);
  EXPECT_EQ(client_->Get("/applications/resources/applications/v1", bearer(token_))->status, 200);
  const auto listed = parse(client_->Get("/_emulator/faults")->body);
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_EQ(listed[0]["remaining"].GetInt(), 1);
  EXPECT_EQ(client_->Post(kConnectors, bearer(token_), connector_body(app_, "a"), kJson)->status, 500);
  EXPECT_EQ(stored_connectors(), 0u) << "a status fault is before the change by default";
}

TEST_F(FaultsTest, StatusOnBitbucketPathsIsTheBitbucketErrorObject) {
  add_fault(R"({"kind":"status","path":"/2.0/*","status":502})");
  auto r = client_->Get("/2.0/workspaces/acme");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  expect_bitbucket_error(r->body);
  EXPECT_FALSE(r->has_header("frontegg-trace-id"));
}

TEST_F(FaultsTest, StatusAfterAppliesTheWriteThenFails) {
  add_fault(R"({"kind":"status","method":"POST","path":"/app-integrations/*","status":504,"when":"after"})");
  EXPECT_EQ(client_->Post(kConnectors, bearer(token_), connector_body(app_, "a"), kJson)->status, 504);
  EXPECT_EQ(stored_connectors(), 1u);
}

TEST_F(FaultsTest, RateLimitOnFronteggHasAResetTimeAndNoRetryAfter) {
  add_fault(R"({"kind":"rate_limit","path":"/app-integrations/*","reset_after_ms":2000})");
  auto r = list_connectors();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  expect_frontegg_errors(r->body);
  EXPECT_FALSE(r->has_header("Retry-After"));
  const std::string reset = r->get_header_value("X-Rate-Limit-Reset");
  EXPECT_TRUE(std::regex_match(reset, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << reset;
  EXPECT_EQ(list_connectors()->status, 200);
}

TEST_F(FaultsTest, RateLimitOnBitbucketIsPlainTextWithoutHeaders) {
  add_fault(R"({"kind":"rate_limit","method":"POST","path":"/site/oauth2/access_token"})");
  auto r = bitbucket_token(*client_, "k", "s");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  EXPECT_FALSE(r->has_header("Retry-After"));
  EXPECT_FALSE(r->has_header("X-Rate-Limit-Reset"));
  EXPECT_FALSE(r->body.empty());
}

TEST_F(FaultsTest, DropClosesTheConnectionWithoutAReplyAfterTheWrite) {
  add_fault(R"({"kind":"drop","method":"POST","path":"/app-integrations/*"})");
  auto r = client_->Post(kConnectors, bearer(token_), connector_body(app_, "a"), kJson);
  EXPECT_FALSE(r) << "a dropped request must not produce a reply";
  EXPECT_EQ(stored_connectors(), 1u) << "drop defaults to after the change";
  const auto log = parse(client_->Get("/_emulator/requests")->body);
  EXPECT_EQ(log[log.Size() - 1]["status"].GetInt(), 0);
  EXPECT_EQ(client_->Post(kConnectors, bearer(token_), connector_body(app_, "b"), kJson)->status, 201);
}

TEST_F(FaultsTest, DropBeforeLeavesTheStateAlone) {
  add_fault(R"({"kind":"drop","method":"POST","path":"/app-integrations/*","when":"before"})");
  EXPECT_FALSE(client_->Post(kConnectors, bearer(token_), connector_body(app_, "a"), kJson));
  EXPECT_EQ(stored_connectors(), 0u);
}

TEST_F(FaultsTest, DropOnAReadGivesTheClientAnError) {
  add_fault(R"({"kind":"drop","method":"GET","path":"/applications/*"})");
  EXPECT_FALSE(client_->Get("/applications/resources/applications/v1", bearer(token_)));
  EXPECT_TRUE(client_->Get("/applications/resources/applications/v1", bearer(token_)));
}

TEST_F(FaultsTest, TruncateSendsHeadersAndHalfTheBody) {
  add_fault(R"({"kind":"truncate","method":"GET","path":"/app-integrations/*"})");
  const std::string reply =
      raw_exchange(emu_->port(),
                   "GET /app-integrations/resources/custom-integrations/v1/templates HTTP/1.1\r\n"
                   "Host: 127.0.0.1\r\nAuthorization: Bearer " +
                       token_ + "\r\nConnection: close\r\n\r\n");
  const auto header_end = reply.find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos) << reply;
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  std::smatch m;
  const std::string headers = reply.substr(0, header_end);
  ASSERT_TRUE(std::regex_search(headers, m, std::regex("Content-Length: (\\d+)", std::regex::icase)))
      << headers;
  const std::size_t promised = std::stoul(m[1]);
  const std::size_t sent = reply.size() - header_end - 4;
  EXPECT_GT(sent, 0u);
  EXPECT_LT(sent, promised);
  // The next request is whole again.
  EXPECT_EQ(client_->Get(std::string(kConnectors) + "/templates", bearer(token_))->status, 200);
}

TEST_F(FaultsTest, TruncatedWriteIsAppliedAndTheClientSeesAnError) {
  add_fault(R"({"kind":"truncate","method":"POST","path":"/app-integrations/*"})");
  EXPECT_FALSE(client_->Post(kConnectors, bearer(token_), connector_body(app_, "a"), kJson));
  EXPECT_EQ(stored_connectors(), 1u);
}

TEST_F(FaultsTest, LatencyFaultDelaysOnlyItsRequests) {
  add_fault(R"({"kind":"latency","path":"/applications/*","latency_ms":300,"count":1})");
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->Get("/applications/resources/applications/v1", bearer(token_))->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  started = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->Get("/applications/resources/applications/v1", bearer(token_))->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
}

TEST_F(FaultsTest, ClearingFaultsStopsThem) {
  add_fault(R"({"kind":"status","path":"*","count":100})");
  EXPECT_EQ(parse(client_->Get("/_emulator/faults")->body)[0]["remaining"].GetInt(), 100);
  EXPECT_EQ(client_->Delete("/_emulator/faults")->status, 204);
  EXPECT_EQ(list_connectors()->status, 200);
}

TEST_F(FaultsTest, BadFaultsAreRefused) {
  for (const char* body : {"x", "{}", R"({"kind":"explode"})", R"({"kind":"status","count":0})",
                           R"({"kind":"status","status":99})", R"({"kind":"drop","when":"during"})",
                           R"({"kind":"latency","latency_ms":"5"})"}) {
    auto r = client_->Post("/_emulator/faults", body, kJson);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
  }
  EXPECT_EQ(client_->Get("/_emulator/faults")->body, "[]");
}

TEST(GlobMatch, StarMatchesAnyRunIncludingSlashes) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("/app-integrations/*", "/app-integrations/resources/custom-integrations/v1"));
  EXPECT_TRUE(glob_match("/a/*/c", "/a/b/x/c"));
  EXPECT_TRUE(glob_match("*/v1", "/x/v1"));
  EXPECT_FALSE(glob_match("/a/*/c", "/a/b/d"));
  EXPECT_FALSE(glob_match("/auth/vendor", "/auth/vendor/"));
  EXPECT_TRUE(glob_match("/auth/vendor*", "/auth/vendor/"));
}

TEST_F(FaultsTest, SkipLetsTheFirstMatchingRequestsThrough) {
  add_fault(R"({"kind":"status","method":"GET","path":"/app-integrations/*","status":503,"skip":2})");
  EXPECT_EQ(list_connectors()->status, 200);
  EXPECT_EQ(list_connectors()->status, 200);
  EXPECT_EQ(list_connectors()->status, 503);
  EXPECT_EQ(list_connectors()->status, 200);
}

}  // namespace
}  // namespace linkform::emulator::testing
