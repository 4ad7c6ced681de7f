// Issue 22: what a vendor's reply carries is data. A slug with ']' and newlines used to be written into
// import's output as TOML syntax, injecting tables (another environment with another base_url).

#include <gmock/gmock.h>

#include <sstream>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

using ::testing::HasSubstr;

class HostileVendorE2E : public E2E {};

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
