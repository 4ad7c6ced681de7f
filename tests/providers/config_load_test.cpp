#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/config_check.h"
#include "providers/config.h"
#include "tests/support/config_sections.h"

namespace linkform {
namespace {

constexpr const char* kValid = R"([bitbucket]
workspace = "acme"

[frontegg]
region = "eu"

[consumers.mcp]
name = "Frontegg Integration"
callback_url = "https://acme.example/callback"
permissions = ["account", "repository"]
key = { env = "BB_KEY" }
secret = { file = "secrets/bb.txt" }

[connectors.zeta]
app = "Agen for Work"
consumer = "mcp"

[connectors.alpha]
app = "Agen for Work"
consumer = "mcp"
slug = "alpha-one"
scopes = ["account"]
enabled = false
ensure = "absent"
custom_configuration = { region = "x" }
)";

LoadResult load(const std::string& text, const MapEnvironment& env = MapEnvironment()) {
  return load_config_text(text, "conf/linkform.toml", env);
}

TEST(ConfigLoad, ValidConfigHasNoDiagnostics) {
  const auto r = load(kValid);
  ASSERT_TRUE(r.config);
  EXPECT_TRUE(r.diagnostics.all().empty()) << format_diagnostic(r.diagnostics.all().front());
}

// [bitbucket] is needed once a consumer is declared, not by a configuration that declares none (another code
// host's alone).
TEST(ConfigLoad, BitbucketIsNeededOnlyByAConfigurationWithConsumers) {
  const auto none = load("[frontegg]\nregion = \"eu\"\nclient_id = \"id\"\nsecret = { env = \"S\" }\n");
  EXPECT_FALSE(none.diagnostics.has_errors()) << format_diagnostic(none.diagnostics.all().front());
  // Nor are Bitbucket's default hosts then an endpoint another one's loopback would be mixed with.
  const auto local = load(
      "[frontegg]\nbase_url = \"http://127.0.0.1:9\"\nclient_id = \"id\"\nsecret = { env = \"S\" }\n");
  EXPECT_FALSE(local.diagnostics.has_errors()) << format_diagnostic(local.diagnostics.all().front());
  std::string without = kValid;
  without.erase(0, without.find("[frontegg]"));
  const auto consumers = load(without);
  ASSERT_TRUE(consumers.diagnostics.has_errors());
  EXPECT_NE(
      format_diagnostic(consumers.diagnostics.sorted().front()).find("missing required key \"bitbucket\""),
      std::string::npos);
}

TEST(ConfigLoad, DefaultsApply) {
  const auto r = load(kValid);
  const auto c = testing::sections(*r.config);
  EXPECT_EQ(c.bitbucket.api_url, "https://api.bitbucket.org");
  EXPECT_EQ(c.bitbucket.oauth_url, "https://bitbucket.org");
  ASSERT_EQ(c.environments.size(), 1U);
  EXPECT_EQ(c.environments[0].name, "default");
  EXPECT_EQ(template_of(c.environments[0], *c.connectors[0].kind), "bitbucket");
  EXPECT_EQ(target_key_of(c.environments[0], *c.connectors[0].kind), "workspace");
  EXPECT_TRUE(c.consumers[0].is_private);
  const Connector& zeta = c.connectors[0];
  EXPECT_EQ(zeta.slug, "zeta");
  EXPECT_EQ(zeta.name, "Bitbucket");
  EXPECT_EQ(zeta.environment, "default");
  EXPECT_EQ(zeta.target, "acme");
  EXPECT_FALSE(zeta.scopes.has_value());
  EXPECT_TRUE(zeta.enabled);
  EXPECT_EQ(zeta.ensure, Ensure::kPresent);
}

TEST(ConfigLoad, ATargetSelectsItsConnectorAndTheClientItUsesBeforeAnythingIsRead) {
  const std::string text = std::string(kValid) + R"(
[consumers.other]
name = "Other"
callback_url = "https://acme.example/callback"
permissions = ["account"]
key = { env = "BB_KEY_2" }
secret = { env = "BB_SECRET_2" }

[connectors.beta]
app = "Agen for Work"
consumer = "other"
)";
  auto r = load(text);
  ASSERT_TRUE(r.config);
  const Selection all = select_targets(*r.config, {});
  EXPECT_TRUE(all.everything());
  const Selection beta = select_targets(*r.config, {"frontegg_connector.beta"});
  EXPECT_TRUE(beta.contains({"frontegg_connector", "beta", "default"}));
  EXPECT_TRUE(beta.contains({"bitbucket_consumer", "other", ""}));
  EXPECT_FALSE(beta.contains({"bitbucket_consumer", "mcp", ""}));
  EXPECT_FALSE(beta.contains({"frontegg_connector", "zeta", "default"}));
  // A name no connector declares is selected as itself (a pruned connector's).
  const Selection pruned = select_targets(*r.config, {"frontegg_connector.gone"});
  EXPECT_TRUE(pruned.contains({"frontegg_connector", "gone", "default"}));
  EXPECT_FALSE(pruned.contains({"bitbucket_consumer", "mcp", ""}));
}

TEST(ConfigLoad, KeepsFileOrderOfTables) {
  const auto r = load(kValid);
  ASSERT_EQ(testing::sections(*r.config).connectors.size(), 2U);
  EXPECT_EQ(testing::sections(*r.config).connectors[0].id, "zeta");
  EXPECT_EQ(testing::sections(*r.config).connectors[1].id, "alpha");
}

TEST(ConfigLoad, ReadsEveryConnectorField) {
  const auto r = load(kValid);
  const auto all = testing::sections(*r.config);
  const Connector& a = all.connectors[1];
  EXPECT_EQ(a.slug, "alpha-one");
  ASSERT_TRUE(a.scopes);
  EXPECT_EQ(a.scopes->at(0).value, "account");
  EXPECT_EQ(a.scopes->at(0).where.line, 22);
  EXPECT_FALSE(a.enabled);
  EXPECT_EQ(a.ensure, Ensure::kAbsent);
  EXPECT_EQ(a.custom_configuration.at("region"), "x");
}

TEST(ConfigLoad, FileSourcesAreRelativeToTheConfigFile) {
  const auto r = load(kValid);
  const auto all = testing::sections(*r.config);
  const auto& secret = all.consumers[0].secret;
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->kind, CredentialSource::Kind::kFile);
  EXPECT_EQ(secret->ref, "conf/secrets/bb.txt");
}

TEST(ConfigLoad, FronteggCredentialsDefaultToStandardVariables) {
  const auto r = load(kValid);
  const auto all = testing::sections(*r.config);
  const auto& env = all.environments[0];
  EXPECT_EQ(env.client_id->ref, "FRONTEGG_CLIENT_ID");
  EXPECT_EQ(env.secret->ref, "FRONTEGG_SECRET");
}

TEST(ConfigLoad, SecretAliasIsUsedWhenSet) {
  const auto r = load(kValid, MapEnvironment({{"FRONTEGG_API_KEY", "x"}}));
  EXPECT_EQ(testing::sections(*r.config).environments[0].secret->ref, "FRONTEGG_API_KEY");
}

TEST(ConfigLoad, EnvironmentOverridesUrls) {
  const auto r = load(kValid, MapEnvironment({{"FRONTEGG_BASE_URL", "http://127.0.0.1:9999"},
                                              {"LINKFORM_BITBUCKET_API_URL", "http://127.0.0.1:9998"},
                                              {"LINKFORM_BITBUCKET_OAUTH_URL", "http://localhost:9997"}}));
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(testing::sections(*r.config).environments[0].base_url, "http://127.0.0.1:9999");
  EXPECT_TRUE(testing::sections(*r.config).environments[0].region.empty());
  EXPECT_EQ(testing::sections(*r.config).bitbucket.api_url, "http://127.0.0.1:9998");
  EXPECT_EQ(testing::sections(*r.config).bitbucket.oauth_url, "http://localhost:9997");
}

TEST(ConfigLoad, BadOverrideIsReportedAgainstTheVariable) {
  const auto r = load(kValid, MapEnvironment({{"LINKFORM_BITBUCKET_API_URL", "http://evil.example"}}));
  ASSERT_EQ(r.diagnostics.error_count(), 1);
  EXPECT_EQ(format_diagnostic(r.diagnostics.all()[0]),
            "environment variable LINKFORM_BITBUCKET_API_URL: error: api_url of [bitbucket]: "
            "\"http://evil.example\" uses plain http; use https (http is allowed only on loopback)");
}

// validate judges the committed file: an override on the runner does not hide a bad URL written in it.
TEST(ConfigLoad, AnOverriddenUrlIsStillCheckedAsWrittenInTheFile) {
  const std::string text = R"([bitbucket]
workspace = "acme"
api_url = "http://bitbucket.example.com"
[frontegg]
base_url = "not a url"
)";
  const auto r = load(text, MapEnvironment({{"FRONTEGG_BASE_URL", "http://127.0.0.1:9999"},
                                            {"LINKFORM_BITBUCKET_API_URL", "http://127.0.0.1:9998"}}));
  ASSERT_EQ(r.diagnostics.error_count(), 2) << ::testing::PrintToString(r.diagnostics.all().size());
  std::vector<std::string> lines;
  for (const auto& d : r.diagnostics.sorted()) lines.push_back(format_diagnostic(d));
  EXPECT_EQ(
      lines[0],
      "conf/linkform.toml:3:11: error: api_url of [bitbucket]: \"http://bitbucket.example.com\" uses plain "
      "http; use https (http is allowed only on loopback)");
  EXPECT_EQ(lines[1],
            "conf/linkform.toml:5:12: error: base_url of [frontegg]: \"not a url\" is not an absolute URL "
            "(expected https://host/...)");
}

// With several environments a URL variable applies to each; a credential variable cannot say which
// environment it is for: it is not used, and said so (issue 12: never silently ignored).
// Environments dev and prod in region eu, each naming its credentials; dev's secret in `dev_secret`.
std::string two_environments(const std::string& dev_secret) {
  return R"([bitbucket]
workspace = "acme"
[frontegg.environments.dev]
region = "eu"
client_id = { env = "DEV_ID" }
secret = { env = ")" +
         dev_secret + R"(" }
[frontegg.environments.prod]
region = "eu"
client_id = { env = "PROD_ID" }
secret = { env = "PROD_SECRET" }
)";
}

TEST(ConfigLoad, UrlVariablesApplyToNamedEnvironmentsAndCredentialVariablesWarn) {
  const auto r = load(two_environments("DEV_SECRET"),
                      MapEnvironment({{"FRONTEGG_CLIENT_ID", "x"}, {"FRONTEGG_REGION", "us"}}));
  ASSERT_EQ(testing::sections(*r.config).environments.size(), 2U);
  EXPECT_EQ(testing::sections(*r.config).environments[0].client_id->ref, "DEV_ID");
  EXPECT_EQ(testing::sections(*r.config).environments[0].region, "us");
  EXPECT_EQ(testing::sections(*r.config).environments[1].region, "us");
  EXPECT_FALSE(r.diagnostics.has_errors());
  ASSERT_EQ(r.diagnostics.all().size(), 1U);
  EXPECT_EQ(
      format_diagnostic(r.diagnostics.all()[0]),
      "environment variable FRONTEGG_CLIENT_ID: warning: FRONTEGG_CLIENT_ID is set, but with "
      "[frontegg.environments] each environment names its own credentials, so it is not used; name it in "
      "an environment's client_id, secret or environment_id if it is meant for one");
}

// Issue 22: a variable an environment names as its own source is used; no "not used" warning for it.
TEST(ConfigLoad, AStandardVariableAnEnvironmentNamesIsNotWarnedAbout) {
  const auto r = load(two_environments("FRONTEGG_SECRET"),
                      MapEnvironment({{"FRONTEGG_SECRET", "x"}, {"FRONTEGG_API_KEY", "y"}}));
  ASSERT_EQ(r.diagnostics.all().size(), 1U) << format_diagnostic(r.diagnostics.all()[0]);
  EXPECT_NE(format_diagnostic(r.diagnostics.all()[0]).find("FRONTEGG_API_KEY is set"), std::string::npos);
}

// Issue 22: an allowed directory reached through a symlink (/var/run is /run on Debian) was refused, with
// advice to set what was set.
TEST(ConfigLoad, AnAllowedDirectoryBehindASymlinkWorks) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("lf_allow_link_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "real");
  fs::create_directory_symlink(base / "real", base / "link");
  std::ofstream(base / "real" / "secret") << "s3cret\n";
  std::string text = kValid;
  text.replace(text.find("{ file = \"secrets/bb.txt\" }"),
               std::string("{ file = \"secrets/bb.txt\" }").size(),
               "{ file = \"" + (base / "link" / "secret").string() + "\" }");
  const auto r = load(text, MapEnvironment({{"LINKFORM_ALLOW_SECRET_FILES", (base / "link").string()}}));
  EXPECT_FALSE(r.diagnostics.has_errors()) << format_diagnostic(r.diagnostics.all()[0]);
  fs::remove_all(base);
}

TEST(ConfigLoad, LiteralClientIdIsAllowed) {
  std::string text = kValid;
  text.replace(text.find("region = \"eu\""), 13, "region = \"eu\"\nclient_id = \"abc\"");
  const auto r = load(text);
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(testing::sections(*r.config).environments[0].client_id->kind, CredentialSource::Kind::kLiteral);
}

TEST(ConfigLoad, MissingFileIsAnErrorNamingTheFile) {
  MapEnvironment env;
  const auto r = load_config("/nonexistent/linkform.toml", env);
  EXPECT_FALSE(r.config);
  ASSERT_EQ(r.diagnostics.error_count(), 1);
  EXPECT_EQ(format_diagnostic(r.diagnostics.all()[0]),
            "/nonexistent/linkform.toml: error: configuration file not found (use -c FILE to name another)");
}

TEST(ConfigLoad, PrivateFalseIsAWarningNotAnError) {
  std::string text = kValid;
  text.replace(text.find("key = { env"), 0, "private = false\n");
  const auto r = load(text);
  EXPECT_FALSE(r.diagnostics.has_errors());
  ASSERT_EQ(r.diagnostics.warning_count(), 1);
  EXPECT_NE(r.diagnostics.all()[0].message.find("cannot read its permissions"), std::string::npos);
}

TEST(ResolveCredential, ReadsEnvironmentVariable) {
  MapEnvironment env({{"X", "value"}});
  auto s = resolve_credential({CredentialSource::Kind::kEnv, "X", {}}, env);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->reveal(), "value");
}

TEST(ResolveCredential, UnsetOrEmptyVariableNamesTheVariable) {
  MapEnvironment env({{"EMPTY", ""}});
  auto unset = resolve_credential({CredentialSource::Kind::kEnv, "NOPE", {}}, env);
  ASSERT_FALSE(unset);
  EXPECT_EQ(unset.error().message, "NOPE is not set");
  auto empty = resolve_credential({CredentialSource::Kind::kEnv, "EMPTY", {}}, env);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "EMPTY is empty");
}

TEST(ResolveCredential, ReadsFileWithoutTrailingNewline) {
  const auto path = std::filesystem::temp_directory_path() / "linkform_secret_test.txt";
  std::ofstream(path) << "s3cr3t\n";
  MapEnvironment env;
  CredentialSource source{CredentialSource::Kind::kFile, path.string(), {}};
  source.roots = {std::filesystem::canonical(std::filesystem::temp_directory_path()).string()};
  auto s = resolve_credential(source, env);
  std::filesystem::remove(path);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->reveal(), "s3cr3t");
}

TEST(ResolveCredential, MissingFileErrorDoesNotLeakContent) {
  MapEnvironment env;
  auto s = resolve_credential({CredentialSource::Kind::kFile, "/nonexistent/secret", {}}, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "cannot read file /nonexistent/secret: not found");
}

TEST(ResolveCredential, ADirectoryIsNotReadAsAnEmptyFile) {
  MapEnvironment env;
  const auto dir = std::filesystem::temp_directory_path();
  auto s = resolve_credential({CredentialSource::Kind::kFile, dir.string(), {}}, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "cannot read file " + dir.string() + ": is a directory");
}

TEST(LoadConfig, ADirectoryIsNotReadAsAnEmptyFile) {
  MapEnvironment env;
  const auto dir = std::filesystem::temp_directory_path().string();
  const auto loaded = load_config(dir, env);
  ASSERT_EQ(loaded.diagnostics.error_count(), 1);
  EXPECT_NE(
      loaded.diagnostics.all().front().message.find("cannot read the configuration file: is a directory"),
      std::string::npos);
}

TEST(Slug, AcceptsKebabCase) {
  EXPECT_TRUE(is_valid_slug("bitbucket"));
  EXPECT_TRUE(is_valid_slug("bitbucket-prod-2"));
  EXPECT_TRUE(is_valid_slug(std::string(64, 'a')));
}

TEST(Slug, RejectsEverythingElse) {
  for (const char* bad :
       {"", "Bitbucket", "bit_bucket", "-bit", "bit-", "bit--bucket", "bit bucket", "bït"}) {
    EXPECT_FALSE(is_valid_slug(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_slug(std::string(65, 'a')));
}

}  // namespace
}  // namespace linkform
