// Issue 12: a pull request that changes only linkform.toml cannot make linkform send a secret anywhere
// but the vendors' own hosts or loopback, or read a file outside the configuration's tree. Each test is a
// configuration an attacker could commit, run by the real binary; a capture server on loopback stands for
// the attacker's host and must receive nothing.

#include <gmock/gmock.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/binaries.h"
#include "tests/support/loopback_listen.h"

namespace linkform::testing {
namespace {

using ::testing::HasSubstr;

// An httplib server on a free loopback port, serving from a thread for the test's lifetime.
class LoopbackServer {
 public:
  LoopbackServer() = default;
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  virtual ~LoopbackServer() { halt(); }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 protected:
  // A subclass's destructor calls it first, so no handler runs on its members once they are gone.
  void halt() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  // Called by the subclass once its handlers are set.
  void serve() {
    port_ = bind_loopback_with_backlog(server_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  httplib::Server server_;

 private:
  std::thread thread_;
  int port_ = 0;
};

// Counts every request that reaches it, whatever its method, path or form (a proxy request too).
class CaptureServer : public LoopbackServer {
 public:
  CaptureServer() {
    server_.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      ++received_;
      res.status = 502;
      return httplib::Server::HandlerResponse::Handled;
    });
    serve();
  }
  ~CaptureServer() override { halt(); }
  CaptureServer(const CaptureServer&) = delete;
  CaptureServer& operator=(const CaptureServer&) = delete;
  [[nodiscard]] int received() const { return received_.load(); }

 private:
  std::atomic<int> received_{0};
};

// A vendor that echoes what it was sent in its error replies: the Authorization header as sent (base64),
// the credentials decoded (raw, JSON-escaped, percent-encoded) and the request body, each placed across
// the point where linkform shortens a vendor message (200 characters of a body, 500 of a description).
class EchoServer : public LoopbackServer {
 public:
  EchoServer() {
    server_.Post("/site/oauth2/access_token", [](const httplib::Request& req, httplib::Response& res) {
      const std::string header = req.get_header_value("Authorization");
      const std::string decoded = decode_basic(header);
      // "some-key:" then the secret from character 479: the 500-character cut falls 21 characters in.
      std::string description = padding(470) + decoded + " json " + json_escape(decoded) + " url " +
                                percent_encode(decoded) + " header " + header;
      res.status = 400;
      res.set_content(
          R"({"error":"invalid_request","error_description":")" + json_escape(description) + "\"}",
          "application/json");
    });
    server_.Post("/auth/vendor", [](const httplib::Request& req, httplib::Response& res) {
      // A plain-text 500, the body echoed from offset 190: the 200-character excerpt would cut it.
      res.status = 500;
      // The secret from character 179 ({"clientId":"prod-client-id","secret":" is 39 long): the
      // 200-character excerpt would hold 21 characters of it.
      res.set_content(padding(140) + req.body + " " + json_escape(req.body), "text/plain");
    });
    serve();
  }
  ~EchoServer() override { halt(); }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

 private:
  static std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }
  // Words, not one long run: a long run of letters would look like a token to the hygiene sweep.
  static std::string padding(std::size_t n) {
    std::string out;
    while (out.size() < n) out += "pad ";
    out.resize(n);
    return out;
  }
  static std::string percent_encode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
      }
    }
    return out;
  }
  static std::string decode_basic(const std::string& header) {
    if (!header.starts_with("Basic ")) return {};
    const std::string encoded = header.substr(6);
    std::string decoded(encoded.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                  reinterpret_cast<const unsigned char*>(encoded.data()),
                                  static_cast<int>(encoded.size()));
    decoded.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!decoded.empty() && decoded.back() == '\0') decoded.pop_back();
    return decoded;
  }
};

// Empty when no 8-character piece of `secret` is in `text`, else the first piece found.
std::string leaked_piece(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 8)) != std::string::npos) return secret.substr(i, 8);
  }
  return {};
}

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

  // The runner's overrides, as the other e2e tests have them: every vendor URL is the emulator's.
  void point_at_emulator() {
    env_["FRONTEGG_BASE_URL"] = emulator_.url();
    env_["LINKFORM_BITBUCKET_API_URL"] = emulator_.url();
    env_["LINKFORM_BITBUCKET_OAUTH_URL"] = emulator_.url();
  }

  // A configuration in dir_/repo whose every URL is `url` and whose consumer secret is `secret_source`.
  std::string config(const std::string& url, const std::string& secret_source,
                     const std::string& frontegg_url = "") {
    const std::string text =
        "[bitbucket]\nworkspace = \"acme\"\napi_url = \"" + url + "\"\noauth_url = \"" + url +
        "\"\n\n[frontegg]\nbase_url = \"" + (frontegg_url.empty() ? url : frontegg_url) +
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
  const std::string path = config("https://exfil.example", R"({ env = "BITBUCKET_MCP_SECRET" })");
  env_["BITBUCKET_MCP_SECRET"] = "consumer-secret-value";
  secrets_.push_back("consumer-secret-value");
  const auto plan = linkform({"plan"}, path);
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err,
              HasSubstr("host \"exfil.example\" is not Bitbucket's (api.bitbucket.org) nor loopback"));
  EXPECT_THAT(plan.err, HasSubstr("LINKFORM_ALLOW_HOSTS=exfil.example"));
  env_["LINKFORM_ALLOW_HOSTS"] = "exfil.example";
  const auto validate = linkform({"validate"}, path);
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
}

TEST_F(HostileConfigE2E, LoopbackMixedWithARealVendorIsRefused) {
  const auto plan = linkform(
      {"plan"}, config(capture_.url(), R"({ env = "BITBUCKET_MCP_SECRET" })", "https://api.frontegg.com"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("one run would mix a local stand-in with a real vendor"));
  EXPECT_EQ(capture_.received(), 0);
}

// Credentials meant for loopback (plain http to the emulator) never pass through an http_proxy.
TEST_F(HostileConfigE2E, LoopbackRequestsBypassAProxy) {
  create_consumer();
  point_at_emulator();
  env_["http_proxy"] = capture_.url();
  env_["HTTP_PROXY"] = capture_.url();
  env_["ALL_PROXY"] = capture_.url();
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(capture_.received(), 0);
}

// Vendors that echo the request in their errors: no 8-character piece of any secret reaches the output.
TEST_F(HostileConfigE2E, EchoedCredentialsAreMaskedBeforeTheyAreShortened) {
  EchoServer echo;
  const std::string consumer_secret = "Zq3xW8vB2nM5kL9pR4tY7uI1oP6aS0dF";  // 32 characters, as old consumers
  const std::string frontegg_secret = "fe-Vh3Jk8Lm2Nb6Vc9Xz4As7Df1Gh5Jk0Lq";
  env_["BITBUCKET_MCP_SECRET"] = consumer_secret;
  env_["FRONTEGG_SECRET"] = frontegg_secret;
  secrets_.push_back(consumer_secret);
  secrets_.push_back("some-key:" + consumer_secret);
  secrets_.push_back(frontegg_secret);
  const auto plan = linkform({"plan"}, config(echo.url(), R"({ env = "BITBUCKET_MCP_SECRET" })"));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err, HasSubstr("POST /site/oauth2/access_token: 400 Bad Request: pad pad"));
  EXPECT_THAT(plan.err, HasSubstr("POST /auth/vendor: 500 Internal Server Error: pad pad"));
  for (const auto& secret : {consumer_secret, frontegg_secret}) {
    EXPECT_EQ(leaked_piece(plan.out + plan.err, secret), "") << plan.err;
  }
}

// A connector renamed in the portal to a name with terminal controls: the plan shows them escaped.
TEST_F(HostileConfigE2E, ControlCharactersInAVendorNameAreEscaped) {
  create_consumer();
  point_at_emulator();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  const auto stored = emulator_.connectors("prod");
  const std::string id = stored[0]["id"].GetString();
  const std::string app = stored[0]["appId"].GetString();
  const auto renamed =
      frontegg("PATCH", "/app-integrations/resources/custom-integrations/v1/" + id,
               R"({"appId":")" + app + R"(","name":"Bit\u001b[2J\u001b[1;1Hbucket\rforged"})");
  ASSERT_TRUE(renamed && renamed->status == 200) << (renamed ? renamed->body : "no reply");
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(plan.out.find('\r'), std::string::npos);
  EXPECT_THAT(plan.out,
              HasSubstr(R"(~ name          = "Bit\x1b[2J\x1b[1;1Hbucket\x0dforged" -> "Bitbucket")"));
}

// plan --out never replaces what is not a plain file of its own, nor follows a planted symlink.
TEST_F(HostileConfigE2E, PlanOutLeavesDevicesFifosSymlinksAndTheConfigurationUntouched) {
  create_consumer();
  point_at_emulator();
  const auto fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::ofstream(dir_ / "victim") << "keep me";
  std::filesystem::create_symlink(dir_ / "victim", dir_ / "planted");
  const std::string config_copy = (dir_ / "repo" / "copy.toml").string();
  std::filesystem::copy_file(quickstart(), config_copy);

  for (const std::string& target :
       {std::string("/dev/null"), fifo.string(), (dir_ / "planted").string(), dir_.string(), config_copy}) {
    emulator_.clear_requests();
    const auto plan = linkform({"plan", "--out", target}, target == config_copy ? config_copy : quickstart());
    EXPECT_EQ(plan.exit_code, 1) << target;
    EXPECT_THAT(plan.err, HasSubstr("refusing to write the plan to " + target)) << plan.err;
    EXPECT_TRUE(emulator_.requests().empty()) << "refused before any request: " << target;
  }
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
  ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "planted"));
  std::ifstream victim(dir_ / "victim");
  std::string kept;
  std::getline(victim, kept);
  EXPECT_EQ(kept, "keep me");

  const auto written = linkform({"plan", "--out", (dir_ / "saved.plan").string()});
  EXPECT_EQ(written.exit_code, 0) << written.err;
  ASSERT_EQ(::stat((dir_ / "saved.plan").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
}

TEST_F(HostileConfigE2E, AFailedWriteToStandardOutputExitsOne) {
  const auto full =
      run_process({"/bin/sh", "-c", std::string(LINKFORM_BINARY) + " version > /dev/full"}, env_);
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_THAT(full.err, HasSubstr("cannot write to standard output"));
}

// A connector re-pointed in the portal to another consumer's id and secret is restored to the
// configured key and secret: the fingerprint is bound to the client id, so the old one does not match.
TEST_F(HostileConfigE2E, ARepointedConnectorGetsBackTheConfiguredKeyAndSecret) {
  const CreatedConsumer configured = create_consumer();
  const CreatedConsumer other = create_consumer("SOMEONE_ELSES");
  point_at_emulator();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  const auto stored = emulator_.connectors("prod");
  const std::string id = stored[0]["id"].GetString();
  const std::string app = stored[0]["appId"].GetString();
  const auto repointed = frontegg("PATCH", "/app-integrations/resources/custom-integrations/v1/" + id,
                                  R"({"appId":")" + app + R"(","configuration":{"clientId":")" + other.key +
                                      R"(","clientSecret":")" + other.secret + R"("}})");
  ASSERT_TRUE(repointed && repointed->status == 200) << (repointed ? repointed->body : "no reply");

  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("~ client_id     = \"" + other.key + "\" -> \"" + configured.key + "\""));
  EXPECT_THAT(plan.out, HasSubstr("~ client_secret = (sensitive value)"));
  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 0) << apply.err;
  const auto after = emulator_.connectors("prod");
  EXPECT_EQ(std::string(after[0]["configuration"]["clientId"].GetString()), configured.key);
  EXPECT_EQ(std::string(after[0]["configuration"]["clientSecret"].GetString()), configured.secret);
  const auto again = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

// A create answered 2xx without an id went through as well as not: linkform lists, and adopts it.
TEST_F(HostileConfigE2E, ACreateAnsweredWithoutAnIdIsAdoptedNotDuplicated) {
  create_consumer();
  point_at_emulator();
  emulator_.add_fault(R"({"kind":"omit_field","field":"id","method":"POST","path":"/app-integrations/*"})");
  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_THAT(apply.out, HasSubstr("adopted id"));
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
}

// A second SIGINT ends the run at once, saying what is known.
TEST_F(HostileConfigE2E, ASecondInterruptEndsTheRunAtOnce) {
  create_consumer();
  point_at_emulator();
  emulator_.add_fault(R"({"kind":"latency","method":"POST","path":"/app-integrations/*","latency_ms":6000})");
  RunningProcess apply({LINKFORM_BINARY, "apply", "--auto-approve", "-c", quickstart()}, env_);
  ASSERT_TRUE(apply.wait_for_output("Creating...", 10'000));
  const auto started = std::chrono::steady_clock::now();
  apply.signal(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  apply.signal(SIGINT);
  const Completed done = apply.finish();
  outputs_.push_back(done.out);
  outputs_.push_back(done.err);
  EXPECT_EQ(done.exit_code, 1);
  // The create in flight waits 6 s at the emulator: ending sooner means the run did not wait for it.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_THAT(done.err, HasSubstr("interrupted again: stopping now"));
}

}  // namespace
}  // namespace linkform::testing
