// The Frontegg side reads, checks and plans a connector of any kind (core/oauth_client.h) alike: a second,
// made-up kind of OAuth client ("acme_application", named by `application`, target `group`) beside
// Bitbucket's, with no line of providers/frontegg/ written for it.

#include "providers/bitbucket/connector_kind.h"

#include <gtest/gtest.h>

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

TEST(ConnectorKinds, AConnectorIsPlannedFromItsKindsTemplateAndTarget) {
  Connector c;
  c.id = "code";
  c.slug = "code";
  c.environment = "prod";
  c.app = "Agen for Work";
  c.kind = &acme_kind();
  c.name = "Acme";
  c.client = "main";
  c.target = "platform";
  FronteggEnvironment env;
  env.name = "prod";
  EnvironmentState state;
  state.applications = {{"app-1", "Agen for Work"}};
  // Bitbucket's template and one whose integrationId only starts with the kind's: found, with a notice.
  state.templates = {{"t-1", "bitbucket", "Bitbucket", {"a"}, {}}, {"t-2", "acme-v2", "Acme", {"b"}, {}}};
  state.fingerprint_key = fingerprint_key(Secret("frontegg-secret"));
  ConnectorCredentials creds;
  creds.client = client_address(c);
  creds.usable = true;
  creds.client_id = Secret("acme-client-id", Secret::Shown{});
  creds.client_secret = Secret("acme-secret");
  creds.scopes = {"read_api"};
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
