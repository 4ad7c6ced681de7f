// Issue 23: one plan of ten environments in three took 1.2 s instead of 0.35 s against a simple vendor
// simulator. The cause: its short, slowly drained accept queue dropped the SYN of one of the connections
// linkform opens at once, the kernel sent it again a second later, and the request bound to that
// connection waited although others came free long before. This runs many plans of ten environments over
// HTTP/1.1 through such a front (tests/support/slow_accept_front.h) with 50 ms per request, and bounds
// the slowest by the median: a one-second stall breaks the bound, the noise of a shared machine does not.

#include <gmock/gmock.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/slow_accept_front.h"

namespace linkform::testing {
namespace {

constexpr int kEnvironments = 10;
constexpr int kPlans = 50;
constexpr int kLatencyMs = 50;

std::string key_of(int i) {
  return "SpreadKey" + std::string(23 - std::to_string(i).size(), '0') + std::to_string(i);
}
std::string secret_of(int i) { return "SpreadSecret" + std::string(52, '0') + std::to_string(1000 + i); }

class PlanSpreadE2E : public E2E {
 protected:
  // kEnvironments environments, each with its app and one consumer in workspace acme.
  void seed() {
    std::string consumers;
    std::string environments;
    for (int i = 1; i <= kEnvironments; ++i) {
      const std::string n = std::to_string(i);
      consumers += std::string(i == 1 ? "" : ",") + R"({"workspace":"acme","key":")" + key_of(i) +
                   R"(","secret":")" + secret_of(i) + R"(","name":"Spread )" + n +
                   R"(","description":"","callback_url":"https://spread.example/cb","url":"","private":true,)"
                   R"("permissions":["account","repository","pullrequest"]})";
      environments += std::string(i == 1 ? "" : ",") + R"({"name":"env)" + n + R"(","client_id":"env)" + n +
                      R"(-client-id","secret":"env)" + n + R"(-secret","applications":[{"id":"app-env)" + n +
                      R"(","name":"Agen for Work"}]})";
      env_["FE_SECRET_" + n] = "env" + n + "-secret";
      env_["BB_KEY_" + n] = key_of(i);
      env_["BB_SECRET_" + n] = secret_of(i);
      secrets_.push_back("env" + n + "-secret");
      secrets_.push_back(secret_of(i));
    }
    const std::string state =
        R"({"bitbucket":{"workspaces":[{"slug":"acme","name":"Acme","uuid":"{00000000-0000-4000-8000-000000000001}"}],)"
        R"("consumers":[)" +
        consumers + R"(]},"frontegg":{"environments":[)" + environments + "]}}";
    auto seeded = emulator_.call("POST", "/_emulator/seed", state);
    ASSERT_TRUE(seeded && seeded->status == 200) << (seeded ? seeded->body : "no reply");
  }

  std::string config(const std::string& url) {
    std::string text =
        "[bitbucket]\nworkspace = \"acme\"\napi_url = \"" + url + "\"\noauth_url = \"" + url + "\"\n";
    for (int i = 1; i <= kEnvironments; ++i) {
      const std::string n = std::to_string(i);
      text += "\n[frontegg.environments.env" + n + "]\nbase_url = \"" + url + "\"\nclient_id = \"env" + n +
              "-client-id\"\nsecret = { env = \"FE_SECRET_" + n + "\" }\n";
      text += "\n[consumers.mcp-" + n + "]\nname = \"Spread " + n +
              "\"\ncallback_url = \"https://spread.example/cb\"\n"
              "permissions = [\"account\", \"repository\", \"pullrequest\"]\nkey = { env = \"BB_KEY_" +
              n + "\" }\nsecret = { env = \"BB_SECRET_" + n + "\" }\n";
      text += "\n[connectors.c-" + n + "]\nenvironment = \"env" + n +
              "\"\napp = \"Agen for Work\"\nconsumer = \"mcp-" + n + "\"\nslug = \"bitbucket\"\n";
    }
    return write_config("spread/linkform.toml", text);
  }
};

TEST_F(PlanSpreadE2E, TheSlowestOfManyPlansStaysNearTheMedian) {
  seed();
  // Only the variables the configuration names: the fixture's FRONTEGG_* would apply to every environment.
  env_.erase("FRONTEGG_CLIENT_ID");
  env_.erase("FRONTEGG_SECRET");
  env_.erase("FRONTEGG_BASE_URL");
  env_.erase("LINKFORM_BITBUCKET_API_URL");
  env_.erase("LINKFORM_BITBUCKET_OAUTH_URL");
  // A queue of one, drained every 2 ms: most plans lose a SYN or two in their first burst.
  const SlowAcceptFront front(std::stoi(emulator_.url().substr(emulator_.url().rfind(':') + 1)), 1,
                              std::chrono::milliseconds(2));
  const std::string file = config(front.url());
  const auto applied = linkform({"apply", "--auto-approve"}, file);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  auto latency = emulator_.call("POST", "/_emulator/latency", "{\"ms\":" + std::to_string(kLatencyMs) + "}");
  ASSERT_TRUE(latency && latency->status == 200);

  std::vector<long long> wall_ms;
  for (int i = 0; i < kPlans; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto plan = linkform({"plan", "--detailed-exitcode"}, file);
    wall_ms.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count());
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  }
  std::vector<long long> sorted = wall_ms;
  std::ranges::sort(sorted);
  const long long median = sorted[sorted.size() / 2];
  const long long slowest = sorted.back();
  std::string all;
  for (const long long ms : wall_ms) {
    all += std::to_string(ms);
    all += ' ';
  }
  // A stall adds most of a second (the poll's timeout) to a plan of about 0.35 s; scheduling noise on a
  // loaded two-core machine adds tens of milliseconds. Twice the median tells them apart even under the
  // sanitizers, where the median is longer.
  EXPECT_LT(median, 1000) << "most plans stalled; every plan (ms): " << all;
  EXPECT_LE(slowest, 2 * median) << "median " << median << " ms, slowest " << slowest
                                 << " ms; every plan (ms): " << all;
  std::cout << "plan spread: " << kPlans << " plans of " << kEnvironments << " environments at " << kLatencyMs
            << " ms: median " << median << " ms, slowest " << slowest << " ms\n";
}

}  // namespace
}  // namespace linkform::testing
