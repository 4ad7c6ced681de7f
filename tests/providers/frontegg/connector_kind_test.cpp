// The Frontegg side reads, checks and plans a connector of any kind (core/oauth_client.h) alike: a second,
// made-up kind of OAuth client ("acme_application", named by `application`, target `group`) beside
// Bitbucket's, with no line of providers/frontegg/ written for it.

#include "providers/bitbucket/connector_kind.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/config_reader.h"
#include "providers/frontegg/config_part.h"
#include "providers/frontegg/connector_plan.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform::frontegg {
namespace {

const ConnectorKind& acme_kind() {
  static const ConnectorKind kind = [] {
    ConnectorKind k;
    k.client_type = "acme_application";
    k.reference_key = "application";
    k.client_noun = "application";
    k.vendor = "Acme";
    k.default_name = "Acme";
    k.template_id = "acme";
    k.template_name = "Acme";
    k.target_key = "group";
    k.template_setting = "acme_template";
    k.target_key_setting = "group_key";
    k.target_problem = [](const std::string& g) { return g.empty() ? "a group is needed" : ""; };
    return k;
  }();
  return kind;
}

struct Loaded {
  Diagnostics diags;
  FronteggConfig part;
};

std::unique_ptr<Loaded> load(const std::string& text) {
  auto out = std::make_unique<Loaded>();
  auto root = parse_config_table(text, "linkform.toml", out->diags);
  if (!root) return out;
  ConfigContext context;
  context.kinds = {&bitbucket::connector_kind(), &acme_kind()};
  out->part.read(*root, context);
  root->finish(out->part.table_names());
  out->part.check(out->diags);
  return out;
}

constexpr const char* kEnvironment = R"([frontegg]
base_url = "http://127.0.0.1:9"
client_id = "id"
secret = { env = "S" }
)";

TEST(ConnectorKinds, TheKeyThatNamesTheClientSaysTheKind) {
  const auto loaded = load(std::string(kEnvironment) + R"(
[connectors.code]
app = "Agen for Work"
application = "main"
group = "platform"

[connectors.bb]
app = "Agen for Work"
consumer = "mcp"
)");
  ASSERT_FALSE(loaded->diags.has_errors()) << format_diagnostic(loaded->diags.all().front());
  const auto& code = loaded->part.connectors[0];
  EXPECT_EQ(code.kind, &acme_kind());
  EXPECT_EQ(client_address(code).str(), "acme_application.main");
  EXPECT_EQ(code.name, "Acme");
  EXPECT_EQ(code.target, "platform");
  const auto& bb = loaded->part.connectors[1];
  EXPECT_EQ(bb.kind, &bitbucket::connector_kind());
  EXPECT_EQ(client_address(bb).str(), "bitbucket_consumer.mcp");
  // Each use names its client, for the checks between parts and for --target.
  const auto uses = loaded->part.client_uses();
  ASSERT_EQ(uses.size(), 2U);
  EXPECT_EQ(uses[0].client.str(), "acme_application.main");
  EXPECT_EQ(uses[0].user_address.str(), "frontegg_connector.code");
}

// An environment sets each kind's template and target key by the kind's own settings: one environment holds
// connectors of both kinds.
TEST(ConnectorKinds, EachKindHasItsOwnEnvironmentSettings) {
  const auto loaded = load(R"([frontegg]
base_url = "http://127.0.0.1:9"
client_id = "id"
secret = { env = "S" }
template = "bb-template"
acme_template = "acme-template"
group_key = "acmeGroup"
)");
  ASSERT_FALSE(loaded->diags.has_errors()) << format_diagnostic(loaded->diags.all().front());
  const FronteggEnvironment& env = loaded->part.environments.front();
  EXPECT_EQ(template_of(env, bitbucket::connector_kind()), "bb-template");
  EXPECT_EQ(template_of(env, acme_kind()), "acme-template");
  EXPECT_EQ(target_key_of(env, acme_kind()), "acmeGroup");
  EXPECT_EQ(target_key_of(env, bitbucket::connector_kind()), bitbucket::connector_kind().target_key);
  const auto unknown = load(std::string(kEnvironment) + "gitlab_template = \"x\"\n");
  EXPECT_TRUE(unknown->diags.has_errors());  // a setting of no registered kind is an unknown key
}

TEST(ConnectorKinds, TwoClientKeysOrAnotherKindsTargetAreErrors) {
  const auto both = load(std::string(kEnvironment) + R"(
[connectors.code]
app = "Agen for Work"
consumer = "mcp"
application = "main"
)");
  ASSERT_TRUE(both->diags.has_errors());
  EXPECT_NE(format_diagnostic(both->diags.sorted().front()).find("names both consumer and application"),
            std::string::npos);
  const auto wrong_target = load(std::string(kEnvironment) + R"(
[connectors.code]
app = "Agen for Work"
application = "main"
workspace = "acme"
)");
  ASSERT_TRUE(wrong_target->diags.has_errors());
  EXPECT_NE(format_diagnostic(wrong_target->diags.sorted().front()).find("workspace"), std::string::npos);
}

Connector acme_connector() {
  Connector c;
  c.id = "code";
  c.slug = "code";
  c.environment = "prod";
  c.app = "Agen for Work";
  c.kind = &acme_kind();
  c.name = "Acme";
  c.client = "main";
  c.target = "platform";
  return c;
}

EnvironmentState acme_state() {
  EnvironmentState state;
  state.applications = {{"app-1", "Agen for Work"}};
  state.templates = {{"t-2", "acme", "Acme", {"b"}, {}}};
  state.fingerprint_key = fingerprint_key(Secret("frontegg-secret"));
  return state;
}

ConnectorCredentials acme_credentials(const Connector& c) {
  ConnectorCredentials creds;
  creds.client = client_address(c);
  creds.usable = true;
  creds.client_id = Secret("acme-client-id", Secret::Shown{});
  creds.client_secret = Secret("acme-secret");
  creds.scopes = {"read_api"};
  return creds;
}

// The connector as linkform wrote it for `client_id` and `secret`.
RemoteConnector written_connector(const Connector& c, const EnvironmentState& state,
                                  const std::string& client_id, const std::string& secret) {
  RemoteConnector remote;
  remote.id = "conn-1";
  remote.app_id = "app-1";
  remote.integration_template_id = "acme";
  remote.slug = c.slug;
  remote.name = c.name;
  remote.is_active = true;
  remote.enabled_apis = {{"b", true}};
  remote.description = compose_description(
      "", make_marker(state.fingerprint_key, Secret(secret),
                      connector_identity("app-1", state.templates[0], c.slug, client_id)));
  ConnectorSettings settings;
  settings.client_id = client_id;
  settings.custom_configuration = {{"group", "platform"}};
  settings.scopes = {"read_api"};
  remote.configuration = settings;
  return remote;
}

// A client the apply creates: the plan shows its id as known after apply; once the client's write has
// filled it in, the write planned again carries the new id, the secret and a fingerprint of that secret.
TEST(ConnectorKinds, AClientKnownOnlyAfterApplyIsUnknownInThePlanAndFilledInAtApply) {
  const Connector c = acme_connector();
  FronteggEnvironment env;
  env.name = "prod";
  const EnvironmentState state = acme_state();
  ConnectorCredentials creds = acme_credentials(c);
  creds.client_id = Secret();
  creds.client_secret = Secret();
  creds.pending = std::make_shared<PendingClient>();
  auto planned = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->change.action, Action::kCreate);
  const auto id = std::ranges::find(planned->change.attributes, "client_id", &AttributeChange::name);
  ASSERT_NE(id, planned->change.attributes.end());
  EXPECT_EQ(id->after, Value::unknown());
  EXPECT_FALSE(filled(creds).client_id.reveal().size());  // nothing to fill in yet

  creds.pending->fill("new-id", Secret("new-secret"));
  const ConnectorCredentials known = filled(creds);
  auto again = plan_connector(c, env, state, &known);
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_TRUE(again->write.create);
  EXPECT_EQ(again->write.create->client_id, "new-id");
  EXPECT_EQ(again->write.create->client_secret.reveal(), "new-secret");
  const auto parsed = parse_description(again->write.create->description);
  EXPECT_TRUE(fingerprint_matches(parsed, state.fingerprint_key, Secret("new-secret"),
                                  connector_identity("app-1", state.templates[0], c.slug, "new-id")));

  // An existing connector of the old client: updated with the new id, the new secret and its fingerprint.
  EnvironmentState existing = state;
  existing.connectors_by_app["app-1"] = {written_connector(c, state, "old-id", "old-secret")};
  auto update = plan_connector(c, env, existing, &creds);
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_EQ(update->change.action, Action::kUpdate);
  auto update_again = plan_connector(c, env, existing, &known);
  ASSERT_TRUE(update_again && update_again->write.update);
  EXPECT_EQ(update_again->write.update->client_id, "new-id");
  EXPECT_EQ(update_again->write.update->client_secret->reveal(), "new-secret");
}

// A client whose secret its provider does not hold (a vendor shows it only at creation): a connector with
// the client's id and linkform's fingerprint is taken as holding it; one that must be written needs the
// client replaced.
TEST(ConnectorKinds, AConnectorNeedingASecretNotHeldWaitsForItsClientToBeReplaced) {
  const Connector c = acme_connector();
  FronteggEnvironment env;
  env.name = "prod";
  EnvironmentState state = acme_state();
  ConnectorCredentials creds = acme_credentials(c);
  creds.client_secret = Secret();
  creds.secret_held = false;

  auto create = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(create) << create.error().message;
  EXPECT_TRUE(create->needs_secret);
  EXPECT_EQ(create->change.action, Action::kBlocked);
  EXPECT_NE(create->change.headline.find("needs the secret of acme_application.main"), std::string::npos);

  state.connectors_by_app["app-1"] = {written_connector(c, state, "acme-client-id", "the-real-secret")};
  auto current = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(current) << current.error().message;
  EXPECT_FALSE(current->needs_secret);
  EXPECT_EQ(current->change.action, Action::kNoop);

  // Renamed in the portal: updated in place, the fingerprint kept as it was (it cannot be made again).
  state.connectors_by_app["app-1"][0].name = "Renamed";
  auto renamed = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(renamed && renamed->write.update);
  EXPECT_FALSE(renamed->write.update->client_secret);
  EXPECT_FALSE(renamed->write.update->description);

  // Re-pointed to another client id in the portal: must be written with the secret, which is not held.
  state.connectors_by_app["app-1"][0] = written_connector(c, state, "someone-elses-id", "x");
  auto repointed = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(repointed);
  EXPECT_TRUE(repointed->needs_secret);
}

TEST(ConnectorKinds, AConnectorIsPlannedFromItsKindsTemplateAndTarget) {
  const Connector c = acme_connector();
  FronteggEnvironment env;
  env.name = "prod";
  EnvironmentState state = acme_state();
  // Bitbucket's template and one whose integrationId only starts with the kind's: found, with a notice.
  state.templates = {{"t-1", "bitbucket", "Bitbucket", {"a"}, {}}, {"t-2", "acme-v2", "Acme", {"b"}, {}}};
  const ConnectorCredentials creds = acme_credentials(c);
  auto planned = plan_connector(c, env, state, &creds);
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->change.action, Action::kCreate);
  EXPECT_EQ(planned->write.create->integration_template_id, "acme-v2");
  EXPECT_EQ(planned->write.create->custom_configuration.at("group"), "platform");
  EXPECT_NE(planned->template_notice.find("looks like Acme's"), std::string::npos)
      << planned->template_notice;
  EXPECT_EQ(planned->change.depends_on, std::vector<Address>{client_address(c)});
}

}  // namespace
}  // namespace linkform::frontegg
