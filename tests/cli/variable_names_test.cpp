// The examples name their environment variables by the one rule linkform's own suggestions follow
// (suggested_variable; README, Secrets): what the advice for a literal secret, the hint for a missing key
// and import suggest is what a newcomer has already seen in the examples.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "core/config_check.h"

namespace linkform {
namespace {

namespace fs = std::filesystem;

struct Use {
  std::string file;
  int line = 0;
  std::string table;  // "consumers.mcp", "frontegg.environments.prod", "frontegg"
  std::string key;    // "key", "secret", "client_id"
  std::string variable;
};

std::vector<Use> env_uses(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Use> uses;
  const std::regex header(R"(^\[([^\]]+)\]\s*(#.*)?$)");
  const std::regex env(R"re(^(\w+)\s*=\s*\{\s*env\s*=\s*"([^"]+)"\s*\})re");
  std::string table;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch m;
    if (std::regex_search(line, m, header)) table = m[1];
    if (std::regex_search(line, m, env))
      uses.push_back({file.filename().string(), number, table, m[1], m[2]});
  }
  return uses;
}

std::string expected_variable(const Use& u) {
  const std::string what = u.key == "client_id" ? "CLIENT_ID" : u.key == "key" ? "KEY" : "SECRET";
  if (u.table.starts_with("consumers.")) return suggested_variable("BITBUCKET", u.table.substr(10), what);
  if (u.table.starts_with("frontegg.environments."))
    return suggested_variable("FRONTEGG", u.table.substr(22), what);
  if (u.table == "frontegg") return suggested_variable("FRONTEGG", "", what);
  return "";
}

TEST(VariableNames, TheRuleMapsTableNamesAsTheReadmeSays) {
  EXPECT_EQ(suggested_variable("BITBUCKET", "mcp", "KEY"), "BITBUCKET_MCP_KEY");
  EXPECT_EQ(suggested_variable("BITBUCKET", "mcp-2026-12", "SECRET"), "BITBUCKET_MCP_2026_12_SECRET");
  EXPECT_EQ(suggested_variable("FRONTEGG", "prod", "CLIENT_ID"), "FRONTEGG_PROD_CLIENT_ID");
  EXPECT_EQ(suggested_variable("FRONTEGG", "", "SECRET"), "FRONTEGG_SECRET");
}

TEST(VariableNames, EveryExampleFollowsTheRule) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(LINKFORM_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".toml") continue;
    const auto uses = env_uses(entry.path());
    // Account-level credentials serve several environments with one variable: they name the account.
    std::map<std::string, std::set<std::string>> tables_of;
    for (const auto& u : uses) tables_of[u.variable].insert(u.table);
    for (const auto& u : uses) {
      const std::string expected = expected_variable(u);
      if (expected.empty() || tables_of[u.variable].size() > 1) continue;
      ++checked;
      EXPECT_EQ(u.variable, expected) << u.file << ":" << u.line << ": [" << u.table << "] " << u.key;
    }
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace linkform
