// Issue 4's scenarios: the real linkform binary against the real emulator.

#include <gmock/gmock.h>

#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/binaries.h"
#include "tests/support/cli_runner.h"

namespace linkform::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string connector_path(const std::string& id) {
  return "/app-integrations/resources/custom-integrations/v1/" + id;
}

class EngineE2E : public E2E {
 protected:
  // The consumer exists and the connector has been created by a first apply.
  std::string bootstrap_connector() {
    create_consumer();
    const auto apply = linkform({"apply", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto stored = emulator_.connectors("prod");
    EXPECT_EQ(stored.Size(), 1U);
    return stored.Size() == 1 ? stored[0]["id"].GetString() : "";
  }
  std::string app_id() { return emulator_.connectors("prod")[0]["appId"].GetString(); }
};

TEST_F(EngineE2E, BootstrapShowsCreationStepsAndABlockedConnector) {
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_EQ(plan.err, "");
  expect_golden("bootstrap_plan.txt", plan.out);

  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 3) << apply.err;
  EXPECT_NE(apply.out.find("Manual actions remain: bitbucket_consumer.mcp, frontegg_connector.bitbucket"),
            std::string::npos);
  EXPECT_THAT(writes(), IsEmpty());
}

// A key without its secret is a CI variable missing, not a consumer to create.
TEST_F(EngineE2E, AKeyWithoutItsSecretAsksForTheSecretNotForANewConsumer) {
  const CreatedConsumer consumer = create_consumer();
  env_.erase("BITBUCKET_MCP_SECRET");
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_NE(plan.out.find("! bitbucket_consumer.mcp secret is not available to this run"), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("store its Secret in BITBUCKET_MCP_SECRET"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("must be created by a person"), std::string::npos) << plan.out;
}

TEST_F(EngineE2E, CreatesTheConnectorWithTheRightBodyThenChangesNothing) {
  const CreatedConsumer consumer = create_consumer();
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2);
  expect_golden("create_plan.txt", plan.out);

  emulator_.clear_requests();
  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_THAT(writes(), ElementsAre("POST /app-integrations/resources/custom-integrations/v1"));

  const auto stored = emulator_.connectors("prod");
  ASSERT_EQ(stored.Size(), 1U);
  const auto& c = stored[0];
  EXPECT_STREQ(c["slug"].GetString(), "bitbucket");
  EXPECT_STREQ(c["name"].GetString(), "Bitbucket");
  EXPECT_TRUE(c["isActive"].GetBool());
  EXPECT_STREQ(c["integrationTemplateId"].GetString(), "bitbucket");
  EXPECT_TRUE(std::string(c["description"].GetString())
                  .starts_with("Bitbucket for the MCP gateway [linkform:v2 fp="));
  EXPECT_EQ(std::string(c["description"].GetString()).find(consumer.secret), std::string::npos);
  EXPECT_EQ(c["configuration"]["clientId"].GetString(), consumer.key);
  EXPECT_EQ(c["configuration"]["clientSecret"].GetString(), consumer.secret);
  EXPECT_STREQ(c["configuration"]["customConfiguration"]["workspace"].GetString(), "acme");
  EXPECT_EQ(c["configuration"]["scopes"].Size(), 3U);  // issue is retired: not sent
  EXPECT_EQ(c["enabledApis"].MemberCount(), 5U);

  emulator_.clear_requests();
  const auto again = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(EngineE2E, RepairsDriftTheToolCanFix) {
  const std::string id = bootstrap_connector();
  const std::string body = R"({"appId":")" + app_id() +
                           R"js(","name":"Bitbucket (renamed)","isActive":false,)js"
                           R"js("configuration":{"customConfiguration":{"workspace":"other"}}})js";
  ASSERT_EQ(frontegg("PATCH", connector_path(id), body)->status, 200);

  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2);
  expect_golden("drift_plan.txt", plan.out);

  EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  const auto stored = emulator_.connectors("prod");
  const auto& c = stored[0];
  EXPECT_STREQ(c["name"].GetString(), "Bitbucket");
  EXPECT_TRUE(c["isActive"].GetBool());
  EXPECT_STREQ(c["configuration"]["customConfiguration"]["workspace"].GetString(), "acme");
  EXPECT_EQ(linkform({"plan", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(EngineE2E, RecreatesAConnectorDeletedBehindItsBack) {
  const std::string id = bootstrap_connector();
  ASSERT_EQ(frontegg("DELETE", connector_path(id) + "?appId=" + app_id())->status, 200);
  ASSERT_EQ(emulator_.connectors("prod").Size(), 0U);

  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2);
  EXPECT_NE(plan.out.find("+ frontegg_connector.bitbucket will be created"), std::string::npos);
  EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
}

TEST_F(EngineE2E, PermissionRemovedIsAManualActionAndTheConnectorIsNotTouched) {
  bootstrap_connector();
  ASSERT_EQ(emulator_
                .call("PATCH", "/_emulator/bitbucket/consumers/" + keys_[0],
                      R"({"permissions":["account","repository"]})")
                ->status,
            200);
  emulator_.clear_requests();
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2);
  expect_golden("manual_permission_plan.txt", plan.out);
  EXPECT_NE(plan.out.find("Tick \"Pull requests: Read\". Save."), std::string::npos);

  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 3);
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(EngineE2E, ConsumerMadePublicIsAManualActionAndTheConnectorIsNotTouched) {
  bootstrap_connector();
  ASSERT_EQ(
      emulator_.call("PATCH", "/_emulator/bitbucket/consumers/" + keys_[0], R"({"private":false})")->status,
      200);
  emulator_.clear_requests();
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0);
  expect_golden("manual_public_plan.txt", plan.out);
  EXPECT_NE(plan.out.find("Tick \"This is a private consumer\". Save."), std::string::npos);
  EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 3);
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(EngineE2E, ConsumerWithoutCallbackUrlIsAManualActionAndTheRestIsStillPlanned) {
  bootstrap_connector();
  ASSERT_EQ(
      emulator_.call("PATCH", "/_emulator/bitbucket/consumers/" + keys_[0], R"({"callback_url":""})")->status,
      200);
  emulator_.clear_requests();
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_NE(plan.out.find("! bitbucket_consumer.mcp has no callback URL"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("Callback URL:  " + emulator_.url() + "/integration-callback"), std::string::npos)
      << plan.out;
  EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 3);
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(EngineE2E, RotatedSecretIsWrittenOnceAndThenUnchanged) {
  bootstrap_connector();
  const std::string rotated = emulator_.regenerate_secret(keys_[0]);
  env_["BITBUCKET_MCP_SECRET"] = rotated;
  secrets_.push_back(rotated);

  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2);
  expect_golden("rotation_plan.txt", plan.out);

  emulator_.clear_requests();
  EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  EXPECT_EQ(writes().size(), 1U);
  EXPECT_EQ(emulator_.connectors("prod")[0]["configuration"]["clientSecret"].GetString(), rotated);

  emulator_.clear_requests();
  const auto again = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(EngineE2E, EnsureAbsentDeletesOnlyThatConnector) {
  bootstrap_connector();
  std::ifstream in(quickstart());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A second connector that linkform manages, and then removal of the first.
  text += "\n[connectors.keep]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
  const std::string both = write_config("both.toml", text);
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, both).exit_code, 0);
  ASSERT_EQ(emulator_.connectors("prod").Size(), 2U);

  text.replace(text.find("enabled = true"), 14, "ensure = \"absent\"");
  const std::string absent = write_config("absent.toml", text);
  const auto plan = linkform({"plan"}, absent);
  expect_golden("absent_plan.txt", plan.out);
  EXPECT_EQ(linkform({"apply", "--auto-approve"}, absent).exit_code, 0);
  const auto stored = emulator_.connectors("prod");
  ASSERT_EQ(stored.Size(), 1U);
  EXPECT_STREQ(stored[0]["slug"].GetString(), "keep");
  EXPECT_EQ(linkform({"plan", "--detailed-exitcode"}, absent).exit_code, 0);
}

TEST_F(EngineE2E, TwoEnvironmentsArePlannedAndAppliedTogether) {
  const std::string config = write_config("multi.toml", R"toml([bitbucket]
workspace = "acme"

[frontegg.environments.dev]
base_url = ")toml" + emulator_.url() + R"toml("
client_id = "dev-client-id"
secret = { env = "FRONTEGG_DEV_SECRET" }

[frontegg.environments.prod]
base_url = ")toml" + emulator_.url() + R"toml("
client_id = "prod-client-id"
secret = { env = "FRONTEGG_PROD_SECRET" }

[consumers.mcp-dev]
name = "Frontegg Integration (dev)"
callback_url = "https://acme-dev.mcp-gw.frontegg.com/integration-callback"
permissions = ["account", "repository"]
key = { env = "DEV_KEY" }
secret = { env = "DEV_SECRET" }

[consumers.mcp-prod]
name = "Frontegg Integration"
callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback"
permissions = ["account", "repository", "pullrequest", "issue"]
key = { env = "PROD_KEY" }
secret = { env = "PROD_SECRET" }

[connectors.bitbucket-dev]
environment = "dev"
app = "Agen for Work"
consumer = "mcp-dev"
slug = "bitbucket"

[connectors.bitbucket-prod]
environment = "prod"
app = "Agen for Work"
consumer = "mcp-prod"
slug = "bitbucket"
)toml");
  env_.erase("FRONTEGG_BASE_URL");
  env_["FRONTEGG_DEV_SECRET"] = "dev-secret";
  env_["FRONTEGG_PROD_SECRET"] = "prod-secret";
  create_consumer("DEV", R"(["account","repository"])", "Frontegg Integration (dev)");
  create_consumer("PROD");

  const auto plan = linkform({"plan", "--detailed-exitcode"}, config);
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  expect_golden("two_environments_plan.txt", plan.out);
  // --debug says which environment each exchange is for.
  const auto debug = linkform({"plan", "--debug"}, config);
  for (const char* environment : {"[dev]", "[prod]"}) {
    EXPECT_NE(debug.err.find(std::string("/applications/resources/applications/v1 -> 200")),
              std::string::npos);
    bool labelled = false;
    for (const auto& line : testing::lines_of(debug.err))
      labelled = labelled || (line.find("/applications/resources/applications/v1") != std::string::npos &&
                              line.ends_with(environment));
    EXPECT_TRUE(labelled) << environment << "\n" << debug.err;
  }
  // The address as the plan prints it goes back into --target.
  const auto dev_only = linkform({"plan", "--target", "frontegg_connector.bitbucket-dev [dev]"}, config);
  EXPECT_EQ(dev_only.exit_code, 0) << dev_only.err;
  EXPECT_NE(dev_only.out.find("frontegg_connector.bitbucket-dev [dev] will be created"), std::string::npos)
      << dev_only.out;
  EXPECT_EQ(dev_only.out.find("bitbucket-prod [prod] will"), std::string::npos) << dev_only.out;
  // The selection is made before reading: nothing of prod is requested, and of the two consumers only the
  // one the dev connector uses.
  const auto dev_debug =
      linkform({"plan", "--debug", "--target", "frontegg_connector.bitbucket-dev [dev]"}, config);
  EXPECT_EQ(dev_debug.exit_code, 0) << dev_debug.err;
  EXPECT_EQ(dev_debug.err.find("[prod]"), std::string::npos) << dev_debug.err;
  int token_calls = 0;
  for (const auto& line : testing::lines_of(dev_debug.err))
    token_calls += line.find("/site/oauth2/access_token") != std::string::npos ? 1 : 0;
  EXPECT_EQ(token_calls, 1) << dev_debug.err;
  const auto wrong_environment =
      linkform({"plan", "--target", "frontegg_connector.bitbucket-dev [prod]"}, config);
  EXPECT_EQ(wrong_environment.exit_code, 1);
  EXPECT_NE(wrong_environment.err.find("no such resource"), std::string::npos) << wrong_environment.err;
  EXPECT_EQ(linkform({"apply", "--auto-approve"}, config).exit_code, 0);
  ASSERT_EQ(emulator_.connectors("dev").Size(), 1U);
  ASSERT_EQ(emulator_.connectors("prod").Size(), 1U);
  EXPECT_EQ(emulator_.connectors("dev")[0]["configuration"]["clientId"].GetString(), keys_[0]);
  EXPECT_EQ(emulator_.connectors("prod")[0]["configuration"]["clientId"].GetString(), keys_[1]);
  EXPECT_EQ(linkform({"plan", "--detailed-exitcode"}, config).exit_code, 0);
}

TEST_F(EngineE2E, TwoAppliesAtOnceEndWithExactlyOneConnector) {
  create_consumer();
  for (int round = 0; round < 3; ++round) {
    Completed first;
    Completed second;
    const std::vector<std::string> args = {LINKFORM_BINARY, "apply", "--auto-approve", "-c", quickstart()};
    std::thread a([&] { first = run_process(args, env_); });
    std::thread b([&] { second = run_process(args, env_); });
    a.join();
    b.join();
    for (const auto* c : {&first, &second}) {
      outputs_.push_back(c->out);
      outputs_.push_back(c->err);
      EXPECT_EQ(c->exit_code, 0) << c->out << c->err;
    }
    const auto stored = emulator_.connectors("prod");
    ASSERT_EQ(stored.Size(), 1U);
    EXPECT_EQ(linkform({"plan", "--detailed-exitcode"}).exit_code, 0);
    const std::string id = stored[0]["id"].GetString();
    ASSERT_EQ(frontegg("DELETE", connector_path(id) + "?appId=" + std::string(stored[0]["appId"].GetString()))
                  ->status,
              200);
  }
}

TEST_F(EngineE2E, SigintDuringApplyFinishesTheWriteInFlightAndStops) {
  create_consumer();
  std::ifstream in(quickstart());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text += "\n[connectors.second]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
  text += "\n[connectors.third]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
  const std::string config = write_config("three.toml", text);
  // Each create takes 700 ms, so the signal lands while the first is in flight.
  ASSERT_EQ(
      emulator_
          .call(
              "POST", "/_emulator/faults",
              R"({"kind":"latency","method":"POST","path":"/app-integrations/*","count":3,"latency_ms":700})")
          ->status,
      201);
  RunningProcess apply({LINKFORM_BINARY, "apply", "--auto-approve", "-c", config}, env_);
  ASSERT_TRUE(apply.wait_for_output("Creating...", 10'000));
  apply.signal(SIGINT);
  const Completed done = apply.finish();
  outputs_.push_back(done.out);
  outputs_.push_back(done.err);
  EXPECT_EQ(done.exit_code, 1) << done.out << done.err;
  EXPECT_NE(done.out.find("Creation complete"), std::string::npos) << done.out;
  EXPECT_NE(done.err.find("Apply interrupted."), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("not done: "), std::string::npos);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
  // The next run finishes the job.
  EXPECT_EQ(linkform({"apply", "--auto-approve"}, config).exit_code, 0);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 3U);
}

TEST_F(EngineE2E, ApplyRefusesToRunUnattendedWithoutAutoApprove) {
  create_consumer();
  const auto apply = linkform({"apply"});
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("--auto-approve"), std::string::npos);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

TEST_F(EngineE2E, WrongFronteggCredentialsFailWithTheTraceId) {
  env_["FRONTEGG_SECRET"] = "not-the-secret";
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_NE(plan.err.find("POST /auth/vendor: 401"), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("trace id"), std::string::npos) << plan.err;
  secrets_.push_back("not-the-secret");
}

const auto* const kLeakReport = ::testing::AddGlobalTestEnvironment(new LeakReport);

}  // namespace
}  // namespace linkform::testing
