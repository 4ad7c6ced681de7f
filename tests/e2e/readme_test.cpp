// The README as a newcomer uses it: its quick start runs top to bottom, and a code block that says it is
// an example file is that file.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/binaries.h"
#include "tests/support/subprocess.h"

namespace linkform::testing {
namespace {

namespace fs = std::filesystem;

struct Block {
  std::string info;       // what follows the opening fence: "sh", "toml", ...
  std::string preceding;  // the last non-empty line before the fence
  std::string section;    // the "## " heading it is under
  std::string text;
};

std::vector<Block> readme_blocks() {
  std::ifstream in(fs::path(LINKFORM_SOURCE_DIR) / "README.md");
  std::vector<Block> blocks;
  std::string line;
  std::string preceding;
  std::string section;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    if (open != nullptr) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
      continue;
    }
    if (line.starts_with("## ")) section = line.substr(3);
    if (line.starts_with("```")) {
      blocks.push_back({line.substr(3), preceding, section, ""});
      open = &blocks.back();
      continue;
    }
    if (!line.empty()) preceding = line;
  }
  return blocks;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// "A complete file (`examples/production.toml`):" followed by a block: the block is the file, byte for byte.
TEST(Readme, BlocksThatNameAnExampleFileAreThatFile) {
  const std::regex names_file(R"(\(`(examples/[^`]+)`\):$)");
  int checked = 0;
  for (const auto& b : readme_blocks()) {
    std::smatch m;
    if (!std::regex_search(b.preceding, m, names_file)) continue;
    ++checked;
    EXPECT_EQ(b.text, read_file(fs::path(LINKFORM_SOURCE_DIR) / m[1].str()))
        << "README's block after \"" << b.preceding << "\" differs from " << m[1];
  }
  EXPECT_GE(checked, 1) << "no README block names an example file";
}

TEST(Readme, TheQuickStartRunsTopToBottomAndEndsWithNoChanges) {
  std::string script;
  for (const auto& b : readme_blocks()) {
    // The rotation recipe is a subsection of the quick start and goes on from it.
    if (b.section == "Quick start by hand" && b.info == "sh") script += b.text;
  }
  // A free port the emulator picks and prints: no fixed port another program (or an emulator left from
  // yesterday) may hold.
  ASSERT_NE(script.find("linkform-emulator --port 0"), std::string::npos) << script;
  // The README's build directory, as this test run has it.
  const fs::path build = fs::path(LINKFORM_BINARY).parent_path().parent_path().parent_path();
  script = replace_all(script, "$PWD/build/cmd/", build.string() + "/cmd/");
  // An old emulator on the port the quick start used to name, with no Frontegg environment: talking to it
  // instead of the one the script starts would fail the plans. (When 8480 is taken already, whatever holds
  // it plays that part.)
  const fs::path seed = fs::temp_directory_path() / ("readme_old_seed_" + std::to_string(::getpid()));
  {
    std::ofstream out(seed);
    out << R"({"bitbucket":{"workspaces":[{"slug":"acme","name":"Acme",)"
        << R"("uuid":"{00000000-0000-4000-8000-000000000001}"}],"consumers":[]},"frontegg":{"environments":[]}})";
  }
  const std::string old_emulator =
      std::string(LINKFORM_EMULATOR_BINARY) + " --port 8480 --seed " + seed.string() +
      " >/dev/null 2>&1 & old=$!\n" +
      "for _ in $(seq 30); do curl -s 127.0.0.1:8480 >/dev/null && break; sleep 0.1; done\n";
  const std::string wrapped =
      "set -euo pipefail\ntrap 'kill \"${emulator:-}\" \"${old:-}\" 2>/dev/null || true' EXIT\n" +
      old_emulator + script;
  const Completed run = run_process({"/bin/bash", "-c", wrapped, "readme-quickstart"},
                                    {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/tmp"}});
  fs::remove(seed);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("plan exit code: 2"), std::string::npos) << run.out;
  // The rotation: the apply re-points the connector and leaves the old consumer to a person (exit 3);
  // once it is deleted the plan shows it revoked.
  EXPECT_NE(run.out.find("! bitbucket_consumer.mcp is retired, but its key and secret still work"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("apply exit code: 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("bitbucket_consumer.mcp: retired and revoked"), std::string::npos) << run.out;
  const auto last_plan = run.out.rfind("Reading live state");
  ASSERT_NE(last_plan, std::string::npos) << run.out;
  EXPECT_NE(run.out.find("No changes.", last_plan), std::string::npos) << run.out.substr(last_plan);
}

// The GitLab quick start, on its own emulator: linkform creates the application and moves its secret into
// the connector, then rotates it.
TEST(Readme, TheGitlabQuickStartRunsTopToBottomAndEndsWithNoChanges) {
  std::string script;
  for (const auto& b : readme_blocks()) {
    if (b.section == "Quick start with GitLab" && b.info == "sh") script += b.text;
  }
  ASSERT_NE(script.find("linkform-emulator --port 0"), std::string::npos) << script;
  const fs::path build = fs::path(LINKFORM_BINARY).parent_path().parent_path().parent_path();
  script = replace_all(script, "$PWD/build/cmd/", build.string() + "/cmd/");
  const std::string wrapped =
      "set -euo pipefail\ntrap 'kill \"${emulator:-}\" 2>/dev/null || true' EXIT\n" + script;
  const Completed run = run_process({"/bin/bash", "-c", wrapped, "readme-gitlab"},
                                    {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/tmp"}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("+ gitlab_application.mcp will be created"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Resources: 2 added, 0 changed, 0 destroyed."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Resources: 1 added, 1 changed, 1 destroyed."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\n1\n"), std::string::npos) << "one application left: " << run.out;
  const auto last_plan = run.out.rfind("Reading live state");
  ASSERT_NE(last_plan, std::string::npos) << run.out;
  EXPECT_NE(run.out.find("No changes.", last_plan), std::string::npos) << run.out.substr(last_plan);
}

}  // namespace
}  // namespace linkform::testing
