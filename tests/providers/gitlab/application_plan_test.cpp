// plan_application (providers/gitlab/application_plan.h): identity without state, and what each difference
// plans, as a pure function of the declared application, the group's applications and the client ids its
// connectors hold.

#include "providers/gitlab/application_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace linkform::gitlab {
namespace {

constexpr const char* kCallback = "https://acme.mcp-gw.frontegg.com/integration-callback";

Application declared() {
  Application a;
  a.id = "mcp";
  a.name = "Frontegg Integration";
  a.redirect_uri = kCallback;
  a.scopes = {{"read_api", {}}, {"read_user", {}}};
  return a;
}

RemoteApplication live(long long id, std::string client_id, std::string name = "Frontegg Integration",
                       std::string callback = kCallback) {
  RemoteApplication r;
  r.id = id;
  r.application_id = std::move(client_id);
  r.name = std::move(name);
  r.callback_url = std::move(callback);
  r.scopes = {"read_api", "read_user"};
  return r;
}

ApplicationPlan plan(const std::vector<RemoteApplication>& group, const std::set<std::string>& held = {},
                     const std::vector<std::string>& replace = {}, const Application& a = declared()) {
  return plan_application(a, group, held, replace, std::make_shared<PendingClient>());
}

const ApplicationWrite& write_of(const ApplicationPlan& p) {
  return dynamic_cast<const ApplicationWrite&>(*p.change.payload);
}

TEST(GitlabPlan, NoneInTheGroupIsCreatedAndItsIdAndSecretAreKnownAfterApply) {
  const auto p = plan({live(7, "someone-else", "Another app")});
  EXPECT_EQ(p.change.action, Action::kCreate);
  EXPECT_TRUE(p.exported.pending);
  EXPECT_TRUE(p.exported.usable);
  EXPECT_EQ(write_of(p).known_ids, std::vector<long long>{7});
  const auto id = std::ranges::find(p.change.attributes, "client_id", &AttributeChange::name);
  ASSERT_NE(id, p.change.attributes.end());
  EXPECT_EQ(id->after, Value::unknown());
}

TEST(GitlabPlan, TheOneItsConnectorsHoldIsItsOwnWhateverItsName) {
  const auto p = plan({live(3, "held", "Renamed in GitLab"), live(7, "other", "Another app")}, {"held"});
  EXPECT_EQ(p.change.action, Action::kUpdate);
  EXPECT_EQ(p.change.remote_id, "3");
  EXPECT_EQ(p.exported.client_id.reveal(), "held");
  EXPECT_FALSE(p.exported.secret_held);  // GitLab showed its secret only to the create
  EXPECT_EQ(write_of(p).id, 3);
}

TEST(GitlabPlan, WithoutConnectorsItIsTheOneWithItsNameAndRedirectUri) {
  const auto same = plan({live(3, "a")});
  EXPECT_EQ(same.change.action, Action::kNoop);
  EXPECT_EQ(same.exported.client_id.reveal(), "a");
  // The same name with another redirect URI, or the same redirect URI with another name, is someone else's.
  const auto others = plan(
      {live(3, "a", "Frontegg Integration", "https://elsewhere.example/cb"), live(4, "b", "Another app")});
  EXPECT_EQ(others.change.action, Action::kCreate);
}

TEST(GitlabPlan, ImmutableDriftReplacesAndSaysWhy) {
  auto a = declared();
  a.confidential = false;
  const auto p = plan({live(3, "a")}, {"a"}, {}, a);
  EXPECT_EQ(p.change.action, Action::kReplace);
  EXPECT_EQ(p.change.headline, "must be replaced");
  EXPECT_EQ(write_of(p).old_ids, std::vector<long long>{3});
  EXPECT_TRUE(std::ranges::any_of(p.change.notes, [](const std::string& n) {
    return n.find("cannot change whether an application is confidential") != std::string::npos;
  }));
}

TEST(GitlabPlan, AConnectorThatNeedsTheSecretHasItReplacedToObtainOne) {
  const auto p = plan({live(3, "a")}, {}, {"frontegg_connector.gitlab must be written with its secret"});
  EXPECT_EQ(p.change.action, Action::kReplace);
  EXPECT_EQ(p.change.headline, "must be replaced to obtain a secret");
  EXPECT_TRUE(p.exported.pending);
  const auto asked = plan({live(3, "a")}, {}, {"--replace asks for it"});
  EXPECT_EQ(asked.change.headline, "will be replaced, as --replace asks");
}

// What an interrupted apply leaves: the one the connectors hold and a newer one with its name. Both are
// replaced by one new one.
TEST(GitlabPlan, SeveralOfItsOwnAreReplacedByOne) {
  const auto p = plan({live(3, "held"), live(5, "lost-secret"), live(9, "foreign", "Another app")}, {"held"});
  EXPECT_EQ(p.change.action, Action::kReplace);
  auto old = write_of(p).old_ids;
  std::ranges::sort(old);
  EXPECT_EQ(old, (std::vector<long long>{3, 5}));  // never 9
}

TEST(GitlabPlan, AbsentDestroysOnlyItsOwn) {
  auto a = declared();
  a.ensure = Ensure::kAbsent;
  const auto p = plan({live(3, "a"), live(9, "foreign", "Another app")}, {}, {}, a);
  EXPECT_EQ(p.change.action, Action::kDelete);
  EXPECT_EQ(write_of(p).old_ids, std::vector<long long>{3});
  EXPECT_FALSE(p.exported.usable);
  EXPECT_EQ(plan({live(9, "foreign", "Another app")}, {}, {}, a).change.action, Action::kNoop);
}

TEST(GitlabPlan, ScopesAndNameAreUpdatedInPlace) {
  auto a = declared();
  a.name = "Frontegg MCP";
  a.scopes.push_back({"read_repository", {}});
  const auto p = plan({live(3, "a")}, {"a"}, {}, a);
  EXPECT_EQ(p.change.action, Action::kUpdate);
  ASSERT_EQ(p.change.attributes.size(), 2U);
  EXPECT_EQ(p.change.attributes[0].name, "name");
  EXPECT_EQ(p.change.attributes[1].name, "scopes");
  EXPECT_EQ(write_of(p).scopes.size(), 3U);
}

}  // namespace
}  // namespace linkform::gitlab
