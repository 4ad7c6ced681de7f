// Issue 21: Bitbucket as it is since 2026-08-20 (Issues and Wikis removed), token errors with the
// person's fix, the x-oauth-scopes header as a second witness, the gateway at plan, and rotation through
// a retired consumer, end to end against the emulator.

#include <gmock/gmock.h>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kWithIssue = R"(["account","repository","pullrequest","issue"])";
constexpr const char* kTokenPath = "/site/oauth2/access_token";

// examples/quickstart.toml with one piece of text replaced.
std::string quickstart_with(const std::string& from, const std::string& to) {
  std::ifstream in(E2E::quickstart_path());
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  if (!from.empty()) config.replace(config.find(from), from.size(), to);
  return config;
}

// The quickstart, declaring `issue` as the seed's page recommends.
std::string with_issue() {
  return quickstart_with(R"(permissions = ["account", "repository", "pullrequest"])",
                         R"(permissions = ["account", "repository", "pullrequest", "issue"])");
}

class BitbucketTodayE2E : public E2E {
 protected:
  std::string config_with_issue() { return write_config("with_issue/linkform.toml", with_issue()); }

  void set_token_scope(const std::string& value) {
    emulator_.add_fault(R"({"kind":"set_field","path":")" + std::string(kTokenPath) +
                        R"(","field":"scope","value":")" + value + R"(","count":100})");
  }
};

// Bitbucket before 2026-08-20: the token reply still lists issue.
class PreSunsetE2E : public E2E {
 protected:
  PreSunsetE2E() : E2E({"--bitbucket-before-issues-sunset"}) {}
};

void expect_converges_without_issues_checkbox(
    E2E& test, const std::string& config,
    const std::function<Completed(std::vector<std::string>, const std::string&)>& run) {
  const auto validate = run({"validate"}, config);
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_THAT(validate.err,
              HasSubstr("permission \"issue\" grants nothing since Bitbucket removed Issues and "
                        "Wikis, including their API endpoints, on 2026-08-20"));
  const auto plan = run({"plan", "--detailed-exitcode"}, config);
  EXPECT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("+ scopes        = [\"account\", \"repository\", \"pullrequest\"]"));
  EXPECT_THAT(plan.out, HasSubstr("not enabled by default: bitbucket_issues_list"));
  const auto apply = run({"apply", "--auto-approve"}, config);
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  const auto again = run({"plan", "--detailed-exitcode"}, config);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("No changes."));
  for (const auto* c : {&validate, &plan, &apply, &again}) {
    EXPECT_THAT(c->out + c->err, Not(HasSubstr("Issues: Read")));
    EXPECT_THAT(c->out + c->err, Not(HasSubstr("Issues: Write")));
  }
  (void)test;
}

TEST_F(BitbucketTodayE2E, AConsumerMadeWithIssueConvergesAndNoCheckboxIsAskedFor) {
  create_consumer("BITBUCKET_MCP", kWithIssue);
  const std::string config = config_with_issue();
  // Today's token reply leaves the retired scope out.
  const auto plan = linkform({"plan"}, config);
  EXPECT_THAT(plan.out, HasSubstr("granted: account repository pullrequest\n"));
  expect_converges_without_issues_checkbox(
      *this, config,
      [&](std::vector<std::string> a, const std::string& c) { return linkform(std::move(a), c); });
}

TEST_F(PreSunsetE2E, AConsumerMadeWithIssueConvergesAndNoCheckboxIsAskedFor) {
  create_consumer("BITBUCKET_MCP", kWithIssue);
  const std::string config = write_config("presunset/linkform.toml", with_issue());
  const auto plan = linkform({"plan"}, config);
  EXPECT_THAT(plan.out, HasSubstr("granted: account repository pullrequest issue\n"));
  expect_converges_without_issues_checkbox(
      *this, config,
      [&](std::vector<std::string> a, const std::string& c) { return linkform(std::move(a), c); });
}

TEST_F(BitbucketTodayE2E, AConsumerWithoutIssueAndAConfigWithItAgree) {
  // Declared but not granted is no checkbox step (granted but not declared: PreSunsetE2E below).
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  const auto plan = linkform({"plan"}, config_with_issue());
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, Not(HasSubstr("bitbucket_consumer.mcp permissions differ")));
  EXPECT_THAT(plan.out, Not(HasSubstr("Issues: Read")));
}

TEST_F(PreSunsetE2E, AConsumerWithIssueAndAConfigWithoutItAgree) {
  create_consumer("BITBUCKET_MCP", kWithIssue);
  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("granted: account repository pullrequest issue\n"));
  EXPECT_THAT(plan.out, Not(HasSubstr("bitbucket_consumer.mcp permissions differ")));
  EXPECT_THAT(plan.out, Not(HasSubstr("Untick")));
}

TEST_F(BitbucketTodayE2E, AnIssuesApiListedOnPurposeIsSentWithAWarning) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  const std::string config = write_config(
      "explicit_apis/linkform.toml",
      quickstart_with("", "") + "apis = [\"bitbucket_repositories_list\", \"bitbucket_issues_list\"]\n");
  const auto plan = linkform({"plan"}, config);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(unwrapped(plan.out),
              HasSubstr("Warning: frontegg_connector.bitbucket enables API \"bitbucket_issues_list\", "
                        "which cannot work: it needs \"issue\", which Bitbucket retired"));
  EXPECT_THAT(plan.out,
              HasSubstr("+ apis          = [\"bitbucket_repositories_list\", \"bitbucket_issues_list\"]"));
}

// --- token errors --------------------------------------------------------------------------------------

TEST_F(BitbucketTodayE2E, APublicConsumerIsToldToTickPrivateAndThatFronteggsGuideOmitsIt) {
  CreatedConsumer c = emulator_.create_consumer(R"(["account","repository","pullrequest"])", false);
  env_["BITBUCKET_MCP_KEY"] = c.key;
  env_["BITBUCKET_MCP_SECRET"] = c.secret;
  secrets_.push_back(c.secret);
  keys_.push_back(c.key);
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("! bitbucket_consumer.mcp is public; the configuration says private"));
  EXPECT_THAT(plan.out, HasSubstr("Frontegg's Bitbucket guide does not mention this box"));
  EXPECT_THAT(plan.out, HasSubstr("Tick \"This is a private consumer\". Save."));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick \"Account")));
}

TEST_F(BitbucketTodayE2E, AConsumerWithoutCallbackIsGivenTheExactValue) {
  const CreatedConsumer c = create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  auto r = emulator_.call("PATCH", "/_emulator/bitbucket/consumers/" + c.key, R"({"callback_url":""})");
  ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no reply");
  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("! bitbucket_consumer.mcp has no callback URL"));
  EXPECT_THAT(plan.out, HasSubstr("Set it to exactly the value below"));
  EXPECT_THAT(plan.out, HasSubstr("Callback URL:  " + emulator_.url() + "/integration-callback\n"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick")));
}

TEST_F(BitbucketTodayE2E, BadCredentialsSayWrongOrDeleted) {
  const CreatedConsumer c = create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  env_["BITBUCKET_MCP_SECRET"] = "not-the-secret";
  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("! bitbucket_consumer.mcp key or secret is rejected by Bitbucket"));
  EXPECT_THAT(plan.out, HasSubstr("the key or secret is wrong, or the consumer was deleted"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick \"Account")));
  (void)c;
}

TEST_F(BitbucketTodayE2E, AnEmptyScopeListIsSaidAsItCameWithoutCheckboxSteps) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  set_token_scope("");
  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out,
              HasSubstr("! bitbucket_consumer.mcp its permissions cannot be read from Bitbucket's reply"));
  EXPECT_THAT(plan.out, HasSubstr("the token reply's \"scope\" is \"\": it is empty"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick")));
  EXPECT_THAT(plan.out, Not(HasSubstr("Untick")));
}

TEST_F(BitbucketTodayE2E, GranularOrCommaSeparatedNamesAreSaidAsTheyCameWithoutCheckboxSteps) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  set_token_scope("read:repository:bitbucket read:pullrequest:bitbucket");
  auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("granular scope (\"read:repository:bitbucket\")"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick")));
  EXPECT_THAT(plan.out, Not(HasSubstr("Untick")));
  emulator_.call("DELETE", "/_emulator/faults");
  set_token_scope("account,repository,pullrequest");
  plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("is comma-separated"));
  EXPECT_THAT(plan.out, Not(HasSubstr("Tick")));
}

// --- the second witness --------------------------------------------------------------------------------

TEST_F(BitbucketTodayE2E, HeaderAndTokenReplyDisagreeingIsAWarningNamingBoth) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  set_token_scope("account repository");
  const auto plan = linkform({"plan"});
  EXPECT_THAT(unwrapped(plan.out),
              HasSubstr("Warning: bitbucket_consumer.mcp: Bitbucket's two witnesses of the granted "
                        "permissions disagree: the token reply's \"scope\" is \"account repository\", "
                        "x-oauth-scopes of the workspace reply is \"account, repository, pullrequest\""));
}

TEST_F(BitbucketTodayE2E, ATokenReplyWithoutScopeUsesTheHeaderAndSaysSo) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  emulator_.add_fault(
      R"({"kind":"omit_field","field":"scope","path":"/site/oauth2/access_token","count":100})");
  const auto plan = linkform({"plan", "--detailed-exitcode"});
  EXPECT_THAT(plan.out,
              HasSubstr("granted: account repository pullrequest (read from x-oauth-scopes: the token "
                        "reply has no \"scope\" field)"));
  EXPECT_THAT(plan.out, Not(HasSubstr("bitbucket_consumer.mcp permissions differ")));
}

// --- the gateway ---------------------------------------------------------------------------------------

int gateway_reads(E2E& test, EmulatorProcess& emulator) {
  int n = 0;
  for (const auto& r : emulator.requests()) n += r.starts_with("GET /.well-known/") ? 1 : 0;
  (void)test;
  return n;
}

TEST_F(BitbucketTodayE2E, AGatewayThatAnswersGivesNoWarning) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  const auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.err, Not(HasSubstr("gateway")));
  EXPECT_EQ(gateway_reads(*this, emulator_), 1);
}

TEST_F(BitbucketTodayE2E, AGatewayAnswering404OrNotJsonIsAWarningNamingIt) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  emulator_.add_fault(R"({"kind":"status","status":404,"path":"/.well-known/*","count":2})");
  auto plan = linkform({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(unwrapped(plan.out),
              HasSubstr("Warning: gateway of [frontegg]: no MCP gateway answers at " + emulator_.url() +
                        " (GET /.well-known/oauth-protected-resource: 404 Not Found; GET "
                        "/.well-known/oauth-authorization-server: 404 Not Found)"));
  EXPECT_THAT(plan.out, HasSubstr("Plan:"));
  emulator_.add_fault(
      R"({"kind":"set_field","path":"/.well-known/*","field":"resource","value":"","count":1})");
  emulator_.add_fault(R"({"kind":"status","status":200,"path":"/.well-known/oauth-authorization-server"})");
  plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("no MCP gateway answers at " + emulator_.url()));
  EXPECT_THAT(plan.out, HasSubstr("200 with a JSON object without \"resource\""));
}

TEST_F(BitbucketTodayE2E, ANonFronteggGatewayHostIsRefusedAndNothingIsSent) {
  create_consumer("BITBUCKET_MCP", R"(["account","repository","pullrequest"])");
  const std::string config =
      quickstart_with("gateway = \"http://127.0.0.1:8480\"", "gateway = \"https://gateway.example.com\"");
  env_["FRONTEGG_GATEWAY"] = "";  // what the pull request wrote, not the emulator's
  emulator_.clear_requests();
  const auto plan = linkform({"plan"}, write_config("foreign_gateway/linkform.toml", config));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_THAT(plan.err,
              HasSubstr("error: gateway of [frontegg]: host \"gateway.example.com\" is not a Frontegg MCP "
                        "gateway's (*.mcp-gw.frontegg.com) nor loopback"));
  EXPECT_TRUE(emulator_.requests().empty());
}

TEST_F(BitbucketTodayE2E, TheDerivedCallbackIsInTheCreationSteps) {
  const auto plan = linkform({"plan"});
  EXPECT_THAT(plan.out, HasSubstr("Callback URL:  " + emulator_.url() + "/integration-callback\n"));
}

}  // namespace
}  // namespace linkform::testing
