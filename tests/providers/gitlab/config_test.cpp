// GitLab's part of the configuration (providers/gitlab/config_part.h), read and checked on its own.

#include <gtest/gtest.h>

#include "providers/gitlab/config_part.h"
#include "providers/gitlab/connector_kind.h"

namespace linkform::gitlab {
namespace {

struct Loaded {
  Diagnostics diags;
  GitlabConfig part;
  [[nodiscard]] std::string text() const {
    std::string out;
    for (const auto& d : diags.sorted()) out += format_diagnostic(d) + "\n";
    return out;
  }
};

std::unique_ptr<Loaded> load(const std::string& text) {
  auto out = std::make_unique<Loaded>();
  auto root = parse_config_table(text, "linkform.toml", out->diags);
  if (!root) return out;
  out->part.read(*root, ConfigContext{});
  root->finish(out->part.table_names());
  out->part.check(out->diags);
  out->part.check_vocabulary(out->diags);
  return out;
}

constexpr const char* kValid = R"([gitlab]
group = "acme"
token = { env = "GITLAB_TOKEN" }

[gitlab_applications.mcp]
name = "Frontegg Integration"
scopes = ["read_api", "read_user"]
)";

TEST(GitlabConfig, ReadsTheGroupAndItsApplicationsWithTheirDefaults) {
  const auto loaded = load(kValid);
  ASSERT_FALSE(loaded->diags.has_errors()) << loaded->text();
  EXPECT_EQ(loaded->part.gitlab.url, "https://gitlab.com");
  EXPECT_EQ(loaded->part.gitlab.group, "acme");
  ASSERT_EQ(loaded->part.applications.size(), 1U);
  const Application& a = loaded->part.applications[0];
  EXPECT_TRUE(a.confidential);
  EXPECT_TRUE(a.redirect_uri.empty());
  const auto clients = loaded->part.clients();
  ASSERT_EQ(clients.size(), 1U);
  EXPECT_EQ(clients[0].address.str(), "gitlab_application.mcp");
  EXPECT_EQ(clients[0].kind, &connector_kind());
  EXPECT_EQ(clients[0].scopes, (std::vector<std::string>{"read_api", "read_user"}));
}

TEST(GitlabConfig, AnUnknownScopeIsAnErrorWithASuggestion) {
  const auto loaded =
      load(std::string(kValid) + "\n[gitlab_applications.other]\nname = \"x\"\nscopes = [\"read_apii\"]\n");
  EXPECT_NE(loaded->text().find("unknown GitLab scope \"read_apii\" (did you mean \"read_api\"?)"),
            std::string::npos)
      << loaded->text();
}

TEST(GitlabConfig, TheRedirectIsDerivedFromTheGatewayOrMustEqualIt) {
  auto loaded = load(kValid);
  const Address mcp{"gitlab_application", "mcp", ""};
  const std::string expected = "https://acme.mcp-gw.frontegg.com/integration-callback";
  loaded->part.check_callback(mcp, expected, "[frontegg]", "a gateway", loaded->diags);
  EXPECT_EQ(loaded->part.applications[0].redirect_uri, expected);
  EXPECT_TRUE(loaded->part.applications[0].redirect_derived);

  auto prefix = load(std::string(kValid) + "redirect_uri = \"https://acme.mcp-gw.frontegg.com/\"\n");
  prefix->part.check_callback(mcp, expected, "[frontegg]", "a gateway", prefix->diags);
  // A prefix is not enough for GitLab (unlike Bitbucket): an error, at the key.
  EXPECT_NE(prefix->text().find("linkform.toml:8:16: error: redirect_uri of application \"mcp\""),
            std::string::npos)
      << prefix->text();

  auto none = load(kValid);
  none->part.check_callback(mcp, "", "", "a gateway for its connectors", none->diags);
  EXPECT_NE(none->text().find("application \"mcp\" needs redirect_uri, or a gateway for its connectors"),
            std::string::npos)
      << none->text();
}

TEST(GitlabConfig, ApplicationsNeedTheGroupTable) {
  const auto loaded = load("[gitlab_applications.mcp]\nname = \"x\"\nscopes = [\"read_api\"]\n");
  EXPECT_NE(loaded->text().find("[gitlab]"), std::string::npos) << loaded->text();
  EXPECT_TRUE(loaded->diags.has_errors());
}

TEST(GitlabConfig, ItsUrlIsAnEndpointAndItsTokenASecret) {
  auto loaded = load(
      std::string("[gitlab]\nurl = \"https://git.example.com/\"\ngroup = \"7\"\ntoken = { env = \"T\" }\n"));
  ASSERT_FALSE(loaded->diags.has_errors()) << loaded->text();
  const auto endpoints = loaded->part.endpoints();
  ASSERT_EQ(endpoints.size(), 1U);
  EXPECT_EQ(endpoints[0].url, "https://git.example.com");
  EXPECT_EQ(endpoints[0].vendor_hosts, std::vector<std::string>{"gitlab.com"});
  const auto credentials = loaded->part.credentials();
  ASSERT_EQ(credentials.size(), 1U);
  EXPECT_TRUE(credentials[0].is_secret);
}

}  // namespace
}  // namespace linkform::gitlab
