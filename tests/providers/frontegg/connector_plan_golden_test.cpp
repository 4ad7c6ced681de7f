// plan_connector for each way a connector can stand against its environment, built from state
// literals and rendered as `linkform plan` shows it (tests/golden/planner/connector_*.txt;
// regenerate on purpose with LINKFORM_UPDATE_GOLDEN=1 and review the diff). Each write also carries
// the exact request body apply sends.

#include <gtest/gtest.h>

#include <functional>

#include "providers/bitbucket/connector_kind.h"
#include "providers/frontegg/connector_plan.h"
#include "providers/frontegg/fingerprint.h"
#include "tests/support/golden.h"
#include "tests/support/plan_text.h"

namespace linkform::frontegg {
namespace {

struct World {
  Connector connector;
  FronteggEnvironment environment;
  EnvironmentState state;
  ConnectorCredentials creds;

  World() {
    connector.id = "bitbucket";
    connector.slug = "bitbucket";
    connector.environment = "prod";
    connector.app = "Agen for Work";
    connector.kind = &bitbucket::connector_kind();
    connector.name = connector.kind->default_name;
    connector.client = "mcp";
    connector.target = "acme";
    connector.description = "Bitbucket for the MCP gateway";
    environment.name = "prod";
    state.applications = {{"app-1", "Agen for Work"}};
    state.templates = {{"tmpl-1", "bitbucket", "Bitbucket", {"repositories", "pull-requests"}, {}}};
    state.fingerprint_key = fingerprint_key(Secret("frontegg-secret-for-golden-tests"));
    creds.client = {"bitbucket_consumer", "mcp", ""};
    creds.usable = true;
    creds.client_id = Secret("Kq8wVbN3pLr2XyZ7aB", Secret::Shown{});
    creds.client_secret = Secret("consumer-secret-for-golden-tests");
    creds.scopes = {"account", "repository", "pullrequest"};
  }

  // The connector exactly as linkform last wrote it for this configuration.
  [[nodiscard]] RemoteConnector as_written() const {
    RemoteConnector r;
    r.id = "3f1c0d2e";
    r.app_id = "app-1";
    r.integration_template_id = "bitbucket";
    r.slug = "bitbucket";
    r.name = "Bitbucket";
    r.is_active = true;
    r.enabled_apis = {{"repositories", true}, {"pull-requests", true}};
    ConnectorSettings s;
    s.client_id = creds.client_id.reveal();
    s.custom_configuration = {{"workspace", "acme"}};
    s.scopes = creds.scopes;
    r.configuration = s;
    const std::string identity =
        connector_identity("app-1", state.templates[0], "bitbucket", creds.client_id.reveal());
    r.description = compose_description(connector.description,
                                        make_marker(state.fingerprint_key, creds.client_secret, identity));
    return r;
  }
};

struct Case {
  const char* name;
  std::function<void(World&)> arrange;
  Action expected;
};

std::vector<Case> cases() {
  return {
      {"connector_new", [](World&) {}, Action::kCreate},
      {"connector_as_written", [](World& w) { w.state.connectors_by_app["app-1"] = {w.as_written()}; },
       Action::kNoop},
      {"connector_drifted",
       [](World& w) {
         RemoteConnector r = w.as_written();
         r.name = "Bitbucket (renamed in the portal)";
         r.is_active = false;
         r.configuration->scopes = {"account"};
         r.enabled_apis["pull-requests"] = false;
         w.connector.custom_configuration = {{"team", "platform"}};
         w.state.connectors_by_app["app-1"] = {r};
       },
       Action::kUpdate},
      {"connector_secret_rotated",
       [](World& w) {
         w.state.connectors_by_app["app-1"] = {w.as_written()};
         w.creds.client_secret = Secret("a-rotated-consumer-secret");
       },
       Action::kUpdate},
      {"connector_repointed",
       [](World& w) {
         RemoteConnector r = w.as_written();
         r.configuration->client_id = "someone-elses-key";
         w.state.connectors_by_app["app-1"] = {r};
       },
       Action::kUpdate},
      {"connector_absent",
       [](World& w) {
         w.connector.ensure = Ensure::kAbsent;
         w.state.connectors_by_app["app-1"] = {w.as_written()};
       },
       Action::kDelete},
      {"connector_absent_already", [](World& w) { w.connector.ensure = Ensure::kAbsent; }, Action::kNoop},
      {"connector_waits_for_consumer", [](World& w) { w.creds.usable = false; }, Action::kBlocked},
      {"connector_consumer_unreadable",
       [](World& w) {
         w.creds.usable = false;
         w.creds.blocked_reason = "bitbucket_consumer.mcp could not be read (see the errors)";
         w.state.connectors_by_app["app-1"] = {w.as_written()};
       },
       Action::kBlocked},
      {"connector_scopes_not_sent",
       [](World& w) {
         w.environment.scopes_field = "none";
         RemoteConnector r = w.as_written();
         r.configuration->scopes.clear();
         w.state.connectors_by_app["app-1"] = {r};
       },
       Action::kNoop},
  };
}

class ConnectorPlanGolden : public ::testing::TestWithParam<Case> {};

TEST_P(ConnectorPlanGolden, RendersAsReviewed) {
  World w;
  GetParam().arrange(w);
  auto planned = plan_connector(w.connector, w.environment, w.state,
                                w.connector.ensure == Ensure::kPresent ? &w.creds : nullptr);
  ASSERT_TRUE(planned) << planned.error().message;
  const ResourceChange& change = planned->change;
  EXPECT_EQ(change.action, GetParam().expected);
  EXPECT_EQ(change.address, (Address{"frontegg_connector", "bitbucket", "prod"}));
  const auto* write = dynamic_cast<const ConnectorWrite*>(change.payload.get());
  EXPECT_EQ(write != nullptr, is_write(change.action)) << "a write, and only a write, carries its request";
  if (change.action == Action::kCreate) {
    ASSERT_TRUE(write->create);
    EXPECT_EQ(write->create->client_secret.reveal(), w.creds.client_secret.reveal());
  }
  if (change.action == Action::kUpdate) {
    ASSERT_TRUE(write->update);
  }
  const std::string text = testing::plan_text(change);
  EXPECT_EQ(text.find(w.creds.client_secret.reveal()), std::string::npos);
  testing::expect_golden(std::string("planner/") + GetParam().name + ".txt", text);
}

INSTANTIATE_TEST_SUITE_P(States, ConnectorPlanGolden, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace linkform::frontegg
