// Help that answers the question: every command says which environment variables it reads, and no
// usage line repeats a placeholder.

#include <gtest/gtest.h>

#include "tests/support/cli_runner.h"

namespace linkform {
namespace {

using testing::run_linkform;

TEST(Help, EveryCommandListsTheEnvironmentVariablesItReads) {
  for (const char* command : {"validate", "plan", "apply", "import", "discover", "show"}) {
    const auto run = run_linkform({command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_NE(run.out.find("Environment variables it reads"), std::string::npos) << command << "\n"
                                                                                 << run.out;
  }
  const auto plan = run_linkform({"plan", "--help"});
  for (const char* variable :
       {"FRONTEGG_SECRET", "FRONTEGG_BASE_URL", "LINKFORM_BITBUCKET_API_URL", "LINKFORM_ALLOW_HOSTS",
        "LINKFORM_ALLOW_SECRET_FILES", "CURL_CA_BUNDLE", "NO_COLOR"}) {
    EXPECT_NE(plan.out.find(variable), std::string::npos) << variable;
  }
}

TEST(Help, ApplyAndShowNameTheirFileOnce) {
  for (const char* command : {"apply", "show"}) {
    const auto run = run_linkform({command, "--help"});
    EXPECT_EQ(run.out.find("FILE FILE"), std::string::npos) << command << "\n" << run.out;
    EXPECT_NE(run.out.find("FILE"), std::string::npos) << command;
  }
}

TEST(Help, EveryCommandsHelpEndsWithItsExitCodes) {
  for (const char* command :
       {"validate", "plan", "apply", "show", "import", "discover", "fmt", "version", "completion"}) {
    const auto run = run_linkform({command, "--help"});
    EXPECT_NE(run.out.find("\nExit codes: 0"), std::string::npos) << command << "\n" << run.out;
  }
  EXPECT_NE(run_linkform({"plan", "--help"}).out.find("2 changes or manual actions pending"),
            std::string::npos);
  EXPECT_NE(run_linkform({"apply", "--help"}).out.find("3 applied what it could"), std::string::npos);
  EXPECT_NE(run_linkform({"fmt", "--help"}).out.find("4 Taplo is not installed"), std::string::npos);
}

TEST(Help, WithoutACommandEveryCommandIsListed) {
  const auto run = run_linkform({});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(
      run.err.find("a command is required (validate, plan, apply, show, import, discover, fmt, version, "
                   "completion)"),
      std::string::npos)
      << run.err;
}

TEST(Help, ChdirAfterTheCommandSaysItGoesFirst) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"plan", "-C", "infra"},
                                               {"apply", "--chdir", "infra"},
                                               {"validate", "-Cinfra"}}) {
    const auto run = run_linkform(args);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("-C (--chdir) goes before the command: linkform -C DIR " + args.front()),
              std::string::npos)
        << run.err;
  }
  // Before the command it is simply used.
  EXPECT_EQ(run_linkform({"-C", "/nonexistent-dir", "validate"}).err.find("goes before"), std::string::npos);
}

TEST(Help, TheTopLevelHelpOffersChdir) {
  const auto run = run_linkform({"--help"});
  EXPECT_NE(run.out.find("-C,--chdir DIR"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace linkform
