// Colour in a CI log: off a terminal there is none unless asked for, with --color=always or FORCE_COLOR
// (for CI systems whose logs render ANSI colours); --color=never, --no-color and NO_COLOR always win.

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

class ColorE2E : public E2E {
 protected:
  bool coloured(const std::vector<std::string>& flags, const std::map<std::string, std::string>& extra = {}) {
    const auto saved = env_;
    for (const auto& [k, v] : extra) env_[k] = v;
    std::vector<std::string> args = {"plan"};
    args.insert(args.end(), flags.begin(), flags.end());
    const auto run = linkform(args);
    env_ = saved;
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out.find("\x1b[") != std::string::npos;
  }
};

TEST_F(ColorE2E, OffATerminalOnlyWhenAskedFor) {
  create_consumer();
  EXPECT_FALSE(coloured({}));
  EXPECT_TRUE(coloured({"--color=always"}));
  EXPECT_TRUE(coloured({"--color", "always"}));
  EXPECT_TRUE(coloured({}, {{"FORCE_COLOR", "1"}}));
  EXPECT_FALSE(coloured({}, {{"FORCE_COLOR", "0"}}));
  EXPECT_FALSE(coloured({}, {{"FORCE_COLOR", "1"}, {"NO_COLOR", "1"}}));
  EXPECT_FALSE(coloured({"--color=never"}, {{"FORCE_COLOR", "1"}}));
  EXPECT_FALSE(coloured({"--no-color"}, {{"FORCE_COLOR", "1"}}));
  EXPECT_TRUE(coloured({"--color=always"}, {{"NO_COLOR", "1"}})) << "a flag on the command line wins";
}

TEST_F(ColorE2E, AnUnknownWhenIsRefused) {
  const auto run = linkform({"plan", "--color=sometimes"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--color"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace linkform::testing
