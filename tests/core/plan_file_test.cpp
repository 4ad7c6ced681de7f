#include "core/plan_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace linkform {
namespace {

namespace fs = std::filesystem;

SavedPlan sample() {
  SavedPlan saved;
  saved.config_path = "linkform.toml";
  saved.config_sha256 = sha256_hex("config");
  saved.live_sha256 = sha256_hex("live");
  saved.targets = {"frontegg_connector.bitbucket"};
  saved.replace = {"acme_application.mcp"};
  ResourceChange c;
  c.address = {"frontegg_connector", "bitbucket", "prod"};
  c.action = Action::kUpdate;
  c.headline = "will be updated in place";
  c.attributes = {{"name", Value::string("A"), Value::string("B"), false, true},
                  {"enabled", Value::boolean(false), Value::boolean(true), false, true},
                  {"scopes", Value::list({"a"}), Value::list({"a", "b"}), false, true},
                  {"custom_configuration.team", Value::none(), Value::string("x"), false, true},
                  {"client_secret", {}, {}, true, true}};
  c.notes = {"note"};
  c.steps = {"step one\ncontinued"};
  c.depends_on = {{"bitbucket_consumer", "mcp", ""}};
  c.remote_id = "id-1";
  saved.plan.changes.push_back(c);
  ResourceChange replaced;
  replaced.address = {"acme_application", "mcp", ""};
  replaced.action = Action::kReplace;
  replaced.attributes = {{"client_id", Value::string("old"), Value::unknown(), false, true}};
  saved.plan.changes.push_back(replaced);
  saved.plan.observations.push_back({c.address, "found"});
  saved.plan.show_environments = true;
  return saved;
}

TEST(PlanFile, RoundTripsEveryField) {
  const SavedPlan saved = sample();
  auto parsed = parse_saved_plan(serialize_saved_plan(saved));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->config_sha256, saved.config_sha256);
  EXPECT_EQ(parsed->live_sha256, saved.live_sha256);
  EXPECT_EQ(parsed->targets, saved.targets);
  EXPECT_EQ(parsed->replace, saved.replace);
  ASSERT_EQ(parsed->plan.changes.size(), 2U);
  EXPECT_EQ(parsed->plan.changes[1].action, Action::kReplace);
  EXPECT_EQ(parsed->plan.changes[1].attributes, saved.plan.changes[1].attributes);  // unknown stays unknown
  const auto& c = parsed->plan.changes[0];
  EXPECT_EQ(c.action, Action::kUpdate);
  // Typed values come back as they were: the saved plan is compared with a fresh one value by value.
  EXPECT_EQ(c.attributes, saved.plan.changes[0].attributes);
  EXPECT_EQ(c.address, saved.plan.changes[0].address);
  EXPECT_EQ(parsed->plan.observations[0].address, saved.plan.changes[0].address);
  EXPECT_EQ(c.steps[0], "step one\ncontinued");
  EXPECT_EQ(c.depends_on, saved.plan.changes[0].depends_on);
  EXPECT_TRUE(parsed->plan.show_environments);
}

TEST(PlanFile, SensitiveValuesAreNeverWritten) {
  SavedPlan saved = sample();
  saved.plan.changes[0].attributes.back().after = Value::string("leaked-secret");
  EXPECT_EQ(serialize_saved_plan(saved).find("leaked-secret"), std::string::npos);
}

TEST(PlanFile, RejectsOtherFilesAndVersions) {
  EXPECT_FALSE(parse_saved_plan("not json"));
  EXPECT_FALSE(parse_saved_plan(R"({"format":"terraform"})"));
  EXPECT_FALSE(parse_saved_plan(R"({"format":"linkform-plan","version":99})"));
  auto damaged =
      parse_saved_plan(R"({"format":"linkform-plan","version":2,"plan":{"changes":[{"action":"explode"}]}})");
  ASSERT_FALSE(damaged);
  EXPECT_NE(damaged.error().message.find("damaged"), std::string::npos);
}

TEST(PlanFile, WritesAtomicallyWithPrivateModeAndLeavesNoTemporaryFile) {
  const fs::path dir = fs::temp_directory_path() / "linkform_plan_file_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "a.plan";
  ASSERT_TRUE(write_saved_plan(path.string(), sample()));
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
  auto back = read_saved_plan(path.string());
  ASSERT_TRUE(back);
  // A write that cannot happen leaves nothing behind.
  EXPECT_FALSE(write_saved_plan((dir / "missing-dir" / "b.plan").string(), sample()));
  files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
  fs::remove_all(dir);
}

// Issue 22: a plan file nested a million levels deep crashed show and apply (the recursive destructor of
// the parsed document); a FIFO hung them.
TEST(PlanFile, ADeeplyNestedOrNonRegularFileIsRefusedCleanly) {
  const fs::path dir = fs::temp_directory_path() / ("lf_plan_deep_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path deep = dir / "deep.json";
  std::ofstream(deep) << std::string(1'000'000, '[') << std::string(1'000'000, ']');
  auto read = read_saved_plan(deep.string());
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("not a linkform plan file"), std::string::npos) << read.error().message;
  auto fifo = read_saved_plan("/dev/stdin");
  EXPECT_FALSE(fifo);
  auto device = read_saved_plan("/dev/zero");
  ASSERT_FALSE(device);
  EXPECT_NE(device.error().message.find("not a regular file"), std::string::npos) << device.error().message;
  fs::remove_all(dir);
}

TEST(Sha256, MatchesAKnownAnswer) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace linkform
