// plan_connector (providers/frontegg/connector_plan.cpp) from state literals, no sockets.

#include "providers/frontegg/connector_plan.h"

#include <gtest/gtest.h>

#include "providers/bitbucket/connector_kind.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform::frontegg {
namespace {

struct Fixture {
  Connector connector;
  FronteggEnvironment environment;
  EnvironmentState state;
  ConnectorCredentials creds;

  Fixture() {
    connector.id = "bitbucket";
    connector.slug = "bitbucket";
    connector.environment = "prod";
    connector.app = "Agen for Work";
    connector.kind = &bitbucket::connector_kind();
    connector.name = connector.kind->default_name;
    connector.client = "mcp";
    connector.target = "acme";
    environment.name = "prod";
    state.applications = {{"app-1", "Agen for Work"}};
    state.templates = {{"tmpl-1", "bitbucket", "Bitbucket", {"bitbucket_repositories_list"}, {}}};
    state.fingerprint_key = fingerprint_key(Secret("frontegg-secret-for-tests"));
    creds.client = {"bitbucket_consumer", "mcp", ""};
    creds.usable = true;
    creds.client_id = Secret("consumer-key", Secret::Shown{});
    creds.client_secret = Secret("consumer-secret-for-tests");
    creds.scopes = {"account", "repository"};
  }

  RemoteConnector live(const std::string& id) const {
    RemoteConnector r;
    r.id = id;
    r.app_id = "app-1";
    r.integration_template_id = "bitbucket";
    r.slug = "bitbucket";
    r.name = "Bitbucket";
    r.is_active = true;
    r.configuration = ConnectorSettings{};
    return r;
  }
};

TEST(PlanConnector, TwoLiveConnectorsWithOneIdentityAreReportedWithBothIds) {
  Fixture f;
  f.state.connectors_by_app["app-1"] = {f.live("c-1"), f.live("c-2")};
  auto planned = plan_connector(f.connector, f.environment, f.state, &f.creds);
  ASSERT_FALSE(planned);
  EXPECT_NE(planned.error().message.find("2 Bitbucket connectors with slug \"bitbucket\" (ids c-1, c-2)"),
            std::string::npos)
      << planned.error().message;
}

TEST(PlanConnector, AConnectorRepointedToAnotherClientIdGetsTheSecretAndTheIdWritten) {
  Fixture f;
  // What linkform wrote: the configured key, and a fingerprint for it.
  RemoteConnector written = f.live("c-1");
  written.configuration->client_id = "consumer-key";
  written.configuration->custom_configuration = {{"workspace", "acme"}};
  written.configuration->scopes = {"account", "repository"};
  written.enabled_apis = {{"bitbucket_repositories_list", true}};
  const std::string identity = connector_identity("app-1", f.state.templates[0], "bitbucket", "consumer-key");
  written.description =
      compose_description("", make_marker(f.state.fingerprint_key, f.creds.client_secret, identity));
  f.state.connectors_by_app["app-1"] = {written};
  auto unchanged = plan_connector(f.connector, f.environment, f.state, &f.creds);
  ASSERT_TRUE(unchanged) << unchanged.error().message;
  EXPECT_EQ(unchanged->change.action, Action::kNoop);

  // Re-pointed in the portal: another consumer's key (and secret, which cannot be read back).
  f.state.connectors_by_app["app-1"][0].configuration->client_id = "someone-elses-key";
  auto repaired = plan_connector(f.connector, f.environment, f.state, &f.creds);
  ASSERT_TRUE(repaired) << repaired.error().message;
  ASSERT_EQ(repaired->change.action, Action::kUpdate);
  ASSERT_TRUE(repaired->write.update);
  EXPECT_EQ(repaired->write.update->client_id, "consumer-key");
  ASSERT_TRUE(repaired->write.update->client_secret.has_value());
  EXPECT_EQ(repaired->write.update->client_secret->reveal(), "consumer-secret-for-tests");
}

}  // namespace
}  // namespace linkform::frontegg
