// Issue 11: linkform against the vendors as they are today, end to end: Bitbucket's 2026 token reply (and
// the one before), plans that go on when one read fails, verification after apply, account credentials
// with frontegg-environment-id, the template found by name, and linkform discover.

#include <gmock/gmock.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kConnectors = "/app-integrations/resources/custom-integrations/v1";

// Bitbucket today: "scope", no refresh token.
class TodaysTokenE2E : public E2E {};
// An older or proxied deployment: "scopes" and a refresh token.
class Pre2026TokenE2E : public E2E {
 protected:
  Pre2026TokenE2E() : E2E({"--bitbucket-pre-2026-token-reply"}) {}
};

void expect_plan_apply_plan_converges(E2E& test,
                                      const std::function<Completed(std::vector<std::string>)>& run) {
  const auto first = run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(first.exit_code, 2) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr("granted: account repository pullrequest\n"));
  const auto apply = run({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  const auto again = run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("No changes."));
  (void)test;
}

TEST_F(TodaysTokenE2E, PlanApplyPlanEndsWithNoChanges) {
  create_consumer();
  expect_plan_apply_plan_converges(*this, [&](std::vector<std::string> a) { return linkform(std::move(a)); });
}

TEST_F(Pre2026TokenE2E, PlanApplyPlanEndsWithNoChanges) {
  create_consumer();
  expect_plan_apply_plan_converges(*this, [&](std::vector<std::string> a) { return linkform(std::move(a)); });
}

// Without either field the x-oauth-scopes header stands in (bitbucket_today_e2e_test.cpp); without the
// header too, the plan says what came back and asks no checkbox.
TEST_F(TodaysTokenE2E, ATokenReplyWithoutScopeOrScopesAndNoHeaderIsSaidAsItCame) {
  create_consumer();
  emulator_.add_fault(
      R"({"kind":"omit_field","field":"scope","path":"/site/oauth2/access_token","count":100})");
  emulator_.add_fault(R"({"kind":"status","status":404,"path":"/2.0/workspaces/*","count":100})");
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out,
              HasSubstr("granted: unknown (the token reply has neither \"scope\" nor \"scopes\", and "
                        "the workspace reply no x-oauth-scopes)"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick")));
}

// Two consumers; the token call of one fails every time. The other and its connector are still planned.
TEST_F(TodaysTokenE2E, OneConsumerFailingDoesNotHideTheRest) {
  create_consumer();
  const CreatedConsumer broken = create_consumer("OTHER_CONSUMER");
  emulator_.add_fault(R"({"kind":"status","status":503,"path":"/site/oauth2/access_token","count":1000,)"
                      R"("consumer_key":")" +
                      broken.key + R"("})");
  const std::string config = write_config("two_consumers.toml", R"(
[bitbucket]
workspace = "acme"

[frontegg]
client_id = { env = "FRONTEGG_CLIENT_ID" }
secret = { env = "FRONTEGG_SECRET" }

[consumers.mcp]
name = "Frontegg Integration"
callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback"
permissions = ["account", "repository", "pullrequest", "issue"]
key = { env = "BITBUCKET_MCP_KEY" }
secret = { env = "BITBUCKET_MCP_SECRET" }

[consumers.other]
name = "Frontegg Integration"
callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback"
permissions = ["account", "repository", "pullrequest", "issue"]
key = { env = "OTHER_CONSUMER_KEY" }
secret = { env = "OTHER_CONSUMER_SECRET" }

[connectors.bitbucket]
app = "Agen for Work"
consumer = "mcp"

[connectors.second]
app = "Agen for Work"
consumer = "other"
)");
  const auto plan = linkform({"plan"}, config);
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("+ frontegg_connector.bitbucket will be created"));
  EXPECT_THAT(plan.out,
              HasSubstr("… frontegg_connector.second cannot be planned: bitbucket_consumer.other could "
                        "not be read"));
  EXPECT_THAT(plan.out, HasSubstr("bitbucket_consumer.mcp: private consumer"));
  const std::string failed = "bitbucket_consumer.other: POST /site/oauth2/access_token: 503";
  ASSERT_THAT(plan.err, HasSubstr(failed));
  EXPECT_EQ(plan.err.find(failed), plan.err.rfind(failed)) << "named more than once:\n" << plan.err;

  emulator_.clear_requests();
  const auto apply = linkform({"apply", "--auto-approve"}, config);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_THAT(apply.err, HasSubstr("nothing was applied"));
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(TodaysTokenE2E, AFieldFronteggDropsFailsTheApplyAndScopesFieldNoneConverges) {
  create_consumer();
  emulator_.add_fault(R"({"kind":"ignore_field","field":"configuration.scopes","path":")" +
                      std::string(kConnectors) + R"(*","count":1000})");
  const auto apply = linkform({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_THAT(apply.err,
              HasSubstr("Frontegg produced an inconsistent result after apply: scopes was sent as"));
  EXPECT_THAT(apply.err, HasSubstr("but reads back as []"));
  EXPECT_THAT(apply.err, HasSubstr("scopes_field = \"none\""));

  std::ifstream in(quickstart());
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  config.replace(config.find("[frontegg]\n"), 11, "[frontegg]\nscopes_field = \"none\"\n");
  const std::string path = write_config("no_scopes.toml", config);
  const auto fixed = linkform({"apply", "--auto-approve"}, path);
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  const auto plan = linkform({"plan", "--detailed-exitcode"}, path);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("No changes."));
}

// One account credential pair for two environments, each named by its environment_id.
TEST_F(TodaysTokenE2E, AccountCredentialsActOnTheEnvironmentTheirHeaderNames) {
  create_consumer();
  env_["FRONTEGG_ACCOUNT_ID"] = "account-client-id";
  env_["FRONTEGG_ACCOUNT_SECRET"] = "account-secret";
  secrets_.push_back("account-secret");
  const std::string config = write_config("account.toml", R"(
[bitbucket]
workspace = "acme"

[frontegg.environments.dev]
base_url = ")" + emulator_.url() + R"("
client_id = { env = "FRONTEGG_ACCOUNT_ID" }
secret = { env = "FRONTEGG_ACCOUNT_SECRET" }
environment_id = "dev-client-id"

[frontegg.environments.prod]
base_url = ")" + emulator_.url() + R"("
client_id = { env = "FRONTEGG_ACCOUNT_ID" }
secret = { env = "FRONTEGG_ACCOUNT_SECRET" }
environment_id = "prod-client-id"

[consumers.mcp]
name = "Frontegg Integration"
callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback"
permissions = ["account", "repository", "pullrequest", "issue"]
key = { env = "BITBUCKET_MCP_KEY" }
secret = { env = "BITBUCKET_MCP_SECRET" }

[connectors.bitbucket]
environment = "prod"
app = "Agen for Work"
consumer = "mcp"
)");
  emulator_.clear_requests();
  const auto apply = linkform({"apply", "--auto-approve"}, config);
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
  EXPECT_EQ(emulator_.connectors("dev").Size(), 0U);
  int auths = 0;
  int frontegg_calls = 0;
  const rapidjson::Document log = emulator_.request_log();
  for (const auto& r : log.GetArray()) {
    const std::string path = r["path"].GetString();
    if (path.starts_with("/site/") || path.starts_with("/2.0/")) continue;
    if (path == "/auth/vendor") {
      ++auths;
      continue;
    }
    ++frontegg_calls;
    ASSERT_TRUE(r.HasMember("environment_id")) << r["method"].GetString() << " " << path;
    EXPECT_STREQ(r["environment_id"].GetString(), "prod-client-id") << path;
  }
  EXPECT_EQ(auths, 1) << "one credential pair is authenticated once";
  EXPECT_GT(frontegg_calls, 2);
  const auto plan = linkform({"plan", "--detailed-exitcode"}, config);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
}

// The emulator's state with the Bitbucket template of environment prod replaced by `templates`.
std::string seed_with_templates(EmulatorProcess& emulator, const std::string& templates) {
  auto state = emulator.call("GET", "/_emulator/state");
  rapidjson::Document doc;
  doc.Parse(state->body.c_str());
  rapidjson::Document replacement(&doc.GetAllocator());
  replacement.Parse(templates.c_str());
  for (auto& env : doc["frontegg"]["environments"].GetArray()) {
    if (std::string(env["name"].GetString()) == "prod")
      env["templates"].CopyFrom(replacement, doc.GetAllocator());
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  doc.Accept(w);
  return buffer.GetString();
}

std::string bitbucket_like_template(const std::string& id, const std::string& integration_id,
                                    const std::string& name) {
  return R"({"id":")" + id + R"(","integrationId":")" + integration_id + R"(","name":")" + name +
         R"(","config":{"oauth":{}},"apis":{"repositories":{"list":{"id":"bitbucket_repositories_list","name":"List"}}}})";
}

TEST_F(TodaysTokenE2E, ATemplateNamedBitbucketIsFoundAndThePlanSaysSo) {
  create_consumer();
  const std::string seed = seed_with_templates(
      emulator_,
      "[" + bitbucket_like_template("11111111-2222-3333-4444-555555555555", "bitbucket-cloud", "Bitbucket") +
          "]");
  ASSERT_EQ(emulator_.call("POST", "/_emulator/seed", seed)->status, 200);  // the consumer is in it
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_THAT(unwrapped(plan.out),
              HasSubstr("Warning: environment \"default\" has no integration template \"bitbucket\"; "
                        "using the one that looks like Bitbucket's (id "
                        "\"11111111-2222-3333-4444-555555555555\", integrationId \"bitbucket-cloud\", "
                        "name \"Bitbucket\")"));
  EXPECT_THAT(plan.out, HasSubstr("+ frontegg_connector.bitbucket will be created"));
}

TEST_F(TodaysTokenE2E, TwoTemplateCandidatesGiveTheListing) {
  create_consumer();
  const std::string seed = seed_with_templates(
      emulator_, "[" + bitbucket_like_template("t-1", "bitbucket-cloud", "Bitbucket Cloud") + "," +
                     bitbucket_like_template("t-2", "bitbucket-server", "Bitbucket") + "]");
  ASSERT_EQ(emulator_.call("POST", "/_emulator/seed", seed)->status, 200);
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err,
              HasSubstr("has no integration template \"bitbucket\" and 2 that look like Bitbucket's"));
  EXPECT_THAT(plan.err, HasSubstr("id \"t-1\", integrationId \"bitbucket-cloud\", name \"Bitbucket Cloud\""));
  EXPECT_THAT(plan.err, HasSubstr("id \"t-2\", integrationId \"bitbucket-server\", name \"Bitbucket\""));
}

// A connector's own workspace is checked live with its consumer's token, like [bitbucket] workspace.
TEST_F(TodaysTokenE2E, AConnectorsOwnWorkspaceIsCheckedLive) {
  create_consumer();
  std::ifstream in(quickstart());
  std::stringstream text;
  text << in.rdbuf();
  const std::string path = write_config("other_workspace.toml", text.str() + "workspace = \"elsewhere\"\n");
  emulator_.clear_requests();
  const auto plan = linkform({"plan"}, path);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_THAT(unwrapped(plan.out),
              HasSubstr("Warning: frontegg_connector.bitbucket uses workspace \"elsewhere\", which "
                        "bitbucket_consumer.mcp cannot reach (GET /2.0/workspaces/elsewhere: 404"));
  const auto requests = emulator_.requests();
  EXPECT_EQ(std::ranges::count(requests, std::string("GET /2.0/workspaces/elsewhere")), 1);
}

TEST_F(TodaysTokenE2E, DiscoverShowsAppsTemplateAndStoredKeysWithoutSecrets) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  const auto text = linkform({"discover"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  expect_golden("discover.txt", text.out);
  const auto json = linkform({"discover", "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  expect_golden("discover.json", json.out);
}

}  // namespace
}  // namespace linkform::testing
