// Issue 12: a pull request that changes only linkform.toml cannot make linkform send a secret anywhere
// but the vendors' own hosts or loopback, or read a file outside the configuration's tree. Each test is a
// configuration an attacker could commit, run by the real binary; a capture server on loopback stands for
// the attacker's host and must receive nothing.

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/loopback_listen.h"

namespace linkform::testing {
namespace {

using ::testing::HasSubstr;

// Counts every request that reaches it, whatever its method, path or form (a proxy request too).
class CaptureServer {
 public:
  CaptureServer() {
    server_.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      ++received_;
      res.status = 502;
      return httplib::Server::HandlerResponse::Handled;
    });
    port_ = bind_loopback_with_backlog(server_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~CaptureServer() {
    server_.stop();
    thread_.join();
  }
  CaptureServer(const CaptureServer&) = delete;
  CaptureServer& operator=(const CaptureServer&) = delete;
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int received() const { return received_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> received_{0};
};

class HostileConfigE2E : public E2E {
 protected:
  void SetUp() override {
    E2E::SetUp();
    // The URLs come from the file, as in a pull request; nothing on the runner overrides them.
    env_.erase("FRONTEGG_BASE_URL");
    env_.erase("LINKFORM_BITBUCKET_API_URL");
    env_.erase("LINKFORM_BITBUCKET_OAUTH_URL");
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("lf_hostile_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::create_directories(dir_ / "repo");
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    E2E::TearDown();
  }

  // A configuration in dir_/repo whose every URL is `url` and whose consumer secret is `secret_source`.
  std::string config(const std::string& url, const std::string& secret_source,
                     const std::string& frontegg_url = "") {
    const std::string text = "[bitbucket]\nworkspace = \"acme\"\napi_url = \"" + url + "\"\noauth_url = \"" +
                             url + "\"\n\n[frontegg]\nbase_url = \"" + (frontegg_url.empty() ? url : frontegg_url) +
                             "\"\n\n[consumers.mcp]\nname = \"n\"\ncallback_url = \"https://acme.example/cb\"\n"
                             "permissions = [\"account\"]\nkey = \"some-key\"\nsecret = " +
                             secret_source + "\n\n[connectors.bitbucket]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
    const auto path = dir_ / "repo" / "linkform.toml";
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
  CaptureServer capture_;
};

TEST_F(HostileConfigE2E, AnAbsoluteSecretFileIsRefusedAndNothingIsSent) {
  const auto plan = linkform({"plan"}, config(capture_.url(), R"({ file = "/proc/self/environ" })"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("reads file /proc/self/environ, an absolute path"));
  EXPECT_THAT(plan.err, HasSubstr("LINKFORM_ALLOW_SECRET_FILES"));
  EXPECT_EQ(capture_.received(), 0);
}

TEST_F(HostileConfigE2E, AnEscapingRelativeSecretFileIsRefused) {
  std::ofstream(dir_ / "outside.txt") << "not for the pull request";
  const auto plan = linkform({"plan"}, config(capture_.url(), R"({ file = "../outside.txt" })"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("outside the configuration's directory"));
  EXPECT_EQ(capture_.received(), 0);
}

TEST_F(HostileConfigE2E, ASymlinkOutOfTheTreeIsRefusedWhenRead) {
  std::ofstream(dir_ / "outside.txt") << "not for the pull request";
  std::filesystem::create_symlink(dir_ / "outside.txt", dir_ / "repo" / "innocent.txt");
  const auto plan = linkform({"plan"}, config(capture_.url(), R"({ file = "innocent.txt" })"));
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_THAT(plan.err, HasSubstr("outside the configuration's directory tree"));
  EXPECT_EQ(capture_.received(), 0);
}

TEST_F(HostileConfigE2E, AFifoAndADeviceEndWithinSecondsInBoundedMemory) {
  const auto fifo = dir_ / "repo" / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto started = std::chrono::steady_clock::now();
  const auto from_fifo = linkform({"plan"}, config(capture_.url(), R"({ file = "pipe" })"));
  EXPECT_EQ(from_fifo.exit_code, 1);
  EXPECT_THAT(from_fifo.err, HasSubstr("is not a regular file (a FIFO)"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));

  env_["LINKFORM_ALLOW_SECRET_FILES"] = "/dev";
  started = std::chrono::steady_clock::now();
  const auto from_zero = linkform({"plan"}, config(capture_.url(), R"({ file = "/dev/zero" })"));
  EXPECT_EQ(from_zero.exit_code, 1);
  EXPECT_THAT(from_zero.err, HasSubstr("is not a regular file (a character device)"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(capture_.received(), 0);
}

TEST_F(HostileConfigE2E, ALargeSecretFileIsRefused) {
  std::ofstream(dir_ / "repo" / "big") << std::string(65 * 1024, 'x');
  const auto plan = linkform({"plan"}, config(capture_.url(), R"({ file = "big" })"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("is larger than 64 KiB"));
  EXPECT_EQ(capture_.received(), 0);
}

TEST_F(HostileConfigE2E, ANonVendorHostIsRefusedUnlessAllowedFromOutside) {
  const std::string path = config("https://exfil.example", R"({ env = "BITBUCKET_CONSUMER_SECRET" })");
  env_["BITBUCKET_CONSUMER_SECRET"] = "consumer-secret-value";
  secrets_.push_back("consumer-secret-value");
  const auto plan = linkform({"plan"}, path);
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("host \"exfil.example\" is not Bitbucket's (api.bitbucket.org) nor loopback"));
  EXPECT_THAT(plan.err, HasSubstr("LINKFORM_ALLOW_HOSTS=exfil.example"));
  env_["LINKFORM_ALLOW_HOSTS"] = "exfil.example";
  const auto validate = linkform({"validate"}, path);
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
}

TEST_F(HostileConfigE2E, LoopbackMixedWithARealVendorIsRefused) {
  const auto plan =
      linkform({"plan"}, config(capture_.url(), R"({ env = "BITBUCKET_CONSUMER_SECRET" })", "https://api.frontegg.com"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("one run would mix a local stand-in with a real vendor"));
  EXPECT_EQ(capture_.received(), 0);
}

// Credentials meant for loopback (plain http to the emulator) never pass through an http_proxy.
TEST_F(HostileConfigE2E, LoopbackRequestsBypassAProxy) {
  create_consumer();
  env_["FRONTEGG_BASE_URL"] = emulator_.url();
  env_["LINKFORM_BITBUCKET_API_URL"] = emulator_.url();
  env_["LINKFORM_BITBUCKET_OAUTH_URL"] = emulator_.url();
  env_["http_proxy"] = capture_.url();
  env_["HTTP_PROXY"] = capture_.url();
  env_["ALL_PROXY"] = capture_.url();
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(capture_.received(), 0);
}

}  // namespace
}  // namespace linkform::testing
