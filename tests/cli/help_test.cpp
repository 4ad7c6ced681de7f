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

TEST(Help, TheTopLevelHelpOffersChdir) {
  const auto run = run_linkform({"--help"});
  EXPECT_NE(run.out.find("-C,--chdir DIR"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace linkform
