// The gateway link at validate (README, "[frontegg]": the gateway; issue 21): a consumer's callback against
// the gateway of the environments its connectors are in, and the endpoint policy for gateway hosts.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "providers/config.h"
#include "tests/support/config_sections.h"

namespace linkform {
namespace {

using ::testing::HasSubstr;

// Two environments; each argument is the rest of a table's body.
std::string two_environments(const std::string& prod_gateway, const std::string& dev_gateway,
                             const std::string& consumer_extra) {
  return R"([bitbucket]
workspace = "acme"

[frontegg.environments.prod]
region = "eu"
client_id = { env = "P_ID" }
secret = { env = "P_SECRET" }
)" + prod_gateway +
         R"(

[frontegg.environments.dev]
region = "eu"
client_id = { env = "D_ID" }
secret = { env = "D_SECRET" }
)" + dev_gateway +
         R"(

[consumers.mcp]
name = "Frontegg Integration"
permissions = ["account", "repository"]
key = { env = "BB_KEY" }
secret = { env = "BB_SECRET" }
)" + consumer_extra +
         R"(

[connectors.bitbucket-prod]
environment = "prod"
app = "Agen for Work"
consumer = "mcp"

[connectors.bitbucket-dev]
environment = "dev"
app = "Agen for Work"
consumer = "mcp"
)";
}

LoadResult load(const std::string& text, const MapEnvironment& env = MapEnvironment()) {
  LoadResult r = load_config_text(text, "conf/linkform.toml", env);
  if (r.config) check_vendor_rules(*r.config, r.diagnostics, env);
  return r;
}

std::string all_text(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics.all()) out += format_diagnostic(d) + "\n";
  return out;
}

TEST(GatewayConfig, OmittedCallbackIsDerivedFromTheGateway) {
  const auto r = load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com/\"",
                                       "gateway = \"https://acme.mcp-gw.frontegg.com\"", ""));
  ASSERT_TRUE(r.config);
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all_text(r);
  EXPECT_EQ(testing::sections(*r.config).consumers[0].callback_url,
            "https://acme.mcp-gw.frontegg.com/integration-callback");
  EXPECT_TRUE(testing::sections(*r.config).consumers[0].callback_derived);
}

TEST(GatewayConfig, TheFronteggTableGivesEveryEnvironmentItsGateway) {
  std::string text = two_environments("", "", "");
  text.replace(text.find("[frontegg.environments.prod]"), 0,
               "[frontegg]\ngateway = \"https://acme.mcp-gw.frontegg.com\"\n\n");
  const auto r = load(text);
  ASSERT_TRUE(r.config);
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all_text(r);
  EXPECT_EQ(testing::sections(*r.config).consumers[0].callback_url,
            "https://acme.mcp-gw.frontegg.com/integration-callback");
}

TEST(GatewayConfig, AConsumerSharedAcrossTwoGatewaysIsAnErrorNamingBoth) {
  const auto r = load(two_environments("gateway = \"https://prod.mcp-gw.frontegg.com\"",
                                       "gateway = \"https://dev.mcp-gw.frontegg.com\"", ""));
  const std::string text = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 1) << text;
  EXPECT_THAT(text, HasSubstr("conf/linkform.toml:16:12: error: consumer \"mcp\" is used by connectors in "
                              "environments with different gateways"));
  EXPECT_THAT(text, HasSubstr("environment \"dev\" (https://dev.mcp-gw.frontegg.com)"));
  EXPECT_THAT(text, HasSubstr("environment \"prod\" (https://prod.mcp-gw.frontegg.com)"));
  EXPECT_THAT(text, HasSubstr("declare one consumer per gateway"));
}

TEST(GatewayConfig, ACallbackThatDoesNotMatchTheGatewayIsAnError) {
  const auto r =
      load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "",
                            "callback_url = \"https://other.mcp-gw.frontegg.com/integration-callback\""));
  const std::string text = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 1) << text;
  EXPECT_THAT(text,
              HasSubstr("error: callback_url of consumer \"mcp\" is "
                        "\"https://other.mcp-gw.frontegg.com/integration-callback\", but the gateway of "
                        "environment \"prod\" sends redirect_uri "
                        "\"https://acme.mcp-gw.frontegg.com/integration-callback\""));
  EXPECT_THAT(text, HasSubstr("Invalid redirect_uri"));
}

TEST(GatewayConfig, ATrailingSlashIsNotThePrefixBitbucketNeeds) {
  const auto r =
      load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "",
                            "callback_url = \"https://acme.mcp-gw.frontegg.com/integration-callback/\""));
  EXPECT_EQ(r.diagnostics.error_count(), 1) << all_text(r);
}

TEST(GatewayConfig, ABareHostCallbackIsAWarning) {
  const auto r = load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "",
                                       "callback_url = \"https://acme.mcp-gw.frontegg.com\""));
  const std::string text = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 0) << text;
  EXPECT_EQ(r.diagnostics.warning_count(), 1) << text;
  EXPECT_THAT(text,
              HasSubstr("warning: callback_url of consumer \"mcp\" (\"https://acme.mcp-gw.frontegg.com\") "
                        "is a prefix of the gateway's callback"));
  EXPECT_THAT(text, HasSubstr("broader than needed"));
}

TEST(GatewayConfig, NoCallbackAndNoGatewayIsAnErrorNamingBothKeys) {
  const auto r = load(two_environments("", "", ""));
  const std::string text = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 1) << text;
  EXPECT_THAT(text, HasSubstr("consumer \"mcp\" needs callback_url, or a gateway"));
}

TEST(GatewayConfig, AGatewayWithoutSchemeOrWithAPathIsAnError) {
  auto r = load(two_environments("gateway = \"acme.mcp-gw.frontegg.com\"", "", ""));
  EXPECT_THAT(all_text(r), HasSubstr("write it with its scheme: \"https://acme.mcp-gw.frontegg.com\""));
  r = load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com/integration-callback\"", "", ""));
  EXPECT_THAT(all_text(r), HasSubstr("has a path (\"/integration-callback\")"));
}

TEST(GatewayConfig, AGatewayHostThatIsNotFronteggsNeedsAnAllowFromOutside) {
  const auto text = two_environments("gateway = \"https://gateway.example.com\"", "", "");
  auto r = load(text);
  EXPECT_THAT(all_text(r),
              HasSubstr("error: gateway of environment \"prod\": host \"gateway.example.com\" is not "
                        "a Frontegg MCP gateway's (*.mcp-gw.frontegg.com) nor loopback"));
  EXPECT_THAT(all_text(r), HasSubstr("LINKFORM_ALLOW_HOSTS=gateway.example.com"));
  r = load(text, MapEnvironment{{"LINKFORM_ALLOW_HOSTS", "gateway.example.com"}});
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all_text(r);
  // A look-alike is not under the suffix.
  r = load(two_environments("gateway = \"https://acme.mcp-gw.frontegg.com.example\"", "", ""));
  EXPECT_EQ(r.diagnostics.error_count(), 1) << all_text(r);
}

TEST(GatewayConfig, ALoopbackGatewayWithRealVendorsIsNotAMix) {
  // The gateway is read without credentials: it is not part of the rule against mixing loopback and real
  // vendor hosts.
  const auto r = load(two_environments("gateway = \"http://127.0.0.1:8480\"", "", ""));
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all_text(r);
}

TEST(GatewayConfig, FronteggGatewayOverridesEveryEnvironment) {
  const auto r = load(two_environments("gateway = \"https://prod.mcp-gw.frontegg.com\"",
                                       "gateway = \"https://dev.mcp-gw.frontegg.com\"", ""),
                      MapEnvironment{{"FRONTEGG_GATEWAY", "http://127.0.0.1:9/"}});
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all_text(r);
  EXPECT_EQ(testing::sections(*r.config).consumers[0].callback_url,
            "http://127.0.0.1:9/integration-callback");
}

TEST(RetiredConsumer, AConnectorNamingOneIsAnErrorAndItNeedsNoPermissions) {
  std::string text = two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "", "retired = true");
  text.replace(text.find("permissions = [\"account\", \"repository\"]\n"),
               std::string("permissions = [\"account\", \"repository\"]\n").size(), "");
  const auto r = load(text);
  const std::string all = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 2) << all;
  EXPECT_THAT(all, HasSubstr("connector \"bitbucket-prod\" names consumer \"mcp\", which is retired"));
  EXPECT_THAT(all, ::testing::Not(HasSubstr("permissions")));
}

TEST(RetiredScopes, AreAWarningWithTheDateAndSource) {
  std::string text = two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "", "");
  text.replace(text.find("[\"account\", \"repository\"]"),
               std::string("[\"account\", \"repository\"]").size(),
               "[\"account\", \"repository\", \"issue\", \"wiki\"]");
  const auto r = load(text);
  const std::string all = all_text(r);
  EXPECT_EQ(r.diagnostics.error_count(), 0) << all;
  EXPECT_EQ(r.diagnostics.warning_count(), 2) << all;
  EXPECT_THAT(all,
              HasSubstr("warning: permission \"issue\" grants nothing since Bitbucket removed Issues and "
                        "Wikis, including their API endpoints, on 2026-08-20 (Atlassian, \"Announcing sunset "
                        "of Bitbucket Issues and Wikis\")"));
}

TEST(RetiredScopes, ReadSuffixesAndGranularNamesGetTheConsumerName) {
  std::string text = two_environments("gateway = \"https://acme.mcp-gw.frontegg.com\"", "", "");
  text.replace(text.find("[\"account\", \"repository\"]"),
               std::string("[\"account\", \"repository\"]").size(),
               "[\"repository:read\", \"write:pullrequest:bitbucket\"]");
  const auto all = all_text(load(text));
  EXPECT_THAT(all, HasSubstr("unknown Bitbucket permission \"repository:read\": read permissions carry no "
                             "suffix; did you mean \"repository\"?"));
  EXPECT_THAT(all,
              HasSubstr("unknown Bitbucket permission \"write:pullrequest:bitbucket\": names like "
                        "\"write:pullrequest:bitbucket\" belong to API tokens and Forge apps, not to OAuth "
                        "consumers; did you mean \"pullrequest:write\"?"));
}

}  // namespace
}  // namespace linkform
