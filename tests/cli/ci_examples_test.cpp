// Every linkform command line in examples/ci/*.yml must parse: a flag that
// does not exist (or no longer exists) would break users' pipelines.
// Each line is run with a configuration path that does not exist, so the
// command stops at "configuration file not found", after the command line
// was accepted and before any network call.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/support/cli_runner.h"

namespace linkform {
namespace {

const std::set<std::string> kSubcommands = {"validate", "plan", "apply", "show", "import", "fmt", "version"};

struct CommandLine {
  int line_number = 0;
  std::string text;
  std::vector<std::string> args;  // without the leading "linkform"
};

// The arguments up to the first shell operator, quotes removed.
std::vector<std::string> shell_words(const std::string& text) {
  static const std::set<std::string> kOperators = {"||", "&&", "|", ";", ">", ">>", "2>", "2>&1", "#", "<"};
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    if (kOperators.contains(w)) break;
    const bool ends_statement = w.ends_with(';');
    if (ends_statement) w.pop_back();
    if (w.size() >= 2 && (w.front() == '"' || w.front() == '\'') && w.back() == w.front())
      w = w.substr(1, w.size() - 2);
    words.push_back(w);
    if (ends_statement) break;
  }
  return words;
}

std::vector<CommandLine> linkform_commands(const std::filesystem::path& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << file;
  std::vector<CommandLine> out;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    for (auto at = line.find("linkform "); at != std::string::npos; at = line.find("linkform ", at + 1)) {
      if (at > 0 && line[at - 1] != ' ' && line[at - 1] != '(') continue;
      auto words = shell_words(line.substr(at + 9));
      if (words.empty() || !kSubcommands.contains(words.front())) continue;
      out.push_back({number, line.substr(at), std::move(words)});
    }
  }
  return out;
}

std::vector<std::string> with_missing_config(std::vector<std::string> args, const std::string& missing) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "-c" || args[i] == "--config") args[i + 1] = missing;
  }
  return args;
}

class CiExample : public ::testing::TestWithParam<const char*> {};

TEST_P(CiExample, EveryLinkformCommandLineParses) {
  const auto file = std::filesystem::path(LINKFORM_SOURCE_DIR) / "examples" / "ci" / GetParam();
  const auto commands = linkform_commands(file);
  EXPECT_GE(commands.size(), 4U) << "the example lost its linkform commands";
  const std::string missing =
      (std::filesystem::temp_directory_path() / "linkform-ci-example-no-such-dir" / "linkform.toml").string();
  for (const auto& c : commands) {
    SCOPED_TRACE(file.filename().string() + ":" + std::to_string(c.line_number) + ": " + c.text);
    const auto run = testing::run_linkform(with_missing_config(c.args, missing));
    EXPECT_EQ(run.err.find("Run 'linkform --help'"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("configuration file not found"), std::string::npos) << run.err;
    EXPECT_EQ(run.exit_code, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, CiExample, ::testing::Values("bitbucket-pipelines.yml", "github-actions.yml"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// The command lines the README documents are the ones the examples use.
TEST(CiExamples, UseTheDocumentedCommandLines) {
  std::set<std::string> found;
  for (const char* name : {"bitbucket-pipelines.yml", "github-actions.yml"}) {
    for (const auto& c :
         linkform_commands(std::filesystem::path(LINKFORM_SOURCE_DIR) / "examples" / "ci" / name)) {
      std::string joined = "linkform";
      for (const auto& w : c.args) joined += " " + w;
      found.insert(joined);
    }
  }
  for (const char* expected :
       {"linkform validate -c linkform.toml", "linkform plan -c linkform.toml --detailed-exitcode",
        "linkform plan -c linkform.toml --markdown", "linkform apply -c linkform.toml --auto-approve",
        "linkform plan -c linkform.toml --json"}) {
    EXPECT_TRUE(found.contains(expected)) << expected;
  }
}

TEST(CiExamples, ShellWordsStopAtOperators) {
  EXPECT_EQ(shell_words("plan -c linkform.toml --detailed-exitcode || [ $? -eq 2 ]"),
            (std::vector<std::string>{"plan", "-c", "linkform.toml", "--detailed-exitcode"}));
  EXPECT_EQ(shell_words("plan -c 'linkform.toml' --json > drift.json; fi"),
            (std::vector<std::string>{"plan", "-c", "linkform.toml", "--json"}));
  EXPECT_EQ(shell_words("plan --json; fi"), (std::vector<std::string>{"plan", "--json"}));
}

}  // namespace
}  // namespace linkform
