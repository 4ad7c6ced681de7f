// The command line in-process against the real emulator, for what a pipe
// cannot show: a terminal's colours and the confirmation prompt.

#include <sstream>

#include "cmd/linkform/cli.h"
#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

class InteractiveE2E : public E2E {
 protected:
  struct Run {
    int exit_code;
    std::string out;
    std::string err;
  };
  Run run(const std::vector<std::string>& args, bool tty, const std::string& input = "",
          const std::map<std::string, std::string>& extra_env = {}) {
    MapEnvironment env;
    for (const auto& [k, v] : env_) env.set(k, v);
    for (const auto& [k, v] : extra_env) env.set(k, v);
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in(input);
    std::vector<std::string> full = args;
    full.push_back("-c");
    full.push_back(quickstart());
    const int code = run_cli(full, env, {out, err, &in, tty, tty});
    outputs_.push_back(out.str());
    outputs_.push_back(err.str());
    return {code, out.str(), err.str()};
  }
};

constexpr const char* kEscape = "\x1b[";

TEST_F(InteractiveE2E, ColourOnlyOnATerminalAndNeverWithNoColor) {
  create_consumer();
  EXPECT_NE(run({"plan"}, true).out.find(kEscape), std::string::npos);
  EXPECT_EQ(run({"plan"}, false).out.find(kEscape), std::string::npos);
  EXPECT_EQ(run({"plan", "--no-color"}, true).out.find(kEscape), std::string::npos);
  EXPECT_EQ(run({"plan"}, true, "", {{"NO_COLOR", "1"}}).out.find(kEscape), std::string::npos);
}

TEST_F(InteractiveE2E, ApplyOnATerminalAsksAndOnlyYesApproves) {
  create_consumer();
  const auto declined = run({"apply"}, true, "no\n");
  EXPECT_EQ(declined.exit_code, 1);
  EXPECT_NE(declined.out.find("Only 'yes' will be accepted"), std::string::npos);
  EXPECT_NE(declined.err.find("Apply cancelled."), std::string::npos);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);

  const auto approved = run({"apply"}, true, "yes\n");
  EXPECT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
}

TEST_F(InteractiveE2E, NoInputRefusesEvenOnATerminal) {
  create_consumer();
  const auto refused = run({"apply", "--no-input"}, true, "yes\n");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

}  // namespace
}  // namespace linkform::testing
