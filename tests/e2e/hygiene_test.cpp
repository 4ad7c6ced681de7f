// The secret-hygiene check itself (tests/support/hygiene.h), which every e2e test ends with: it must
// never pass a leak, and never fail on what linkform may print, such as a random consumer key (which
// once matched a bare "eyJ" about 1 run in 50).

#include "tests/support/hygiene.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tests/support/emulator_process.h"

namespace linkform::testing {
namespace {

TEST(Hygiene, CatchesASecretInEveryFormAJwtAndABearerHeader) {
  const std::string secret = "Acq0KESqWjrFWcfxoagM28elrYcg4xt2Q3d64rXtZDgkgj6tHBCFKvnvsc32";
  EXPECT_FALSE(hygiene_problems("secret: " + secret, {secret}).empty());
  for (const auto& form : secret_forms(secret))
    EXPECT_FALSE(hygiene_problems(form, {secret}).empty()) << form;
  EXPECT_FALSE(hygiene_problems("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", {}).empty());
  EXPECT_FALSE(hygiene_problems("Authorization: Bearer x", {}).empty());
  EXPECT_FALSE(hygiene_problems(std::string(64, 'A'), {}).empty()) << "a token-sized random string";
  EXPECT_TRUE(hygiene_problems(std::string(64, 'a'), {}).empty()) << "a SHA-256 digest is fine";
}

// 200 consumers made by the emulator, each key printed as linkform prints it: the check passes every one.
TEST(Hygiene, PassesTwoHundredRandomConsumerKeys) {
  EmulatorProcess emulator;
  int checked = 0;
  for (int i = 0; i < 200; ++i) {
    const CreatedConsumer c = emulator.create_consumer();
    const std::string text =
        "      + client_id     = \"" + c.key + "\"\nstore Key in BITBUCKET_MCP_KEY (" + c.key + ")\n";
    const auto problems = hygiene_problems(text, {c.secret, c.key + ":" + c.secret});
    EXPECT_TRUE(problems.empty()) << "key " << c.key << ": " << problems.front();
    ++checked;
  }
  EXPECT_EQ(checked, 200);
}

}  // namespace
}  // namespace linkform::testing
