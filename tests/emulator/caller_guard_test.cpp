// Issue 22: who may drive the emulator (providers/emulator/caller_guard.h), and bodies that used to crash
// it, over loopback.

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class CallerGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  }
  bool alive() {
    auto r = client_->Get("/_emulator/health");
    return r && r->status == 200;
  }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(CallerGuardTest, AForeignHostIsRefused) {
  auto r = client_->Get("/_emulator/state", {{"Host", "attacker.example:8480"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("serves only loopback clients"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("\"secret\""), std::string::npos);
  auto ok = client_->Get("/_emulator/state", {{"Host", "localhost:8480"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(CallerGuardTest, AForeignOriginIsRefusedAndALoopbackOneServed) {
  auto r = client_->Post("/_emulator/reset", {{"Origin", "https://evil.example"}}, "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("requests from web pages are refused"), std::string::npos) << r->body;
  auto null_origin = client_->Post("/_emulator/reset", {{"Origin", "null"}}, "", "application/json");
  ASSERT_TRUE(null_origin);
  EXPECT_EQ(null_origin->status, 403);
  auto local = client_->Get("/_emulator/health", {{"Origin", "http://127.0.0.1:3000"}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);
}

TEST_F(CallerGuardTest, TextPlainAndMultipartBodiesAreNotTakenAsJson) {
  auto r = client_->Post("/_emulator/faults", R"({"kind":"drop"})", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_NE(r->body.find("Content-Type: application/json"), std::string::npos) << r->body;
  EXPECT_EQ(client_->Get("/_emulator/faults")->body, "[]");
}

// About 1 MB of '[' (nested, or nested and closed) on every kind of route: refused, never a crash.
TEST_F(CallerGuardTest, DeeplyNestedJsonOnEveryRouteIsRefusedAndTheEmulatorLives) {
  const std::string open(1'000'000, '[');
  const std::string closed = std::string(100'000, '[') + std::string(100'000, ']');
  for (const char* path :
       {"/auth/vendor", "/_emulator/seed", "/_emulator/faults", "/_emulator/bitbucket/consumers",
        "/app-integrations/resources/custom-integrations/v1", "/site/oauth2/access_token",
        "/_emulator/latency"}) {
    for (const auto* body : {&open, &closed}) {
      auto r = client_->Post(path, *body, "application/json");
      ASSERT_TRUE(r) << path;
      EXPECT_GE(r->status, 400) << path;
      ASSERT_TRUE(alive()) << "after " << path;
    }
  }
}

}  // namespace
}  // namespace linkform::emulator::testing
