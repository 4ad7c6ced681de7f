// plan_consumer (providers/bitbucket/consumer_plan.cpp) from observation literals, no sockets: what a
// person is asked to do for each thing Bitbucket can say about a consumer.

#include "providers/bitbucket/consumer_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace linkform::bitbucket {
namespace {

using Status = ConsumerObservation::Status;

struct Fixture {
  Consumer consumer;
  BitbucketSettings settings;

  Fixture() {
    consumer.id = "mcp";
    consumer.name = "Frontegg Integration";
    consumer.callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback";
    for (const char* p : {"account", "repository", "pullrequest", "issue"})
      consumer.permissions.push_back({p, {}});
    consumer.key = CredentialSource{CredentialSource::Kind::kEnv, "BITBUCKET_MCP_KEY", {}};
    consumer.secret = CredentialSource{CredentialSource::Kind::kEnv, "BITBUCKET_MCP_SECRET", {}};
    settings.workspace = "acme";
    settings.connector_system = "Frontegg";
  }

  static ConsumerObservation valid(std::vector<std::string> granted) {
    ConsumerObservation o;
    o.status = Status::kValid;
    o.granted = std::move(granted);
    return o;
  }
};

bool any_step_contains(const ResourceChange& c, const std::string& text) {
  return std::ranges::any_of(c.steps,
                             [&](const std::string& s) { return s.find(text) != std::string::npos; });
}

TEST(PlanConsumer, AConsumerAsDeclaredIsANoop) {
  Fixture f;
  const auto change = plan_consumer(f.consumer, f.settings,
                                    Fixture::valid({"account", "repository", "pullrequest", "issue"}));
  EXPECT_EQ(change.action, Action::kNoop);
  EXPECT_EQ(change.address.str(), "bitbucket_consumer.mcp");
}

TEST(PlanConsumer, ImpliedPermissionsCountAsGranted) {
  Fixture f;
  // pullrequest implies repository: granting it without repository listed is the same set.
  const auto change =
      plan_consumer(f.consumer, f.settings, Fixture::valid({"account", "pullrequest", "issue"}));
  EXPECT_EQ(change.action, Action::kNoop);
}

TEST(PlanConsumer, AMissingPermissionIsAManualTickWithTheFormsCheckboxName) {
  Fixture f;
  const auto change = plan_consumer(f.consumer, f.settings, Fixture::valid({"account", "repository"}));
  ASSERT_EQ(change.action, Action::kManual);
  EXPECT_EQ(change.headline, "permissions differ from the configuration");
  EXPECT_TRUE(any_step_contains(change, "Tick \"Pull requests: Read\".")) << change.steps.front();
  EXPECT_TRUE(any_step_contains(change, "https://bitbucket.org/acme/workspace/settings/oauth-consumers"));
}

// Issues and Wikis are gone since 2026-08-20: a retired scope is satisfied whether granted or not.
TEST(PlanConsumer, ARetiredScopeIsNeverACheckboxEitherWay) {
  Fixture f;  // declares issue
  auto change =
      plan_consumer(f.consumer, f.settings, Fixture::valid({"account", "repository", "pullrequest"}));
  EXPECT_EQ(change.action, Action::kNoop);
  f.consumer.permissions.pop_back();  // declares no issue; the consumer still has issue and wiki
  change = plan_consumer(f.consumer, f.settings,
                         Fixture::valid({"account", "repository", "pullrequest", "issue:write", "wiki"}));
  EXPECT_EQ(change.action, Action::kNoop);
}

TEST(PlanConsumer, AnUnreadableScopeListIsSaidWithoutCheckboxSteps) {
  Fixture f;
  ConsumerObservation o = Fixture::valid({});
  o.scopes_unreadable = "the token reply's \"scope\" is \"\": it is empty";
  const auto change = plan_consumer(f.consumer, f.settings, o);
  ASSERT_EQ(change.action, Action::kManual);
  EXPECT_EQ(change.headline, "its permissions cannot be read from Bitbucket's reply");
  EXPECT_FALSE(any_step_contains(change, "Tick"));
  EXPECT_TRUE(any_step_contains(change, "check that its permissions are: Account: Read"));
}

TEST(PlanConsumer, ARetiredConsumerThatStillWorksIsToBeDeletedAndARevokedOneIsANoop) {
  Fixture f;
  f.consumer.retired = true;
  auto change = plan_consumer(f.consumer, f.settings, Fixture::valid({"account"}));
  ASSERT_EQ(change.action, Action::kManual);
  EXPECT_EQ(change.headline, "is retired, but its key and secret still work");
  EXPECT_TRUE(any_step_contains(change, "find \"Frontegg Integration\""));
  EXPECT_TRUE(any_step_contains(change, "delete it"));
  ConsumerObservation revoked;
  revoked.status = Status::kBadCredentials;
  revoked.retired = true;
  EXPECT_EQ(plan_consumer(f.consumer, f.settings, revoked).action, Action::kNoop);
  EXPECT_EQ(describe_observation(revoked), "retired and revoked: Bitbucket rejects its key and secret");
  ConsumerObservation unset;
  unset.retired = true;
  unset.not_set_reason = "key not set (BITBUCKET_MCP_KEY is not set)";
  EXPECT_EQ(plan_consumer(f.consumer, f.settings, unset).action, Action::kNoop);
}

TEST(PlanConsumer, AConsumerThatDoesNotExistYetGetsTheWholeCreationForm) {
  Fixture f;
  ConsumerObservation o;
  o.status = Status::kNotSet;
  o.not_set_reason = "key not set (BITBUCKET_MCP_KEY is not set)";
  const auto change = plan_consumer(f.consumer, f.settings, o);
  ASSERT_EQ(change.action, Action::kManual);
  EXPECT_EQ(change.headline, "must be created by a person");
  EXPECT_TRUE(any_step_contains(change, "Frontegg Integration"));
  EXPECT_TRUE(any_step_contains(change, "BITBUCKET_MCP_SECRET"));
}

TEST(PlanConsumer, AnUnreachableWorkspaceIsAManualCheck) {
  Fixture f;
  auto o = Fixture::valid({"account", "repository", "pullrequest", "issue"});
  o.workspace_problem = "GET /2.0/workspaces/acme: 404 Not Found";
  const auto change = plan_consumer(f.consumer, f.settings, o);
  ASSERT_EQ(change.action, Action::kManual);
  EXPECT_EQ(change.headline, "cannot reach workspace \"acme\"");
}

}  // namespace
}  // namespace linkform::bitbucket
