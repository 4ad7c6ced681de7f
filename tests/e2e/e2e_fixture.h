#pragma once
// The real linkform binary against the real emulator over loopback. Every
// run's output is kept, and each test ends by checking that no secret or
// token appears in any of it.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/redaction.h"
#include "tests/support/binaries.h"
#include "tests/support/emulator_process.h"
#include "tests/support/hygiene.h"
#include "tests/support/subprocess.h"

namespace linkform::testing {

// Plan output with its warnings joined back into one line each: the human output wraps them at 100
// columns with a 9-column hanging indent (README, Commands), which a test looking for a warning's text
// must not depend on.
inline std::string unwrapped(std::string text) {
  const std::string wrap = "\n         ";
  for (auto at = text.find(wrap); at != std::string::npos; at = text.find(wrap, at + 1))
    text.replace(at, wrap.size(), " ");
  return text;
}

class E2E : public ::testing::Test {
 protected:
  // emulator_args: extra linkform-emulator flags, e.g. --bitbucket-pre-2026-token-reply.
  explicit E2E(const std::vector<std::string>& emulator_args = {}) : emulator_(emulator_args) {}

  void SetUp() override {
    env_ = {{"FRONTEGG_BASE_URL", emulator_.url()},
            {"LINKFORM_BITBUCKET_API_URL", emulator_.url()},
            {"LINKFORM_BITBUCKET_OAUTH_URL", emulator_.url()},
            {"FRONTEGG_CLIENT_ID", "prod-client-id"},
            {"FRONTEGG_SECRET", "prod-secret"}};
    secrets_ = {"prod-secret", "dev-secret"};
  }

  void TearDown() override {
    for (const auto& text : outputs_) {
      for (const auto& problem : hygiene_problems(text, secrets_)) ADD_FAILURE() << problem;
      leak_checks_ += secret_form_count(secrets_) + 1;
    }
    ++checked_outputs_;
  }

  // Runs linkform with the test's environment; -c CONFIG is added.
  // A configuration that declares a gateway (the quickstart does) gets the emulator's, as scripts/demo.sh
  // does it: FRONTEGG_GATEWAY, unless the test set that variable itself.
  Completed linkform(std::vector<std::string> args, const std::string& config = quickstart()) {
    args.insert(args.begin(), LINKFORM_BINARY);
    args.push_back("-c");
    args.push_back(config);
    auto env = env_;
    std::ifstream file(config);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (text.find("\ngateway = ") != std::string::npos) env.emplace("FRONTEGG_GATEWAY", emulator_.url());
    Completed c = run_process(args, env);
    outputs_.push_back(c.out);
    outputs_.push_back(c.err);
    return c;
  }

  // The environment of Bitbucket Pipelines build `number` of acme/infra at commit 0123abcd, whose Code
  // Insights reports go to the emulator as the Pipelines authentication proxy.
  void as_pipelines_build(const std::string& number) {
    env_["BITBUCKET_BUILD_NUMBER"] = number;
    env_["BITBUCKET_WORKSPACE"] = "acme";
    env_["BITBUCKET_REPO_SLUG"] = "infra";
    env_["BITBUCKET_COMMIT"] = "0123abcd";
    env_["BITBUCKET_CLONE_DIR"] = LINKFORM_SOURCE_DIR;
    env_["LINKFORM_CODE_INSIGHTS_PROXY"] = emulator_.url();
  }

  // A consumer created "by a person", its key and secret exported.
  CreatedConsumer create_consumer(
      const std::string& prefix = "BITBUCKET_MCP",
      const std::string& permissions = R"(["account","repository","pullrequest"])",
      const std::string& name = "Frontegg Integration") {
    CreatedConsumer c = emulator_.create_consumer(permissions, true, name);
    env_[prefix + "_KEY"] = c.key;
    env_[prefix + "_SECRET"] = c.secret;
    secrets_.push_back(c.secret);
    secrets_.push_back(c.key + ":" + c.secret);  // what "Authorization: Basic" encodes
    keys_.push_back(c.key);
    return c;
  }

  // Replaces what differs between runs: the emulator's URL, consumer keys, ids.
  std::string normalized(std::string text) const {
    for (std::size_t at = text.find(emulator_.url()); at != std::string::npos;
         at = text.find(emulator_.url())) {
      text.replace(at, emulator_.url().size(), "http://EMULATOR");
    }
    for (const auto& key : keys_) {
      for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key)) {
        text.replace(at, key.size(), "<CONSUMER_KEY>");
      }
    }
    return std::regex_replace(
        text, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<ID>");
  }

  // Compares with tests/golden/e2e/NAME; LINKFORM_UPDATE_GOLDEN=1 rewrites it.
  void expect_golden(const std::string& name, const std::string& text) const {
    const auto path = std::filesystem::path(LINKFORM_SOURCE_DIR) / "tests/golden/e2e" / name;
    const std::string actual = normalized(text);
    const char* update = std::getenv("LINKFORM_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path << " is missing; run with LINKFORM_UPDATE_GOLDEN=1 to create it";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str()) << "golden file " << path;
  }

  // Vendor requests that change something (auth calls excepted).
  std::vector<std::string> writes() {
    std::vector<std::string> out;
    for (const auto& r : emulator_.requests()) {
      const bool auth = r.starts_with("POST /auth/vendor") || r.starts_with("POST /site/oauth2/access_token");
      if (!auth && !r.starts_with("GET ")) out.push_back(r);
    }
    return out;
  }

  // A Frontegg API call made "behind linkform's back" in environment prod.
  httplib::Result frontegg(const std::string& method, const std::string& path, const std::string& body = "") {
    auto auth =
        emulator_.call("POST", "/auth/vendor", R"({"clientId":"prod-client-id","secret":"prod-secret"})");
    rapidjson::Document d;
    d.Parse(auth->body.c_str());
    httplib::Client client(emulator_.url());
    const httplib::Headers headers = {{"Authorization", std::string("Bearer ") + d["token"].GetString()}};
    if (method == "PATCH") return client.Patch(path, headers, body, "application/json");
    if (method == "DELETE") return client.Delete(path, headers);
    if (method == "POST") return client.Post(path, headers, body, "application/json");
    return client.Get(path, headers);
  }

  static std::string quickstart() { return quickstart_path(); }

 public:
  static std::string quickstart_path() {
    return std::string(LINKFORM_SOURCE_DIR) + "/examples/quickstart.toml";
  }

 protected:
  // Writes a configuration for this test; returns its path.
  std::string write_config(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / ("linkform_e2e_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  EmulatorProcess emulator_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> secrets_;
  std::vector<std::string> keys_;
  std::vector<std::string> outputs_;
  static inline int checked_outputs_ = 0;

 public:
  // Searches made for a secret or token in an output or a file, over the whole run.
  static inline long leak_checks_ = 0;
};

// Prints the number of leak checks once every e2e test has run.
class LeakReport : public ::testing::Environment {
 public:
  void TearDown() override {
    std::printf("secret hygiene: %ld leak checks, 0 hits allowed\n", E2E::leak_checks_);
  }
};

}  // namespace linkform::testing
