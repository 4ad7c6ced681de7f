// Every file in tests/cli/invalid/ is a configuration with known mistakes.
// Its "# expect: LINE:COL: error|warning: MESSAGE" comments list, in order,
// exactly the diagnostics `linkform validate` must print for it.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/cli_runner.h"

namespace linkform {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(LINKFORM_SOURCE_DIR) / "tests/cli/invalid";

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::ranges::sort(names);
  return names;
}

std::vector<std::string> expected_diagnostics(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const std::string marker = "# expect: ";
    if (line.starts_with(marker)) out.push_back(file.string() + ":" + line.substr(marker.size()));
  }
  return out;
}

class InvalidConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidConfig, ReportsExactlyTheExpectedDiagnostics) {
  const fs::path file = kDir / (GetParam() + ".toml");
  const auto expected = expected_diagnostics(file);
  ASSERT_FALSE(expected.empty()) << file << " has no '# expect:' line";

  const auto run = testing::run_linkform({"validate", "-c", file.string()});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  auto printed = testing::lines_of(run.err);
  ASSERT_FALSE(printed.empty());
  printed.pop_back();  // the "N errors" summary line
  EXPECT_EQ(printed, expected);
}

INSTANTIATE_TEST_SUITE_P(Validate, InvalidConfig, ::testing::ValuesIn(case_names()),
                         [](const auto& info) { return info.param; });

TEST(InvalidConfigSuite, HoldsAtLeastFortyConfigurations) { EXPECT_GE(case_names().size(), 40U); }

}  // namespace
}  // namespace linkform
