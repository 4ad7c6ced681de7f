// Issue 22: what a vendor's reply carries is data. A slug with ']' and newlines used to be written into
// import's output as TOML syntax, injecting tables (another environment with another base_url).

#include <gmock/gmock.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sstream>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class HostileVendorE2E : public E2E {
 protected:
  std::string quickstart_text() {
    std::ifstream in(quickstart());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Adds app "other-app" to environment prod, holding a copy of prod's first connector (linkform's marker
  // included) with id "other-connector" and `slug`.
  void seed_other_app_copy(const std::string& slug) {
    auto state = emulator_.call("GET", "/_emulator/state");
    ASSERT_TRUE(state && state->status == 200);
    rapidjson::Document d;
    d.Parse(state->body.c_str());
    ASSERT_TRUE(d.IsObject() && d.HasMember("frontegg")) << state->body;
    auto& a = d.GetAllocator();
    for (auto& env : d["frontegg"]["environments"].GetArray()) {
      if (std::string_view(env["name"].GetString()) != "prod") continue;
      rapidjson::Value app(rapidjson::kObjectType);
      app.AddMember("id", "other-app", a).AddMember("name", "Other app", a);
      env["applications"].PushBack(app, a);
      ASSERT_FALSE(env["connectors"].Empty());
      rapidjson::Value copy(env["connectors"][0], a);
      copy["id"].SetString("other-connector", a);
      copy["appId"].SetString("other-app", a);
      copy["slug"].SetString(slug.c_str(), a);
      env["connectors"].PushBack(copy, a);
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    d.Accept(w);
    auto seeded = emulator_.call("POST", "/_emulator/seed", buf.GetString());
    ASSERT_TRUE(seeded && seeded->status == 200) << (seeded ? seeded->body : "no reply");
  }
};

// Frontegg's OpenAPI file documents the connector list with no `appId` filter. When the list returns every
// app's connectors, another app's linkform-made connector must not be pruned, planned onto or imported as
// this app's: each list entry is checked against the app asked for, and a warning names it.
TEST_F(HostileVendorE2E, AnotherAppsConnectorInTheListIsNeverPlannedPrunedOrImported) {
  create_consumer();
  std::string config = quickstart_text();
  const std::string secret_line = "secret = { env = \"FRONTEGG_SECRET\" }";
  ASSERT_NE(config.find(secret_line), std::string::npos);
  config.replace(config.find(secret_line), secret_line.size(), secret_line + "\nprune = true");
  const std::string with_connector = write_config("foreign_app/with.toml", config);
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, with_connector).exit_code, 0);
  seed_other_app_copy("elsewhere");
  emulator_.add_fault(
      R"({"kind":"ignore_query","field":"appId","method":"GET","path":"*/custom-integrations/v1","count":1000})");
  const std::string warning = "includes connector other-connector (slug \"elsewhere\") of app other-app";

  const auto plan = linkform({"plan", "--detailed-exitcode"}, with_connector);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_THAT(unwrapped(plan.out), HasSubstr(warning));
  EXPECT_THAT(plan.out, Not(HasSubstr("destroy")));
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, with_connector).exit_code, 0);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 2u);

  const std::string without_connector =
      write_config("foreign_app/without.toml", config.substr(0, config.find("[connectors.bitbucket]")));
  const auto imported = linkform({"import"}, without_connector);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.err, HasSubstr(warning));
  // Each connector once, under its own app (each app's list is read; neither takes the other's entry).
  EXPECT_THAT(imported.out, HasSubstr("# linkform import: 2 connectors not yet in the configuration."));
  EXPECT_THAT(imported.out, HasSubstr("[connectors.bitbucket]\napp = \"Agen for Work\"\n"));
  EXPECT_THAT(imported.out, HasSubstr("[connectors.elsewhere]\napp = \"Other app\"\n"));

  const auto discovered = linkform({"discover"}, without_connector);
  EXPECT_THAT(discovered.err, HasSubstr(warning));
}

TEST_F(HostileVendorE2E, ImportWritesAHostileSlugAsAQuotedString) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  // The stored connector's slug becomes one that closes the table header and opens another.
  auto state = emulator_.call("GET", "/_emulator/state");
  ASSERT_TRUE(state && state->status == 200);
  std::string text = state->body;
  const std::string slug = R"("slug":"bitbucket")";
  ASSERT_NE(text.find(slug), std::string::npos) << text;
  text.replace(text.find(slug), slug.size(),
               R"("slug":"x\"]\n[frontegg.environments.x]\nbase_url = \"https://evil.example\"\n#")");
  auto seeded = emulator_.call("POST", "/_emulator/seed", text);
  ASSERT_TRUE(seeded && seeded->status == 200) << (seeded ? seeded->body : "no reply");

  std::ifstream in(quickstart());
  std::stringstream quick;
  quick << in.rdbuf();
  const std::string without_connector = quick.str().substr(0, quick.str().find("[connectors.bitbucket]"));
  const auto imported = linkform({"import"}, write_config("hostile_slug.toml", without_connector));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::istringstream lines(imported.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_FALSE(line.starts_with("[frontegg")) << imported.out;
    EXPECT_FALSE(line.starts_with("base_url")) << imported.out;
  }
  EXPECT_THAT(
      imported.out,
      HasSubstr(R"(slug = "x\"]\n[frontegg.environments.x]\nbase_url = \"https://evil.example\"\n#")"));
  EXPECT_THAT(imported.out, HasSubstr("[connectors.x-frontegg-environments-x-base_url-https-evil-ex]"));
}

}  // namespace
}  // namespace linkform::testing
